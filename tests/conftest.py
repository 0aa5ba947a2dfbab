"""Shared fixtures. Tests that need the trained model use `nlu` (loaded once per run)."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")

from bot.config import PROJECT_ROOT, load_settings  # noqa: E402
from bot.ops.launcher import free_port  # noqa: E402,F401 - the tests import it from here
from bot.coach.scenarios import load_scenarios  # noqa: E402
from bot.ops.training import model_path  # noqa: E402

# The PostgreSQL fixtures (postgres_admin_url, empty_db) for every test module that asks for them.
pytest_plugins = ["tests.pg_server"]

SCENARIOS_DIR = PROJECT_ROOT / "data" / "scenarios"


@pytest.fixture(scope="session")
def library():
    return load_scenarios(SCENARIOS_DIR)


@pytest.fixture(scope="session")
def nlu():
    """The trained model, as the Rasa server would use it. `make test` trains before pytest."""
    model = model_path(load_settings())
    if not model.exists():
        pytest.fail(f"No trained model at {model}: run `make train` first (make test does).")
    from rasa_adapters.nlu import NluParser

    parser = NluParser(model)
    yield parser
    parser.close()


def project_file(*parts: str) -> Path:
    return PROJECT_ROOT.joinpath(*parts)

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
SHIPPED_CASES = sorted(path.stem for path in SCENARIOS_DIR.glob("*.yml"))


# Test modules that start the real Rasa server (which loads the trained model). With the tests
# that ask for the `nlu` fixture, they are marked `model`; `make test-fast` runs the rest, which
# need no model and no training (a test that needs one anyway fails there, naming the fix).
SERVER_MODULES = {"test_e2e_rest", "test_remarks_channels", "test_review_browser", "test_sixth_case",
                  "test_slack", "test_web_browser"}


def pytest_configure(config):
    config.addinivalue_line("markers", "model: needs the trained model (left out by `make test-fast`)")


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "nlu" in getattr(item, "fixturenames", ()) or item.module.__name__.rsplit(".", 1)[-1] in SERVER_MODULES:
            item.add_marker(pytest.mark.model)


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

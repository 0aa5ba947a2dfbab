"""Shared fixtures. Tests that need the trained model use `nlu` (loaded once per run)."""
from __future__ import annotations

import copy
import os
import shutil
from functools import cache
from pathlib import Path

import pytest
import yaml

os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")

from bot.coach.scenarios import load_scenarios, load_yaml  # noqa: E402
from bot.config import PROJECT_ROOT, load_settings  # noqa: E402
from bot.ops.launcher import free_port, free_ports  # noqa: E402,F401 - the tests import it from here
from bot.ops.training import model_path  # noqa: E402

# The PostgreSQL fixtures (postgres_admin_url, empty_db) for every test module that asks for them.
pytest_plugins = ["tests.pg_server"]

SCENARIOS_DIR = PROJECT_ROOT / "data" / "scenarios"
SHIPPED_CASES = sorted(path.stem for path in SCENARIOS_DIR.glob("*.yml"))


# The test tiers. `model`: needs the trained model (asks for the `nlu` fixture, or its module
# starts the real Rasa server, which loads it). `server`: starts another process or server, or
# runs on PostgreSQL. `make test-fast` runs what is neither: no training, no server, no waiting.
# A test that needs a model but is not marked fails there, saying "run make train".
MODEL_MODULES = {"test_e2e_rest", "test_remarks_channels", "test_review_browser", "test_sixth_case",
                 "test_slack", "test_web_browser"}
# `cluster`: starts several servers behind nginx with Redis and PostgreSQL and breaks them; its own
# target, `make test-cluster` (a few minutes), left out of `make test-unit` and `make test-fast`.
CLUSTER_MODULES = {"test_cluster"}
# test_architecture runs `lint-imports` in a child process (twice, ~1 s each).
SERVER_MODULES = {"test_accounts", "test_architecture", "test_cli", "test_review_http", "test_storage_cli",
                  "test_users_cli", "test_web_http"}
# Fixtures that start a process or a server: a test asking for one is a `server` test wherever it is.
# (postgres_admin_url: the PostgreSQL server; action_server: test_security's real action server.)
SERVER_FIXTURES = {"postgres_admin_url", "action_server"}


def pytest_configure(config):
    config.addinivalue_line("markers", "model: needs the trained model (left out by `make test-fast`)")
    config.addinivalue_line("markers", "server: starts a process or a server, or needs PostgreSQL "
                                       "(left out by `make test-fast`)")
    config.addinivalue_line("markers", "cluster: the fault test of several servers behind nginx "
                                       "(only `make test-cluster` runs it)")


def pytest_collection_modifyitems(config, items):
    for item in items:
        module = item.module.__name__.rsplit(".", 1)[-1]
        if "nlu" in getattr(item, "fixturenames", ()) or module in MODEL_MODULES:
            item.add_marker(pytest.mark.model)
        callspec = getattr(item, "callspec", None)
        starts_one = not SERVER_FIXTURES.isdisjoint(getattr(item, "fixturenames", ())) or (
            callspec is not None and "postgresql" in callspec.params.values())
        if module in SERVER_MODULES or starts_one:
            item.add_marker(pytest.mark.server)
        if module in CLUSTER_MODULES:
            for marker in (pytest.mark.cluster, pytest.mark.model, pytest.mark.server):
                item.add_marker(marker)


@pytest.fixture(scope="session")
def _migrated_sqlite_template(tmp_path_factory):
    from bot.storage import migrate

    path = tmp_path_factory.mktemp("migrated") / "coach.db"
    migrate(f"sqlite:///{path}")
    return path


@pytest.fixture
def migrated_sqlite(_migrated_sqlite_template, tmp_path):
    """The URL of this test's own migrated SQLite database, tmp_path/coach.db: a copy of one
    database migrated once per run (running the migrations per test cost ~0.6 s each)."""
    target = tmp_path / "coach.db"
    shutil.copyfile(_migrated_sqlite_template, target)
    target.chmod(0o600)
    return f"sqlite:///{target}"


@cache
def shipped_library():
    """The shipped case files (data/scenarios), loaded once per run; scenarios are frozen."""
    return load_scenarios(SCENARIOS_DIR)


@pytest.fixture(scope="session")
def library():
    return shipped_library()


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


# Tests that write changed case files: libyaml's loader and dumper when PyYAML has them (the same
# data and the same text as yaml.safe_load / yaml.safe_dump, ~10x faster on a case file).
_SAFE_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def shipped_case_data(name: str = "nine-weeks") -> dict:
    """A shipped case file as plain data, the caller's own copy to change (parsed once per run)."""
    return yaml_file_data(SCENARIOS_DIR / f"{name}.yml")


def yaml_text(data, sort_keys: bool = True, allow_unicode: bool = False) -> str:
    """`data` as YAML, as yaml.safe_dump writes it."""
    return yaml.dump(data, Dumper=_SAFE_DUMPER, sort_keys=sort_keys, allow_unicode=allow_unicode)


@cache
def _yaml_file(path: Path) -> object:
    return load_yaml(path.read_text(encoding="utf-8"))


def yaml_file_data(path: Path):
    """A YAML file as plain data (as yaml.safe_load reads it), the caller's own copy to change;
    each file is parsed once per run."""
    return copy.deepcopy(_yaml_file(Path(path)))

"""The package rules (each package's docstring; the contracts in `.importlinter`) hold.

`lint-imports` (import-linter) reads every module of bot, channels, rasa_adapters and actions,
imports inside functions included, and checks the contracts. A broken rule fails here with
import-linter's report: which contract, which module imports what, on which line.
"""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bot.config import PROJECT_ROOT

LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"
PACKAGES = ("bot", "channels", "rasa_adapters", "actions")


def lint_imports(root: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(LINT_IMPORTS), "--no-cache", "--no-logo", "--config", str(root / ".importlinter")],
                          cwd=root, capture_output=True, text=True, timeout=300)


def test_every_package_keeps_its_import_rules():
    result = lint_imports(PROJECT_ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert " broken" in result.stdout and "0 broken" in result.stdout


# A copy of the code with one import planted where a contract forbids it: (the module, the planted
# line, the contract's name as import-linter prints it, the import it reports).
PLANTED = [
    ("bot/coach/commands.py", "import rasa_sdk", "bot.coach is plain Python", "bot.coach.commands -> rasa_sdk"),
    ("bot/web/review_data.py", "from sqlalchemy import select", "Only bot.storage imports SQLAlchemy",
     "bot.web.review_data -> sqlalchemy"),
    ("bot/ops/launcher.py", "import alembic", "Only bot.storage imports SQLAlchemy", "bot.ops.launcher -> alembic"),
    ("channels/slack/channel.py", "import sqlalchemy", "Only bot.storage imports SQLAlchemy",
     "channels.slack.channel -> sqlalchemy"),
]


@pytest.mark.parametrize(("module", "line", "contract", "reported"), PLANTED, ids=[p[0] for p in PLANTED])
def test_a_broken_rule_is_caught(tmp_path, module, line, contract, reported):
    """The contracts are not vacuous: a copy of the code with a forbidden import planted fails."""
    for package in PACKAGES:
        shutil.copytree(PROJECT_ROOT / package, tmp_path / package,
                        ignore=shutil.ignore_patterns("__pycache__", "static"))
    shutil.copy(PROJECT_ROOT / ".importlinter", tmp_path)
    lint_clean = lint_imports(tmp_path)
    assert lint_clean.returncode == 0, lint_clean.stdout  # the copy itself keeps every rule
    planted = tmp_path / module
    planted.write_text(planted.read_text(encoding="utf-8") + f"\n{line}  # noqa\n", encoding="utf-8")
    result = lint_imports(tmp_path)
    assert result.returncode != 0
    assert contract in result.stdout and "BROKEN" in result.stdout
    assert reported in result.stdout, result.stdout

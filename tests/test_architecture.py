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


def test_a_broken_rule_is_caught(tmp_path):
    """The contracts are not vacuous: a copy of the code where the coach imports Rasa fails."""
    for package in PACKAGES:
        shutil.copytree(PROJECT_ROOT / package, tmp_path / package,
                        ignore=shutil.ignore_patterns("__pycache__", "static"))
    shutil.copy(PROJECT_ROOT / ".importlinter", tmp_path)
    commands = tmp_path / "bot" / "coach" / "commands.py"
    commands.write_text(commands.read_text(encoding="utf-8") + "\nimport rasa_sdk  # noqa\n", encoding="utf-8")
    result = lint_imports(tmp_path)
    assert result.returncode != 0
    assert "bot.coach is plain Python" in result.stdout and "BROKEN" in result.stdout
    assert "bot.coach.commands -> rasa_sdk" in result.stdout, result.stdout

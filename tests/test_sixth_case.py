"""A case written by a team lead needs no code and no retraining.

The template a team lead starts from (docs/scenario-template.yml, a complete case of its own)
goes into a temporary folder beside the shipped cases as a sixth case. The checker passes it;
the real Rasa and action servers start on that folder with the model as it is; a trainee picks
the case in plain language and plays it over REST to a scorecard. The model file is untouched.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys

from bot.coach.case_check import good_script
from bot.coach.scenarios import load_scenarios
from bot.config import PROJECT_ROOT, load_settings
from bot.ops.training import is_stale, model_path
from tests.conftest import SCENARIOS_DIR, SHIPPED_CASES
from tests.e2e import RestClient, customs, start_stack

TEMPLATE = PROJECT_ROOT / "docs" / "scenario-template.yml"
SIXTH = "roaming-bill"


def test_a_sixth_case_is_checked_and_played_to_a_scorecard_without_retraining(tmp_path):
    folder = tmp_path / "scenarios"
    folder.mkdir()
    for source in SCENARIOS_DIR.glob("*.yml"):
        shutil.copy(source, folder / source.name)
    shutil.copy(TEMPLATE, folder / f"{SIXTH}.yml")

    checked = subprocess.run([sys.executable, "-m", "bot", "scenarios", "check"], cwd=PROJECT_ROOT,
                             env={**os.environ, "SCENARIOS_DIR": str(folder)}, capture_output=True, text=True,
                             timeout=120, check=False)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert SIXTH in checked.stdout and "checked and played" in checked.stdout

    settings = load_settings()
    model = model_path(settings)
    assert model.exists() and not is_stale(settings), "make test trains before pytest"
    trained = model.stat().st_mtime_ns

    stack = start_stack(tmp_path, SCENARIOS_DIR=str(folder), SLACK_BOT_TOKEN="", SLACK_SIGNING_SECRET="")
    try:
        trainee = RestClient(stack.settings, "sixth-case-trainee")
        listed = customs(trainee.send("which scenarios are there?"), "scenarios")[0]
        assert [s["id"] for s in listed] == sorted(SHIPPED_CASES + [SIXTH])
        started = trainee.send("start the roaming case")
        assert customs(started, "scenario")[0]["id"] == SIXTH, started
        scenario = load_scenarios(folder).get(SIXTH)
        card = None
        for text, _move in good_script(scenario):
            messages = trainee.send(text)
            assert customs(messages, "score"), messages
            cards = customs(messages, "scorecard")
            if cards:
                card = cards[0]
                break
        assert card is not None and card["scenario"] == SIXTH and card["outcome"] == "resolved", card
    finally:
        stack.stop()
    assert model.stat().st_mtime_ns == trained, "the model was not retrained"

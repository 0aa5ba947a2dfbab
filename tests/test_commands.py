"""During a case only explicit commands end, list or switch (bot/coach/commands.py).

`tests/data/remarks.yml` was written without looking at the NLU data: things an agent says to
a customer mid-call (many sharing words with the commands: "case", "end", "list", "switch",
"options", "scenario") and phrasings of the documented commands. No model needed here; the
same remarks go through the trained model and every channel in test_remarks_channels.py.
"""
from __future__ import annotations

import pytest
import yaml

from bot.coach import commands, persona
from bot.coach.roleplay import Message, RolePlay, Trainee
from bot.coach.scenarios import load_scenarios
from tests.conftest import SCENARIOS_DIR, project_file

DATA = yaml.safe_load(project_file("tests", "data", "remarks.yml").read_text(encoding="utf-8"))
REMARKS = DATA["remarks"]
COMMANDS = [(kind, item if isinstance(item, str) else item["text"],
             None if isinstance(item, str) else item.get("scenario"))
            for kind, items in DATA["commands"].items() for item in items]
LIBRARY = load_scenarios(SCENARIOS_DIR)
KIND = {"end": commands.END, "list": commands.LIST, "switch": commands.SWITCH}


def knows_case(name: str) -> bool:
    return (LIBRARY.get(name) or LIBRARY.find(name)) is not None


def test_there_are_enough_of_both():
    assert len(REMARKS) >= 150 and len(set(REMARKS)) == len(REMARKS)
    assert len(COMMANDS) >= 20


@pytest.mark.parametrize("text", REMARKS)
def test_a_remark_to_the_customer_is_no_command(text):
    assert commands.parse(text, knows_case) is None


@pytest.mark.parametrize("kind, text, scenario", COMMANDS, ids=[c[1] for c in COMMANDS])
def test_each_documented_command_is_understood(kind, text, scenario):
    command = commands.parse(text, knows_case)
    assert command is not None and command.kind == KIND[kind]
    if scenario:
        assert (LIBRARY.get(command.scenario) or LIBRARY.find(command.scenario)).id == scenario


@pytest.mark.parametrize("text", [
    "/end_session", "/list_scenarios", '/start_scenario{"scenario":"nine-weeks"}', "/start_scenario",
    '/start_scenario{"scenario": "unpaid-outage"}'])
def test_the_button_payloads_are_commands(text):
    assert commands.parse(text) is not None


@pytest.mark.parametrize("text", ["/make_exception", "/commit_next_step{\"x\":1}", '/start_scenario{not json}'])
def test_other_payloads_are_not_ours(text):
    command = commands.parse(text)
    assert command is None or (command.kind == commands.SWITCH and command.scenario is None)


def test_a_long_message_is_never_a_command():
    assert commands.parse("end the role-play " + "please " * 20) is None


@pytest.fixture
def play():
    return RolePlay(LIBRARY)


def playing(scenario_id="unpaid-outage"):
    scenario = LIBRARY.get(scenario_id)
    state = persona.new_state(scenario, 7)
    persona.opening(state, scenario)
    return state


@pytest.mark.parametrize("intent", ["end_session", "list_scenarios", "start_scenario", "close"])
def test_whatever_the_nlu_says_a_remark_mid_case_is_answered_by_the_customer(play, intent):
    # Every remark, read (wrongly) as a sure control intent or a goodbye: still a reply.
    for text in REMARKS:
        message = Message(text=text, intent=intent, confidence=0.99,
                          intent_ranking=({"name": intent, "confidence": 0.99},))
        turn = play.respond(message, Trainee("rest", "t1", "t1"), "t1", playing(), "s")
        assert turn.scenario_id == "unpaid-outage" and turn.ended is None and not turn.new_case, text
        payloads = [m.payload or {} for m in turn.messages]
        assert not any("scenarios" in p or "scorecard" in p for p in payloads), text


def test_before_a_case_plain_language_still_chooses_one(play):
    message = Message(text="let me practise the outage one", intent="start_scenario", confidence=0.9)
    turn = play.respond(message, Trainee("rest", "t1", "t1"), "t1", None, "s")
    assert turn.new_case and turn.scenario_id == "unpaid-outage"

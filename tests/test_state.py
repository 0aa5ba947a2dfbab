"""The customer's state as a dataclass: its JSON form round-trips, what older code stored still
loads, and anything else is refused with the key named (bot/coach/state.py)."""
from __future__ import annotations

import copy
import dataclasses
import json

import pytest

from bot.coach import persona
from bot.coach.roleplay import Message, RolePlay, Trainee
from bot.coach.scoring import score_reply
from bot.coach.state import (
    BadCustomerState,
    CustomerState,
    LowReply,
    Promise,
    RetryPoint,
    SentMessage,
    SessionHandle,
    read_slot,
)
from tests.conftest import project_file
from tests.test_scoring import SURE

# A slot as the role-play stored it while the state was a plain dict (two replies into
# nine-weeks, made by that code: a low reply with its model reply, a retry point, a resend key).
BEFORE_DATACLASS = json.loads(project_file("tests/data/customer_slot_before_dataclass.json").read_text())
TRAINEE = Trainee("rest", "t1", "t1")


def played(library, replies=(("Rules are rules, I'm afraid.", "cite_policy"),
                              ("I'll send you a loan laptop today myself.", "commit"))):
    """A state after `replies`, through the role-play (each with a resend key)."""
    play = RolePlay(library)
    state = play.respond(Message("start the nine-weeks case", "start_scenario", 1.0), TRAINEE, "c1", None, "s").state
    for number, (text, move) in enumerate(replies):
        state = play.respond(Message(text, move, 0.95, tuple(SURE[move]), turn_key=f"k{number}"),
                             TRAINEE, "c1", state, "s").state
    assert isinstance(state, CustomerState)
    return state


def every_field_set(library) -> CustomerState:
    state = played(library)
    return dataclasses.replace(state, session_id=4, retried_turn=2, outcome="abandoned", goodbyes=1, said_all=True,
                               promised={"laptop_guaranteed": Promise(euros=40.0, owned=True, by=(2, 14), said="It is yours."),
                                         "work_in_gap": Promise(percent=50.0, months=3.0)},
                               awaiting=["work_in_gap"], recapped=["laptop_guaranteed"], reopened=["work_in_gap"],
                               times_said={"call": ["friday|11", "|9"], "work_in_gap": ["tuesday|"]},
                               best_taken_back={"best": "The laptop is reserved for you.", "by": "Sorry, not after all."},
                               floated={"work_in_gap": "Shall I send you a 4G router?"}, misspelt=["laptop_guaranteed"])


# --- round trip ----------------------------------------------------------------------------------
@pytest.mark.parametrize("make", [
    lambda library: persona.new_state(library.get("nine-weeks"), 7),
    played,
    every_field_set,
    lambda library: CustomerState("unpaid-outage"),
], ids=["new", "two replies", "every field set", "defaults"])
def test_the_json_form_round_trips(library, make):
    state = make(library)
    slot = json.loads(json.dumps(state.to_slot()))  # as Rasa and the database keep it
    assert CustomerState.from_slot(slot) == state
    assert CustomerState.from_slot(slot).to_slot() == slot


def test_every_field_has_a_key_in_the_json_form(library):
    state = every_field_set(library)
    assert state.retry is not None and state.low and state.last_answer and state.worst_model
    assert set(state.to_slot()) == {f.name for f in dataclasses.fields(CustomerState)}


def test_a_fresh_state_has_the_keys_a_fresh_state_always_had(library):
    assert set(persona.new_state(library.get("nine-weeks"), 1).to_slot()) == {
        "scenario", "seed", "mood", "patience", "met", "pending", "used", "policy_count", "stalls", "test_used",
        "turn", "tally", "outcome"}


# --- what older code stored ----------------------------------------------------------------------
def test_a_slot_stored_before_the_dataclass_loads_and_writes_back_the_same(library):
    state = CustomerState.from_slot(copy.deepcopy(BEFORE_DATACLASS))
    assert (state.scenario, state.turn, state.mood, state.patience, state.last_key) == \
        ("nine-weeks", 2, "angry", 10, "k-commit_next_step")
    assert isinstance(state.retry, RetryPoint) and state.retry.state.turn == 1 and state.retry.used == 2
    assert [low.text for low in state.low] == ["Rules are rules, I'm afraid."]
    assert state.last_answer and isinstance(state.last_answer[0], SentMessage)
    assert state.to_slot() == BEFORE_DATACLASS


def test_a_slot_stored_before_the_dataclass_plays_on(library):
    play = RolePlay(library)
    turn = play.respond(Message("I'll email you the offer in writing today.", "commit", 0.95, tuple(SURE["commit"])),
                        TRAINEE, "c1", read_slot(copy.deepcopy(BEFORE_DATACLASS)), "s")
    assert isinstance(turn.state, CustomerState) and turn.state.turn == 3
    # Taking that reply back restores the stored state, whose own retry point was made by the old code.
    back = play.respond(Message("/retry_reply", "retry_reply", 1.0), TRAINEE, "c1", turn.state, "s").state
    assert isinstance(back, CustomerState)
    assert dataclasses.replace(back, retried_turn=None) == dataclasses.replace(
        CustomerState.from_slot(BEFORE_DATACLASS), retry=None)


def test_missing_keys_get_the_starting_values():
    state = CustomerState.from_slot({"scenario": "nine-weeks", "turn": 3})
    assert state == CustomerState("nine-weeks", turn=3)
    assert (state.mood, state.patience, state.met, state.tally["count"]) == \
        (persona.START_MOOD, persona.START_PATIENCE, [], 0)


def test_a_state_saved_before_tallies_is_summed_once(library):
    scenario = library.get("nine-weeks")
    replies = [score_reply(text, SURE[move], (), scenario) for text, move in
               (("Rules are rules.", "cite_policy"), ("I'll call you back at four today.", "commit"))]
    state = CustomerState.from_slot({"scenario": "nine-weeks", "scores": [r.as_dict() for r in replies],
                                     "used": ["A line said in full, as the oldest states kept them."]})
    assert state.tally["count"] == 2 and state.tally["best"]["text"] == "I'll call you back at four today."
    assert "scores" not in state.to_slot()
    assert persona._said(state, "A line said in full, as the oldest states kept them.")


# --- what is not a state ---------------------------------------------------------------------------
GOOD = {"scenario": "nine-weeks", "turn": 1}


@pytest.mark.parametrize("value, names", [
    ("nine-weeks", "mapping, not str"),
    (["nine-weeks"], "mapping, not list"),
    (17, "mapping, not int"),
    ({"turn": 1}, "scenario: missing"),
    ({"scenario": 5}, "scenario: expected str"),
    ({**GOOD, "turn": "1"}, "turn: expected int"),
    ({**GOOD, "turn": True}, "turn: expected int"),
    ({**GOOD, "test_used": 1}, "test_used: expected bool"),
    ({**GOOD, "mood": "euphoric"}, "mood: 'euphoric' is none of"),
    ({**GOOD, "met": "laptop"}, "met: expected list"),
    ({**GOOD, "used": [1, 2]}, "used: expected a list of strings"),
    ({**GOOD, "tally": [1]}, "tally: expected Mapping"),
    ({**GOOD, "scores": [{"text": "no scores"}]}, "scores: not a list of reply scores"),
    ({**GOOD, "worst_model": {"text": 5}}, "worst_model: expected text values"),
    ({**GOOD, "low": ["Rules are rules."]}, r"low\[0\]: expected a scored reply"),
    ({**GOOD, "retry": {"text": "x", "state": {"scenario": "nine-weeks", "patience": "lots"}}},
     "retry.state.patience: expected int"),
    ({**GOOD, "retry": {"state": {"scenario": "nine-weeks"}}}, "retry.text: missing"),
    ({**GOOD, "last_answer": ["hello"]}, r"last_answer\[0\]: expected a message"),
    ({**GOOD, "last_answer": [{"text": "hi", "payload": "mood"}]}, r"last_answer\[0\].payload: expected dict"),
    ({**GOOD, "session_id": "4"}, "session_id: expected int"),
    ({**GOOD, "promised": ["laptop_guaranteed"]}, "promised: expected Mapping"),
    ({**GOOD, "promised": {"laptop_guaranteed": True}}, "promised.laptop_guaranteed: expected a mapping"),
    ({**GOOD, "promised": {"laptop_guaranteed": {"euros": "40"}}}, "promised.laptop_guaranteed.euros: expected a number"),
    ({**GOOD, "promised": {"laptop_guaranteed": {"euros": True}}}, "promised.laptop_guaranteed.euros: expected a number"),
    ({**GOOD, "promised": {"laptop_guaranteed": {"owned": "yes"}}}, "promised.laptop_guaranteed.owned: expected bool"),
    ({**GOOD, "promised": {"laptop_guaranteed": {"by": [2]}}}, "promised.laptop_guaranteed.by: expected two whole numbers"),
    ({**GOOD, "awaiting": "work_in_gap"}, "awaiting: expected list"),
    ({**GOOD, "recapped": "one_order"}, "recapped: expected list"),
    ({**GOOD, "times_said": ["friday|11"]}, "times_said: expected Mapping"),
    ({**GOOD, "times_said": {"call": "friday|11"}}, "times_said: expected lists of text"),
    ({**GOOD, "floated": {"work_in_gap": 3}}, "floated: expected text values"),
    ({**GOOD, "misspelt": "laptop_guaranteed"}, "misspelt: expected list"),
])
def test_a_value_that_is_no_state_is_refused_with_the_key_named(value, names):
    with pytest.raises(BadCustomerState, match=names):
        CustomerState.from_slot(value)


@pytest.mark.parametrize("value, expected", [
    (None, None),
    ({}, None),
    ({"session_id": 4, "scenario": "nine-weeks", "turn": 2}, SessionHandle(4, "nine-weeks", 2)),
    # A slot naming a stored session is only a handle: what else it claims is not read.
    ({"session_id": 4, "scenario": "nine-weeks", "turn": 2, "patience": 999, "mood": "nonsense"},
     SessionHandle(4, "nine-weeks", 2)),
    ({"scenario": "nine-weeks", "turn": 2}, CustomerState("nine-weeks", turn=2)),
])
def test_the_slot_is_nothing_a_handle_or_the_state(value, expected):
    assert read_slot(value) == expected


def test_a_handle_round_trips_and_a_bad_one_is_refused():
    handle = SessionHandle(4, "nine-weeks", 2)
    assert read_slot(handle.to_slot()) == handle
    with pytest.raises(BadCustomerState, match="session_id: expected int"):
        read_slot({"session_id": "4; DROP TABLE", "scenario": "nine-weeks"})


def test_a_state_without_a_session_has_no_handle():
    with pytest.raises(ValueError):
        CustomerState("nine-weeks").handle()
    assert CustomerState("nine-weeks", turn=3, session_id=9).handle() == SessionHandle(9, "nine-weeks", 3)


def test_a_low_reply_is_written_as_the_scorecard_lists_it():
    low = LowReply(turn=2, text="No.", ownership=20, flexibility=10, reason="r", model_reply={"text": "t", "why": "w"})
    assert low.as_dict() == {"turn": 2, "text": "No.", "ownership": 20, "flexibility": 10, "reason": "r",
                             "model_reply": {"text": "t", "why": "w"}}

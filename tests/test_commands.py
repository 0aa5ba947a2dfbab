"""During a case only explicit commands end, list or switch (bot/coach/commands.py).

`tests/data/remarks.yml` was written without looking at the NLU data: things an agent says to
a customer mid-call (many sharing words with the commands: "case", "end", "list", "switch",
"options", "scenario") and phrasings of the documented commands. No model needed here; the
same remarks go through the trained model and every channel in test_remarks_channels.py.
"""
from __future__ import annotations

import copy
import dataclasses

import pytest
import yaml

from bot.coach import commands, persona
from bot.coach.roleplay import Message, RolePlay, Trainee
from tests.conftest import project_file, shipped_library

DATA = yaml.safe_load(project_file("tests", "data", "remarks.yml").read_text(encoding="utf-8"))
REMARKS = DATA["remarks"]
COMMANDS = [(kind, item if isinstance(item, str) else item["text"],
             None if isinstance(item, str) else item.get("scenario"))
            for kind, items in DATA["commands"].items() for item in items]
LIBRARY = shipped_library()  # the `library` fixture's, parsed once per run
KIND = {"end": commands.END, "list": commands.LIST, "switch": commands.SWITCH, "retry": commands.RETRY}


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
    '/start_scenario{"scenario": "unpaid-outage"}', "/retry_reply"])
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
        assert not any("scenarios" in p or "scorecard" in p or "retracted" in p or "refused" in p
                       for p in payloads), text


def test_before_a_case_plain_language_still_chooses_one(play):
    message = Message(text="let me practise the outage one", intent="start_scenario", confidence=0.9)
    turn = play.respond(message, Trainee("rest", "t1", "t1"), "t1", None, "s")
    assert turn.new_case and turn.scenario_id == "unpaid-outage"


# --- try that reply again (issue 16, part 4) ------------------------------------------------------------
from bot.coach.roleplay import (  # noqa: E402
    RETRY_EXAM,
    RETRY_NO_CASE,
    RETRY_NONE,
    RETRY_NOT_SAVED,
    SESSION_GONE,
    RecorderUnavailable,
)
from tests.test_scoring import SURE  # noqa: E402

TRAINEE = Trainee("rest", "t1", "t1")
RETRY = commands.RETRY_PAYLOAD
LOW = ("Rules are rules, I'm afraid.", "cite_policy")
OWNING = ("I'll sort this out myself today and call you back at four.", "commit")


def say(play, state, text, move="commit"):
    ranking = tuple(SURE[move]) if move in SURE else ({"name": move, "confidence": 0.95},)
    return play.respond(Message(text, ranking[0]["name"], ranking[0]["confidence"], ranking), TRAINEE, "t1",
                        state, "s")


def meets_a_need(scenario_id="unpaid-outage"):
    scenario = LIBRARY.get(scenario_id)
    need = scenario.needs[0]
    return (f"{scenario.offer(need.met_by[0]).examples[0]} I'll do it today and confirm it to you.", "commit")


def replies_for(kind):
    return {"low": [LOW], "owning": [OWNING], "meets a need": [meets_a_need()],
            "low after a need was met": [meets_a_need(), LOW]}[kind]


@pytest.mark.parametrize("kind", ["low", "owning", "meets a need", "low after a need was met"])
def test_taking_back_restores_mood_needs_patience_and_tally(play, kind):
    state = playing()
    replies = replies_for(kind)
    for text, move in replies[:-1]:
        state = say(play, state, text, move).state
    before = copy.deepcopy(state)
    after = say(play, state, *replies[-1]).state
    assert after.turn == before.turn + 1 and after.tally != before.tally
    turn = say(play, after, RETRY)
    [message] = turn.messages
    assert message.payload == {"retracted": {"text": replies[-1][0], "mood": before.mood}}
    assert "took back" in message.text
    restored = turn.state
    for key in ("mood", "patience", "met", "pending", "tally", "turn", "used", "stalls", "policy_count"):
        assert getattr(restored, key) == getattr(before, key), key
    assert restored.low == before.low  # a low reply taken back leaves the scorecard's list
    # The next reply replaces it: the session counts only the replies that stand.
    replaced = say(play, restored, "Leave it with me: I'll ring you at five today with the answer.").state
    assert replaced.tally["count"] == before.tally["count"] + 1
    card = persona.scorecard(replaced, LIBRARY.get("unpaid-outage"))
    assert card["turns"] == len(replies)
    assert replies[-1][0] not in {(card.get("worst") or {}).get("text"), (card.get("best") or {}).get("text")}
    assert replies[-1][0] not in [low["text"] for low in card["stronger_replies"]]


def test_only_the_last_reply_and_only_once(play):
    state = say(play, playing(), *OWNING).state
    after_first = copy.deepcopy(state)
    state = say(play, state, *LOW).state
    state = say(play, state, RETRY).state
    assert dataclasses.replace(state, retried_turn=None) == dataclasses.replace(after_first, retry=None)
    twice = say(play, state, RETRY)  # the reply before cannot be taken back too
    assert twice.messages[0].text == RETRY_NONE and twice.messages[0].payload == {"refused": "retry"}
    assert twice.state == state
    replacement = say(play, state, *OWNING).state
    again = say(play, replacement, RETRY)  # nor the reply that replaced it: a moment is retried once
    assert again.messages[0].text == RETRY_NONE and again.state == replacement
    later = say(play, replacement, *LOW).state  # the next moment may be retried again
    assert "retracted" in say(play, later, RETRY).messages[0].payload


@pytest.mark.parametrize("typed", [RETRY, "Try that reply again", "take back my last reply"])
def test_exam_mode_refuses_and_changes_nothing(typed):
    exam = RolePlay(LIBRARY, allow_retry=False)
    state = say(exam, playing(), *LOW).state
    assert state.retry is None  # no copy kept: nothing could restore it
    kept = copy.deepcopy(state)
    turn = say(exam, state, typed)
    assert turn.messages[0].text == RETRY_EXAM and turn.messages[0].payload == {"refused": "retry"}
    assert turn.state == kept and turn.scenario_id == "unpaid-outage" and turn.ended is None


def test_nothing_to_take_back_before_the_first_reply(play):
    state = playing()
    turn = say(play, state, RETRY)
    assert turn.messages[0].text == RETRY_NONE and turn.state == state


@pytest.mark.parametrize("how", ["churned", "ended by the trainee"])
def test_no_retry_after_the_scorecard(play, how):
    state = playing()
    if how == "churned":
        turn = None
        for _ in range(8):
            turn = say(play, state, *LOW)
            if turn.ended:
                break
            state = turn.state
    else:
        state = say(play, state, *LOW).state
        turn = say(play, state, commands.END_PAYLOAD)
    assert turn.ended and turn.state is None
    refused = say(play, turn.state, RETRY)
    assert refused.messages[0].text == RETRY_NO_CASE and refused.state is None and refused.ended is None


class Recorder:
    """A recorder that stores in memory, or fails as the database would."""

    def __init__(self, fail=False):
        self.fail, self.retracted = fail, []

    def record_exchange(self, session_id, **kwargs):
        pass

    def retract_last_exchange(self, session_id, *, state):
        if self.fail:
            raise RecorderUnavailable("down")
        self.retracted.append((session_id, state))


class SessionDeleted(Exception):
    """What a recorder raises when the stored session was deleted under the call."""


class FailingRecorder:
    """Every write fails with `error`."""

    def __init__(self, error):
        self.error = error

    def record_exchange(self, session_id, **kwargs):
        raise self.error

    def end_session(self, session_id, **kwargs):
        raise self.error

    def retract_last_exchange(self, session_id, *, state):
        raise self.error


WRITES = {  # each write the role-play makes to the store, from a call with one low reply in it
    "a reply": lambda play, state: play.reply(Message(OWNING[0], "commit_next_step", 0.95,
                                                      tuple(SURE["commit"])), state),
    "the end": lambda play, state: play.end(state),
    "a take-back": lambda play, state: play.retry(state),
}


@pytest.mark.parametrize("write", WRITES)
@pytest.mark.parametrize("error, said", [
    (RecorderUnavailable("down"), None),
    (SessionDeleted("gone"), SESSION_GONE),
], ids=["database down", "session deleted"])
def test_a_failed_write_says_so_and_changes_nothing(write, error, said):
    state = dataclasses.replace(playing(), session_id=5)
    state = RolePlay(LIBRARY).reply(Message(LOW[0], "cite_policy", 0.95, tuple(SURE["cite_policy"])), state).state
    kept = copy.deepcopy(state)
    play = RolePlay(LIBRARY, recorder=FailingRecorder(error), gone=(SessionDeleted,))
    turn = WRITES[write](play, state)
    assert state == kept  # the state the caller holds is never half-changed
    if said is None:  # the store is down: the call goes on where it was, and the trainee is told
        [message] = turn.messages
        assert message.payload == {"error": "not_saved"} and "Nothing" in message.text
        assert turn.state == kept and turn.ended is None
    else:  # the session is gone: the call is over, and the cases are listed
        assert turn.messages[0].text == said and turn.state is None and turn.ended is None


@pytest.mark.parametrize("fail", [False, True], ids=["stored", "database down"])
def test_the_take_back_is_stored_or_nothing_changes(fail):
    recorder = Recorder(fail)
    play = RolePlay(LIBRARY, recorder=recorder)
    state = dataclasses.replace(playing(), session_id=5)
    state = play.reply(Message(LOW[0], "cite_policy", 0.95, tuple(SURE["cite_policy"])), state).state
    kept = copy.deepcopy(state)
    turn = play.retry(state)
    if fail:
        assert turn.messages[0].text == RETRY_NOT_SAVED and turn.state == kept and not recorder.retracted
    else:
        [(session_id, stored)] = recorder.retracted
        assert session_id == 5 and stored == turn.state and stored.turn == 0 and stored.session_id == 5


@pytest.mark.parametrize("before, closes_empty", [
    # Three stonewalls, then "anything else?": the call closed with nothing done (QA round 7).
    ([LOW, LOW, ("Our policy is clear on this.", "cite_policy")], True),
    # The same words once something was done for the customer.
    ([LOW, ("As a goodwill gesture I'll credit three months of your subscription, today.", "exception"), LOW], False),
    # As the call opens, a goodbye-like line closes nothing.
    ([], False),
    # A goodbye the customer answered by bringing back what is still open, then another (QA
    # round 16: the second scored neutral and the churned call's scorecard read high/high).
    ([LOW, ("As a goodwill gesture I'll credit three months of your subscription, today.", "exception"),
      ("Thanks for calling, goodbye.", "close")], True),
])
def test_a_goodbye_with_nothing_done_in_the_call_is_low_on_ownership(before, closes_empty):
    play, state = RolePlay(LIBRARY), playing()
    for text, move in before:
        state = play.reply(Message(text, move, 0.95, tuple(SURE[move])), state).state
    turn = play.reply(Message("ok. anything else?", "close", 0.9, tuple(SURE["close"])), state)
    score = turn.messages[0].payload["score"]
    assert (score["ownership"] <= 40) is closes_empty, score


@pytest.mark.parametrize("close, closes_empty", [
    # A goodbye ends the call whenever it comes (QA round 26: "Hi." then "Bye." scored 50/50).
    ("Bye.", True),
    ("Thanks for calling, have a nice day.", True),
    # In the opening, "anything else?" may be a clumsy "what can I do for you?".
    ("ok. anything else?", False),
])
def test_a_goodbye_in_the_opening_with_nothing_done_is_low_on_ownership(close, closes_empty):
    play, state = RolePlay(LIBRARY), playing()
    state = play.reply(Message("Hi.", "greet", 0.95, tuple(SURE["greet"])), state).state
    move = "close"
    score = play.reply(Message(close, move, 0.9, tuple(SURE[move])), state).messages[0].payload["score"]
    assert (score["ownership"] <= 40) is closes_empty, score


def test_a_gesture_that_meets_no_need_is_something_done():
    """QA round 20: "I'll credit the 50 euro for the month billed too early." then "Anything else?"
    scored 35, "the call is closed with nothing done"."""
    play, state = RolePlay(LIBRARY), playing("denied-iphone")
    for text, move in [("Good afternoon, you're speaking with Sam.", "greet"),
                       ("I'll credit the 50 euros for the month you were billed too early, today.", "exception")]:
        state = play.reply(Message(text, move, 0.95, tuple(SURE[move])), state).state
    assert not state.met and not state.pending, state
    score = play.reply(Message("ok. anything else?", "close", 0.9, tuple(SURE["close"])), state).messages[0].payload["score"]
    assert score["ownership"] > 40, score


@pytest.mark.parametrize("scenario_id", ["unpaid-outage", "denied-iphone"])
@pytest.mark.parametrize("close", ["That's everything from my side. Goodbye!",
                                   "That's everything I have for you, have a good evening."])
def test_a_close_after_every_need_was_met_closes_nothing_empty(scenario_id, close):
    """Play-through 37: "That's everything from my side. Goodbye!" after every need was met scored
    35, "the call is closed with nothing done" (3 of 3), and the call went on."""
    play, state = RolePlay(LIBRARY), playing(scenario_id)
    scenario = LIBRARY.get(scenario_id)
    for need in scenario.needs:
        text = f"{scenario.offer(need.met_by[0]).examples[0]} I'll do it today and confirm it to you."
        state = play.reply(Message(text, "commit_next_step", 0.9, tuple(SURE["commit"])), state).state
    assert not persona._open_needs(state, scenario), state.met
    turn = play.reply(Message(close, "close", 0.9, tuple(SURE["close"])), state)
    score = turn.messages[0].payload["score"]
    assert score["ownership"] > 40, score
    assert turn.ended is not None and turn.ended["outcome"] == "resolved", turn.messages[0].text


def test_a_second_close_after_a_gesture_that_met_no_need_is_low_on_ownership():
    """QA round 42: "I'm waiving the 49 euro installation fee" (no need of the case), "Anything
    else?", then "Have a good move, goodbye." scored 50/50, and the churned call's card read 74/100
    with both needs open (2 of 2)."""
    play, state = RolePlay(LIBRARY), playing("move-and-upgrade")
    for text, move in [("I'm waiving the 49 euro installation fee for you.", "exception"),
                       ("Is there anything else I can help you with?", "close")]:
        state = play.reply(Message(text, move, 0.95, tuple(SURE[move])), state).state
    assert not state.met and state.goodbyes == 1, state
    turn = play.reply(Message("Have a good move, goodbye.", "close", 0.9, tuple(SURE["close"])), state)
    score = turn.messages[0].payload["score"]
    assert score["ownership"] <= 40 and "left open" in score["reason"], score


def test_a_second_close_over_a_need_left_open_says_so_not_nothing_done():
    """Play-through 37: after the 24-month plan was given, a second goodbye over the login still open
    scored 35 with the reason "the call is closed with nothing done" (4 of 4 cards)."""
    play, state = RolePlay(LIBRARY), playing()
    for text, move in [("As a goodwill gesture I'll credit three months of your subscription, today.", "exception"),
                       ("Thanks for calling, goodbye.", "close")]:
        state = play.reply(Message(text, move, 0.95, tuple(SURE[move])), state).state
    score = play.reply(Message("Goodbye!", "close", 0.9, tuple(SURE["close"])), state).messages[0].payload["score"]
    assert score["ownership"] <= 40 and "left open" in score["reason"] and "nothing done" not in score["reason"], score

"""Actions: a tracker in, events and messages out (no servers)."""
from __future__ import annotations

import asyncio
import dataclasses
import json
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import actions as actions_module
from actions.actions import ActionCustomerReply, ActionEndSession, ActionListScenarios, ActionStartScenario
from bot.coach import persona
from bot.coach.state import CustomerState
from bot.config import get_settings
from bot.storage import TranscriptStore
from tests.conftest import SCENARIOS_DIR, free_port


def _use_database(monkeypatch, url):
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("DB_CONNECT_TIMEOUT", "2")
    get_settings.cache_clear()
    actions_module.roleplay.cache_clear()


@pytest.fixture(autouse=True)
def database(migrated_sqlite, library, monkeypatch):
    """Each test gets its own migrated SQLite transcript database, and its own RolePlay (built by
    the action's `roleplay()` from its settings). The shipped case files are parsed once per run
    (the `library` fixture; ~0.4 s a time): `roleplay()` reads them through this stand-in for
    `load_scenarios`, which still loads any other folder from disk."""
    real_load = actions_module.load_scenarios

    def load_scenarios(directory):
        return library if Path(directory).resolve() == SCENARIOS_DIR.resolve() else real_load(directory)

    monkeypatch.setattr(actions_module, "load_scenarios", load_scenarios)
    url = migrated_sqlite
    _use_database(monkeypatch, url)
    yield url
    get_settings.cache_clear()
    actions_module.roleplay.cache_clear()


def tracker(text, intent, confidence=0.95, entities=(), slots=None, ranking=None, bands=None):
    ranking = ranking or [{"name": intent, "confidence": confidence}]
    message = {"text": text, "intent": {"name": intent, "confidence": confidence},
               "intent_ranking": ranking, "entities": list(entities), "message_id": "m1"}
    if bands is not None:
        message["bands"] = bands
    return Tracker("trainee-1", slots or {}, message, [], False, None, {}, "action_listen")


def run(action, trk):
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, trk, {}))
    slots = {e["name"]: e["value"] for e in events if e["event"] == "slot"}
    return dispatcher.messages, slots


def playing(library, scenario_id="nine-weeks"):
    scenario = library.get(scenario_id)
    state = persona.new_state(scenario, 3)
    persona.opening(state, scenario)
    return {"active_scenario": scenario_id, "customer": state.to_slot()}


START_CASES = [
    ("payload", "/start_scenario{\"scenario\":\"nine-weeks\"}", [{"entity": "scenario", "value": "nine-weeks"}],
     "nine-weeks"),
    ("plain language", "let me practise the outage one", [], "unpaid-outage"),
    ("entity synonym", "start the iphone case", [{"entity": "scenario", "value": "denied-iphone"}], "denied-iphone"),
    ("unknown id", "/start_scenario{\"scenario\":\"nope\"}", [{"entity": "scenario", "value": "nope"}], None),
    ("no case named", "start a role-play", [], None),
]


@pytest.mark.parametrize("label, text, entities, expected", START_CASES, ids=[c[0] for c in START_CASES])
def test_start_scenario(label, text, entities, expected):
    messages, slots = run(ActionStartScenario(), tracker(text, "start_scenario", 1.0, entities))
    assert slots["active_scenario"] == expected
    if expected:
        assert slots["customer"]["scenario"] == expected and slots["customer"]["turn"] == 0
        assert messages[0]["custom"]["scenario"]["id"] == expected
        assert messages[-1]["text"] and messages[-1]["custom"] == {"mood": "angry"}
    else:
        assert slots["customer"] is None
        assert {s["id"] for s in messages[0]["custom"]["scenarios"]} >= {"denied-iphone", "nine-weeks", "unpaid-outage"}
        if label == "unknown id":
            assert "nope" in messages[0]["text"]


def test_new_start_restarts_cleanly(library):
    slots_before = playing(library, "nine-weeks")
    messages, slots = run(ActionStartScenario(), tracker("/start_scenario", "start_scenario", 1.0,
                                                         [{"entity": "scenario", "value": "denied-iphone"}],
                                                         slots_before))
    assert slots["active_scenario"] == "denied-iphone" and slots["customer"]["turn"] == 0
    assert messages[0]["custom"]["scorecard"]["outcome"] == "abandoned"


def test_list_scenarios_keeps_the_case_being_played(library):
    messages, slots = run(ActionListScenarios(), tracker("which scenarios are there", "list_scenarios",
                                                         slots=playing(library)))
    for title in ("denied iPhone", "Nine weeks", "outage"):
        assert title.lower() in messages[0]["text"].lower()
    assert slots["active_scenario"] == "nine-weeks"


def test_reply_before_choosing_lists_the_cases():
    messages, slots = run(ActionCustomerReply(), tracker("hello there", "greet"))
    assert "Pick a case" in messages[0]["text"] and "scenarios" in messages[0]["custom"]
    assert slots == {"active_scenario": None, "customer": None}


def test_reply_is_scored_and_answered(library):
    messages, slots = run(ActionCustomerReply(), tracker("Procedures are procedures.", "cite_policy",
                                                         slots=playing(library)))
    assert len(messages) == 1
    custom = messages[0]["custom"]
    assert messages[0]["text"] and custom["mood"] in persona.MOOD_SCALE
    # The rule as the answer: rigid (flexibility low), not deflecting (ownership neutral).
    assert 40 < custom["score"]["ownership"] < 60 and custom["score"]["flexibility"] <= 40
    assert slots["customer"]["turn"] == 1


@pytest.mark.parametrize("bands, ownership_band", [
    (None, "high"),
    ({"ownership": {"low": 0.2, "neutral": 0.3, "high": 0.5}}, "high"),
    ({"ownership": {"low": 0.8, "neutral": 0.1, "high": 0.1}}, "neutral"),
    ({"ownership": "not an estimate"}, "high"),
])
def test_the_band_check_in_the_parse_reaches_the_score(library, bands, ownership_band):
    # The NLU's band check rides in the parse result (rasa_adapters/band_estimator.py) and so in
    # the tracker's latest message; the action passes it to the scorer.
    from bot.coach.scoring import band

    text = "I'll ring the data team myself now and call you back at four with the engineer's slot."
    messages, _ = run(ActionCustomerReply(), tracker(text, "commit_next_step", slots=playing(library), bands=bands))
    score = messages[0]["custom"]["score"]
    assert band(score["ownership"]) == ownership_band
    assert ("counted as neutral on ownership" in score["reason"]) is (ownership_band == "neutral")


@pytest.mark.parametrize("text, expected", [
    ("", "The customer is waiting"),
    ("x" * 10000, "10000 characters"),
])
def test_bad_replies_get_a_message_and_lose_nothing(library, text, expected):
    before = playing(library)
    messages, slots = run(ActionCustomerReply(), tracker(text, "greet", slots=before))
    assert expected in messages[0]["text"]
    assert slots["customer"]["turn"] == 0 and slots["active_scenario"] == "nine-weeks"


@pytest.mark.parametrize("action, text, intent, confidence", [
    (ActionEndSession(), "/end_session", "end_session", 1.0),
    # An explicit command ends the case whatever the NLU made of it.
    (ActionCustomerReply(), "Stop the practice, please.", "refuse", 0.9),
    (ActionEndSession(), "end the role-play", "end_session", 0.4),
])
def test_ending_sends_goodbye_and_scorecard(library, action, text, intent, confidence):
    messages, slots = run(action, tracker(text, intent, confidence, slots=playing(library)))
    assert messages[0]["custom"]["mood"] and messages[0]["text"]
    card = messages[1]["custom"]["scorecard"]
    assert card["outcome"] == "abandoned" and card["scenario"] == "nine-weeks"
    assert "Scorecard" in messages[1]["text"]
    assert slots == {"active_scenario": None, "customer": None}


@pytest.mark.parametrize("action, text, intent", [
    (ActionEndSession(), "stop sending me to another department", "end_session"),
    (ActionCustomerReply(), "Thanks for calling, goodbye.", "close"),
    (ActionEndSession(), "Before we finish, is there anything else?", "end_session"),
    (ActionListScenarios(), "Let me list the options I have for you.", "list_scenarios"),
    (ActionStartScenario(), "Good, let's get going.", "start_scenario"),
])
def test_during_a_case_anything_but_a_command_is_a_reply_to_the_customer(library, action, text, intent):
    messages, slots = run(action, tracker(text, intent, 0.99, slots=playing(library)))
    assert "score" in messages[0]["custom"] and slots["customer"]["turn"] == 1
    assert len(messages) == 1 and slots["active_scenario"] == "nine-weeks"


@pytest.mark.parametrize("text, intent", [("/make_exception", "make_exception"),
                                          ('/commit_next_step{"callback_time": "today"}', "commit_next_step")])
def test_a_forced_intent_typed_during_a_case_is_not_scored(library, text, intent):
    before = playing(library)
    messages, slots = run(ActionCustomerReply(), tracker(text, intent, 1.0, slots=before))
    assert messages[0]["custom"] == {"error": "not_a_command"} and "not a command" in messages[0]["text"]
    assert slots["customer"] == before["customer"]


def test_end_without_a_case():
    messages, slots = run(ActionEndSession(), tracker("/end_session", "end_session", 1.0))
    assert "no role-play to end" in messages[0]["text"]


def test_turns_are_stored_before_the_reply_is_sent(database):
    messages, slots = run(ActionStartScenario(), tracker("/start_scenario", "start_scenario", 1.0,
                                                         [{"entity": "scenario", "value": "nine-weeks"}]))
    session_id = slots["customer"]["session_id"]
    messages, slots = run(ActionCustomerReply(), tracker("Procedures are procedures.", "cite_policy",
                                                         slots={"active_scenario": "nine-weeks",
                                                                "customer": slots["customer"]}))
    stored = TranscriptStore(database).get_session(session_id)
    assert [t["speaker"] for t in stored["turns"]] == ["customer", "trainee", "customer"]
    assert stored["turns"][1]["ownership"] == messages[0]["custom"]["score"]["ownership"]
    assert stored["turns"][2]["text"] == messages[0]["text"]


@pytest.mark.parametrize("action, text, intent", [
    (ActionCustomerReply(), "I'll sort it out today.", "take_ownership"),
    (ActionEndSession(), "/end_session", "end_session"),
    (ActionStartScenario(), '/start_scenario{"scenario":"unpaid-outage"}', "start_scenario"),
])
def test_a_purged_open_session_ends_the_case_cleanly(database, action, text, intent):
    """Before, every later message answered "could not be saved" for ever: the trainee was locked out."""
    _, slots = run(ActionStartScenario(), tracker("/start_scenario", "start_scenario", 1.0,
                                                  [{"entity": "scenario", "value": "nine-weeks"}]))
    tomorrow = datetime.now(timezone.utc) + timedelta(days=1)
    store = TranscriptStore(database, clock=lambda: tomorrow)  # a purge run a day later
    assert store.purge(timedelta(hours=1), dry_run=False) == 1
    assert store.get_session(slots["customer"]["session_id"]) is None
    entities = [{"entity": "scenario", "value": "unpaid-outage"}] if intent == "start_scenario" else []
    messages, after = run(action, tracker(text, intent, 1.0, entities, slots=slots))
    assert not any((m.get("custom") or {}).get("error") for m in messages)
    if intent == "start_scenario":  # the new case starts; the old one is simply gone
        assert after["active_scenario"] == "unpaid-outage" and after["customer"]["session_id"]
    else:
        assert "no longer stored" in messages[0]["text"] and "scenarios" in messages[1]["custom"]
        assert after == {"active_scenario": None, "customer": None}


def test_database_down_tells_the_trainee_and_keeps_the_state(library, monkeypatch):
    before = {"active_scenario": "nine-weeks", "customer": {"session_id": 1, "scenario": "nine-weeks", "turn": 0}}
    _use_database(monkeypatch, f"postgresql://coach:secret@127.0.0.1:{free_port()}/coach")
    messages, slots = run(ActionCustomerReply(), tracker("I'll sort it out today.", "take_ownership",
                                                         slots=before))
    assert "could not be saved" in messages[0]["text"] and messages[0]["custom"] == {"error": "not_saved"}
    assert slots["customer"] == before["customer"] and "secret" not in messages[0]["text"]


@pytest.mark.parametrize("channel, sender, metadata, name", [
    ("slack", "U0TRAINEE", {"trainee_name": "Noor de Vries"}, "Noor de Vries"),
    ("slack", "U0TRAINEE", {}, "U0TRAINEE"),  # users.info failed: the Slack id stands in
    ("rest", "U0TRAINEE", {"trainee_name": "Someone Else"}, "U0TRAINEE"),  # REST metadata is not vouched for
    ("rest", "web:sam de wit", {"trainee_name": "Sam  de Wit"}, "Sam de Wit"),  # the web chat's own name
    ("rest", "web:sam de wit", {"trainee_name": "Kim"}, "web:sam de wit"),  # not the name of that sender
])
def test_the_trainee_name_is_taken_where_the_channel_vouches_for_it(database, channel, sender, metadata, name):
    message = {"text": "/start_scenario", "intent": {"name": "start_scenario", "confidence": 1.0},
               "entities": [{"entity": "scenario", "value": "nine-weeks"}], "message_id": "m1",
               "metadata": metadata}
    events = [{"event": "user", "text": "/start_scenario", "input_channel": channel, "metadata": metadata}]
    trk = Tracker(sender, {}, message, events, False, None, {}, "action_listen")
    _, slots = run(ActionStartScenario(), trk)
    stored = TranscriptStore(database).get_session(slots["customer"]["session_id"])
    assert stored["channel"] == channel
    assert (stored["trainee"]["external_id"], stored["trainee"]["name"]) == (sender, name)


@pytest.mark.parametrize("label, text, entities, expected", START_CASES, ids=[c[0] for c in START_CASES])
def test_a_started_case_begins_a_fresh_rasa_session_with_its_start_message(label, text, entities, expected):
    trk = tracker(text, "start_scenario", 1.0, entities)
    events = asyncio.run(ActionStartScenario().run(CollectingDispatcher(), trk, {}))
    kinds = [e["event"] for e in events]
    if not expected:  # nothing started: the conversation goes on as it was
        assert "session_started" not in kinds
        return
    assert kinds == ["session_started", "action", "action", "user", "action", "slot", "slot"]
    assert [e["name"] for e in events if e["event"] == "action"] == \
        ["action_session_start", "action_listen", "action_start_scenario"]
    user = events[3]
    assert user["text"] == text and user["parse_data"]["intent"]["name"] == "start_scenario"
    # The slots come after the session start, which resets them.
    assert events[-2:] == [e for e in events if e["event"] == "slot"]


def test_no_fresh_session_when_the_case_could_not_be_stored(monkeypatch):
    _use_database(monkeypatch, f"postgresql://coach:secret@127.0.0.1:{free_port()}/coach")
    trk = tracker("/start_scenario{\"scenario\":\"nine-weeks\"}", "start_scenario", 1.0,
                  [{"entity": "scenario", "value": "nine-weeks"}])
    events = asyncio.run(ActionStartScenario().run(CollectingDispatcher(), trk, {}))
    assert "session_started" not in [e["event"] for e in events]


def keyed_reply(text, intent, key, slots):
    """The trainee's reply with the sender's key for it (the web chat's resend key)."""
    trk = tracker(text, intent, slots=slots)
    trk.latest_message["metadata"] = {"turn_key": key}
    return run(ActionCustomerReply(), trk)


def test_a_resent_reply_is_answered_again_but_stored_and_scored_once(database):
    """The web chat resends a reply with the same key after a time-out: before, the customer
    moved on twice and the transcript held the reply twice."""
    _, slots = run(ActionStartScenario(), tracker("/start_scenario", "start_scenario", 1.0,
                                                  [{"entity": "scenario", "value": "nine-weeks"}]))

    def reply(key, state):
        return keyed_reply("I'll reserve the laptop for you today.", "commit_next_step", key, state)

    first, after_first = reply("k-1", slots)
    again, after_again = reply("k-1", after_first)
    assert [m["text"] for m in again] == [m["text"] for m in first]
    assert after_again["customer"] == after_first["customer"] and after_first["customer"]["turn"] == 1
    stored = TranscriptStore(database).get_session(slots["customer"]["session_id"])
    assert [t["speaker"] for t in stored["turns"]] == ["customer", "trainee", "customer"]
    _, after_new = reply("k-2", after_again)  # a new key is a new reply
    assert after_new["customer"]["turn"] == 2


@pytest.mark.parametrize("handle_kept", [True, False], ids=["the dialogue still names the session",
                                                             "the dying server had cleared the handle"])
def test_a_resent_reply_that_ended_the_call_gets_its_scorecard_again(database, handle_kept):
    """A server dies while answering the reply that ends a case (stop 37's cluster test): the
    session is stored as ended, but the trainee's resend used to get "session gone" or "no call in
    progress" instead of the customer's last line and the scorecard."""
    _, slots = run(ActionStartScenario(), tracker("/start_scenario", "start_scenario", 1.0,
                                                  [{"entity": "scenario", "value": "nine-weeks"}]))

    def reply(key, state):
        return keyed_reply("That's the policy and there is nothing I can do about it.", "cite_policy", key, state)

    session_id = slots["customer"]["session_id"]
    for number in range(1, 20):
        before = slots
        answer, slots = reply(f"k-{number}", before)
        if slots["customer"] is None:
            break
    assert slots["customer"] is None and any("scorecard" in (m.get("custom") or {}) for m in answer)
    store = TranscriptStore(database)
    turns = len(store.get_session(session_id)["turns"])
    again, after_again = reply(f"k-{number}", before if handle_kept else {})
    assert [m["text"] for m in again] == [m["text"] for m in answer]
    assert after_again["customer"] is None
    assert len(store.get_session(session_id)["turns"]) == turns  # nothing stored twice
    other, _ = reply("k-new", before if handle_kept else {})  # a new reply after the end: no replay
    assert [m["text"] for m in other] != [m["text"] for m in answer]


@pytest.mark.parametrize("handle_kept", [False, True], ids=["server died before the dialogue kept it",
                                                             "only the answer was lost"])
def test_a_resent_start_starts_the_case_once(database, handle_kept):
    """The web process sends a start again when its server died (several servers, docs/deploy.md):
    the dialogue may or may not have kept the new session's handle; either way one session."""
    def start(key, slots):
        trk = tracker("/start_scenario", "start_scenario", 1.0, [{"entity": "scenario", "value": "nine-weeks"}],
                      slots=slots)
        trk.latest_message["metadata"] = {"turn_key": key}
        return run(ActionStartScenario(), trk)

    first, after_first = start("s-1", {})
    again, after_again = start("s-1", after_first if handle_kept else {})
    assert [m["text"] for m in again] == [m["text"] for m in first] and len(first) == 2
    assert after_again["customer"] == after_first["customer"]
    store = TranscriptStore(database)
    assert [s["scenario"] for s in store.list_sessions()["items"]] == ["nine-weeks"]
    _, after_new = start("s-2", after_again)  # a new key is a new start: the first case ends
    assert after_new["customer"]["session_id"] != after_first["customer"]["session_id"]
    assert {s["id"]: s["outcome"] for s in store.list_sessions()["items"]} == {
        after_first["customer"]["session_id"]: "abandoned", after_new["customer"]["session_id"]: None}


# --- the server owns the customer's state (issue 15): the slot is only a handle -----------------
def _started(sender="trainee-1"):
    trk = tracker("/start_scenario", "start_scenario", 1.0, [{"entity": "scenario", "value": "nine-weeks"}])
    trk.sender_id = sender
    return run(ActionStartScenario(), trk)[1]


def test_the_slot_holds_a_small_handle_however_long_the_call(database):
    slots = _started()
    sizes = []
    for number in range(30):
        messages, slots = run(ActionCustomerReply(), tracker(f"Could you tell me more about point {number}?",
                                                             "ask_details", slots=slots))
        if slots["customer"] is None:
            break
        sizes.append(len(json.dumps(slots["customer"])))
        assert set(slots["customer"]) == {"session_id", "scenario", "turn"}
    assert len(sizes) >= 5 and max(sizes) - min(sizes) <= 2, sizes  # only the turn number's digits grow
    stored = TranscriptStore(database).get_session(slots["customer"]["session_id"] if slots["customer"] else 1)
    assert stored is not None


def test_a_300_reply_call_costs_and_stores_the_same_per_turn_at_the_end_as_at_the_start(database):
    """Issue 15/19: the slot, the stored state and the SQL each turn runs stay the same size over
    300 replies (a reply that owns the problem keeps the customer in the call without meeting a
    need). The state grows only by an 8-character key per case line said, until the case's
    lines are used up. Time per turn is measured in the bench, not here."""
    from sqlalchemy import event
    from sqlalchemy.engine import Engine

    statements = []

    def count(conn, cursor, statement, parameters, context, executemany):
        statements.append(len(statement) + len(repr(parameters)))

    slots = _started()
    reply = "I'll email you the full order history myself by four today."
    per_turn, slot_sizes, state_sizes = {}, {}, {}
    store = TranscriptStore(database)
    event.listen(Engine, "before_cursor_execute", count)
    try:
        for number in range(1, 301):
            statements.clear()
            messages, slots = run(ActionCustomerReply(), tracker(reply, "commit_next_step", slots=slots))
            assert slots["customer"] is not None, f"the call ended at reply {number}: {messages}"
            if number in (5, 6, 150, 299, 300):
                per_turn[number] = (len(statements), sum(statements))
                slot_sizes[number] = len(json.dumps(slots["customer"]))
                state_sizes[number] = len(json.dumps(store.load_state(slots["customer"]["session_id"],
                                                                      "trainee-1").to_slot()))
    finally:
        event.remove(Engine, "before_cursor_execute", count)
        store.close()
    assert per_turn[299][0] == per_turn[5][0] and per_turn[300][0] == per_turn[6][0], per_turn  # same queries
    # The same bytes of SQL once the case's lines are used up, give or take the customer's line.
    assert abs(per_turn[300][1] - per_turn[150][1]) <= 250, per_turn
    assert per_turn[300][1] <= per_turn[6][1] + 600, per_turn  # (the keys of the case's lines said)
    assert slot_sizes[300] - slot_sizes[5] <= 2, slot_sizes  # only the turn number's digits grow
    assert abs(state_sizes[300] - state_sizes[150]) <= 10, state_sizes  # counters, not every score
    assert state_sizes[300] - state_sizes[5] <= 600, state_sizes
    stored = TranscriptStore(database).get_session(slots["customer"]["session_id"])
    assert len(stored["turns"]) == 1 + 2 * 300  # every reply is still kept, with its scores


def test_a_long_call_starts_a_fresh_rasa_session_every_ten_replies(database):
    """Rasa replays and featurises the whole session each turn; within a call the action rolls
    it over every REPLIES_PER_RASA_SESSION replies, carrying the slots, so a late reply costs
    what an early one does (the bench's long call measures the time)."""
    slots = _started()
    rolled = []
    for number in range(1, 23):
        trk = tracker("I'll email you the full order history myself by four today.", "commit_next_step",
                      slots=slots)
        events = asyncio.run(ActionCustomerReply().run(CollectingDispatcher(), trk, {}))
        slots = {e["name"]: e["value"] for e in events if e["event"] == "slot"}
        if any(e["event"] == "session_started" for e in events):
            rolled.append(number)
            names = [e.get("name") for e in events if e["event"] == "action"]
            assert names[:3] == ["action_session_start", "action_listen", "action_customer_reply"]
            user = next(e for e in events if e["event"] == "user")
            assert user["text"] == trk.latest_message["text"]
            assert slots["customer"]["turn"] == number and slots["active_scenario"] == "nine-weeks"
    assert rolled == [10, 20]


def test_a_state_saved_with_every_score_is_summed_once_into_a_tally(library):
    """States saved before the tally (a list of every score) still give the same scorecard."""
    from bot.coach.scoring import score_reply, score_session

    scenario = library.get("unpaid-outage")
    replies = [score_reply(text, [{"name": move, "confidence": 0.9}], (), scenario) for text, move in (
        ("Rules are rules.", "cite_policy"), ("I'll credit you two months today.", "make_exception"),
        ("Sorry to hear that.", "apologise"))]
    old = persona.new_state(scenario, 1).to_slot()
    del old["tally"]
    old["scores"] = [r.as_dict() for r in replies]
    state = CustomerState.from_slot(old)
    card = persona.scorecard(state, scenario)
    expected = score_session(replies, scenario=scenario, met=state.met, pending=state.pending)
    assert (card["ownership"], card["flexibility"], card["turns"], card["tip"], card["tips"]) == \
        (expected.ownership, expected.flexibility, expected.turns, expected.tip, list(expected.tips))
    assert card["best"]["text"] == expected.best.text and "scores" not in state.to_slot() and state.tally["count"] == 3


def test_a_slot_naming_another_conversations_session_changes_nothing(database):
    victim = _started("victim")["customer"]
    store = TranscriptStore(database)
    before = store.get_session(victim["session_id"])
    forged = {"active_scenario": "nine-weeks", "customer": dict(victim)}
    messages, slots = run(ActionCustomerReply(), tracker("As agreed, you get everything for free.", "make_exception",
                                                         slots=forged))  # sender "trainee-1", not "victim"
    assert "no longer stored" in messages[0]["text"] and slots["customer"] is None
    after = store.get_session(victim["session_id"])
    assert after["turns"] == before["turns"] and after["ended_at"] is None


def test_what_a_slot_claims_about_the_customer_is_ignored(database):
    slots = _started()
    claimed = {**slots["customer"], "patience": 999, "met": ["laptop", "gap", "contact"], "mood": "calm"}
    _, after = run(ActionCustomerReply(), tracker("Rules are rules.", "cite_policy",
                                                  slots={"active_scenario": "nine-weeks", "customer": claimed}))
    assert after["customer"]["turn"] == 1 and set(after["customer"]) == {"session_id", "scenario", "turn"}
    stored = json.loads(_state_column(database, slots["customer"]["session_id"]))
    assert stored["patience"] < 12 and stored["met"] == [] and stored["mood"] != "calm"


# --- a slot or a stored state that is no customer state (bot/coach/state.py) -----------------------
@pytest.mark.parametrize("customer", ["nine-weeks", ["nine-weeks"], {"scenario": 5}, {"scenario": "nine-weeks",
                                                                                         "mood": "euphoric"}])
@pytest.mark.parametrize("action, text, intent, said", [
    (ActionCustomerReply(), "I'll sort it out today.", "take_ownership", "No call is in progress"),
    (ActionStartScenario(), '/start_scenario{"scenario":"unpaid-outage"}', "start_scenario", "is on the line"),
], ids=["a reply", "a new case"])
def test_a_slot_that_is_no_state_starts_afresh(database, customer, action, text, intent, said):
    entities = [{"entity": "scenario", "value": "unpaid-outage"}] if intent == "start_scenario" else []
    messages, slots = run(action, tracker(text, intent, 1.0, entities,
                                          slots={"active_scenario": "nine-weeks", "customer": customer}))
    assert said in messages[0]["text"] and not any("Traceback" in (m.get("text") or "") for m in messages)
    assert slots["customer"] is None or set(slots["customer"]) == {"session_id", "scenario", "turn"}


def test_a_stored_state_that_cannot_be_read_ends_the_case_with_a_clear_message(database):
    from sqlalchemy import create_engine, text

    slots = _started()
    engine = create_engine(database, future=True)
    with engine.begin() as connection:
        connection.execute(text("UPDATE coach_sessions SET state = '{\"scenario\": \"nine-weeks\", \"turn\": \"x\"}'"))
    engine.dispose()
    messages, after = run(ActionCustomerReply(), tracker("I'll sort it out today.", "take_ownership", slots=slots))
    assert "could not be read" in messages[0]["text"] and "scenarios" in messages[1]["custom"]
    assert after == {"active_scenario": None, "customer": None}


def _state_column(database, session_id):
    from sqlalchemy import create_engine, text

    engine = create_engine(database, future=True)
    with engine.connect() as connection:
        value = connection.execute(text("SELECT state FROM coach_sessions WHERE id = :id"), {"id": session_id}).scalar()
    engine.dispose()
    return value


# --- try that reply again (issue 16, part 4) ----------------------------------------------------------
@pytest.mark.parametrize("action", [ActionCustomerReply(), ActionStartScenario(), ActionEndSession()],
                         ids=lambda a: a.name())
def test_the_retry_payload_takes_the_last_reply_back_whatever_action_the_rules_chose(database, action):
    slots = _started()
    _, before = run(ActionCustomerReply(), tracker("I'll call you at four today myself.", "commit_next_step",
                                                   slots=slots))
    session_id = before["customer"]["session_id"]
    kept = TranscriptStore(database).load_state(session_id, "trainee-1")
    messages, after = run(ActionCustomerReply(), tracker("Rules are rules.", "cite_policy", slots=before))
    low = messages[0]["custom"]["score"]
    assert min(low["ownership"], low["flexibility"]) <= 40 and low["model_reply"]["text"]  # a low reply comes with its model reply
    messages, slots = run(action, tracker("/retry_reply", "retry_reply", 1.0, slots=after))
    assert messages[0]["custom"]["retracted"]["text"] == "Rules are rules."
    assert slots["customer"] == {"session_id": session_id, "scenario": "nine-weeks", "turn": 1}
    store = TranscriptStore(database)
    restored = store.load_state(session_id, "trainee-1")
    # As before the reply taken back, without the copy that could take back the reply before it.
    assert restored == dataclasses.replace(kept, retry=None, retried_turn=1)
    messages, slots = run(ActionCustomerReply(), tracker("I'll send you the laptop offer in writing today.",
                                                         "commit_next_step", slots=slots))
    assert "score" in messages[0]["custom"] and slots["customer"]["turn"] == 2
    turns = store.get_session(session_id)["turns"]
    assert [(t["text"], t["retracted_at"] is not None) for t in turns if t["speaker"] == "trainee"] == [
        ("I'll call you at four today myself.", False), ("Rules are rules.", True),
        ("I'll send you the laptop offer in writing today.", False)]
    store.close()


def test_in_an_exam_run_the_retry_is_refused_and_nothing_changes(database, monkeypatch):
    monkeypatch.setenv("SHOW_LIVE_SCORES", "false")
    get_settings.cache_clear()
    actions_module.roleplay.cache_clear()
    slots = _started()
    _, after = run(ActionCustomerReply(), tracker("Rules are rules.", "cite_policy", slots=slots))
    store = TranscriptStore(database)
    kept = store.load_state(after["customer"]["session_id"], "trainee-1")
    messages, slots = run(ActionCustomerReply(), tracker("/retry_reply", "retry_reply", 1.0, slots=after))
    assert messages[0]["custom"] == {"refused": "retry"} and "exam run" in messages[0]["text"]
    assert slots["customer"] == after["customer"]
    assert store.load_state(after["customer"]["session_id"], "trainee-1") == kept
    assert all(t["retracted_at"] is None for t in store.get_session(after["customer"]["session_id"])["turns"])
    store.close()

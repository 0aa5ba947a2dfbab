"""rasa_adapters.server: the cached validator accepts and rejects exactly what Rasa's does, and the
loaded model is frozen out of the garbage collector."""
from __future__ import annotations

import asyncio
import gc

import pytest

pytest.importorskip("rasa")
import rasa.core.run  # noqa: E402
from jsonschema import ValidationError  # noqa: E402
from rasa.core.actions.action import RemoteAction  # noqa: E402
from rasa.shared.core.events import Event  # noqa: E402

from rasa_adapters.server import (  # noqa: E402
    apply,
    cached_action_result_validator,
    cached_event_type_resolver,
    frozen_after_loading,
)

RESPONSES = [
    ("empty", {}, True),
    ("events and responses", {"events": [{"event": "slot", "name": "mood", "value": "angry"}],
                              "responses": [{"text": "Finally.", "custom": {"mood": "calmer"}}]}, True),
    ("event without a name", {"events": [{"name": "mood"}]}, False),
    ("events not a list", {"events": {"event": "slot"}}, False),
    ("responses not a list", {"responses": "hello"}, False),
    ("event name not a string", {"events": [{"event": 3}]}, False),
]


def outcome(validate, result):
    try:
        return validate(RemoteAction, result), None
    except ValidationError as error:
        return False, error.message


@pytest.mark.parametrize("label, result, valid", RESPONSES, ids=[r[0] for r in RESPONSES])
def test_same_verdict_and_message_as_rasa(label, result, valid):
    ours = outcome(cached_action_result_validator(), result)
    rasas = outcome(RemoteAction._validate_action_result, result)
    assert ours == rasas
    assert ours[0] is valid
    if not valid:
        assert "Failed to validate Action server response" in ours[1]


def test_apply_replaces_rasas_methods(monkeypatch):
    monkeypatch.setattr(RemoteAction, "_validate_action_result", RemoteAction._validate_action_result)
    monkeypatch.setattr(Event, "resolve_by_type", Event.__dict__["resolve_by_type"])
    rasas_listener = rasa.core.run.load_agent_on_start
    monkeypatch.setattr(rasa.core.run, "load_agent_on_start", rasas_listener)
    apply()
    assert RemoteAction._validate_action_result.__module__ == "rasa_adapters.server"
    assert Event.resolve_by_type.__module__ == "rasa_adapters.server"
    assert rasa.core.run.load_agent_on_start.__wrapped__ is rasas_listener


def test_what_the_agent_loaded_is_frozen_out_of_the_collector():
    loaded = []

    async def load_agent_on_start(model_path, endpoints, remote_storage, app, loop):
        loaded.extend([{"weights": index}] for index in range(1000))
        return "agent"

    gc.unfreeze()
    try:
        agent = asyncio.run(frozen_after_loading(load_agent_on_start)("model", None, None, None, None))
        assert agent == "agent"
        # Everything alive when loading ended, the loaded objects with it, is out of the collector's walks.
        assert gc.get_freeze_count() > len(loaded)
    finally:
        gc.unfreeze()


def test_apply_refuses_a_rasa_without_the_method(monkeypatch):
    monkeypatch.delattr(RemoteAction, "_validate_action_result")
    with pytest.raises(RuntimeError, match="rasa_adapters/server.py"):
        apply()


EVENT_TYPES = ["user", "bot", "action", "slot", "session_started", "restart", "followup", "active_loop",
               "user_featurization", "entities", "action_execution_rejected"]


@pytest.mark.parametrize("type_name", EVENT_TYPES)
def test_event_classes_are_the_ones_rasa_finds(type_name):
    resolve = cached_event_type_resolver()
    assert resolve(type_name) is Event.resolve_by_type(type_name)
    assert resolve(type_name) is Event.resolve_by_type(type_name)  # from the cache


def test_unknown_event_types_behave_as_in_rasa():
    resolve = cached_event_type_resolver()
    assert resolve("topic") is None
    assert resolve("no-such-event", default=Event) is Event
    with pytest.raises(ValueError, match="Unknown event name 'no-such-event'"):
        resolve("no-such-event")


def test_tracker_events_round_trip_with_the_patch(monkeypatch):
    from rasa.shared.core.events import ActionExecuted, SessionStarted, SlotSet, UserUttered

    events = [SessionStarted(), ActionExecuted("action_listen"), UserUttered("hi", {"name": "greet"}),
              SlotSet("mood", "angry")]
    monkeypatch.setattr(Event, "resolve_by_type", staticmethod(cached_event_type_resolver()))
    assert [Event.from_parameters(e.as_dict()) for e in events] == events

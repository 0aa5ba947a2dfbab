"""rasa_adapters.server: the cached validator accepts and rejects exactly what Rasa's does."""
from __future__ import annotations

import pytest

pytest.importorskip("rasa")
from jsonschema import ValidationError  # noqa: E402
from rasa.core.actions.action import RemoteAction  # noqa: E402

from rasa_adapters.server import apply, cached_action_result_validator  # noqa: E402

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


def test_apply_replaces_rasas_method(monkeypatch):
    monkeypatch.setattr(RemoteAction, "_validate_action_result", RemoteAction._validate_action_result)
    apply()
    assert RemoteAction._validate_action_result.__module__ == "rasa_adapters.server"


def test_apply_refuses_a_rasa_without_the_method(monkeypatch):
    monkeypatch.delattr(RemoteAction, "_validate_action_result")
    with pytest.raises(RuntimeError, match="rasa_adapters/server.py"):
        apply()

"""`python -m bench.rasa_patches`: the two pieces of Rasa 3.6 that rasa_adapters/server.py
replaces, timed side by side with the replacements on the same input (docs/performance.md):

- the check of the action server's answer, once per turn;
- turning a stored conversation (here 300 events, a few cases long) back into events, as the
  tracker store does on every turn.
"""
from __future__ import annotations

import time

from rasa.core.actions.action import RemoteAction
from rasa.shared.core.events import ActionExecuted, BotUttered, Event, SlotSet, UserUttered

from rasa_adapters.server import cached_action_result_validator, cached_event_type_resolver

# An answer of the size our action server sends for one turn.
ANSWER = {
    "events": [{"event": "slot", "timestamp": None, "name": "customer_state",
                "value": {"mood": "irritated", "patience": 3, "needs": ["router", "callback"], "said": [1, 4, 7]}},
               {"event": "slot", "timestamp": None, "name": "scenario", "value": "nine-weeks"}],
    "responses": [{"text": "Nine weeks. Nine. And you want me to call another number?",
                   "custom": {"score": {"ownership": 22, "flexibility": 30, "cues": [], "reason": "cites policy",
                                        "over_promise": False}, "mood": "irritated"}}],
}


def per_call_ms(validate, calls: int) -> float:
    began = time.perf_counter()
    for _ in range(calls):
        validate(RemoteAction, ANSWER)
    return (time.perf_counter() - began) * 1000 / calls


# One trainee turn as the tracker store keeps it.
TURN = [ActionExecuted("action_listen"), UserUttered("Rules are rules.", {"intent": {"name": "cite_policy"}}),
        ActionExecuted("action_customer_reply"), BotUttered("Nine weeks!", {"custom": {"mood": "angry"}}),
        SlotSet("customer", {"mood": "angry"}), SlotSet("active_scenario", "nine-weeks")]
STORED = [event.as_dict() for _ in range(50) for event in TURN]


def load_ms(resolve, rounds: int) -> float:
    original = Event.__dict__["resolve_by_type"]
    Event.resolve_by_type = staticmethod(resolve)
    try:
        began = time.perf_counter()
        for _ in range(rounds):
            [Event.from_parameters(data) for data in STORED]
        return (time.perf_counter() - began) * 1000 / rounds
    finally:
        Event.resolve_by_type = original


def side_by_side(name: str, rasas: float, ours: float) -> None:
    print(f"{name}: Rasa 3.6 {rasas:.2f} ms, ours {ours:.3f} ms, ratio {rasas / ours:.0f}x")


def main() -> None:
    rasas, ours = RemoteAction._validate_action_result, cached_action_result_validator()
    per_call_ms(rasas, 5), per_call_ms(ours, 5)  # warm both
    rounds = [(per_call_ms(rasas, 50), per_call_ms(ours, 500)) for _ in range(3)]  # interleaved
    side_by_side("check of one action answer", min(r[0] for r in rounds), min(r[1] for r in rounds))

    rasa_resolve, our_resolve = Event.__dict__["resolve_by_type"].__func__, cached_event_type_resolver()
    rounds = [(load_ms(rasa_resolve, 5), load_ms(our_resolve, 20)) for _ in range(3)]
    side_by_side(f"{len(STORED)} stored events back to events", min(r[0] for r in rounds), min(r[1] for r in rounds))


if __name__ == "__main__":
    main()

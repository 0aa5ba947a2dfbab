"""`python -m bench.validator`: Rasa's per-turn check of the action server's answer, as Rasa 3.6
does it and as rasa_adapters/server.py does it, side by side on the same answers.

Prints milliseconds per call for both and the ratio (docs/performance.md, fix 1).
"""
from __future__ import annotations

import time

from rasa.core.actions.action import RemoteAction

from rasa_adapters.server import cached_action_result_validator

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


def main() -> None:
    rasas, ours = RemoteAction._validate_action_result, cached_action_result_validator()
    per_call_ms(rasas, 5), per_call_ms(ours, 5)  # warm both
    rounds = [(per_call_ms(rasas, 50), per_call_ms(ours, 500)) for _ in range(3)]  # interleaved
    rasa_ms, our_ms = min(r[0] for r in rounds), min(r[1] for r in rounds)
    print(f"Rasa 3.6 jsonschema.validate per turn: {rasa_ms:.2f} ms")
    print(f"validator built once (ours):          {our_ms:.3f} ms")
    print(f"ratio: {rasa_ms / our_ms:.0f}x")


if __name__ == "__main__":
    main()

"""`python -m rasa_adapters.server run ...`: Rasa's own command line, with three fixes for speed.

The first two replace work Rasa 3.6 repeats on every turn with the same answer (docs/performance.md):

- it checks every action server response with `jsonschema.validate`, which builds a validator
  and re-checks the constant schema on each call (64 % of the server's busy time in a profile).
  Here the validator is built once; the check and its error message stay exactly Rasa's.
- it finds each stored event's class by walking all Event subclasses with `inspect.isabstract`,
  for every event of the conversation each time the tracker is loaded (28 % of the busy time).
  Here the class found for a type name is remembered; unknown names still go to Rasa's code.

The third keeps the garbage collector off the loaded model. Once the model is in memory the
server holds a few million long-lived objects (TensorFlow, the policies, Rasa itself), and every
full collection walked all of them: 341 and 376 ms under a 20-trainee load, with every
conversation waiting (docs/performance.md, fix 8). `gc.freeze()` right after the model loads moves them out of the collector's
sight; what turns allocate afterwards is collected as before.
"""
from __future__ import annotations

import functools
import gc
import sys
from collections.abc import Awaitable, Callable
from typing import Any


def cached_action_result_validator() -> Callable[[Any, dict[str, Any]], bool]:
    """A drop-in for `RemoteAction._validate_action_result` with the validator built once."""
    from jsonschema.exceptions import best_match
    from jsonschema.validators import validator_for
    from rasa.core.actions.action import RemoteAction
    from rasa.shared.constants import DOCS_BASE_URL

    schema = RemoteAction.action_response_format_spec()
    validator_class = validator_for(schema)
    validator_class.check_schema(schema)
    validator = validator_class(schema)

    def _validate_action_result(self: Any, result: dict[str, Any]) -> bool:
        error = best_match(validator.iter_errors(result))
        if error is None:
            return True
        error.message += (
            f". Failed to validate Action server response from API, "
            f"make sure your response from the Action endpoint is valid. "
            f"For more information about the format visit "
            f"{DOCS_BASE_URL}/custom-actions"
        )
        raise error

    return _validate_action_result


def cached_event_type_resolver() -> Callable[..., Any]:
    """A drop-in for `Event.resolve_by_type` that remembers the class found for a type name."""
    from rasa.shared.core.events import Event
    from rasa.shared.utils.common import all_subclasses

    rasas = Event.resolve_by_type
    found: dict[str, Any] = {}

    def resolve_by_type(type_name: str, default: Any = None) -> Any:
        cls = found.get(type_name)
        if cls is None:
            cls = next((c for c in all_subclasses(Event) if c.type_name == type_name), None)
            if cls is None:  # "topic", a default, or Rasa's error: exactly as Rasa does it
                return rasas(type_name, default)
            found[type_name] = cls
        return cls

    return resolve_by_type


def frozen_after_loading(load_agent_on_start: Callable[..., Awaitable[Any]]) -> Callable[..., Awaitable[Any]]:
    """Rasa's `load_agent_on_start` listener, then `gc.freeze()` on everything it loaded."""

    @functools.wraps(load_agent_on_start)
    async def load_then_freeze(*args: Any, **kwargs: Any) -> Any:
        agent = await load_agent_on_start(*args, **kwargs)
        gc.collect()  # what loading left as garbage goes now, not into the frozen set
        gc.freeze()
        return agent

    return load_then_freeze


def apply() -> None:
    import rasa.core.run
    from rasa.core.actions.action import RemoteAction
    from rasa.shared.core.events import Event

    for owner, name in ((RemoteAction, "_validate_action_result"), (Event, "resolve_by_type"),
                        (rasa.core.run, "load_agent_on_start")):
        if not hasattr(owner, name):
            # A Rasa upgrade renamed it: fail loudly rather than run without knowing.
            raise RuntimeError(f"{owner.__name__}.{name} is gone; review rasa_adapters/server.py")
    RemoteAction._validate_action_result = cached_action_result_validator()
    Event.resolve_by_type = staticmethod(cached_event_type_resolver())
    # serve_application looks the listener up by this name when it registers it.
    rasa.core.run.load_agent_on_start = frozen_after_loading(rasa.core.run.load_agent_on_start)


def main() -> None:
    apply()
    from rasa.__main__ import main as rasa_main

    sys.argv[0] = "rasa"
    rasa_main()


if __name__ == "__main__":
    main()

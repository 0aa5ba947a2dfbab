"""`python -m rasa_adapters.server run ...`: Rasa's own command line, with one fix for speed.

Rasa 3.6 checks every action server response with `jsonschema.validate`, which builds a
validator and re-checks the (constant) schema on each call: 31 ms a turn, 64 % of the Rasa
server's busy time in our profile (docs/performance.md). Here the validator is built once;
the check and its error message stay exactly Rasa's.
"""
from __future__ import annotations

import sys
from typing import Any, Callable, Dict, Text


def cached_action_result_validator() -> Callable[[Any, Dict[Text, Any]], bool]:
    """A drop-in for `RemoteAction._validate_action_result` with the validator built once."""
    from jsonschema.exceptions import best_match
    from jsonschema.validators import validator_for
    from rasa.core.actions.action import RemoteAction
    from rasa.shared.constants import DOCS_BASE_URL

    schema = RemoteAction.action_response_format_spec()
    validator_class = validator_for(schema)
    validator_class.check_schema(schema)
    validator = validator_class(schema)

    def _validate_action_result(self: Any, result: Dict[Text, Any]) -> bool:
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


def apply() -> None:
    from rasa.core.actions.action import RemoteAction

    if not hasattr(RemoteAction, "_validate_action_result"):
        # A Rasa upgrade renamed it: fail loudly rather than run without knowing.
        raise RuntimeError("RemoteAction._validate_action_result is gone; review rasa_adapters/server.py")
    RemoteAction._validate_action_result = cached_action_result_validator()


def main() -> None:
    apply()
    from rasa.__main__ import main as rasa_main

    sys.argv[0] = "rasa"
    rasa_main()


if __name__ == "__main__":
    main()

"""People's names as typed (trainees signing in, leads' accounts): tidied and checked once.

Imports nothing else of ours: the web sign-in and the lead accounts both call `tidy_name`,
each with its own wording and its own error class.
"""
from __future__ import annotations

import unicodedata
from collections.abc import Callable, Mapping

MAX_NAME_CHARS = 60

# What can be wrong with a name; each caller words a message for every one of them.
NAME_PROBLEMS = ("empty", "characters", "length")


def _problem(raw: object, max_chars: int) -> tuple[str, str | None]:
    if not isinstance(raw, str) or not raw.strip():
        return "", "empty"
    name = " ".join(raw.split())
    if any(unicodedata.category(ch) in {"Cc", "Cf", "Cs", "Co"} for ch in name):
        return name, "characters"
    if len(name) > max_chars:
        return name, "length"
    return name, None


def tidy_name(raw: object, wording: Mapping[str, str], error: Callable[[str], Exception],
              max_chars: int = MAX_NAME_CHARS) -> str:
    """The name with its whitespace collapsed; when it is empty, too long or unprintable,
    raises `error(wording[problem])` (problem: one of NAME_PROBLEMS)."""
    name, problem = _problem(raw, max_chars)
    if problem is not None:
        raise error(wording[problem])
    return name

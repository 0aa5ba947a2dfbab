"""People's names as typed (trainees signing in, leads' accounts): tidied and checked once."""
from __future__ import annotations

import unicodedata

MAX_NAME_CHARS = 60


class BadName(ValueError):
    """`problem` is "empty", "characters" or "length"; each caller words its own message."""

    def __init__(self, problem: str):
        super().__init__(problem)
        self.problem = problem


def tidy_name(raw: object, max_chars: int = MAX_NAME_CHARS) -> str:
    """The name with its whitespace collapsed; BadName when empty, too long or unprintable."""
    if not isinstance(raw, str) or not raw.strip():
        raise BadName("empty")
    name = " ".join(raw.split())
    if any(unicodedata.category(ch) in {"Cc", "Cf", "Cs", "Co"} for ch in name):
        raise BadName("characters")
    if len(name) > max_chars:
        raise BadName("length")
    return name

"""The storage layer's exceptions."""
from __future__ import annotations

# One class for "the database cannot be used", whoever finds out first (the startup check in
# bot.dbcheck or the store): callers catch a single type. The message never holds a password.
from bot.dbcheck import DatabaseUnavailable

__all__ = ["DatabaseUnavailable", "SessionNotFound", "SessionEnded"]


class SessionNotFound(LookupError):
    """No session with that id (it may have been purged)."""


class SessionEnded(ValueError):
    """The session has ended: no more turns can be added to it."""

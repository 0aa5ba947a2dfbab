"""The storage layer's exceptions."""
from __future__ import annotations

__all__ = ["DatabaseUnavailable", "SessionNotFound", "SessionEnded"]


class DatabaseUnavailable(RuntimeError):
    """The database cannot be used; the message names it without its password.

    One class whoever finds out first (the startup check in bot.ops.dbcheck or the store):
    callers catch a single type.
    """


class SessionNotFound(LookupError):
    """No session with that id (it may have been purged)."""


class SessionEnded(ValueError):
    """The session has ended: no more turns can be added to it."""

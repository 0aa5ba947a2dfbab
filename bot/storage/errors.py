"""The storage layer's exceptions, and the one way it words a database error (`first_line`).

Imports nothing but the standard library: every module of bot/storage (and whoever catches its
errors) can use it without pulling anything else in.
"""
from __future__ import annotations

__all__ = ["DatabaseUnavailable", "SessionNotFound", "SessionEnded", "first_line"]


class DatabaseUnavailable(RuntimeError):
    """The database cannot be used; the message names it without its password.

    One class whoever finds out first (the startup check `bot.storage.engine.check_database` or
    the store): callers catch a single type.
    """


class SessionNotFound(LookupError):
    """No session with that id (it may have been purged)."""


class SessionEnded(ValueError):
    """The session has ended: no more turns can be added to it."""


def first_line(error: BaseException, password: str | None = None) -> str:
    """What went wrong, in one line: the driver's own message (SQLAlchemy's `orig`) if there is
    one, else the error's; its type's name when both are empty; `password` replaced by ***; no
    final full stop (the caller's sentence goes on)."""
    reason = str(getattr(error, "orig", None) or error).strip()
    reason = reason.splitlines()[0].strip() if reason else type(error).__name__
    if password:
        reason = reason.replace(password, "***")
    return reason.rstrip(".") or type(error).__name__

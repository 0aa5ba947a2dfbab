"""Is a database reachable? Asked before anything starts, with a timeout, never a hang.

Rasa's SQL tracker store retries forever when its database is down, so we ask first.
"""
from __future__ import annotations

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

from bot.config import redact_url
from bot.storage.engine import prepare_sqlite_file
from bot.storage.errors import DatabaseUnavailable


def connect_args(url: str, timeout: int) -> dict:
    backend = make_url(url).get_backend_name()
    if backend == "postgresql":
        return {"connect_timeout": timeout}
    if backend == "sqlite":
        return {"timeout": timeout}
    return {}


def check_database(url: str, timeout: int = 5, purpose: str = "database") -> None:
    try:
        make_url(url)
    except ArgumentError:
        raise DatabaseUnavailable(f"The {purpose} URL {redact_url(url)!r} is not a database URL "
                                  "(expected e.g. sqlite:///var/coach.db or postgresql://user:pass@host/db)") from None
    # Before Rasa's tracker store or ours create the file: private from the start (0600).
    prepare_sqlite_file(url)
    try:
        engine = create_engine(url, future=True, connect_args=connect_args(url, timeout))
    except (ArgumentError, ImportError) as error:
        raise DatabaseUnavailable(f"The {purpose} at {redact_url(url)} cannot be used: {error}") from None
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except SQLAlchemyError as error:
        reason = str(getattr(error, "orig", error)).strip().splitlines()[0]
        raise DatabaseUnavailable(
            f"The {purpose} at {redact_url(url)} is not reachable: {reason}. "
            "Start it, or set the URL in .env."
        ) from None
    finally:
        engine.dispose()

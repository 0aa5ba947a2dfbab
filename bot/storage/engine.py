"""Engines for the transcript database: short connect timeouts, SQLite made safe for threads.

SQLite: connections kept in a pool, WAL journal (readers never wait for the writer), a busy timeout (writers queue instead of
failing), foreign keys on, and write transactions opened with BEGIN IMMEDIATE so two writers
cannot both read "the last turn is 7" and then collide. PostgreSQL: `connect_timeout`.

`check_database` asks whether any database URL (ours, or Rasa's tracker store) answers, with a
timeout, before anything starts: Rasa's SQL tracker store retries forever when its database is
down. `prepare_sqlite_file` is the one place a SQLite file and its folder are made.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import URL, Engine, make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError
from sqlalchemy.pool import QueuePool, StaticPool

from bot.config import redact_url
from bot.storage.errors import DatabaseUnavailable, first_line

DEFAULT_TIMEOUT = 5
# Execution option read by the SQLite "begin" hook: "IMMEDIATE" for write transactions.
SQLITE_BEGIN = "coach_sqlite_begin"


def default_timeout() -> int:
    try:
        from bot.config import get_settings

        return get_settings().db_connect_timeout
    except Exception:  # a bad .env is reported by whoever reads the settings for real
        return DEFAULT_TIMEOUT


def _parsed(database_url: str, purpose: str, advice: str = "") -> URL:
    """The URL parsed; DatabaseUnavailable naming the `purpose` (and `advice`) when it is not one."""
    try:
        return make_url(database_url)
    except ArgumentError:
        raise DatabaseUnavailable(
            f"The {purpose} URL {redact_url(database_url)!r} is not a database URL "
            f"(expected e.g. sqlite:///var/coach.db or postgresql://user:pass@host/db){advice}"
        ) from None


def make_engine(database_url: str, connect_timeout: int | None = None) -> Engine:
    """A future-style engine; raises DatabaseUnavailable for a URL that cannot be used."""
    timeout = default_timeout() if connect_timeout is None else int(connect_timeout)
    url = _parsed(database_url, "transcript database", "; check DATABASE_URL.")
    backend = url.get_backend_name()
    try:
        if backend == "sqlite":
            return _sqlite_engine(database_url, url, timeout)
        kwargs: dict[str, Any] = {"pool_pre_ping": True}
        if backend == "postgresql":
            kwargs.update(connect_args={"connect_timeout": max(timeout, 1)}, pool_size=10, max_overflow=20,
                          pool_timeout=max(timeout, 1) * 6)
        return create_engine(database_url, future=True, **kwargs)
    except (ArgumentError, ImportError) as error:
        raise DatabaseUnavailable(
            f"The transcript database at {redact_url(database_url)} cannot be used: {error}") from None


def prepare_sqlite_file(database_url: str) -> None:
    """For a file SQLite URL: create its folder, and the file itself readable by its owner only
    (0600: it holds transcripts and password hashes); an existing file is made 0600 too. SQLite
    gives its -wal and -shm files the same mode. Anything else is left alone."""
    try:
        url = make_url(database_url)
    except ArgumentError:
        return  # reported by whoever connects, with the URL
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        return
    path = Path(url.database).expanduser()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
        os.chmod(path, 0o600)
    except OSError:
        pass  # reported by the first connection, with the URL


def _sqlite_engine(database_url: str, url, timeout: int) -> Engine:
    memory = url.database in (None, "", ":memory:")
    kwargs: dict[str, Any] = {}
    if memory:
        kwargs["poolclass"] = StaticPool  # one shared connection, or every connection is a new empty DB
    else:
        prepare_sqlite_file(database_url)
        # SQLAlchemy 1.4 opens a file database anew for every session (NullPool): a connect, three
        # PRAGMAs and a close on every turn, 13 % of the action server's time (docs/performance.md).
        # Kept connections, as SQLAlchemy 2.0 does by default; threads may share them (below).
        kwargs["poolclass"] = QueuePool
    engine = create_engine(database_url, future=True,
                           connect_args={"timeout": max(timeout, 1), "check_same_thread": False}, **kwargs)
    busy_ms = max(timeout, 1) * 6 * 1000  # queued writers wait longer than a connection attempt

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, record):
        # Take transaction control from pysqlite so BEGIN (IMMEDIATE) is ours to send.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            if not memory:
                cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute(f"PRAGMA busy_timeout={busy_ms}")
            cursor.execute("PRAGMA foreign_keys=ON")
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection):
        mode = connection.get_execution_options().get(SQLITE_BEGIN, "")
        connection.exec_driver_sql(f"BEGIN {mode}".strip())

    return engine


def writer(engine: Engine) -> Engine:
    """The engine to write with: on SQLite its transactions take the write lock at BEGIN."""
    if engine.dialect.name == "sqlite":
        return engine.execution_options(**{SQLITE_BEGIN: "IMMEDIATE"})
    return engine


def _check_connect_args(url: str, timeout: int) -> dict[str, Any]:
    backend = make_url(url).get_backend_name()
    if backend == "postgresql":
        return {"connect_timeout": timeout}
    if backend == "sqlite":
        return {"timeout": timeout}
    return {}


def check_database(url: str, timeout: int = DEFAULT_TIMEOUT, purpose: str = "database") -> None:
    """Connect once and run SELECT 1; DatabaseUnavailable (URL without its password, and what to
    do) when the URL is not one or the database does not answer within `timeout` seconds.

    A plain engine, not `make_engine`: the URL may be Rasa's tracker store, whose SQLite file is
    left in its own journal mode."""
    _parsed(url, purpose)
    # Before Rasa's tracker store or ours create the file: private from the start (0600).
    prepare_sqlite_file(url)
    try:
        engine = create_engine(url, future=True, connect_args=_check_connect_args(url, timeout))
    except (ArgumentError, ImportError) as error:
        raise DatabaseUnavailable(f"The {purpose} at {redact_url(url)} cannot be used: {error}") from None
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except SQLAlchemyError as error:
        raise DatabaseUnavailable(
            f"The {purpose} at {redact_url(url)} is not reachable: {first_line(error)}. "
            "Start it, or set the URL in .env."
        ) from None
    finally:
        engine.dispose()

"""Each trainee's visible web conversation, so that a reload shows it again.

One row per turn the web process proxied (the trainee's message, if any, and what came back:
customer lines, score payloads, the scorecard), as JSON, keyed by the trainee. This is the
page's memory, not the transcript: the action server records sessions and scores for review.
SQLAlchemy 1.4 in 2.0 style; the table is created with `metadata.create_all` on first use.
"""
from __future__ import annotations

import json
import threading
from datetime import datetime, timezone
from typing import Any

from sqlalchemy import Column, DateTime, Integer, MetaData, String, Table, Text, create_engine, insert, select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError

from bot.ops.dbcheck import connect_args
from bot.storage.engine import prepare_sqlite_file

metadata = MetaData()

web_chat_history = Table(
    "web_chat_history",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("trainee", String(200), nullable=False, index=True),
    Column("turn", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)


class HistoryUnavailable(RuntimeError):
    """The history database could not be read or written."""


class ChatHistory:
    """Stores and loads the turns of each trainee's web conversation."""

    def __init__(self, database_url: str, connect_timeout: int = 5, engine: Engine | None = None):
        self.database_url = database_url
        self.connect_timeout = connect_timeout
        self._engine = engine
        self._ready = False
        self._lock = threading.Lock()

    @property
    def engine(self) -> Engine:
        if self._engine is None:
            prepare_sqlite_file(self.database_url)
            self._engine = create_engine(self.database_url, future=True, pool_pre_ping=True,
                                         connect_args=connect_args(self.database_url, self.connect_timeout))
        return self._engine

    def ensure_table(self) -> None:
        if self._ready:
            return
        with self._lock:
            if not self._ready:
                metadata.create_all(self.engine, tables=[web_chat_history])
                self._ready = True

    def append(self, trainee: str, turn: dict[str, Any]) -> None:
        try:
            self.ensure_table()
            with self.engine.begin() as connection:
                connection.execute(insert(web_chat_history).values(
                    trainee=trainee, turn=json.dumps(turn, ensure_ascii=False),
                    created_at=datetime.now(timezone.utc)))
        except SQLAlchemyError as error:
            raise HistoryUnavailable(_reason(error)) from error

    def load(self, trainee: str, limit: int = 400) -> list[dict[str, Any]]:
        """The trainee's latest `limit` turns, oldest first."""
        try:
            self.ensure_table()
            query = (select(web_chat_history.c.turn).where(web_chat_history.c.trainee == trainee)
                     .order_by(web_chat_history.c.id.desc()).limit(limit))
            with self.engine.connect() as connection:
                rows = connection.execute(query).scalars().all()
        except SQLAlchemyError as error:
            raise HistoryUnavailable(_reason(error)) from error
        return [json.loads(row) for row in reversed(rows)]

    def close(self) -> None:
        if self._engine is not None:
            self._engine.dispose()


def _reason(error: SQLAlchemyError) -> str:
    return str(getattr(error, "orig", error)).strip().splitlines()[0] if str(error).strip() else type(error).__name__

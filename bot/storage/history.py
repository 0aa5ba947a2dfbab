"""Each trainee's visible web conversation, so that a reload shows it again (`web_chat_history`).

One row per turn the web process proxied (the trainee's message, if any, and what came back:
customer lines, score payloads, the scorecard), as JSON, keyed by the trainee. This is the
page's memory, not the transcript: the action server records sessions and scores for review.
The table comes from the Alembic migrations (revision 0009) like every other; a database that
has not been upgraded is reported as such.
"""
from __future__ import annotations

import json
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError

from bot.storage.engine import make_engine, writer
from bot.storage.errors import DatabaseUnavailable, first_line
from bot.storage.models import utcnow, web_chat_history

__all__ = ["ChatHistory", "HistoryUnavailable"]

_MISSING = ("no such table", "does not exist", "undefinedtable")


class HistoryUnavailable(RuntimeError):
    """The history database could not be read or written."""


class ChatHistory:
    """Stores and loads the turns of each trainee's web conversation."""

    def __init__(self, database_url: str, connect_timeout: int | None = 5, engine: Engine | None = None):
        self.database_url = database_url
        self.connect_timeout = connect_timeout
        self._engine = engine

    @property
    def engine(self) -> Engine:
        if self._engine is None:
            try:
                self._engine = make_engine(self.database_url, self.connect_timeout)
            except DatabaseUnavailable as error:
                raise HistoryUnavailable(str(error)) from None
        return self._engine

    def append(self, trainee: str, turn: dict[str, Any]) -> None:
        try:
            with writer(self.engine).begin() as connection:
                connection.execute(insert(web_chat_history).values(
                    trainee=trainee, turn=json.dumps(turn, ensure_ascii=False), created_at=utcnow()))
        except SQLAlchemyError as error:
            raise HistoryUnavailable(_reason(error)) from error

    def load(self, trainee: str, limit: int = 400) -> list[dict[str, Any]]:
        """The trainee's latest `limit` turns, oldest first."""
        try:
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
    reason = first_line(error)
    if any(word in reason.lower() for word in _MISSING):
        return f"{reason} (the database is older than the web history; run `python -m bot db upgrade`)"
    return reason

"""Purge the text our transcripts do not hold: the web chat's history and Rasa's tracker.

`TranscriptStore.purge` deletes old `coach_*` sessions; the same words also sit in
`web_chat_history` (DATABASE_URL, every turn the web page showed) and in Rasa's `events` table
(TRACKER_STORE_URL, every message as Rasa saw it). `purge_message_text` deletes their rows
older than the cutoff, so a purge leaves the trainees' words nowhere. A table that does not
exist (a database not upgraded to revision 0009 yet, Rasa never started) counts as empty.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import MetaData, Table, delete, func, inspect, select
from sqlalchemy.exc import SQLAlchemyError

from bot.config import redact_url
from bot.storage.engine import make_engine
from bot.storage.errors import DatabaseUnavailable, first_line
from bot.storage.models import web_chat_history

WEB_HISTORY = web_chat_history.name  # bot/storage/history.py; created_at: a datetime
RASA_EVENTS = "events"            # Rasa's SQLTrackerStore; timestamp: seconds since the epoch


def _purge_table(url: str, name: str, column: str, cutoff: object, dry_run: bool,
                 connect_timeout: int | None) -> int:
    engine = make_engine(url, connect_timeout)
    try:
        with engine.begin() as connection:
            if not inspect(connection).has_table(name):
                return 0
            table = Table(name, MetaData(), autoload_with=connection)
            old = table.c[column] < cutoff
            count = connection.execute(select(func.count()).select_from(table).where(old)).scalar_one()
            if count and not dry_run:
                connection.execute(delete(table).where(old))
            return int(count)
    except SQLAlchemyError as error:
        raise DatabaseUnavailable(f"Could not purge {name} at {redact_url(url)}: {first_line(error)}") from None
    finally:
        engine.dispose()


def purge_message_text(database_url: str, tracker_store_url: str, cutoff: datetime, dry_run: bool = True,
                       connect_timeout: int | None = None) -> dict[str, int]:
    """Rows older than `cutoff` in the web history and Rasa's events: counted, or deleted."""
    return {
        "web history turns": _purge_table(database_url, WEB_HISTORY, "created_at", cutoff, dry_run,
                                          connect_timeout),
        "Rasa tracker events": _purge_table(tracker_store_url, RASA_EVENTS, "timestamp", cutoff.timestamp(),
                                            dry_run, connect_timeout),
    }

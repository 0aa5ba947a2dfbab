"""Transcript storage: role-play sessions, turns, scores and reviews in our own coach_* tables.

SQLAlchemy 1.4 in 2.0 style, Alembic migrations in migrations/; no Rasa imports. See docs/storage.md.
May import: the standard library, SQLAlchemy, Alembic, `bot.config`, `bot.names` and the coach's
vocabulary (`bot.coach`: the outcomes, the scored dimensions, the score bands), which the coach
defines once; never Rasa, the web or the channels. The coach never imports storage.
"""
from bot.storage.errors import DatabaseUnavailable, SessionEnded, SessionNotFound
from bot.storage.migrate import migrate
from bot.storage.store import TranscriptStore

__all__ = ["TranscriptStore", "DatabaseUnavailable", "SessionNotFound", "SessionEnded", "migrate"]

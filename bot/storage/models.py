"""Every table of ours: the transcript tables (prefixed `coach_`) and the web chat's history
(`web_chat_history`, named before the prefix was the rule); Rasa's `events` is Rasa's own.

SQLAlchemy Core tables; the schema itself is created by the Alembic revisions in `migrations/`,
never by `create_all`, so a change here needs a new revision too.
"""
from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.types import TypeDecorator

# How a session ends and what a reply is scored on are the coach's words, defined there once.
from bot.coach.scenarios import OUTCOMES
from bot.coach.scoring import DIMENSIONS

SPEAKERS = ("trainee", "customer")
REVIEW_KINDS = ("comment", "override")
USER_ROLES = ("lead", "trainee")  # leads review (and may practise); trainees practise in the chat

metadata = MetaData(naming_convention={
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
})


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


class UTCDateTime(TypeDecorator):
    """Stored in UTC on every backend, handed back timezone-aware (UTC).

    PostgreSQL keeps `timestamp with time zone`; SQLite has no time zones, so the value is stored
    as naive UTC text. A naive datetime passed in is taken to be UTC already.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        if not isinstance(value, datetime):  # a plain date: midnight UTC
            value = datetime(value.year, value.month, value.day)
        value = value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value.astimezone(timezone.utc)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value.astimezone(timezone.utc)


def _in(column: str, values) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


trainees = Table(
    "coach_trainees", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", String(200), nullable=False),
    Column("channel", String(50), nullable=False),
    Column("external_id", String(255), nullable=False),
    Column("created_at", UTCDateTime, nullable=False, default=utcnow),
    UniqueConstraint("channel", "external_id"),
)

sessions = Table(
    "coach_sessions", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    # No cascade: a trainee is deleted only when no session refers to it (see TranscriptStore.purge).
    Column("trainee_id", Integer, ForeignKey("coach_trainees.id"), nullable=False),
    Column("scenario_id", String(100), nullable=False),
    Column("channel", String(50), nullable=False),
    Column("conversation_id", String(255), nullable=False),
    Column("started_at", UTCDateTime, nullable=False, default=utcnow),
    Column("ended_at", UTCDateTime, nullable=True),
    Column("outcome", String(20), nullable=True),
    Column("ownership", Integer, nullable=True),
    Column("flexibility", Integer, nullable=True),
    Column("rubric_version", Integer, nullable=False),
    Column("reviewed", Boolean, nullable=False, default=False, server_default=false()),
    # The role-play state (JSON) while the session is open, written with each turn; NULL once it
    # ends. The server owns it: the Rasa slot holds only the session id (bot/coach/roleplay.py).
    Column("state", Text, nullable=True),
    CheckConstraint(f"outcome IS NULL OR {_in('outcome', OUTCOMES)}", name="outcome"),
    Index(None, "trainee_id", "started_at"),
    Index(None, "scenario_id", "started_at"),
    Index(None, "started_at"),
    Index(None, "outcome", "started_at"),
    Index(None, "conversation_id"),
)

turns = Table(
    "coach_turns", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("session_id", Integer, ForeignKey("coach_sessions.id", ondelete="CASCADE"), nullable=False),
    Column("seq", Integer, nullable=False),
    Column("speaker", String(10), nullable=False),
    Column("text", Text, nullable=False),
    Column("created_at", UTCDateTime, nullable=False, default=utcnow),
    Column("ownership", Integer, nullable=True),
    Column("flexibility", Integer, nullable=True),
    Column("cues", Text, nullable=True),  # JSON list of cue dicts
    Column("reason", Text, nullable=True),
    Column("over_promise", Boolean, nullable=True),
    Column("mood", String(30), nullable=True),
    # A low reply's model reply (JSON {"text", "why"}), stored with its score (revision 0006).
    Column("model_reply", Text, nullable=True),
    # Set on a trainee reply the trainee took back (practice mode) and on the customer's answer to
    # it: both stay in the transcript, marked; NULL for every turn that stands (revision 0007).
    Column("retracted_at", UTCDateTime, nullable=True),
    UniqueConstraint("session_id", "seq"),
    CheckConstraint(_in("speaker", SPEAKERS), name="speaker"),
)

reviews = Table(
    "coach_reviews", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("session_id", Integer, ForeignKey("coach_sessions.id", ondelete="CASCADE"), nullable=False),
    Column("turn_id", Integer, ForeignKey("coach_turns.id", ondelete="CASCADE"), nullable=True),
    Column("kind", String(10), nullable=False),
    Column("dimension", String(20), nullable=True),
    Column("old_score", Integer, nullable=True),
    Column("new_score", Integer, nullable=True),
    Column("comment", Text, nullable=True),
    Column("author", String(200), nullable=False),
    Column("created_at", UTCDateTime, nullable=False, default=utcnow),
    CheckConstraint(_in("kind", REVIEW_KINDS), name="kind"),
    CheckConstraint(f"dimension IS NULL OR {_in('dimension', DIMENSIONS)}", name="dimension"),
    Index(None, "session_id"),
    Index(None, "turn_id"),
)

users = Table(
    "coach_users", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", String(200), nullable=False),
    Column("role", String(20), nullable=False),
    Column("password_hash", String(400), nullable=False),  # see bot/storage/users.py for the format
    Column("created_at", UTCDateTime, nullable=False, default=utcnow),
    # The name case-folded in Python (SQLite's lower() folds ASCII only): what names are matched on.
    Column("name_key", String(200), nullable=False),
    # In every lead cookie; raised by a sign-out or a password change to end the older cookies.
    Column("token_version", Integer, nullable=False, default=0, server_default="0"),
    UniqueConstraint("name"),
    UniqueConstraint("name_key"),
    CheckConstraint(_in("role", USER_ROLES), name="role"),
)

# --- state the processes share (bot/storage/shared.py; revision 0008) ------------------------------
# Slack events and button clicks already received, by their dedupe key (channels/slack/events.py):
# the primary key makes "the first delivery wins" one atomic insert, whichever process gets it.
seen_events = Table(
    "coach_seen_events", metadata,
    Column("key", String(300), primary_key=True),
    Column("seen_at", UTCDateTime, nullable=False),
    Index(None, "seen_at"),
)

# Slack users' display names from users.info, looked up again once `fetched_at` is a day old.
slack_names = Table(
    "coach_slack_names", metadata,
    Column("user_id", String(50), primary_key=True),
    Column("name", String(200), nullable=False),
    Column("fetched_at", UTCDateTime, nullable=False),
)

# Failed sign-ins, one row per name and one per address each time: `scope` is "chat" or "review",
# `key` a SHA-256 of "name:<name case-folded>" or "addr:<address>" (a name typed by mistake may be
# someone's password; it is never stored as typed).
signin_failures = Table(
    "coach_signin_failures", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("scope", String(20), nullable=False),
    Column("key", String(64), nullable=False),
    Column("failed_at", UTCDateTime, nullable=False),
    Index(None, "scope", "key", "failed_at"),
    Index(None, "failed_at"),
)

# --- the web chat's visible conversation (bot/storage/history.py; revision 0009) --------------------
# One row per turn the web process proxied (the trainee's message, if any, and what came back), as
# JSON, keyed by the trainee (their name case-folded). The page's memory for a reload, not the
# transcript. Databases older than 0009 had it made by `create_all` in the web process; 0009 makes
# it only where it is missing, so those keep their rows.
web_chat_history = Table(
    "web_chat_history", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("trainee", String(200), nullable=False, index=True),
    Column("turn", Text, nullable=False),
    Column("created_at", UTCDateTime, nullable=False, default=utcnow),
)

TABLES = (trainees, sessions, turns, reviews, users, seen_events, slack_names, signin_failures,
          web_chat_history)
TABLE_NAMES = frozenset(t.name for t in TABLES)

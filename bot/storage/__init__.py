"""Storage: owns every table of ours and every query on it: the `coach_*` tables (role-play
sessions, turns with their scores, cues, reason and mood, reviews, the leads' and trainees'
accounts in `users`), the web chat's visible turns (`history`, table `web_chat_history`), the review
pages' reads (`review_queries`), what the reads return (TypedDicts in `records`), the state every
process shares (`shared`: Slack's received event ids and display names, failed sign-ins), their
engines and the check that a database answers before anything starts (`engine`), the Alembic
migrations in migrations/ (`migrate`; no `create_all`), exports, purging old text (ours, the web
chat's history and Rasa's tracker events), and its errors with the one way a database error is
worded (`errors`, importing nothing outside storage); SQLAlchemy 1.4 in 2.0 style
(docs/storage.md). The only package of ours that imports SQLAlchemy and Alembic (contract
`sql-only-in-storage`). May import SQLAlchemy, Alembic, the standard library, `bot.config`,
`bot.names` and `bot.coach` (the outcomes, the scored
dimensions and the score bands, which the coach defines once, and the customer's state,
`bot.coach.state.CustomerState`, kept as its JSON form in coach_sessions.state); never Rasa,
rasa-sdk, Sanic, aiohttp, `bot.web`, `bot.ops`, `bot.cli`, the actions, the channels or
`rasa_adapters` (contracts `storage-inner` and `bot-layers`). The Slack channel uses `shared`
(contract `channels-shared-state-only`).
"""
from bot.storage.errors import DatabaseUnavailable, SessionEnded, SessionNotFound
from bot.storage.migrate import migrate
from bot.storage.store import TranscriptStore

__all__ = ["TranscriptStore", "DatabaseUnavailable", "SessionNotFound", "SessionEnded", "migrate"]

"""Bring the transcript tables up to date with the Alembic revisions in migrations/."""
from __future__ import annotations

from bot.config import PROJECT_ROOT, redact_url
from bot.storage.errors import DatabaseUnavailable, first_line

ALEMBIC_INI = PROJECT_ROOT / "alembic.ini"
MIGRATIONS_DIR = PROJECT_ROOT / "migrations"
VERSION_TABLE = "coach_alembic_version"


def alembic_config(database_url: str, connect_timeout: int | None = None):
    from alembic.config import Config

    config = Config(str(ALEMBIC_INI)) if ALEMBIC_INI.exists() else Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["database_url"] = database_url
    config.attributes["connect_timeout"] = connect_timeout
    config.attributes["configure_logger"] = False  # leave the caller's logging as it is
    return config


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head()
    if head is None:  # migrations/ always holds revisions; without one there is nothing to upgrade to
        raise RuntimeError("migrations/versions holds no Alembic revision")
    return head


def _database_url(database_url: str | None) -> str:
    if database_url:
        return database_url
    from bot.config import get_settings

    return get_settings().database_url


def _fail(database_url: str, error: BaseException) -> DatabaseUnavailable:
    from sqlalchemy.engine import make_url

    try:
        password = make_url(database_url).password
    except Exception:
        password = None
    return DatabaseUnavailable(
        f"Could not update the transcript tables at {redact_url(database_url)}: {first_line(error, password)}. "
        "Check that the database is running and DATABASE_URL in .env is right.")


def migrate(database_url: str | None = None, revision: str = "head",
            connect_timeout: int | None = None) -> str | None:
    """Upgrade the schema to `revision` (the newest by default); returns the revision now in place.

    Safe to run on every start: it does nothing when the schema is up to date.
    """
    from alembic import command
    from sqlalchemy.exc import SQLAlchemyError

    url = _database_url(database_url)
    try:
        command.upgrade(alembic_config(url, connect_timeout), revision)
    except SQLAlchemyError as error:
        raise _fail(url, error) from None
    return current_revision(url, connect_timeout)


def current_revision(database_url: str | None = None, connect_timeout: int | None = None) -> str | None:
    """The revision the database is at (None for an empty database)."""
    from alembic.runtime.migration import MigrationContext
    from sqlalchemy.exc import SQLAlchemyError

    from bot.storage.engine import make_engine

    url = _database_url(database_url)
    engine = make_engine(url, connect_timeout)
    try:
        with engine.connect() as connection:
            return MigrationContext.configure(connection, opts={"version_table": VERSION_TABLE}) \
                .get_current_revision()
    except SQLAlchemyError as error:
        raise _fail(url, error) from None
    finally:
        engine.dispose()


def schema_status(database_url: str | None = None, connect_timeout: int | None = None) -> tuple[str | None, str]:
    """(the database's revision, the newest revision): equal when the schema is up to date."""
    return current_revision(database_url, connect_timeout), head_revision()

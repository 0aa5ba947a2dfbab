"""Alembic environment for the transcript tables (coach_*).

The URL comes from, in order: `alembic -x url=...`, the URL set by bot.storage.migrate(), the
DATABASE_URL environment variable / `.env` (via bot.config). Only coach_* tables are looked at:
Rasa's `events` table and anything else in a shared database are left alone.
"""
from __future__ import annotations

import os
from logging.config import fileConfig

from alembic import context

from bot.storage.engine import make_engine
from bot.storage.models import TABLE_NAMES, metadata

VERSION_TABLE = "coach_alembic_version"

config = context.config
if config.config_file_name and config.attributes.get("configure_logger", True):
    fileConfig(config.config_file_name, disable_existing_loggers=False)


def database_url() -> str:
    url = context.get_x_argument(as_dictionary=True).get("url") or config.attributes.get("database_url")
    if url:
        return url
    from bot.config import get_settings, load_settings

    return load_settings().database_url if os.environ.get("DATABASE_URL") else get_settings().database_url


def include_name(name, type_, parent_names) -> bool:
    if type_ == "table":
        return name in TABLE_NAMES
    return True


def _configure(**kwargs) -> None:
    context.configure(target_metadata=metadata, version_table=VERSION_TABLE, include_name=include_name,
                      compare_type=True, **kwargs)


def run_migrations_offline() -> None:
    _configure(url=database_url(), literal_binds=True, dialect_opts={"paramstyle": "named"})
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _configure(connection=connection, render_as_batch=connection.dialect.name == "sqlite")
        with context.begin_transaction():
            context.run_migrations()
        return
    engine = make_engine(database_url(), config.attributes.get("connect_timeout"))
    try:
        with engine.connect() as connection:
            _configure(connection=connection, render_as_batch=connection.dialect.name == "sqlite")
            with context.begin_transaction():
                context.run_migrations()
    finally:
        engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()

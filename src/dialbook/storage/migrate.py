"""Schema migrations with Alembic, for both backends."""

from __future__ import annotations

import logging
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine

from dialbook.storage import parse_database_url

log = logging.getLogger(__name__)

_SCRIPTS = Path(__file__).resolve().parent.parent / "migrations"


def alembic_config(database_url: str) -> Config:
    """An Alembic configuration for dialbook's migrations on ``database_url``."""
    config = Config()
    config.set_main_option("script_location", str(_SCRIPTS))
    url = parse_database_url(database_url)
    config.set_main_option("sqlalchemy.url", url.sqlalchemy_url.replace("%", "%%"))
    if url.backend == "sqlite" and url.target != ":memory:":
        Path(url.target).parent.mkdir(parents=True, exist_ok=True)
    return config


def migrate(database_url: str) -> str | None:
    """Bring the schema at ``database_url`` to the newest version and return it."""
    command.upgrade(alembic_config(database_url), "head")
    return schema_version(database_url)


def schema_version(database_url: str) -> str | None:
    """The schema version the database is at, or None before any migration."""
    engine = create_engine(parse_database_url(database_url).sqlalchemy_url)
    try:
        with engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision()
    finally:
        engine.dispose()

"""Storage backends behind one interface, chosen by the database URL."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from dialbook.config import Settings
from dialbook.errors import InvalidParameter
from dialbook.storage.base import Database, Store
from dialbook.storage.postgres import PostgresStore
from dialbook.storage.sqlite import SqliteStore

__all__ = ["Database", "DatabaseUrl", "Store", "open_store", "parse_database_url"]


@dataclass(frozen=True)
class DatabaseUrl:
    """A parsed ``sqlite:///PATH`` or ``postgresql://...`` URL."""

    backend: str
    target: str

    @property
    def sqlalchemy_url(self) -> str:
        """The same database as SQLAlchemy (and so Alembic) names it."""
        if self.backend == "sqlite":
            return f"sqlite:///{self.target}"
        return "postgresql+psycopg://" + self.target.split("://", 1)[1]

    def describe(self) -> str:
        """The URL without any password, fit for a log line."""
        if self.backend == "sqlite":
            return f"sqlite:///{self.target}"
        parts = urlsplit(self.target)
        host = parts.hostname or ""
        port = f":{parts.port}" if parts.port else ""
        user = f"{parts.username}@" if parts.username else ""
        return f"postgresql://{user}{host}{port}{parts.path}"


def parse_database_url(url: str) -> DatabaseUrl:
    """Tell the backend and its target from a database URL."""
    if url.startswith("sqlite:///"):
        return DatabaseUrl("sqlite", url.removeprefix("sqlite:///"))
    if url.startswith(("postgresql://", "postgres://")):
        return DatabaseUrl("postgresql", url)
    raise InvalidParameter(
        f"invalid database URL {url!r}: use sqlite:///PATH or postgresql://..."
    )


def open_store(settings: Settings) -> Store:
    """Build (not yet open) the store the settings name."""
    url = parse_database_url(settings.database_url)
    if url.backend == "sqlite":
        return SqliteStore(
            url.target,
            durable=settings.sqlite_durable,
            cache_mb=settings.sqlite_cache_mb,
        )
    return PostgresStore(url.target, pool_size=settings.pool_size)

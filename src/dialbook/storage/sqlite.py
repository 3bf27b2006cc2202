"""The SQLite backend: the standard ``sqlite3`` module, called inline.

One connection per process serves every request. Calls are synchronous and
short, so a write session (``BEGIN IMMEDIATE`` ... ``COMMIT``) never yields to
the event loop and no other request can interleave with it; other processes
wait on SQLite's own lock.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import AsyncIterator, Iterator, Sequence
from contextlib import asynccontextmanager, contextmanager
from pathlib import Path

from dialbook.errors import DatabaseUnavailable, InvalidParameter
from dialbook.storage.base import Params, Row

log = logging.getLogger(__name__)


class SqliteDatabase:
    """Statement execution on one SQLite connection."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self._connection = connection

    async def one(self, sql: str, params: Params = ()) -> Row | None:
        with _translated_errors():
            row: Row | None = self._connection.execute(sql, params).fetchone()
        return row

    async def all(self, sql: str, params: Params = ()) -> list[Row]:
        with _translated_errors():
            return self._connection.execute(sql, params).fetchall()

    async def run(self, sql: str, params: Params = ()) -> int:
        with _translated_errors():
            return self._connection.execute(sql, params).rowcount

    async def run_many(self, sql: str, rows: Sequence[Params]) -> None:
        with _translated_errors():
            self._connection.executemany(sql, rows)

    async def locked(self, sql: str, params: Params = ()) -> Row | None:
        # BEGIN IMMEDIATE already holds the write lock for the whole session.
        return await self.one(sql, params)


@contextmanager
def _translated_errors() -> Iterator[None]:
    try:
        yield
    except sqlite3.OperationalError as exc:
        raise _unavailable(exc) from exc
    except OverflowError as exc:
        raise InvalidParameter(
            "invalid parameter: a number is too large to store (at most 2^63 - 1)"
        ) from exc


def _unavailable(exc: sqlite3.OperationalError) -> DatabaseUnavailable:
    log.warning("sqlite error: %s", exc)
    return DatabaseUnavailable(
        "database unavailable: the database is busy or unreadable"
    )


class SqliteStore:
    """A SQLite file in WAL mode, durable by default."""

    backend = "sqlite"

    def __init__(self, path: str, durable: bool = True) -> None:
        self.path = path
        self.durable = durable
        self._connection: sqlite3.Connection | None = None
        self._database: SqliteDatabase | None = None

    async def open(self) -> None:
        self._connection = connect(self.path, self.durable)
        self._database = SqliteDatabase(self._connection)

    async def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
        self._connection = None
        self._database = None

    @asynccontextmanager
    async def read(self) -> AsyncIterator[SqliteDatabase]:
        assert self._database is not None, "store is not open"
        yield self._database

    @asynccontextmanager
    async def write(self) -> AsyncIterator[SqliteDatabase]:
        assert self._connection is not None and self._database is not None
        with _translated_errors():
            self._connection.execute("BEGIN IMMEDIATE")
        try:
            yield self._database
            with _translated_errors():
                self._connection.execute("COMMIT")
        finally:
            # Left open only by an error, here or in COMMIT itself.
            if self._connection.in_transaction:
                self._connection.execute("ROLLBACK")


def connect(path: str, durable: bool = True) -> sqlite3.Connection:
    """Open ``path`` with the settings every dialbook connection uses."""
    if path != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    connection = sqlite3.connect(
        path,
        isolation_level=None,
        check_same_thread=False,
        cached_statements=512,
    )
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA busy_timeout=5000")
    connection.execute("PRAGMA foreign_keys=ON")
    connection.execute(f"PRAGMA synchronous={'FULL' if durable else 'NORMAL'}")
    return connection

"""The SQLite backend: the standard ``sqlite3`` module, called inline.

One connection per process serves every request. Calls are synchronous and
short, so a write session never yields to the event loop while it runs and
no other request can interleave with it; other processes wait on SQLite's
own lock.

Write sessions commit in groups: the first one opens a transaction
(``BEGIN IMMEDIATE``) and schedules its commit for the next turn of the event
loop; each session is a savepoint inside it, rolled back alone when it fails.
A session ends only when that commit is done, so a write is answered only
once it is durable, while the requests that arrive together share one commit
and so one sync to disk. Reads in this process see a group's changes before
its commit; if the commit fails, every session of the group fails with 1010.

Checkpoints (copying the write-ahead log into the database file) run in a
thread of the store's own, never inside a commit on the event loop.
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
import threading
from collections.abc import Sequence
from contextlib import AbstractAsyncContextManager
from pathlib import Path
from types import TracebackType
from typing import Any

from dialbook.errors import DatabaseUnavailable, DialbookError, InvalidParameter
from dialbook.storage.base import Lookup, Params, Row

log = logging.getLogger(__name__)

# How often the write-ahead log is copied into the database file.
CHECKPOINT_SECONDS = 0.5


class SqliteDatabase:
    """Statement execution on one SQLite connection."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self._connection = connection

    async def one(self, sql: str, params: Params = ()) -> Row | None:
        try:
            row: Row | None = self._connection.execute(sql, params).fetchone()
        except (sqlite3.OperationalError, OverflowError) as exc:
            raise _translated(exc) from exc
        return row

    async def all(self, sql: str, params: Params = ()) -> list[Row]:
        try:
            return self._connection.execute(sql, params).fetchall()
        except (sqlite3.OperationalError, OverflowError) as exc:
            raise _translated(exc) from exc

    async def run(self, sql: str, params: Params = ()) -> int:
        try:
            return self._connection.execute(sql, params).rowcount
        except (sqlite3.OperationalError, OverflowError) as exc:
            raise _translated(exc) from exc

    async def run_many(self, sql: str, rows: Sequence[Params]) -> None:
        try:
            self._connection.executemany(sql, rows)
        except (sqlite3.OperationalError, OverflowError) as exc:
            raise _translated(exc) from exc

    async def locked(self, sql: str, params: Params = ()) -> Row | None:
        # BEGIN IMMEDIATE already holds the write lock for the whole session.
        return await self.one(sql, params)


def _translated(exc: Exception) -> DialbookError:
    if isinstance(exc, OverflowError):
        return InvalidParameter(
            "invalid parameter: a number is too large to store (at most 2^63 - 1)"
        )
    return _unavailable(exc)


def _unavailable(exc: Exception) -> DatabaseUnavailable:
    log.warning("sqlite error: %s", exc)
    return DatabaseUnavailable(
        "database unavailable: the database is busy or unreadable"
    )


class _Reading(AbstractAsyncContextManager[SqliteDatabase]):
    """A read session: the connection, inside this loop turn's read transaction."""

    def __init__(self, group: _CommitGroup, database: SqliteDatabase) -> None:
        self._group = group
        self._database = database

    async def __aenter__(self) -> SqliteDatabase:
        self._group.begin_read()
        return self._database

    async def __aexit__(self, *exc_info: object) -> None:
        return None


class _CommitGroup:
    """The write sessions that share one transaction, and who waits for its commit."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self._connection = connection
        self._waiters: list[asyncio.Future[None]] | None = None
        self._in_session = False
        self._reading = False

    def begin_read(self) -> None:
        """Let this loop turn's read sessions share one read transaction.

        In WAL mode every statement outside a transaction takes and drops a
        lock on the shared index, system calls each time; a read session of
        several statements (resolve has five) needs only one snapshot, and
        sessions of the same turn can share it. Inside a write group, reads
        use its transaction, as before.
        """
        if self._connection.in_transaction:
            return
        self._execute("BEGIN")
        self._reading = True
        asyncio.get_running_loop().call_soon(self.end_read)

    def end_read(self) -> None:
        """End the turn's read transaction, if it is still open."""
        if not self._reading:
            return
        self._reading = False
        try:
            self._connection.execute("COMMIT")
        except sqlite3.Error as exc:
            log.warning("sqlite error ending a read: %s", exc)
            if self._connection.in_transaction:
                self._connection.execute("ROLLBACK")

    def join(self) -> None:
        """Open the group's transaction unless it is open, then this savepoint."""
        if self._in_session:
            raise DatabaseUnavailable("write sessions must not nest or interleave")
        if self._waiters is not None and not self._connection.in_transaction:
            # SQLite gave the transaction up (a disk error): its sessions failed.
            self.commit()
        self.end_read()
        if self._waiters is None:
            self._execute("BEGIN IMMEDIATE")
            self._waiters = []
            asyncio.get_running_loop().call_soon(self.commit)
        self._execute("SAVEPOINT session")
        self._in_session = True

    def leave(self, failed: bool) -> asyncio.Future[None] | None:
        """End this session's savepoint; a future for the commit when it stays."""
        self._in_session = False
        if failed:
            self._execute("ROLLBACK TO session")
            self._execute("RELEASE session")
            return None
        self._execute("RELEASE session")
        waiter = asyncio.get_running_loop().create_future()
        assert self._waiters is not None, "a write session runs inside a group"
        self._waiters.append(waiter)
        return waiter

    def commit(self) -> None:
        """Commit the group and wake its sessions, or fail each of them."""
        if self._waiters is None:
            return
        if self._in_session:
            # A session yielded to the loop halfway; commit once it is done.
            asyncio.get_running_loop().call_soon(self.commit)
            return
        waiters, self._waiters = self._waiters, None
        try:
            self._connection.execute("COMMIT")
        except sqlite3.Error as exc:
            _settle(waiters, exc)
            if self._connection.in_transaction:
                self._connection.execute("ROLLBACK")
            return
        _settle(waiters, None)

    def _execute(self, sql: str) -> None:
        try:
            self._connection.execute(sql)
        except sqlite3.OperationalError as exc:
            raise _unavailable(exc) from exc


def _settle(waiters: list[asyncio.Future[None]], error: Exception | None) -> None:
    for waiter in waiters:
        if waiter.done():
            continue
        if error is None:
            waiter.set_result(None)
        else:
            waiter.set_exception(_unavailable(error))


class _Writing(AbstractAsyncContextManager[SqliteDatabase]):
    """A write session: a savepoint in its group, ended by the group's commit."""

    def __init__(self, group: _CommitGroup, database: SqliteDatabase) -> None:
        self._group = group
        self._database = database

    async def __aenter__(self) -> SqliteDatabase:
        self._group.join()
        return self._database

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        committed = self._group.leave(failed=exc_type is not None)
        if committed is not None:
            await committed


class _Checkpointer:
    """Copies the write-ahead log into the database from a thread of its own.

    SQLite's automatic checkpoint runs inside the commit that crosses its
    threshold, so on the serving connection it would stop the event loop for
    the tens of milliseconds a checkpoint and its sync take. This thread runs
    a passive checkpoint (one that never waits for readers or writers) every
    ``interval`` seconds on a connection of its own; the standard module lets
    other threads run while SQLite works, so the loop goes on serving.
    """

    def __init__(self, path: str, interval: float) -> None:
        self._path = path
        self._interval = interval
        self._stopped = threading.Event()
        self._thread = threading.Thread(
            target=self._run, name="sqlite-checkpoint", daemon=True
        )

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stopped.set()
        self._thread.join()

    def _run(self) -> None:
        connection = sqlite3.connect(self._path, isolation_level=None)
        try:
            connection.execute("PRAGMA busy_timeout=5000")
            while not self._stopped.wait(self._interval):
                self._checkpoint(connection)
            self._checkpoint(connection)
        finally:
            connection.close()

    def _checkpoint(self, connection: sqlite3.Connection) -> None:
        try:
            connection.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
        except sqlite3.Error as exc:
            log.warning("sqlite checkpoint failed: %s", exc)


class SqliteStore:
    """A SQLite file in WAL mode, durable by default."""

    backend = "sqlite"

    def __init__(self, path: str, durable: bool = True, cache_mb: int = 64) -> None:
        self.path = path
        self.durable = durable
        self.cache_mb = cache_mb
        self._connection: sqlite3.Connection | None = None
        self._database: SqliteDatabase | None = None
        self._group: _CommitGroup | None = None
        self._checkpointer: _Checkpointer | None = None

    async def open(self) -> None:
        self._connection = connect(self.path, self.durable)
        # A page cache that holds the pages of the contacts being called saves
        # reading them from the operating system again (docs/performance.md).
        self._connection.execute(f"PRAGMA cache_size={-1024 * self.cache_mb}")
        self._database = SqliteDatabase(self._connection)
        self._group = _CommitGroup(self._connection)
        if self.path != ":memory:":
            self._connection.execute("PRAGMA wal_autocheckpoint=0")
            self._checkpointer = _Checkpointer(self.path, CHECKPOINT_SECONDS)
            self._checkpointer.start()

    async def close(self) -> None:
        if self._group is not None:
            self._group.end_read()
            self._group.commit()
        if self._checkpointer is not None:
            self._checkpointer.stop()
        if self._connection is not None:
            self._connection.close()
        self._connection = self._database = self._group = None
        self._checkpointer = None

    def read(self) -> AbstractAsyncContextManager[SqliteDatabase]:
        assert self._group is not None and self._database is not None
        return _Reading(self._group, self._database)

    def write(self) -> AbstractAsyncContextManager[SqliteDatabase]:
        assert self._group is not None and self._database is not None
        return _Writing(self._group, self._database)

    async def look_up(self, lookup: Lookup, key: tuple[Any, ...]) -> Row | None:
        # No batching: the statement runs inline, in the turn's read transaction.
        assert self._group is not None and self._database is not None
        self._group.begin_read()
        return await self._database.one(lookup.one, key)


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

"""The PostgreSQL backend: psycopg 3 with an asynchronous connection pool."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from functools import partial
from typing import Any, cast

import psycopg
from psycopg_pool import AsyncConnectionPool, PoolTimeout

from dialbook.errors import DatabaseUnavailable, InvalidParameter
from dialbook.storage.base import Lookup, Params, Row
from dialbook.storage.coalesce import Coalescer, Key

log = logging.getLogger(__name__)

_translated: dict[str, Any] = {}


def _translate(sql: str) -> Any:
    """Turn a statement written with ``?`` placeholders into psycopg's style."""
    text = _translated.get(sql)
    if text is None:
        text = sql.replace("%", "%%").replace("?", "%s")
        _translated[sql] = text
    return text


class PostgresDatabase:
    """Statement execution on one pooled PostgreSQL connection."""

    def __init__(self, connection: psycopg.AsyncConnection[Any]) -> None:
        self._connection = connection

    async def one(self, sql: str, params: Params = ()) -> Row | None:
        cursor = await self._execute(sql, params)
        return cast(Row | None, await cursor.fetchone())

    async def all(self, sql: str, params: Params = ()) -> list[Row]:
        cursor = await self._execute(sql, params)
        return cast(list[Row], await cursor.fetchall())

    async def run(self, sql: str, params: Params = ()) -> int:
        cursor = await self._execute(sql, params)
        return cursor.rowcount

    async def run_many(self, sql: str, rows: Sequence[Params]) -> None:
        try:
            async with self._connection.cursor() as cursor:
                await cursor.executemany(_translate(sql), rows)
        except psycopg.OperationalError as exc:
            raise _unavailable(exc) from exc
        except psycopg.DataError as exc:
            raise _out_of_range(exc) from exc

    async def locked(self, sql: str, params: Params = ()) -> Row | None:
        return await self.one(sql + " FOR UPDATE", params)

    async def _execute(self, sql: str, params: Params) -> psycopg.AsyncCursor[Any]:
        try:
            return await self._connection.execute(_translate(sql), params)
        except psycopg.OperationalError as exc:
            raise _unavailable(exc) from exc
        except psycopg.DataError as exc:
            raise _out_of_range(exc) from exc


def _unavailable(exc: Exception) -> DatabaseUnavailable:
    log.warning("postgresql error: %s", type(exc).__name__)
    return DatabaseUnavailable("database unavailable: PostgreSQL did not answer")


def _out_of_range(exc: psycopg.DataError) -> InvalidParameter:
    # The driver's own text may quote the value, so only its class is kept.
    return InvalidParameter(
        "invalid parameter: a value does not fit the database (text cannot hold"
        f" U+0000, a number is at most 2^63 - 1; {type(exc).__name__})"
    )


class PostgresStore:
    """A PostgreSQL database reached through a pool of connections."""

    backend = "postgresql"

    def __init__(self, url: str, pool_size: int = 8) -> None:
        self.url = url
        self._pool = AsyncConnectionPool(
            url,
            min_size=1,
            max_size=pool_size,
            open=False,
            kwargs={"autocommit": True},
            timeout=10,
        )
        self._coalescers: dict[Lookup, Coalescer] = {}

    async def open(self) -> None:
        try:
            await self._pool.open(wait=True, timeout=10)
        except PoolTimeout as exc:
            raise _unavailable(exc) from exc

    async def close(self) -> None:
        await self._pool.close()

    @asynccontextmanager
    async def read(self) -> AsyncIterator[PostgresDatabase]:
        try:
            async with self._pool.connection() as connection:
                yield PostgresDatabase(connection)
        except PoolTimeout as exc:
            raise _unavailable(exc) from exc

    async def look_up(self, lookup: Lookup, key: tuple[Any, ...]) -> Row | None:
        coalescer = self._coalescers.get(lookup)
        if coalescer is None:
            coalescer = Coalescer(partial(self._fetch_many, lookup))
            self._coalescers[lookup] = coalescer
        return await coalescer.get(key)

    async def _fetch_many(self, lookup: Lookup, keys: Sequence[Key]) -> list[Row]:
        columns = [list(parts) for parts in zip(*keys, strict=True)]
        async with self.read() as db:
            return await db.all(lookup.many, columns)

    @asynccontextmanager
    async def write(self) -> AsyncIterator[PostgresDatabase]:
        try:
            async with (
                self._pool.connection() as connection,
                connection.transaction(),
            ):
                yield PostgresDatabase(connection)
        except PoolTimeout as exc:
            raise _unavailable(exc) from exc

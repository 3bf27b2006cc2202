"""The storage interface: a store hands out read and write sessions.

Statements are written once, with ``?`` placeholders; a backend that needs
another placeholder style translates each text once and keeps the result.
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from typing import Any, Protocol

Row = tuple[Any, ...]
Params = Sequence[Any]


class Database(Protocol):
    """One connection's worth of statement execution, as a backend provides it."""

    async def one(self, sql: str, params: Params = ()) -> Row | None:
        """Run a query and return its first row, or None."""
        ...

    async def all(self, sql: str, params: Params = ()) -> list[Row]:
        """Run a query and return every row."""
        ...

    async def run(self, sql: str, params: Params = ()) -> int:
        """Run a statement and return how many rows it changed."""
        ...

    async def run_many(self, sql: str, rows: Sequence[Params]) -> None:
        """Run one statement once for each parameter row."""
        ...

    async def locked(self, sql: str, params: Params = ()) -> Row | None:
        """Like ``one``, locking the row until the write session ends."""
        ...


@dataclass(frozen=True)
class Lookup:
    """A query for at most one row by its key, which a store may ask many keys at once.

    ``one`` finds the row of one key, a ``?`` for each part of the key in order.
    ``many`` finds the rows of many keys, given as one array per key part; it
    starts each row with the parts of its key, then the columns of ``one``.
    Only PostgreSQL uses ``many`` (see ``storage/coalesce.py``).
    """

    one: str
    many: str


class Store(Protocol):
    """A database dialbook keeps its data in."""

    backend: str

    def read(self) -> AbstractAsyncContextManager[Database]:
        """Open a session for reads."""
        ...

    def write(self) -> AbstractAsyncContextManager[Database]:
        """Open a session whose statements commit together or not at all."""
        ...

    async def look_up(self, lookup: Lookup, key: tuple[Any, ...]) -> Row | None:
        """The row ``lookup`` finds for ``key``, read outside any session."""
        ...

    async def open(self) -> None:
        """Connect; called once before the first session."""
        ...

    async def close(self) -> None:
        """Release every connection."""
        ...

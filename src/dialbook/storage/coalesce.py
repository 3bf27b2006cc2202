"""Look-ups that arrive together, answered by one statement.

Under load many requests ask for a row by its key at nearly the same moment:
getInfo and search both look a contact up by account and number. On
PostgreSQL each statement costs the worker far more than the row it returns
(a pooled connection, a round trip, the driver's bookkeeping), so the keys
asked for in one turn of the event loop are gathered and fetched by a single
statement on one connection. A lone request waits one turn of the loop more,
nothing else; a busy worker sends one statement for many requests.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from dialbook.storage.base import Row

Key = tuple[Any, ...]
Fetch = Callable[[Sequence[Key]], Awaitable[list[Row]]]

# The most keys one statement asks for; a larger gathering is split.
MOST_KEYS = 500


class Coalescer:
    """Gathers the keys asked for in one loop turn and fetches them at once.

    ``fetch`` gets the distinct keys and returns the rows found, each starting
    with its key's parts, in any order; a key without a row is answered None.
    """

    def __init__(self, fetch: Fetch, most_keys: int = MOST_KEYS) -> None:
        self._fetch = fetch
        self._most_keys = most_keys
        self._waiting: dict[Key, list[asyncio.Future[Row | None]]] = {}
        self._scheduled = False
        self._running: set[asyncio.Task[None]] = set()

    async def get(self, key: Key) -> Row | None:
        """The row for ``key`` without its key parts, or None."""
        loop = asyncio.get_running_loop()
        answer: asyncio.Future[Row | None] = loop.create_future()
        self._waiting.setdefault(key, []).append(answer)
        if not self._scheduled:
            self._scheduled = True
            loop.call_soon(self._send)
        return await answer

    def _send(self) -> None:
        self._scheduled = False
        waiting, self._waiting = self._waiting, {}
        keys = list(waiting)
        for start in range(0, len(keys), self._most_keys):
            chunk = {key: waiting[key] for key in keys[start : start + self._most_keys]}
            task = asyncio.ensure_future(self._answer(chunk))
            self._running.add(task)
            task.add_done_callback(self._running.discard)

    async def _answer(
        self, waiting: dict[Key, list[asyncio.Future[Row | None]]]
    ) -> None:
        try:
            rows = await self._fetch(list(waiting))
        except Exception as exc:
            for answers in waiting.values():
                _settle(answers, error=exc)
            return

        width = len(next(iter(waiting)))
        found = {tuple(row[:width]): tuple(row[width:]) for row in rows}
        for key, answers in waiting.items():
            _settle(answers, row=found.get(key))


def _settle(
    answers: list[asyncio.Future[Row | None]],
    row: Row | None = None,
    error: Exception | None = None,
) -> None:
    for answer in answers:
        if answer.done():  # its request was cancelled meanwhile
            continue
        if error is None:
            answer.set_result(row)
        else:
            answer.set_exception(error)

"""Each account's custom field definitions, kept for a few seconds per worker.

Every contact write and search checks values against the definitions, and
reading them is a query. A worker keeps what it read for
``FIELD_CACHE_SECONDS``; ``Field/define`` and ``Field/remove`` drop the
account's entry at once, so the worker that made a change sees it on the
next request and every other worker within that time.
"""

from __future__ import annotations

import time

from dialbook.domain.fields import FieldDefinition
from dialbook.storage import Database, Store, contacts

FIELD_CACHE_SECONDS = 5.0

Definitions = dict[str, FieldDefinition]


class FieldCache:
    """Custom field definitions by account, each read at most every few seconds."""

    def __init__(self, lifetime: float = FIELD_CACHE_SECONDS) -> None:
        self._lifetime = lifetime
        self._entries: dict[int, tuple[float, Definitions]] = {}

    async def definitions(self, db: Database, account_id: int) -> Definitions:
        """The account's definitions by key; callers must not change the dict."""
        entry = self._entries.get(account_id)
        now = time.monotonic()
        if entry is not None and entry[0] > now:
            return entry[1]

        definitions = await contacts.field_definitions(db, account_id)
        self._entries[account_id] = (now + self._lifetime, definitions)
        return definitions

    async def read(self, store: Store, account_id: int) -> Definitions:
        """Like ``definitions``, opening a read session only when it must."""
        entry = self._entries.get(account_id)
        if entry is not None and entry[0] > time.monotonic():
            return entry[1]
        async with store.read() as db:
            return await self.definitions(db, account_id)

    def forget(self, account_id: int) -> None:
        """Drop the account's definitions, after this worker changed them."""
        self._entries.pop(account_id, None)

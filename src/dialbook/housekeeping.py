"""Upkeep that runs beside the requests: purging expired sticky settings.

An expired setting is never returned or used whether or not it is still
stored, so purging only keeps the table small. It runs every minute, account
by account, in batches that are each one short write session, so a request
waits at most for one batch.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging

from dialbook.domain import clock
from dialbook.storage import Store, routing

log = logging.getLogger(__name__)

PURGE_INTERVAL = 60.0
PURGE_BATCH = 500


async def purge_expired_sticky(store: Store, now: int, batch: int = PURGE_BATCH) -> int:
    """Delete every sticky setting expired at ``now``; how many went."""
    async with store.read() as db:
        account_ids = await routing.account_ids(db)

    purged = 0
    for account_id in account_ids:
        purged += await _purge_account(store, account_id, now, batch)
    return purged


async def _purge_account(store: Store, account_id: int, now: int, batch: int) -> int:
    purged = 0
    while True:
        async with store.write() as db:
            gone = await routing.purge_expired_sticky(db, account_id, now, batch)
        purged += gone
        if gone < batch:
            return purged
        # Let waiting requests in between two batches.
        await asyncio.sleep(0)


class Housekeeper:
    """Runs the purge every ``interval`` seconds while the service is up."""

    def __init__(self, store: Store, interval: float = PURGE_INTERVAL) -> None:
        self.store = store
        self.interval = interval
        self._task: asyncio.Task[None] | None = None

    @property
    def running(self) -> bool:
        """Tell whether the background loop is alive."""
        return self._task is not None and not self._task.done()

    def start(self) -> None:
        """Start the loop on the running event loop."""
        self._task = asyncio.get_running_loop().create_task(self._loop())

    async def stop(self) -> None:
        """Cancel the loop and wait until it has ended."""
        if self._task is None:
            return
        self._task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self._task
        self._task = None

    async def _loop(self) -> None:
        while True:
            await asyncio.sleep(self.interval)
            try:
                purged = await purge_expired_sticky(self.store, clock.now())
            except Exception:
                log.exception("purging expired sticky settings failed; will retry")
                continue
            if purged:
                log.info("purged %d expired sticky settings", purged)

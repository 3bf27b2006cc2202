"""Loading many contacts at once: one statement run for a batch of rows.

``insert_contacts`` writes one batch inside the caller's write session;
``load_contacts`` cuts any number of records into batches, one write session
(so one commit) each. A number that is already a contact is left as it is.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from itertools import islice

from dialbook.storage.base import Database, Store
from dialbook.storage.contacts import INSERT_CONTACT, StoredContact, contact_row

BATCH_SIZE = 5000


async def insert_contacts(
    db: Database, account_id: int, records: Sequence[StoredContact]
) -> None:
    """Insert a batch of new contacts in the current write session."""
    rows = [contact_row(account_id, record) for record in records]
    await db.run_many(INSERT_CONTACT, rows)


async def load_contacts(
    store: Store,
    account_id: int,
    records: Iterable[StoredContact],
    batch_size: int = BATCH_SIZE,
) -> int:
    """Insert every record, one commit per batch; how many records were sent."""
    sent = 0
    for batch in _batches(records, batch_size):
        async with store.write() as db:
            await insert_contacts(db, account_id, batch)
        sent += len(batch)
    return sent


def _batches(
    records: Iterable[StoredContact], size: int
) -> Iterator[list[StoredContact]]:
    iterator = iter(records)
    while batch := list(islice(iterator, size)):
        yield batch

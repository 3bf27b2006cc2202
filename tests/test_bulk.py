"""Bulk loading of contacts through the storage layer, on both backends."""

from __future__ import annotations

import asyncio

from dialbook import operator
from dialbook.config import Settings
from dialbook.storage import Store, contacts, open_store
from dialbook.storage.bulk import insert_contacts, load_contacts
from dialbook.storage.contacts import StoredContact


def _record(index: int) -> StoredContact:
    number = f"+9198{index:08d}"
    return StoredContact(number, {"name": f"Asha {index}"}, {"vip": True}, None, 1, 2)


async def _account(store: Store) -> int:
    created = await operator.create_account(store, "bulk")
    return int(created["accountId"])


def test_load_contacts_stores_every_record_across_batches(database_url: str) -> None:
    async def scenario() -> tuple[int, StoredContact | None]:
        store = open_store(Settings(database_url=database_url))
        await store.open()
        account_id = await _account(store)
        records = (_record(index) for index in range(25))

        sent = await load_contacts(store, account_id, records, batch_size=10)

        async with store.read() as db:
            found = await contacts.find_contact(db, account_id, "+919800000024")
        await store.close()
        return sent, found

    sent, found = asyncio.run(scenario())

    assert sent == 25
    assert found == StoredContact(
        "+919800000024", {"name": "Asha 24"}, {"vip": True}, None, 1, 2
    )


def test_insert_contacts_leaves_an_existing_contact_as_it_is(
    database_url: str,
) -> None:
    async def scenario() -> StoredContact | None:
        store = open_store(Settings(database_url=database_url))
        await store.open()
        account_id = await _account(store)
        await load_contacts(store, account_id, [_record(1)])
        changed = _record(1)
        changed.contactinfo = {"name": "Someone Else"}

        async with store.write() as db:
            await insert_contacts(db, account_id, [changed, _record(2)])
            found = await contacts.find_contact(db, account_id, "+919800000001")
        await store.close()
        return found

    found = asyncio.run(scenario())

    assert found is not None and found.contactinfo == {"name": "Asha 1"}

"""The account's numbers (CLIs and DIDs): Number/add, Number/list, Number/remove."""

from __future__ import annotations

from dialbook.api.registry import Call, Envelope, answered, endpoint, written
from dialbook.domain import clock
from dialbook.domain.paging import page_request
from dialbook.domain.params import optional_text, phone_number
from dialbook.errors import AlreadyExists, NotFound
from dialbook.storage import directory_admin


@endpoint("Number/add", role="admin")
async def add_number(call: Call) -> Envelope:
    """Add one of the account's numbers, in canonical form; 1011 when present."""
    number = phone_number(call.body, "number", call.principal.region)
    label = optional_text(call.body, "label", max_length=100)

    async with call.store.write() as db:
        added = await directory_admin.insert_number(
            db, call.account_id, number, label, clock.now()
        )
    if not added:
        raise AlreadyExists(f"already exists: number {number}")
    return written("number added", {"number": number})


@endpoint("Number/list", role="admin")
async def list_numbers(call: Call) -> Envelope:
    """A page of the account's numbers, ordered by number."""
    page = page_request(call.body, "Number")

    async with call.store.read() as db:
        rows = await directory_admin.list_numbers(
            db, call.account_id, page.after, page.limit + 1
        )
    items = [
        {"number": row[0], "label": row[1], "createdAt": int(row[2])} for row in rows
    ]
    return answered(page.answer(items, [row[0] for row in rows]))


@endpoint("Number/remove", role="admin")
async def remove_number(call: Call) -> Envelope:
    """Remove a number with the sticky settings and blacklist rows naming it."""
    number = phone_number(call.body, "number", call.principal.region)

    async with call.store.write() as db:
        removed = await directory_admin.delete_number(db, call.account_id, number)
    if not removed:
        raise NotFound(f"no data found: number {number} is not the account's")
    return written("number removed")

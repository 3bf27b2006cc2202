"""DNC endpoints: setDnc, getDnc (with its history) and checkDnc.

A DNC entry belongs to a number, not to a contact record, and every change
of it is kept in the number's history, also after the entry is removed.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from dialbook.api.registry import Call, Envelope, answered, endpoint, written
from dialbook.domain import clock
from dialbook.domain.dnc import PERMANENT, REMOVED, parse_dnc
from dialbook.domain.params import (
    canonical_or_error,
    describe,
    is_blank,
    optional_bool,
    optional_text,
    phone_number,
)
from dialbook.errors import DialbookError, InvalidDataType, InvalidParameter
from dialbook.storage import Database, accounts, suppression
from dialbook.storage.suppression import DncChange

MAX_CHECKED = 1000


@endpoint("setDnc", "Directory/setDnc", role="editor")
async def set_dnc(call: Call) -> Envelope:
    """Put a number on DNC until a time or for good, or take it off (``dnc: 0``)."""
    principal = call.principal
    contact = phone_number(call.body, "contact", principal.region)
    at = clock.now()
    until = parse_dnc(call.body, at)
    reason = optional_text(call.body, "reason", max_length=200)

    async with call.store.write() as db:
        change = DncChange(
            contact, REMOVED, until, reason, principal.actor, at, call.request_id
        )
        await _change_dnc(db, principal.account_id, change)

    return written(_set_message(contact, until))


async def _change_dnc(db: Database, account_id: int, change: DncChange) -> None:
    """Store the new value and keep the change; removing nothing keeps nothing."""
    # Taking the sequence number first locks the account's row, so two
    # changes of one number cannot both read the same old value.
    change_id = await accounts.next_id(db, account_id)
    old = await suppression.stored_dnc(db, account_id, change.contact)
    if old == REMOVED and change.new == REMOVED:
        return

    change = replace(change, old=old)
    await suppression.save_dnc(db, account_id, change)
    await suppression.append_dnc_history(db, account_id, change_id, change)


def _set_message(contact: str, until: int) -> str:
    if until == REMOVED:
        return f"DNC removed for {contact}"
    if until == PERMANENT:
        return f"DNC set for {contact} permanently"
    return f"DNC set for {contact} until {until}"


@endpoint("getDnc", "Directory/getDnc", role="viewer")
async def get_dnc(call: Call) -> Envelope:
    """A number's DNC value and whether it is active; with ``history`` its changes."""
    contact = phone_number(call.body, "contact", call.principal.region)
    with_history = optional_bool(call.body, "history") or False
    at = clock.now()

    async with call.store.read() as db:
        status = await suppression.dnc_status(db, call.account_id, contact, at)
        response: dict[str, Any] = {"contact": contact, **status}
        if with_history:
            response["history"] = await suppression.dnc_history(
                db, call.account_id, contact
            )
    return answered(response)


@endpoint("checkDnc", "Directory/checkDnc", role="viewer")
async def check_dnc(call: Call) -> Envelope:
    """The DNC status of up to 1,000 numbers, in the order they were sent."""
    items = _checked_items(call.body)
    region = call.principal.region
    parsed = [_parse_item(item, index, region) for index, item in enumerate(items)]
    numbers = [number for number in parsed if isinstance(number, str)]
    at = clock.now()

    async with call.store.read() as db:
        stored = await suppression.dnc_of_many(db, call.account_id, numbers)

    return answered([_checked(entry, stored, at) for entry in parsed])


def _checked_items(body: dict[str, Any]) -> list[Any]:
    items = body.get("contacts")
    if items is None:
        raise InvalidParameter("contacts is required: a list of numbers")
    if not isinstance(items, list):
        raise InvalidDataType(f"contacts must be a list, got {describe(items)}")
    if len(items) > MAX_CHECKED:
        raise InvalidParameter(
            f"contacts holds {len(items)} numbers; at most {MAX_CHECKED}"
        )
    return items


def _parse_item(item: Any, index: int, region: str) -> str | dict[str, Any]:
    """The canonical number, or the error object that stands in for it."""
    name = f"contacts[{index}]"
    try:
        if is_blank(item):
            raise InvalidParameter(f"{name} is empty")
        return canonical_or_error(item, name, region)
    except DialbookError as error:
        return {"input": item, "code": error.code, "message": error.message}


def _checked(
    entry: str | dict[str, Any], stored: dict[str, int], at: int
) -> dict[str, Any]:
    if not isinstance(entry, str):
        return entry
    until = stored.get(entry, REMOVED)
    active = until != REMOVED and suppression.is_dnc_active(until, at)
    return {"contact": entry, "dnc": until, "active": active}

"""Directory/Blacklist: block a number on some of the account's DIDs, or lift it.

A blacklist belongs to a number, not to a contact record. The all-DID block
that ``other.blacklist`` sets is one more row of the same list; lifting it here
also sets the contact's ``other.blacklist`` to false, so the record agrees.
"""

from __future__ import annotations

from typing import Any

from dialbook.api.registry import Call, Envelope, endpoint, written
from dialbook.domain import clock
from dialbook.domain.credentials import Principal
from dialbook.domain.params import (
    canonical_or_error,
    is_blank,
    optional_bool,
    phone_number,
    string_list,
)
from dialbook.errors import InvalidParameter, UnknownCli
from dialbook.storage import Database, contacts, directory_admin, suppression

MAX_DIDS = 1000


@endpoint("Directory/Blacklist", role="editor")
async def set_blacklist(call: Call) -> Envelope:
    """Add DIDs to a number's blacklist, replace them (``RESET``), or clear them."""
    principal = call.principal
    contact = phone_number(call.body, "contact", principal.region)
    dids = _parse_dids(call.body, principal.region)
    reset = optional_bool(call.body, "RESET") or False
    at = clock.now()

    async with call.store.write() as db:
        await _check_dids(db, principal.account_id, dids)
        if reset or not dids:
            await _clear(db, principal, contact, at)
        if dids:
            await suppression.add_to_blacklist(
                db, principal.account_id, contact, dids, at
            )
        blacklist = await suppression.blacklist_of(db, principal.account_id, contact)

    return written(_message(contact, dids, reset), blacklist)


def _parse_dids(body: dict[str, Any], region: str) -> list[str]:
    """The ``DID`` list in canonical form, without repeats."""
    dids: list[str] = []
    for index, value in enumerate(string_list(body, "DID", max_items=MAX_DIDS)):
        name = f"DID[{index}]"
        if is_blank(value):
            raise InvalidParameter(f"{name} is empty; send a number of the account")
        did = canonical_or_error(value, name, region)
        if did not in dids:
            dids.append(did)
    return dids


async def _check_dids(db: Database, account_id: int, dids: list[str]) -> None:
    # Locked in one order, so a racing Number/remove cannot leave a stale row.
    for did in sorted(dids):
        if not await directory_admin.lock_number(db, account_id, did):
            raise UnknownCli(f"DID {did} does not exist in this account")


async def _clear(db: Database, principal: Principal, contact: str, at: int) -> None:
    """Empty the number's list; a contact losing its all-DID block is unmarked."""
    # The contact is locked before the list changes, in the order contact
    # writes take, so the two cannot deadlock.
    record = await contacts.lock_contact(db, principal.account_id, contact)
    lifted_all = await suppression.clear_blacklist(db, principal.account_id, contact)
    if record is None or not lifted_all:
        return

    record.other["blacklist"] = False
    record.other["updatetime"] = clock.updatetime(principal.timezone, at)
    record.updated_at = at
    await contacts.save_contact(db, principal.account_id, record)


def _message(contact: str, dids: list[str], reset: bool) -> str:
    if not dids:
        return f"{contact} removed from the blacklist"
    done = "blacklisted only" if reset else "blacklisted"
    return f"{contact} {done} on {len(dids)} DID{'s' if len(dids) > 1 else ''}"

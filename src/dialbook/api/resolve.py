"""Directory/resolve: the routing decision for one call, in one read session.

It answers who should take the call (the applicable sticky agent and the
account manager) and whether it may be made at all (DNC and blacklists), for
a number whether or not it is in the directory.
"""

from __future__ import annotations

from typing import Any

from dialbook.api.registry import Call, Envelope, answered, endpoint
from dialbook.domain import clock
from dialbook.domain.clock import MILLISECONDS_FROM
from dialbook.domain.params import (
    canonical_or_error,
    is_blank,
    optional_integer,
    phone_number,
)
from dialbook.errors import InvalidParameter, UnknownCli
from dialbook.storage import Database, contacts, routing, suppression
from dialbook.storage.contacts import StoredContact


@endpoint("Directory/resolve", role="viewer")
async def resolve_call(call: Call) -> Envelope:
    """Who should take a call from ``contact`` on ``cli``, and may it be made."""
    region = call.principal.region
    contact = phone_number(call.body, "contact", region)
    cli = _optional_cli(call.body, region)
    group_id = optional_integer(call.body, "groupid", minimum=1)
    at = _at(call.body)

    async with call.store.read() as db:
        await _check_cli(db, call.account_id, cli)
        record = await contacts.find_contact(db, call.account_id, contact)
        sticky = await routing.applicable_sticky(
            db, call.account_id, contact, cli, group_id, at
        )
        reasons = await _suppressions(db, call.account_id, contact, cli, at)

    return answered(_decision(contact, record, sticky, reasons))


def _optional_cli(body: dict[str, Any], region: str) -> str | None:
    value = body.get("cli")
    return None if is_blank(value) else canonical_or_error(value, "cli", region)


async def _check_cli(db: Database, account_id: int, cli: str | None) -> None:
    if cli is not None and not await routing.number_exists(db, account_id, cli):
        raise UnknownCli(f"cli {cli} does not exist in this account")


def _at(body: dict[str, Any]) -> int:
    """The Unix time the decision is made for; now when ``at`` is left out."""
    at = optional_integer(body, "at", minimum=0)
    if at is None:
        return clock.now()
    if at >= MILLISECONDS_FROM:
        raise InvalidParameter(f"at {at} looks like milliseconds; send Unix seconds")
    return at


async def _suppressions(
    db: Database, account_id: int, contact: str, cli: str | None, at: int
) -> list[dict[str, Any]]:
    """Every reason the call may not be made at ``at``: DNC, then blacklists."""
    reasons: list[dict[str, Any]] = []
    dnc = await suppression.dnc_status(db, account_id, contact, at)
    if dnc["active"]:
        reasons.append({"type": "dnc", "until": dnc["dnc"]})

    blocked = await suppression.blocking_dids(db, account_id, contact, cli)
    if cli is not None and cli in blocked:
        reasons.append({"type": "blacklist", "did": cli})
    if suppression.ALL_DIDS in blocked:
        reasons.append({"type": "blacklist_all"})
    return reasons


def _decision(
    contact: str,
    record: StoredContact | None,
    sticky: dict[str, Any] | None,
    reasons: list[dict[str, Any]],
) -> dict[str, Any]:
    return {
        "contact": contact,
        "known": record is not None,
        "contactinfo": None if record is None else record.contactinfo,
        "vip": record is not None and record.other.get("vip") is True,
        "stickyAgent": sticky,
        "accountManager": None if record is None else record.account_manager,
        "mayCall": {"allowed": not reasons, "reasons": reasons},
    }

"""Directory/resolve: the routing decision for one call, from one statement.

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
from dialbook.storage.call_facts import CallFacts, look_up_call_facts
from dialbook.storage.suppression import is_dnc_active


@endpoint("Directory/resolve", role="viewer")
async def resolve_call(call: Call) -> Envelope:
    """Who should take a call from ``contact`` on ``cli``, and may it be made."""
    region = call.principal.region
    contact = phone_number(call.body, "contact", region)
    cli = _optional_cli(call.body, region)
    group_id = optional_integer(call.body, "groupid", minimum=1)
    at = _at(call.body)

    facts = await look_up_call_facts(
        call.store, call.account_id, contact, cli, group_id, at
    )
    if cli is not None and not facts.cli_known:
        raise UnknownCli(f"cli {cli} does not exist in this account")

    return answered(_decision(contact, facts, _suppressions(facts, cli, at)))


def _optional_cli(body: dict[str, Any], region: str) -> str | None:
    value = body.get("cli")
    return None if is_blank(value) else canonical_or_error(value, "cli", region)


def _at(body: dict[str, Any]) -> int:
    """The Unix time the decision is made for; now when ``at`` is left out."""
    at = optional_integer(body, "at", minimum=0)
    if at is None:
        return clock.now()
    if at >= MILLISECONDS_FROM:
        raise InvalidParameter(f"at {at} looks like milliseconds; send Unix seconds")
    return at


def _suppressions(facts: CallFacts, cli: str | None, at: int) -> list[dict[str, Any]]:
    """Every reason the call may not be made at ``at``: DNC, then blacklists."""
    reasons: list[dict[str, Any]] = []
    if is_dnc_active(facts.dnc_until, at):
        reasons.append({"type": "dnc", "until": facts.dnc_until})
    if cli is not None and facts.blocked_on_cli:
        reasons.append({"type": "blacklist", "did": cli})
    if facts.blocked_everywhere:
        reasons.append({"type": "blacklist_all"})
    return reasons


def _decision(
    contact: str, facts: CallFacts, reasons: list[dict[str, Any]]
) -> dict[str, Any]:
    record = facts.contact
    return {
        "contact": contact,
        "known": record is not None,
        "contactinfo": None if record is None else record.contactinfo,
        "vip": record is not None and record.other.get("vip") is True,
        "stickyAgent": facts.sticky,
        "accountManager": None if record is None else record.account_manager,
        "mayCall": {"allowed": not reasons, "reasons": reasons},
    }

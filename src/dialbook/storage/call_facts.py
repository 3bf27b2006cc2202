"""What a routing decision needs to know about one call, read by one statement.

``Directory/resolve`` asks five things: whether the CLI is one of the
account's numbers, the contact's record, the sticky setting that applies, the
DNC entry and the blacklist rows that stop the call. One statement, a
``UNION ALL`` of five look-ups whose rows are tagged with the fact they carry,
answers them all. So the decision sees one snapshot of the directory, and on
PostgreSQL it costs one round trip instead of five.

Every branch yields the same seven columns: the tag, four text columns and
two integer columns, each branch filling those it needs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from dialbook.storage.base import Database, Row
from dialbook.storage.contacts import StoredContact, to_contact
from dialbook.storage.routing import STICKY_ORDER, sticky_response
from dialbook.storage.suppression import ALL_DIDS

_STATEMENT = (
    "SELECT 'contact' AS fact, contact AS t1, contactinfo AS t2, other AS t3,"
    " account_manager AS t4, created_at AS n1, updated_at AS n2"
    " FROM contacts WHERE account_id = ? AND contact = ?"
    " UNION ALL"
    " SELECT 'number', NULL, NULL, NULL, NULL, NULL, NULL"
    " FROM numbers WHERE account_id = ? AND number = ?"
    " UNION ALL"
    " SELECT * FROM ("
    "SELECT 'sticky', type, agent_id, cli, NULL, group_id, expiry FROM sticky"
    f" {STICKY_ORDER}) AS applicable"
    " UNION ALL"
    " SELECT 'dnc', NULL, NULL, NULL, NULL, until, NULL"
    " FROM dnc WHERE account_id = ? AND contact = ?"
    " UNION ALL"
    " SELECT 'blacklist', did, NULL, NULL, NULL, NULL, NULL"
    " FROM blacklist WHERE account_id = ? AND contact = ? AND did IN (?, ?)"
)


@dataclass(slots=True)
class CallFacts:
    """The stored facts about one call; absent ones are None, 0 or empty."""

    cli_known: bool = False
    contact: StoredContact | None = None
    sticky: dict[str, Any] | None = None
    dnc_until: int = 0
    blocking_dids: list[str] = field(default_factory=list)


async def read_call_facts(
    db: Database,
    account_id: int,
    contact: str,
    cli: str | None,
    group_id: int | None,
    at: int,
) -> CallFacts:
    """The facts about a call from ``contact`` on ``cli`` (for ``group_id``).

    The sticky setting is the one active at ``at`` that applies (see
    ``routing.STICKY_ORDER``). ``blocking_dids`` holds ``ALL_DIDS`` when the
    number is blocked everywhere, and ``cli`` when it is blocked on that DID.
    """
    number = cli or ""
    params = (
        *(account_id, contact),
        *(account_id, number),
        *(account_id, contact, at, number, number, group_id or 0),
        *(account_id, contact),
        *(account_id, contact, ALL_DIDS, cli or ALL_DIDS),
    )
    facts = CallFacts()
    for row in await db.all(_STATEMENT, params):
        _take(facts, row)
    facts.blocking_dids.sort()
    return facts


def _take(facts: CallFacts, row: Row) -> None:
    fact = row[0]
    if fact == "contact":
        facts.contact = to_contact(row[1:])
    elif fact == "number":
        facts.cli_known = True
    elif fact == "sticky":
        facts.sticky = sticky_response((row[1], row[2], row[3], row[5], row[6]))
    elif fact == "dnc":
        facts.dnc_until = int(row[5])
    else:
        facts.blocking_dids.append(row[1])

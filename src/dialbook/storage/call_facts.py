"""What a routing decision needs to know about one call, read as one row.

``Directory/resolve`` asks five things: whether the CLI is one of the
account's numbers, the contact's record, the sticky setting that applies, the
DNC entry and whether a blacklist entry stops the call. One statement answers
them all as one row, so the decision reads one consistent state of the
directory. It is a ``Lookup`` keyed by the call (account, contact, CLI, group,
time): SQLite runs it inline, and PostgreSQL answers the calls that arrive in
one turn of the event loop with one statement (see ``storage/coalesce.py``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from dialbook.storage.base import Lookup, Row, Store
from dialbook.storage.contacts import StoredContact, to_contact
from dialbook.storage.routing import applicable_sticky, sticky_response
from dialbook.storage.suppression import ALL_DIDS


def _facts(account: str, contact: str, cli: str) -> str:
    """The columns of the row, given the SQL that stands for each key part."""
    blocked = (
        "EXISTS (SELECT 1 FROM blacklist"
        f" WHERE account_id = {account} AND contact = {contact} AND did = "
    )
    return (
        f"EXISTS (SELECT 1 FROM numbers WHERE account_id = {account}"
        f" AND number = {cli}),"
        " c.contact, c.contactinfo, c.other, c.account_manager, c.created_at,"
        " c.updated_at, s.type, s.agent_id, s.cli, s.group_id, s.expiry,"
        f" (SELECT until FROM dnc WHERE account_id = {account}"
        f" AND contact = {contact}),"
        f" {blocked}'{ALL_DIDS}'), {blocked}{cli})"
    )


# What stands for the key's parts (account, contact, CLI, group, time) in
# SQLite's statement, numbered parameters, and in PostgreSQL's, the columns
# of the unnested arrays.
_PARAMETERS = ("?1", "?2", "?3", "?4", "?5")
_COLUMNS = ("k.account_id", "k.contact", "k.cli", "k.group_id", "k.at")

# SQLite: a sticky row is joined by the rowid the applicable-setting query
# picks.
_ONE = (
    f"SELECT {_facts(*_PARAMETERS[:3])}"
    " FROM (SELECT 1) AS base"
    " LEFT JOIN contacts AS c ON c.account_id = ?1 AND c.contact = ?2"
    " LEFT JOIN sticky AS s ON s.rowid = (SELECT rowid FROM sticky WHERE"
    f" {applicable_sticky(*_PARAMETERS)})"
)

# PostgreSQL: one array per key part; the key's parts lead each row.
_MANY = (
    "SELECT k.account_id, k.contact, k.cli, k.group_id, k.at,"
    f" {_facts(*_COLUMNS[:3])}"
    " FROM unnest(?::bigint[], ?::text[], ?::text[], ?::bigint[], ?::bigint[])"
    " AS k(account_id, contact, cli, group_id, at)"
    " LEFT JOIN contacts AS c"
    " ON c.account_id = k.account_id AND c.contact = k.contact"
    " LEFT JOIN LATERAL (SELECT * FROM sticky WHERE"
    f" {applicable_sticky(*_COLUMNS)}"
    ") AS s ON true"
)

CALL_FACTS = Lookup(one=_ONE, many=_MANY)


@dataclass(slots=True)
class CallFacts:
    """The stored facts about one call; absent ones are None, 0 or False."""

    cli_known: bool = False
    contact: StoredContact | None = None
    sticky: dict[str, Any] | None = None
    dnc_until: int = 0
    blocked_everywhere: bool = False
    blocked_on_cli: bool = False


async def look_up_call_facts(
    store: Store,
    account_id: int,
    contact: str,
    cli: str | None,
    group_id: int | None,
    at: int,
) -> CallFacts:
    """The facts about a call from ``contact`` on ``cli`` (for ``group_id``).

    The sticky setting is the one active at ``at`` that applies (see
    ``routing.applicable_sticky``). Without a CLI, only a block on every DID
    counts and the CLI is not known.
    """
    key = (account_id, contact, cli or "", group_id or 0, at)
    row = await store.look_up(CALL_FACTS, key)
    if row is None:  # the statement always answers a row; kept for the type
        return CallFacts()
    return _to_facts(row, cli is not None)


def _to_facts(row: Row, has_cli: bool) -> CallFacts:
    return CallFacts(
        cli_known=bool(row[0]),
        contact=None if row[1] is None else to_contact(row[1:7]),
        sticky=None if row[7] is None else sticky_response(row[7:12]),
        dnc_until=0 if row[12] is None else int(row[12]),
        blocked_everywhere=bool(row[13]),
        blocked_on_cli=has_cli and bool(row[14]),
    )

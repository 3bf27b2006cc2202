"""Statements for sticky settings and account managers.

A sticky row keeps ``cli = ''`` when its type has no CLI and ``group_id = 0``
when it has no group; ``expiry = -1`` never expires. A setting is active at
time T when ``expiry = -1 OR expiry > T``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from dialbook.domain.routing import NEVER, StickyFilter
from dialbook.storage.base import Database, Row


def _active(at: str) -> str:
    """The filter for settings active at ``at`` (the SQL that stands for it)."""
    return f"(expiry = -1 OR expiry > {at})"


_ACTIVE = _active("?")
_SETTING = "type, agent_id, cli, group_id, expiry"


@dataclass(frozen=True, slots=True)
class StickySetting:
    """One sticky setting: its scope key, its agent and its expiry."""

    contact: str
    type: str
    cli: str
    group_id: int
    agent_id: str
    expiry: int


def sticky_response(row: Row) -> dict[str, Any]:
    """A stored setting as the API shows it; cli and groupid None when unused."""
    return {
        "type": row[0],
        "agentId": row[1],
        "cli": row[2] or None,
        "groupid": int(row[3]) or None,
        "expiry": int(row[4]),
    }


def applicable_sticky(account: str, contact: str, cli: str, group: str, at: str) -> str:
    """The filter, order and limit that pick the one setting routing a call.

    Each argument is the SQL that stands for that part of the call. A setting
    applies when it is active at ``at``; ``cli_group`` for the call's CLI and
    group wins over ``cli`` for its CLI, which wins over ``all``. A call
    without a CLI passes '' and only ``all`` can apply.
    """
    return (
        f"account_id = {account} AND contact = {contact}"
        f" AND {_active(at)}"
        f" AND (type = 'all' OR (type = 'cli' AND cli = {cli})"
        f" OR (type = 'cli_group' AND cli = {cli} AND group_id = {group}))"
        " ORDER BY CASE type WHEN 'cli_group' THEN 0 WHEN 'cli' THEN 1 ELSE 2 END"
        " LIMIT 1"
    )


async def list_sticky(
    db: Database, account_id: int, contact: str, now: int
) -> list[dict[str, Any]]:
    """The contact's unexpired sticky settings, as getSticky lists them."""
    rows = await db.all(
        f"SELECT {_SETTING} FROM sticky"
        f" WHERE account_id = ? AND contact = ? AND {_ACTIVE}"
        " ORDER BY type, cli, group_id",
        (account_id, contact, now),
    )
    return [sticky_response(row) for row in rows]


async def upsert_sticky(db: Database, account_id: int, setting: StickySetting) -> None:
    """Store a setting, replacing the agent and expiry of one with its scope key."""
    await db.run(
        "INSERT INTO sticky (account_id, contact, type, cli, group_id, agent_id,"
        " expiry) VALUES (?, ?, ?, ?, ?, ?, ?)"
        " ON CONFLICT (account_id, contact, type, cli, group_id)"
        " DO UPDATE SET agent_id = excluded.agent_id, expiry = excluded.expiry",
        (
            account_id,
            setting.contact,
            setting.type,
            setting.cli,
            setting.group_id,
            setting.agent_id,
            setting.expiry,
        ),
    )


def _matching(
    account_id: int, contact: str, match: StickyFilter, now: int
) -> tuple[str, list[Any]]:
    """The WHERE clause of the contact's active settings that ``match`` keeps."""
    clause = f"account_id = ? AND contact = ? AND {_ACTIVE}"
    params: list[Any] = [account_id, contact, now]
    equal = {
        "type": match.type,
        "agent_id": match.agent_id,
        "cli": match.cli,
        "group_id": match.group_id,
    }
    for column, value in equal.items():
        if value is not None:
            clause += f" AND {column} = ?"
            params.append(value)
    clause += _expiry_clause(match.expiry, params)
    return clause, params


def _expiry_clause(expiry: int | None, params: list[Any]) -> str:
    """-1 keeps settings that never expire; T keeps those still active at T."""
    if expiry is None:
        return ""
    if expiry == NEVER:
        return " AND expiry = -1"
    params.append(expiry)
    return f" AND {_ACTIVE}"


async def find_sticky(
    db: Database, account_id: int, contact: str, match: StickyFilter, now: int
) -> list[dict[str, Any]]:
    """The contact's active settings that ``match`` keeps, as getSticky lists them."""
    clause, params = _matching(account_id, contact, match, now)
    rows = await db.all(
        f"SELECT {_SETTING} FROM sticky WHERE {clause} ORDER BY type, cli, group_id",
        params,
    )
    return [sticky_response(row) for row in rows]


async def delete_sticky(
    db: Database, account_id: int, contact: str, match: StickyFilter, now: int
) -> int:
    """Remove the contact's active settings that ``match`` keeps; how many went."""
    clause, params = _matching(account_id, contact, match, now)
    return await db.run(f"DELETE FROM sticky WHERE {clause}", params)


async def set_account_manager(
    db: Database, account_id: int, contact: str, agent_id: str | None
) -> int:
    """Name (or, with None, clear) the contact's account manager; rows changed."""
    return await db.run(
        "UPDATE contacts SET account_manager = ? WHERE account_id = ? AND contact = ?",
        (agent_id, account_id, contact),
    )


async def account_ids(db: Database) -> list[int]:
    """Every account's id, for housekeeping that goes account by account."""
    rows = await db.all("SELECT account_id FROM accounts ORDER BY account_id")
    return [int(row[0]) for row in rows]


async def purge_expired_sticky(
    db: Database, account_id: int, now: int, batch: int
) -> int:
    """Delete up to ``batch`` of the account's expired settings; how many went."""
    return await db.run(
        "DELETE FROM sticky WHERE account_id = ?"
        " AND (contact, type, cli, group_id) IN ("
        " SELECT contact, type, cli, group_id FROM sticky"
        " WHERE account_id = ? AND expiry >= 0 AND expiry <= ? LIMIT ?)",
        (account_id, account_id, now, batch),
    )

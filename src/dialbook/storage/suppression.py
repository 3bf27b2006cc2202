"""Statements for DNC entries, their history, and per-DID blacklists."""

from __future__ import annotations

from typing import Any

from dialbook.storage.base import Database

# The blacklist row that blocks a number on every DID of the account.
ALL_DIDS = ""


def is_dnc_active(until: int, now: int) -> bool:
    """Tell whether a DNC value blocks calls at ``now``."""
    return until == -1 or until > now


async def dnc_status(
    db: Database, account_id: int, contact: str, now: int
) -> dict[str, Any]:
    """``{"dnc", "active"}`` for a number; a number never set is 0 and inactive."""
    row = await db.one(
        "SELECT until FROM dnc WHERE account_id = ? AND contact = ?",
        (account_id, contact),
    )
    until = 0 if row is None else int(row[0])
    return {"dnc": until, "active": until != 0 and is_dnc_active(until, now)}


async def blacklist_of(db: Database, account_id: int, contact: str) -> dict[str, Any]:
    """``{"all", "dids"}``: whether every DID is blocked, and the DIDs named."""
    rows = await db.all(
        "SELECT did FROM blacklist WHERE account_id = ? AND contact = ? ORDER BY did",
        (account_id, contact),
    )
    dids = [row[0] for row in rows]
    blocked_everywhere = ALL_DIDS in dids
    return {"all": blocked_everywhere, "dids": [d for d in dids if d != ALL_DIDS]}


async def set_block_all(
    db: Database, account_id: int, contact: str, blocked: bool, now: int
) -> None:
    """Add or lift the all-DID block that ``other.blacklist`` controls."""
    if blocked:
        await db.run(
            "INSERT INTO blacklist (account_id, contact, did, created_at)"
            " VALUES (?, ?, ?, ?) ON CONFLICT (account_id, contact, did) DO NOTHING",
            (account_id, contact, ALL_DIDS, now),
        )
    else:
        await db.run(
            "DELETE FROM blacklist WHERE account_id = ? AND contact = ? AND did = ?",
            (account_id, contact, ALL_DIDS),
        )

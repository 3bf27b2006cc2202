"""Statements for DNC entries, their history, and per-DID blacklists."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
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


@dataclass(frozen=True, slots=True)
class DncChange:
    """One change of a number's DNC, as its history keeps it."""

    contact: str
    old: int
    new: int
    reason: str | None
    changed_by: str
    changed_at: int
    request_id: str


async def stored_dnc(db: Database, account_id: int, contact: str) -> int:
    """The number's stored DNC value, expired or not; 0 when there is none."""
    row = await db.locked(
        "SELECT until FROM dnc WHERE account_id = ? AND contact = ?",
        (account_id, contact),
    )
    return 0 if row is None else int(row[0])


async def save_dnc(db: Database, account_id: int, change: DncChange) -> None:
    """Store ``change.new`` as the number's DNC; 0 deletes the entry."""
    if change.new == 0:
        await db.run(
            "DELETE FROM dnc WHERE account_id = ? AND contact = ?",
            (account_id, change.contact),
        )
        return
    await db.run(
        "INSERT INTO dnc (account_id, contact, until, reason, set_by, set_at)"
        " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (account_id, contact) DO UPDATE"
        " SET until = excluded.until, reason = excluded.reason,"
        " set_by = excluded.set_by, set_at = excluded.set_at",
        (
            account_id,
            change.contact,
            change.new,
            change.reason,
            change.changed_by,
            change.changed_at,
        ),
    )


async def append_dnc_history(
    db: Database, account_id: int, change_id: int, change: DncChange
) -> None:
    """Keep ``change`` in the number's DNC history under ``change_id``."""
    await db.run(
        "INSERT INTO dnc_history (account_id, contact, change_id, old, new, reason,"
        " changed_by, changed_at, request_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            account_id,
            change.contact,
            change_id,
            change.old,
            change.new,
            change.reason,
            change.changed_by,
            change.changed_at,
            change.request_id,
        ),
    )


async def dnc_history(
    db: Database, account_id: int, contact: str
) -> list[dict[str, Any]]:
    """Every DNC change of a number, oldest first, as getDnc shows them."""
    rows = await db.all(
        "SELECT old, new, reason, changed_by, changed_at, request_id"
        " FROM dnc_history WHERE account_id = ? AND contact = ? ORDER BY change_id",
        (account_id, contact),
    )
    return [
        {
            "old": int(row[0]),
            "new": int(row[1]),
            "reason": row[2],
            "by": row[3],
            "at": int(row[4]),
            "requestId": row[5],
        }
        for row in rows
    ]


# checkDnc asks about up to 1,000 numbers in one statement. The IN list is
# padded to one of these sizes, so only four statement texts are ever prepared.
_IN_SIZES = (1, 10, 100, 1000)


async def dnc_of_many(
    db: Database, account_id: int, contacts: list[str]
) -> dict[str, int]:
    """The stored DNC value of each number that has one (expired ones too)."""
    found: dict[str, int] = {}
    unique = list(dict.fromkeys(contacts))
    for start in range(0, len(unique), _IN_SIZES[-1]):
        chunk = unique[start : start + _IN_SIZES[-1]]
        size = next(size for size in _IN_SIZES if size >= len(chunk))
        padded = chunk + [chunk[-1]] * (size - len(chunk))
        rows = await db.all(_dnc_in_list(size), (account_id, *padded))
        found.update((row[0], int(row[1])) for row in rows)
    return found


@lru_cache(maxsize=len(_IN_SIZES))
def _dnc_in_list(size: int) -> str:
    marks = ", ".join("?" * size)
    return (
        f"SELECT contact, until FROM dnc WHERE account_id = ? AND contact IN ({marks})"
    )


async def clear_blacklist(db: Database, account_id: int, contact: str) -> bool:
    """Remove a number from every DID's blacklist; whether an all-DID block went."""
    row = await db.one(
        "SELECT 1 FROM blacklist WHERE account_id = ? AND contact = ? AND did = ?",
        (account_id, contact, ALL_DIDS),
    )
    await db.run(
        "DELETE FROM blacklist WHERE account_id = ? AND contact = ?",
        (account_id, contact),
    )
    return row is not None


async def add_to_blacklist(
    db: Database, account_id: int, contact: str, dids: list[str], now: int
) -> None:
    """Block a number on each of ``dids``; DIDs already blocked stay as they are."""
    await db.run_many(
        "INSERT INTO blacklist (account_id, contact, did, created_at)"
        " VALUES (?, ?, ?, ?) ON CONFLICT (account_id, contact, did) DO NOTHING",
        [(account_id, contact, did, now) for did in dids],
    )

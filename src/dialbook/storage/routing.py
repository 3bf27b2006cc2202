"""Statements for sticky settings, agents, groups and numbers."""

from __future__ import annotations

from typing import Any

from dialbook.storage.base import Database


async def list_sticky(
    db: Database, account_id: int, contact: str, now: int
) -> list[dict[str, Any]]:
    """The contact's unexpired sticky settings, as getSticky lists them."""
    rows = await db.all(
        "SELECT type, agent_id, cli, group_id, expiry FROM sticky"
        " WHERE account_id = ? AND contact = ? AND (expiry = -1 OR expiry > ?)"
        " ORDER BY type, cli, group_id",
        (account_id, contact, now),
    )
    return [
        {
            "type": row[0],
            "agentId": row[1],
            "cli": row[2] or None,
            "groupid": row[3] or None,
            "expiry": int(row[4]),
        }
        for row in rows
    ]

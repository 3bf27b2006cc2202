"""Statements for the account's agents, agent groups and numbers (CLIs/DIDs).

Removing one of them cascades to what refers to it, in the caller's write
session: sticky settings, group memberships, account-manager assignments and
per-DID blacklist rows.

A write that refers to an agent, group or number locks its row (``lock_*``)
so that a concurrent removal either waits for it or is seen by it. Every
writer takes its locks in one order, so none waits on another in a circle:
group, agents (by id), number, then contacts, then sticky settings and
memberships.
"""

from __future__ import annotations

from collections.abc import Sequence

from dialbook.storage.base import Database, Row


def _placeholders(count: int) -> str:
    return ", ".join("?" * count)


async def insert_agent(
    db: Database, account_id: int, agent_id: str, name: str, now: int
) -> bool:
    """Add an agent; False when the id is taken."""
    changed = await db.run(
        "INSERT INTO agents (account_id, agent_id, name, created_at)"
        " VALUES (?, ?, ?, ?) ON CONFLICT (account_id, agent_id) DO NOTHING",
        (account_id, agent_id, name, now),
    )
    return changed == 1


async def lock_agent(db: Database, account_id: int, agent_id: str) -> bool:
    """Tell whether the agent exists, holding its row until the write ends."""
    row = await db.locked(
        "SELECT 1 FROM agents WHERE account_id = ? AND agent_id = ?",
        (account_id, agent_id),
    )
    return row is not None


async def lock_agents(
    db: Database, account_id: int, agent_ids: Sequence[str]
) -> list[str]:
    """Lock the rows of ``agent_ids``; the ids that are not agents of the account.

    Rows are locked one by one in id order, so two writers locking
    overlapping sets never wait on each other in a circle.
    """
    missing = []
    for agent_id in sorted(agent_ids):
        if not await lock_agent(db, account_id, agent_id):
            missing.append(agent_id)
    return missing


async def list_agents(
    db: Database, account_id: int, after: str | None, limit: int
) -> list[Row]:
    """Up to ``limit`` agents after ``after`` by id: id, name, created."""
    return await db.all(
        "SELECT agent_id, name, created_at FROM agents"
        " WHERE account_id = ? AND agent_id > ? ORDER BY agent_id LIMIT ?",
        (account_id, after or "", limit),
    )


async def delete_agent(db: Database, account_id: int, agent_id: str) -> bool:
    """Remove an agent with its sticky settings, memberships and managed contacts."""
    removed = await db.run(
        "DELETE FROM agents WHERE account_id = ? AND agent_id = ?",
        (account_id, agent_id),
    )
    if not removed:
        return False

    await db.run(
        "UPDATE contacts SET account_manager = NULL"
        " WHERE account_id = ? AND account_manager = ?",
        (account_id, agent_id),
    )
    for table in ("sticky", "group_members"):
        await db.run(
            f"DELETE FROM {table} WHERE account_id = ? AND agent_id = ?",
            (account_id, agent_id),
        )
    return True


async def insert_group(
    db: Database, account_id: int, group_id: int, name: str, now: int
) -> bool:
    """Add a group under a fresh id; False when the name is taken."""
    changed = await db.run(
        "INSERT INTO agent_groups (account_id, group_id, name, created_at)"
        " VALUES (?, ?, ?, ?) ON CONFLICT (account_id, name) DO NOTHING",
        (account_id, group_id, name, now),
    )
    return changed == 1


async def lock_group(db: Database, account_id: int, group_id: int) -> bool:
    """Tell whether the group exists, holding its row until the write ends."""
    row = await db.locked(
        "SELECT 1 FROM agent_groups WHERE account_id = ? AND group_id = ?",
        (account_id, group_id),
    )
    return row is not None


async def list_groups(
    db: Database, account_id: int, after: int | None, limit: int
) -> list[Row]:
    """Up to ``limit`` groups after ``after`` by id: id, name, created."""
    return await db.all(
        "SELECT group_id, name, created_at FROM agent_groups"
        " WHERE account_id = ? AND group_id > ? ORDER BY group_id LIMIT ?",
        (account_id, after or 0, limit),
    )


async def group_members(
    db: Database, account_id: int, group_ids: Sequence[int]
) -> dict[int, list[str]]:
    """The agent ids in each of ``group_ids``, sorted."""
    members: dict[int, list[str]] = {group_id: [] for group_id in group_ids}
    if not group_ids:
        return members
    rows = await db.all(
        "SELECT group_id, agent_id FROM group_members WHERE account_id = ?"
        f" AND group_id IN ({_placeholders(len(group_ids))})"
        " ORDER BY group_id, agent_id",
        (account_id, *group_ids),
    )
    for group_id, agent_id in rows:
        members[int(group_id)].append(agent_id)
    return members


async def is_member(
    db: Database, account_id: int, group_id: int, agent_id: str
) -> bool:
    """Tell whether the agent belongs to the group."""
    row = await db.one(
        "SELECT 1 FROM group_members"
        " WHERE account_id = ? AND group_id = ? AND agent_id = ?",
        (account_id, group_id, agent_id),
    )
    return row is not None


async def members_of(db: Database, account_id: int, group_id: int) -> set[str]:
    """The agent ids in one group."""
    rows = await db.all(
        "SELECT agent_id FROM group_members WHERE account_id = ? AND group_id = ?",
        (account_id, group_id),
    )
    return {row[0] for row in rows}


async def set_group_members(
    db: Database,
    account_id: int,
    group_id: int,
    current: set[str],
    agent_ids: Sequence[str],
) -> None:
    """Turn the ``current`` members into ``agent_ids``; leavers lose its settings."""
    staying = set(agent_ids)
    leaving = [(account_id, group_id, a) for a in current if a not in staying]
    joining = [(account_id, group_id, a) for a in agent_ids if a not in current]

    await db.run_many(
        "DELETE FROM sticky WHERE account_id = ? AND type = 'cli_group'"
        " AND group_id = ? AND agent_id = ?",
        leaving,
    )
    await db.run_many(
        "DELETE FROM group_members"
        " WHERE account_id = ? AND group_id = ? AND agent_id = ?",
        leaving,
    )
    await db.run_many(
        "INSERT INTO group_members (account_id, group_id, agent_id) VALUES (?, ?, ?)",
        joining,
    )


async def delete_group(db: Database, account_id: int, group_id: int) -> bool:
    """Remove a group with its memberships and the settings scoped to it."""
    removed = await db.run(
        "DELETE FROM agent_groups WHERE account_id = ? AND group_id = ?",
        (account_id, group_id),
    )
    if not removed:
        return False

    await db.run(
        "DELETE FROM sticky WHERE account_id = ? AND group_id = ?"
        " AND type = 'cli_group'",
        (account_id, group_id),
    )
    await db.run(
        "DELETE FROM group_members WHERE account_id = ? AND group_id = ?",
        (account_id, group_id),
    )
    return True


async def insert_number(
    db: Database, account_id: int, number: str, label: str | None, now: int
) -> bool:
    """Add one of the account's numbers; False when it is already there."""
    changed = await db.run(
        "INSERT INTO numbers (account_id, number, label, created_at)"
        " VALUES (?, ?, ?, ?) ON CONFLICT (account_id, number) DO NOTHING",
        (account_id, number, label, now),
    )
    return changed == 1


async def lock_number(db: Database, account_id: int, number: str) -> bool:
    """Tell whether the number is the account's, holding its row till the write ends."""
    row = await db.locked(
        "SELECT 1 FROM numbers WHERE account_id = ? AND number = ?",
        (account_id, number),
    )
    return row is not None


async def list_numbers(
    db: Database, account_id: int, after: str | None, limit: int
) -> list[Row]:
    """Up to ``limit`` numbers after ``after``: number, label, created."""
    return await db.all(
        "SELECT number, label, created_at FROM numbers"
        " WHERE account_id = ? AND number > ? ORDER BY number LIMIT ?",
        (account_id, after or "", limit),
    )


async def delete_number(db: Database, account_id: int, number: str) -> bool:
    """Remove a number with the settings scoped to it and its blacklist rows."""
    removed = await db.run(
        "DELETE FROM numbers WHERE account_id = ? AND number = ?",
        (account_id, number),
    )
    if not removed:
        return False

    await db.run(
        "DELETE FROM sticky WHERE account_id = ? AND cli = ?", (account_id, number)
    )
    await db.run(
        "DELETE FROM blacklist WHERE account_id = ? AND did = ?", (account_id, number)
    )
    return True

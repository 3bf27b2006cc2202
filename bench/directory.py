"""Build a benchmark directory through the storage layer and time its loading.

The directory has one account with agents, groups, numbers (CLIs), the
contacts, sticky settings on a tenth of them, DNC on a twentieth and an
all-DID blacklist on a fiftieth. Contacts go in through ``storage.bulk``; the
other tables, which belong to other issues' code, are written here with plain
statements so the benchmark does not depend on their endpoints.
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from dialbook import operator
from dialbook.config import Settings
from dialbook.storage import Database, Store, accounts, open_store
from dialbook.storage.bulk import load_contacts
from dialbook.storage.contacts import StoredContact
from dialbook.storage.migrate import migrate

AGENTS = 50
GROUPS = 5
NUMBERS = 10
_FIRST = ("Asha", "Ravi", "Meera", "Arjun", "Divya", "Kiran", "Neha", "Vikram")
_LAST = ("Singh", "Rao", "Iyer", "Patel", "Das", "Nair", "Gupta", "Khan")
_COMPANIES = ("Sarv", "Acme", "Globex", "Initech", "Umbrella")
# Multiplying by a number prime to 10**9 spreads the contacts over the key
# space, so they go in unordered, as an import from a CRM file would.
_SPREAD = 7919


@dataclass(frozen=True)
class Directory:
    """What the load generator needs to know about a built directory."""

    database_url: str
    contacts: int
    credentials: dict[str, str]
    agents: list[str]
    groups: list[int]
    numbers: list[str]
    load_seconds: float

    @property
    def contacts_per_second(self) -> float:
        """How fast the contacts went in."""
        return self.contacts / self.load_seconds


def contact_number(index: int) -> str:
    """Contact ``index``'s number: +91 9 followed by nine scattered digits."""
    return f"+919{index * _SPREAD % 10**9:09d}"


def agent_id(index: int) -> str:
    """The id of agent ``index``, numeric like DeepCall's."""
    return str(1001 + index % AGENTS)


def cli_number(index: int) -> str:
    """The account's number (CLI) ``index``, a Bengaluru landline."""
    return f"+918040000{index % NUMBERS:03d}"


async def build(database_url: str, contacts: int) -> Directory:
    """Create the schema and an account, then load the directory; timed."""
    migrate(database_url)
    store = open_store(Settings(database_url=database_url))
    await store.open()
    try:
        return await _fill(store, database_url, contacts)
    finally:
        await store.close()


async def _fill(store: Store, database_url: str, contacts: int) -> Directory:
    created = await operator.create_account(store, "bench")
    account_id = int(created["accountId"])
    credentials = {"userId": created["userId"], "token": created["token"]}
    groups = await _add_routing_targets(store, account_id)

    started = time.perf_counter()
    await load_contacts(store, account_id, _records(contacts))
    load_seconds = time.perf_counter() - started

    await _add_routing_and_suppression(store, account_id, contacts, groups)
    await _settle(store)
    agents = [agent_id(index) for index in range(AGENTS)]
    numbers = [cli_number(index) for index in range(NUMBERS)]
    return Directory(
        database_url, contacts, credentials, agents, groups, numbers, load_seconds
    )


async def _settle(store: Store) -> None:
    # Gather the planner's statistics now, so that PostgreSQL's autovacuum
    # does not do it (and vacuum) in the middle of a measured case.
    statement = "VACUUM ANALYZE" if store.backend == "postgresql" else "ANALYZE"
    async with store.read() as db:
        await db.run(statement)


def _records(count: int) -> Iterator[StoredContact]:
    now = int(time.time())
    for index in range(count):
        yield StoredContact(
            contact_number(index),
            _contactinfo(index),
            _other(index),
            agent_id(index) if index % 5 == 0 else None,
            now,
            now,
        )


def _contactinfo(index: int) -> dict[str, Any]:
    first, last = _FIRST[index % 8], _LAST[index // 8 % 8]
    return {
        "name": f"{first} {last}",
        "email": f"{first.lower()}.{index}@example.com",
        "company": _COMPANIES[index % 5],
        "custom_field_1": f"lead {index % 1000}",
    }


def _other(index: int) -> dict[str, Any]:
    return {
        "totalcalls": index % 50,
        "vip": index % 17 == 0,
        "ibd": index % 4,
        "updatetime": "01-12-2026 10:00:00",
    }


async def _add_routing_targets(store: Store, account_id: int) -> list[int]:
    now = int(time.time())
    async with store.write() as db:
        groups = [await accounts.next_id(db, account_id) for _ in range(GROUPS)]
        agents = [(account_id, agent_id(i), f"Agent {i}", now) for i in range(AGENTS)]
        await _insert(db, "agents (account_id, agent_id, name, created_at)", agents)
        await _insert(
            db,
            "agent_groups (account_id, group_id, name, created_at)",
            [(account_id, group, f"Group {group}", now) for group in groups],
        )
        await _insert(
            db,
            "group_members (account_id, group_id, agent_id)",
            [(account_id, groups[i % GROUPS], agent_id(i)) for i in range(AGENTS)],
        )
        await _insert(
            db,
            "numbers (account_id, number, label, created_at)",
            [(account_id, cli_number(i), f"Line {i}", now) for i in range(NUMBERS)],
        )
    return groups


async def _add_routing_and_suppression(
    store: Store, account_id: int, contacts: int, groups: list[int]
) -> None:
    now = int(time.time())
    async with store.write() as db:
        await _insert(
            db,
            "sticky (account_id, contact, type, cli, group_id, agent_id, expiry)",
            [_sticky_row(account_id, i, groups) for i in range(0, contacts, 10)],
        )
        await _insert(
            db,
            "dnc (account_id, contact, until, reason, set_by, set_at)",
            [_dnc_row(account_id, i, now) for i in range(0, contacts, 20)],
        )
        await _insert(
            db,
            "blacklist (account_id, contact, did, created_at)",
            [(account_id, contact_number(i), "", now) for i in range(3, contacts, 50)],
        )


def _sticky_row(account_id: int, index: int, groups: list[int]) -> tuple[Any, ...]:
    kind = ("all", "cli", "cli_group")[index // 10 % 3]
    cli = "" if kind == "all" else cli_number(index)
    # Agent ``index`` is a member of group ``index % GROUPS``.
    group = groups[index % AGENTS % GROUPS] if kind == "cli_group" else 0
    expiry = -1 if index % 20 else int(time.time()) + 30 * 86400
    return (
        account_id,
        contact_number(index),
        kind,
        cli,
        group,
        agent_id(index),
        expiry,
    )


def _dnc_row(account_id: int, index: int, now: int) -> tuple[Any, ...]:
    until = -1 if index % 40 else now + 7 * 86400
    return (account_id, contact_number(index), until, "asked", "admin", now)


async def _insert(db: Database, target: str, rows: Sequence[tuple[Any, ...]]) -> None:
    columns = target.count(",") + 1
    marks = ", ".join("?" * columns)
    await db.run_many(f"INSERT INTO {target} VALUES ({marks})", rows)

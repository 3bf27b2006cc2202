"""Look-ups asked for together share one statement, and each gets its own row."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

import pytest

from dialbook import operator
from dialbook.config import Settings
from dialbook.errors import DatabaseUnavailable
from dialbook.storage import open_store
from dialbook.storage.base import Row
from dialbook.storage.bulk import load_contacts
from dialbook.storage.coalesce import Coalescer, Key
from dialbook.storage.contacts import StoredContact, look_up_contact


class Table:
    """A fetch over a dict, recording the keys of each statement it is asked."""

    def __init__(self, rows: dict[Key, str]) -> None:
        self.rows = rows
        self.statements: list[list[Key]] = []

    async def fetch(self, keys: Sequence[Key]) -> list[Row]:
        self.statements.append(list(keys))
        await asyncio.sleep(0)
        return [(*key, self.rows[key]) for key in keys if key in self.rows]


def test_keys_asked_in_one_turn_go_in_one_statement() -> None:
    table = Table({(1, "a"): "Asha", (1, "b"): "Ravi", (2, "a"): "Meera"})
    coalescer = Coalescer(table.fetch)

    async def scenario() -> list[Row | None]:
        keys = [(1, "a"), (2, "a"), (1, "missing"), (1, "b"), (1, "a")]
        return await asyncio.gather(*(coalescer.get(key) for key in keys))

    answers = asyncio.run(scenario())

    assert answers == [("Asha",), ("Meera",), None, ("Ravi",), ("Asha",)]
    assert table.statements == [[(1, "a"), (2, "a"), (1, "missing"), (1, "b")]]


def test_keys_asked_later_go_in_the_next_statement() -> None:
    table = Table({(1, "a"): "Asha", (1, "b"): "Ravi"})
    coalescer = Coalescer(table.fetch)

    async def scenario() -> tuple[Row | None, Row | None]:
        first = await coalescer.get((1, "a"))
        second = await coalescer.get((1, "b"))
        return first, second

    assert asyncio.run(scenario()) == (("Asha",), ("Ravi",))
    assert table.statements == [[(1, "a")], [(1, "b")]]


def test_a_large_gathering_is_split_into_statements_of_at_most_most_keys() -> None:
    table = Table({(1, str(n)): f"contact {n}" for n in range(7)})
    coalescer = Coalescer(table.fetch, most_keys=3)

    async def scenario() -> list[Row | None]:
        return await asyncio.gather(*(coalescer.get((1, str(n))) for n in range(7)))

    answers = asyncio.run(scenario())

    assert answers == [(f"contact {n}",) for n in range(7)]
    assert [len(keys) for keys in table.statements] == [3, 3, 1]


def test_a_failed_statement_fails_every_look_up_in_it_and_not_the_next() -> None:
    calls = 0

    async def fetch(keys: Sequence[Key]) -> list[Row]:
        nonlocal calls
        calls += 1
        if calls == 1:
            raise DatabaseUnavailable("database unavailable: PostgreSQL did not answer")
        return [(*key, "found") for key in keys]

    coalescer = Coalescer(fetch)

    async def scenario() -> tuple[list[object], Row | None]:
        failed = await asyncio.gather(
            coalescer.get((1, "a")), coalescer.get((1, "b")), return_exceptions=True
        )
        return failed, await coalescer.get((1, "a"))

    failed, later = asyncio.run(scenario())

    assert all(isinstance(error, DatabaseUnavailable) for error in failed)
    assert later == ("found",)


def test_a_cancelled_look_up_leaves_the_others_answered() -> None:
    table = Table({(1, "a"): "Asha", (1, "b"): "Ravi"})
    coalescer = Coalescer(table.fetch)

    async def scenario() -> tuple[bool, Row | None]:
        cancelled = asyncio.ensure_future(coalescer.get((1, "a")))
        kept = asyncio.ensure_future(coalescer.get((1, "b")))
        await asyncio.sleep(0)
        cancelled.cancel()
        answer = await kept
        return cancelled.cancelled(), answer

    assert asyncio.run(scenario()) == (True, ("Ravi",))


def _record(number: str, name: str) -> StoredContact:
    return StoredContact(number, {"name": name}, {"vip": False}, None, 1, 2)


@pytest.mark.parametrize("count", [1, 40])
def test_concurrent_contact_look_ups_find_each_account_its_own_row(
    database_url: str, count: int
) -> None:
    async def scenario() -> list[StoredContact | None]:
        store = open_store(Settings(database_url=database_url))
        await store.open()
        try:
            acme = int((await operator.create_account(store, "acme"))["accountId"])
            globex = int((await operator.create_account(store, "globex"))["accountId"])
            numbers = [f"+9198{n:08d}" for n in range(count)]
            await load_contacts(store, acme, [_record(n, "Acme") for n in numbers])
            await load_contacts(store, globex, [_record(numbers[0], "Globex")])
            asked = [(acme, number) for number in numbers]
            asked += [(globex, numbers[0]), (globex, "+919999999999")]
            return await asyncio.gather(
                *(look_up_contact(store, account, n) for account, n in asked)
            )
        finally:
            await store.close()

    found = asyncio.run(scenario())

    numbers = [f"+9198{n:08d}" for n in range(count)]
    assert found[:count] == [_record(number, "Acme") for number in numbers]
    assert found[count:] == [_record(numbers[0], "Globex"), None]

"""SQLite write sessions that arrive together share one commit."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

import pytest

from dialbook.errors import DatabaseUnavailable, NotFound
from dialbook.storage.base import Lookup
from dialbook.storage.migrate import migrate
from dialbook.storage.sqlite import SqliteStore


@pytest.fixture
def store_path(tmp_path: Path) -> str:
    path = str(tmp_path / "groups.db")
    migrate(f"sqlite:///{path}")
    return path


async def _add_number(store: SqliteStore, number: str, fail: bool = False) -> None:
    async with store.write() as db:
        await db.run(
            "INSERT INTO numbers (account_id, number, label, created_at)"
            " VALUES (1, ?, NULL, 0)",
            (number,),
        )
        if fail:
            raise NotFound("this session changes its mind")


def _stored_numbers(path: str) -> list[str]:
    with sqlite3.connect(path) as other_process:
        rows = other_process.execute("SELECT number FROM numbers ORDER BY number")
        return [row[0] for row in rows]


def test_concurrent_write_sessions_are_all_committed(store_path: str) -> None:
    async def scenario() -> None:
        store = SqliteStore(store_path)
        await store.open()
        await asyncio.gather(*(_add_number(store, f"+9180{n}") for n in range(20)))
        await store.close()

    asyncio.run(scenario())

    assert _stored_numbers(store_path) == sorted(f"+9180{n}" for n in range(20))


def test_a_write_session_is_committed_when_it_ends(store_path: str) -> None:
    async def scenario() -> list[str]:
        store = SqliteStore(store_path)
        await store.open()
        await _add_number(store, "+91801")
        seen = _stored_numbers(store_path)
        await store.close()
        return seen

    assert asyncio.run(scenario()) == ["+91801"]


def test_a_failing_session_rolls_back_alone(store_path: str) -> None:
    async def scenario() -> list[BaseException | None]:
        store = SqliteStore(store_path)
        await store.open()
        results = await asyncio.gather(
            _add_number(store, "+91801"),
            _add_number(store, "+91802", fail=True),
            _add_number(store, "+91803"),
            return_exceptions=True,
        )
        await store.close()
        return results

    results = asyncio.run(scenario())

    assert results[0] is None and results[2] is None
    assert isinstance(results[1], NotFound)
    assert _stored_numbers(store_path) == ["+91801", "+91803"]


def test_a_write_session_inside_another_is_refused(store_path: str) -> None:
    async def scenario() -> None:
        store = SqliteStore(store_path)
        await store.open()
        try:
            async with store.write(), store.write():
                pass
        finally:
            await store.close()

    with pytest.raises(DatabaseUnavailable):
        asyncio.run(scenario())


def _add_number_elsewhere(path: str, number: str) -> None:
    with sqlite3.connect(path) as other_process:
        other_process.execute(
            "INSERT INTO numbers (account_id, number, label, created_at)"
            " VALUES (1, ?, NULL, 0)",
            (number,),
        )


async def _read_numbers(store: SqliteStore) -> list[str]:
    async with store.read() as db:
        rows = await db.all("SELECT number FROM numbers ORDER BY number")
    return [row[0] for row in rows]


def test_reads_of_one_turn_share_a_snapshot_and_the_next_turn_sees_more(
    store_path: str,
) -> None:
    async def scenario() -> tuple[list[str], list[str], list[str]]:
        store = SqliteStore(store_path)
        await store.open()
        first = await _read_numbers(store)
        _add_number_elsewhere(store_path, "+91801")
        same_turn = await _read_numbers(store)
        await asyncio.sleep(0)
        next_turn = await _read_numbers(store)
        await store.close()
        return first, same_turn, next_turn

    assert asyncio.run(scenario()) == ([], [], ["+91801"])


def test_a_write_session_after_a_read_in_the_same_turn_commits(
    store_path: str,
) -> None:
    async def scenario() -> list[str]:
        store = SqliteStore(store_path)
        await store.open()
        await _read_numbers(store)
        await _add_number(store, "+91801")
        seen = await _read_numbers(store)
        await store.close()
        return seen

    assert asyncio.run(scenario()) == ["+91801"]
    assert _stored_numbers(store_path) == ["+91801"]


def test_look_ups_join_the_turns_read_transaction(store_path: str) -> None:
    number = Lookup(
        one="SELECT number FROM numbers WHERE account_id = ? AND number = ?",
        many="",  # PostgreSQL only
    )

    async def scenario() -> list[object]:
        store = SqliteStore(store_path)
        await store.open()
        first = await store.look_up(number, (1, "+91801"))
        _add_number_elsewhere(store_path, "+91801")
        same_turn = await store.look_up(number, (1, "+91801"))
        await asyncio.sleep(0)
        next_turn = await store.look_up(number, (1, "+91801"))
        await store.close()
        return [first, same_turn, next_turn]

    assert asyncio.run(scenario()) == [None, None, ("+91801",)]

"""checkDnc over HTTP: many numbers in one call, bad items answered in place."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import pytest

from conftest import Api, assert_error
from dialbook.config import Settings
from dialbook.storage import open_store, suppression
from dialbook.storage.base import Database, Params, Row

PATHS = ["checkDnc", "Directory/checkDnc"]


@pytest.mark.parametrize("path", PATHS)
def test_answers_each_number_in_the_order_sent(admin: Api, path: str) -> None:
    until = int(time.time()) + 3600
    admin.ok("setDnc", contact="9876543210", dnc=-1)
    admin.ok("setDnc", contact="9876543211", dnc=until)

    response = admin.ok(path, contacts=[9876543211, "+91 98765-43212", "09876543210"])

    assert response["response"] == [
        {"contact": "+919876543211", "dnc": until, "active": True},
        {"contact": "+919876543212", "dnc": 0, "active": False},
        {"contact": "+919876543210", "dnc": -1, "active": True},
    ]


def test_a_bad_number_is_answered_in_place_and_the_rest_still_are(
    admin: Api,
) -> None:
    admin.ok("setDnc", contact="9876543210", dnc=-1)

    answer = admin.ok(
        "checkDnc", contacts=["12ab", "9876543210", {"n": 1}, "", True, "9876543210"]
    )["response"]

    assert answer[0] == {
        "input": "12ab",
        "code": 1005,
        "message": "invalid contact number in contacts[0]: '12ab'",
    }
    assert answer[1] == {"contact": "+919876543210", "dnc": -1, "active": True}
    assert (answer[2]["input"], answer[2]["code"]) == ({"n": 1}, 1001)
    assert (answer[3]["input"], answer[3]["code"]) == ("", 1000)
    assert "contacts[3]" in answer[3]["message"]
    assert (answer[4]["input"], answer[4]["code"]) == (True, 1001)
    assert answer[5] == answer[1]


def test_an_expired_entry_is_reported_inactive_with_its_time(admin: Api) -> None:
    until = int(time.time()) + 1
    admin.ok("setDnc", contact="9876543210", dnc=until)

    time.sleep(max(0.0, until - time.time()) + 0.05)
    answer = admin.ok("checkDnc", contacts=["9876543210"])["response"]

    assert answer == [{"contact": "+919876543210", "dnc": until, "active": False}]


def test_a_thousand_numbers_are_answered(admin: Api) -> None:
    numbers = [f"+9198{index:08d}" for index in range(1000)]
    for blocked in numbers[::250]:
        admin.ok("setDnc", contact=blocked, dnc=-1)

    answer = admin.ok("checkDnc", contacts=numbers)["response"]

    assert [item["contact"] for item in answer] == numbers
    active = [item["contact"] for item in answer if item["active"]]
    assert active == numbers[::250]


@pytest.mark.parametrize("count", [11, 101, 999])
def test_lists_between_the_statement_sizes_are_answered(admin: Api, count: int) -> None:
    numbers = [f"+9197{index:08d}" for index in range(count)]
    admin.ok("setDnc", contact=numbers[-1], dnc=-1)

    answer = admin.ok("checkDnc", contacts=numbers)["response"]

    assert len(answer) == count
    assert [item["active"] for item in answer].count(True) == 1
    assert answer[-1]["active"] is True


def test_more_than_a_thousand_numbers_is_1000(admin: Api) -> None:
    numbers = [f"+9198{index:08d}" for index in range(1001)]

    response = admin.call("checkDnc", contacts=numbers)

    assert_error(response, 1000, 400, "contacts", "1001", "1000")


@pytest.mark.parametrize(
    ("body", "code"),
    [({}, 1000), ({"contacts": None}, 1000), ({"contacts": "9876543210"}, 1001)],
)
def test_contacts_must_be_a_list(admin: Api, body: dict[str, Any], code: int) -> None:
    response = admin.call("checkDnc", **body)

    assert_error(response, code, 400, "contacts")


def test_an_empty_list_is_an_empty_answer(admin: Api) -> None:
    assert admin.ok("checkDnc", contacts=[])["response"] == []


def test_a_viewer_may_check(admin: Api) -> None:
    admin.ok("setDnc", contact="9876543210", dnc=-1)
    viewer = admin.as_role("viewer")

    answer = viewer.ok("Directory/checkDnc", contacts=["9876543210"])["response"]

    assert answer[0]["active"] is True


def test_another_account_sees_none_of_the_entries(admin: Api, other_admin: Api) -> None:
    admin.ok("setDnc", contact="9876543210", dnc=-1)

    answer = other_admin.ok("checkDnc", contacts=["9876543210"])["response"]

    assert answer == [{"contact": "+919876543210", "dnc": 0, "active": False}]


class CountingDatabase:
    """A session that counts the queries run through it."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.queries = 0

    async def all(self, sql: str, params: Params = ()) -> list[Row]:
        self.queries += 1
        return await self.db.all(sql, params)


def test_a_thousand_numbers_are_looked_up_in_one_query(settings: Settings) -> None:
    numbers = [f"+9196{index:08d}" for index in range(1000)]

    async def look_up() -> tuple[int, dict[str, int]]:
        store = open_store(settings)
        await store.open()
        try:
            async with store.write() as db:
                await db.run(
                    "INSERT INTO dnc (account_id, contact, until, reason, set_by,"
                    " set_at) VALUES (?, ?, -1, NULL, 'test', 0)",
                    (1, numbers[500]),
                )
            async with store.read() as db:
                counting = CountingDatabase(db)
                found = await suppression.dnc_of_many(counting, 1, numbers)
        finally:
            await store.close()
        return counting.queries, found

    queries, found = asyncio.run(look_up())

    assert queries == 1
    assert found == {numbers[500]: -1}

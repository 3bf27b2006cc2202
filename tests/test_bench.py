"""The benchmark's own parts: its directory, its request bodies and its report.

Speed is never asserted here. These tests make sure that ``make bench`` keeps
measuring what it says: that every body it sends is answered with success
on both backends, so no case quietly measures an error path.
"""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import pytest
from directory import Directory, build
from load import CASES, PING, write_bodies
from report import markdown, table, verdict
from starlette.testclient import TestClient

from dialbook.config import Settings
from dialbook.http.app import DialbookApp
from dialbook.storage import open_store

CONTACTS = 400
BODIES = 60


@pytest.fixture
def directory(database_url: str) -> Directory:
    return asyncio.run(build(database_url, CONTACTS))


def test_every_case_body_is_answered_with_success(
    directory: Directory, tmp_path: Path
) -> None:
    settings = Settings(database_url=directory.database_url)
    app = DialbookApp(settings, open_store(settings))
    with TestClient(app, raise_server_exceptions=False) as client:
        for case in (PING, *CASES):
            path = write_bodies(case, directory, BODIES, tmp_path / f"{case.name}.txt")
            for line in path.read_text().splitlines():
                response = client.post(f"/api/v2/{case.path}", content=line)
                payload = response.json()
                assert payload["status"] == "success", (case.name, line, payload)


def test_the_directory_holds_what_it_says(directory: Directory) -> None:
    assert directory.contacts == CONTACTS
    assert directory.load_seconds > 0
    assert len(directory.agents) == len(set(directory.agents))
    assert directory.groups and directory.numbers
    assert set(directory.credentials) == {"userId", "token"}


def test_bodies_are_distinct_contacts_and_repeatable(
    directory: Directory, tmp_path: Path
) -> None:
    get_info = next(case for case in CASES if case.name == "getInfo")
    first = write_bodies(get_info, directory, 100, tmp_path / "a.txt").read_text()
    again = write_bodies(get_info, directory, 100, tmp_path / "b.txt").read_text()

    numbers = [json.loads(line)["cn"] for line in first.splitlines()]
    assert first == again
    assert len(numbers) == len(set(numbers)) == 100


def _row(case: str, ratio: float, p99: float, **extra: Any) -> dict[str, Any]:
    return {
        "case": case,
        "status": "ok",
        "backend": "sqlite",
        "mode": "durable",
        "rps": 10_000 * ratio,
        "p50_ms": 1.0,
        "p99_ms": p99,
        "ratio": ratio,
        "cpu_us": 80.0,
        "errors": 0,
        **extra,
    }


def test_verdict_weighs_ratio_and_p99() -> None:
    assert verdict(_row("getInfo", 0.45, 4.0)) == "≥0.40, p99≤5ms: met"
    assert verdict(_row("getInfo", 0.45, 5.5)).endswith("NOT met")
    assert verdict(_row("getInfo", 0.39, 4.0)).endswith("NOT met")
    assert verdict(_row("update", 0.16, 50.0)) == "≥0.15: met"


def test_verdict_is_empty_without_a_target() -> None:
    assert verdict(_row("ping", 1.0, 2.0)) == ""
    assert verdict(_row("update", 0.5, 2.0, mode="fast")) == ""
    assert verdict({**_row("resolve", 0.5, 2.0), "status": "missing"}) == ""


def test_table_and_markdown_show_every_row() -> None:
    rows = [_row("ping", 1.0, 2.0), {**_row("search", 0.5, 3.0), "status": "missing"}]

    printed = table(rows).splitlines()
    written = markdown(rows).splitlines()

    assert len(printed) == 4 and "missing" in printed[3]
    assert len(written) == 4 and "| 10000 |" in written[2]
    assert written[3].count("|") == written[0].count("|")

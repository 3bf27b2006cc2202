"""Concurrent writes to one contact lose nothing, in one process or across two."""

from __future__ import annotations

import asyncio
import json
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import httpx2
import pytest

from conftest import Api
from dialbook import cli
from dialbook.http.app import DialbookApp
from dialbook.http.asgi import Receive, Scope, Send

NUMBER = "9876543210"
FIELDS = [f"custom_field_{n}" for n in range(1, 31)]


class Overlapping:
    """Wraps the app so that each body read yields, as a socket read would.

    It counts how many requests were in the app at once, to show they overlapped.
    """

    def __init__(self, app: DialbookApp) -> None:
        self.app = app
        self.in_flight = 0
        self.most_in_flight = 0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        async def arriving() -> Any:
            await asyncio.sleep(0)
            return await receive()

        self.in_flight += 1
        self.most_in_flight = max(self.most_in_flight, self.in_flight)
        try:
            await self.app(scope, arriving, send)
        finally:
            self.in_flight -= 1


def _update(field: str, credentials: dict[str, str]) -> dict[str, Any]:
    contactinfo = {field: f"value of {field}"}
    return {**credentials, "contact": NUMBER, "contactinfo": contactinfo}


async def _update_each_field_at_once(
    app: Overlapping, credentials: dict[str, str]
) -> list[Any]:
    transport = httpx2.ASGITransport(app=app)
    async with httpx2.AsyncClient(transport=transport, base_url="http://db") as http:
        return await asyncio.gather(
            *(
                http.post("/api/v2/Directory/update", json=_update(f, credentials))
                for f in FIELDS
            )
        )


def _assert_every_field_kept(api: Api) -> None:
    record = api.ok("Directory/getInfo", cn=NUMBER)["response"]
    for field in FIELDS:
        assert record["contactinfo"].get(field) == f"value of {field}", field
    assert record["contactinfo"]["name"] == "Sunil Singh"


def test_thirty_concurrent_updates_of_different_fields_are_all_kept(
    admin: Api, app: DialbookApp
) -> None:
    admin.ok("Directory/create", contact=NUMBER, contactinfo={"name": "Sunil Singh"})
    overlapping = Overlapping(app)
    assert admin.client.portal is not None

    responses = admin.client.portal.call(
        _update_each_field_at_once, overlapping, admin.credentials
    )

    assert [r.status_code for r in responses] == [200] * len(FIELDS), [
        r.text for r in responses if r.status_code != 200
    ]
    assert overlapping.most_in_flight == len(FIELDS)
    _assert_every_field_kept(admin)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


def _wait_until_serving(base: str, server: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        assert server.poll() is None, "the server exited while starting"
        try:
            httpx2.post(f"{base}/api/v2/Token/list", json={}, timeout=1)
        except httpx2.TransportError:
            time.sleep(0.1)
        else:
            return
    raise AssertionError("the server did not start within 30 seconds")


@dataclass
class Server:
    """A ``dialbook serve`` process and the credentials of its ``acme`` admin."""

    base: str
    credentials: dict[str, str]
    process: subprocess.Popen[str]

    def stop(self) -> str:
        """Stop the server; everything it logged."""
        self.process.terminate()
        _, logged = self.process.communicate(timeout=30)
        return logged


@pytest.fixture
def two_workers(
    database_url: str, capsys: pytest.CaptureFixture[str]
) -> Iterator[Server]:
    """A real ``dialbook serve --workers 2`` on the database."""
    assert cli.main(["account", "create", "acme", "--database", database_url]) == 0
    created = json.loads(capsys.readouterr().out)
    port = _free_port()
    command = [sys.executable, "-m", "dialbook", "serve", "--workers", "2"]
    command += ["--port", str(port), "--database", database_url]
    process = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    server = Server(f"http://127.0.0.1:{port}", created, process)
    try:
        _wait_until_serving(server.base, process)
        yield server
    finally:
        if process.poll() is None:
            server.stop()


def test_two_worker_processes_keep_every_concurrent_update(
    two_workers: Server,
) -> None:
    created = two_workers.credentials
    credentials = {"userId": created["userId"], "token": created["token"]}
    start = threading.Barrier(len(FIELDS))
    with httpx2.Client(base_url=two_workers.base, timeout=30) as http:
        create = _update("name", credentials) | {"contactinfo": {"name": "Sunil Singh"}}
        http.post("/api/v2/Directory/create", json=create).raise_for_status()

        def update(field: str) -> int:
            start.wait()
            response = http.post(
                "/api/v2/Directory/update", json=_update(field, credentials)
            )
            return response.status_code

        with ThreadPoolExecutor(len(FIELDS)) as pool:
            statuses = list(pool.map(update, FIELDS))
        record = http.post(
            "/api/v2/Directory/getInfo", json={**credentials, "cn": NUMBER}
        ).json()["response"]
    logged = two_workers.stop()

    assert statuses == [200] * len(FIELDS)
    assert all(record["contactinfo"][f] == f"value of {f}" for f in FIELDS)
    assert record["contactinfo"]["name"] == "Sunil Singh"
    assert logged.count("POST /api/v2/Directory/update 200 200 ") == len(FIELDS)
    assert "backend " in logged and created["token"] not in logged

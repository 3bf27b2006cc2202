"""Helpers for tests that need their own settings or raw ASGI messages."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from starlette.testclient import TestClient

from dialbook.config import Settings
from dialbook.http.app import DialbookApp
from dialbook.storage import open_store


@contextmanager
def serving(database_url: str, **options: Any) -> Iterator[TestClient]:
    """A client of an app built with ``Settings(**options)`` on ``database_url``."""
    settings = Settings(database_url=database_url, **options)
    app = DialbookApp(settings, open_store(settings))
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client


@dataclass
class Exchange:
    """What a raw ASGI request sent back, and how many body chunks it read."""

    status: int = 0
    headers: dict[bytes, bytes] = field(default_factory=dict)
    body: bytes = b""
    chunks_read: int = 0


async def asgi_post(
    app: DialbookApp,
    path: str,
    chunks: Sequence[bytes],
    headers: Sequence[tuple[bytes, bytes]] = (),
) -> Exchange:
    """POST ``chunks`` to ``app`` as a streamed body, straight through ASGI."""
    exchange = Exchange()
    scope = {
        "type": "http",
        "method": "POST",
        "path": path,
        "headers": list(headers),
        "query_string": b"",
    }

    async def receive() -> dict[str, Any]:
        index = exchange.chunks_read
        exchange.chunks_read += 1
        more = index + 1 < len(chunks)
        return {"type": "http.request", "body": chunks[index], "more_body": more}

    async def send(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            exchange.status = message["status"]
            exchange.headers = dict(message["headers"])
        else:
            exchange.body += message.get("body", b"")

    await app(scope, receive, send)
    return exchange


async def _run_sql(app: DialbookApp, sql: str, params: Sequence[Any]) -> list[Any]:
    async with app.store.write() as db:
        if sql.lstrip().upper().startswith("SELECT"):
            return await db.all(sql, params)
        await db.run(sql, params)
        return []


def run_sql(client: TestClient, sql: str, *params: Any) -> list[Any]:
    """Run one statement on the database of ``client``'s app; the rows it selects."""
    assert client.portal is not None and isinstance(client.app, DialbookApp)
    return client.portal.call(_run_sql, client.app, sql, params)


def app_of(client: TestClient) -> DialbookApp:
    """The dialbook app behind ``client``."""
    assert isinstance(client.app, DialbookApp)
    return client.app


def portal(client: TestClient) -> Any:
    """The event-loop portal of an entered ``client``."""
    assert client.portal is not None
    return client.portal

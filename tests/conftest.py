"""Fixtures: a fresh database per test on SQLite and PostgreSQL, and API clients."""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psycopg
import pytest
from starlette.testclient import TestClient

from dialbook import operator
from dialbook.config import Settings
from dialbook.http.app import DialbookApp
from dialbook.storage import Database, open_store
from dialbook.storage.migrate import migrate

POSTGRES_URL = os.environ.get(
    "DIALBOOK_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test"
)
BACKENDS = ["sqlite", "postgresql"]


def _admin_connection() -> psycopg.Connection[Any]:
    return psycopg.connect(POSTGRES_URL, autocommit=True, connect_timeout=5)


def _database_url(base: str, name: str) -> str:
    return base.rsplit("/", 1)[0] + "/" + name


@pytest.fixture(scope="session")
def postgres_template() -> Iterator[str]:
    """A migrated PostgreSQL database that each test copies."""
    try:
        admin = _admin_connection()
    except psycopg.OperationalError as exc:
        if os.environ.get("CI"):
            pytest.fail(f"PostgreSQL is required in CI and does not answer: {exc}")
        pytest.skip(f"PostgreSQL does not answer at {POSTGRES_URL}")
    name = f"dialbook_template_{os.getpid()}"
    with admin:
        admin.execute(f"DROP DATABASE IF EXISTS {name}")
        admin.execute(f"CREATE DATABASE {name}")
        migrate(_database_url(POSTGRES_URL, name))
        yield name
        admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated SQLite file that each test copies (migrating anew costs more)."""
    path = tmp_path_factory.mktemp("template") / "dialbook.db"
    migrate(f"sqlite:///{path}")
    return path


@pytest.fixture
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, migrated database of the backend the test is run for."""
    backend = getattr(request, "param", "sqlite")
    if backend == "sqlite":
        template = request.getfixturevalue("sqlite_template")
        shutil.copyfile(template, tmp_path / "dialbook.db")
        yield f"sqlite:///{tmp_path}/dialbook.db"
        return
    template = request.getfixturevalue("postgres_template")
    name = f"dialbook_test_{uuid.uuid4().hex[:12]}"
    with _admin_connection() as admin:
        admin.execute(f"CREATE DATABASE {name} TEMPLATE {template}")
    yield _database_url(POSTGRES_URL, name)
    with _admin_connection() as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Run every test that uses a database once per backend."""
    if "database_url" in metafunc.fixturenames:
        metafunc.parametrize("database_url", BACKENDS, indirect=True)


@pytest.fixture
def settings(database_url: str) -> Settings:
    return Settings(database_url=database_url, credential_cache_seconds=5.0)


@pytest.fixture
def app(settings: Settings) -> DialbookApp:
    return DialbookApp(settings, open_store(settings))


@pytest.fixture
def client(app: DialbookApp) -> Iterator[TestClient]:
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client


@dataclass
class Api:
    """One account's credentials and a client to call the API with them."""

    client: TestClient
    credentials: dict[str, Any]
    account: dict[str, Any] = field(default_factory=dict)

    def call(self, path: str, **body: Any) -> Any:
        """POST ``body`` with the credentials to ``/api/v2/<path>``."""
        return self.client.post(f"/api/v2/{path}", json={**self.credentials, **body})

    def ok(self, path: str, **body: Any) -> dict[str, Any]:
        """Call and insist on the success envelope."""
        response = self.call(path, **body)
        assert response.status_code == 200, response.text
        payload: dict[str, Any] = response.json()
        assert payload["status"] == "success" and payload["code"] == 200, payload
        return payload

    def as_role(self, role: str) -> Api:
        """The same account, through a new token of ``role``."""
        token = self.ok(
            "Token/create", name=f"{role}-{uuid.uuid4().hex[:6]}", role=role
        )
        made = token["response"]
        credentials = {"userId": made["userId"], "token": made["token"]}
        return Api(self.client, credentials, self.account)


def new_account(client: TestClient, app: DialbookApp, name: str, **options: Any) -> Api:
    """Create an account through the operator's code path and return its admin."""
    assert client.portal is not None
    created = client.portal.call(
        lambda: operator.create_account(app.store, name, **options)
    )
    credentials = {"userId": created["userId"], "token": created["token"]}
    return Api(client, credentials, created)


def in_store(
    client: TestClient, app: DialbookApp, work: Callable[[Database], Awaitable[Any]]
) -> Any:
    """Run ``work`` in one write session of the app's store, on its event loop."""

    async def session() -> Any:
        async with app.store.write() as db:
            return await work(db)

    assert client.portal is not None
    return client.portal.call(session)


@pytest.fixture
def admin(client: TestClient, app: DialbookApp) -> Api:
    """The admin of a fresh account called ``acme``."""
    return new_account(client, app, "acme")


@pytest.fixture
def other_admin(client: TestClient, app: DialbookApp) -> Api:
    """The admin of a second account, ``globex``, for isolation tests."""
    return new_account(client, app, "globex")


def assert_error(
    response: Any, code: int, status: int, *mentions: str
) -> dict[str, Any]:
    """Insist on the error envelope with ``code``, HTTP ``status`` and message words."""
    assert response.status_code == status, response.text
    payload: dict[str, Any] = response.json()
    assert set(payload) == {"status", "code", "message"}, payload
    assert payload["status"] == "error", payload
    assert payload["code"] == code, payload
    for mention in mentions:
        assert mention.lower() in payload["message"].lower(), (mention, payload)
    assert response.headers.get("x-request-id")
    return payload

"""The call-path look-ups in storage.routing: numbers and the applicable sticky."""

from __future__ import annotations

import itertools
from typing import Any

import pytest
from starlette.testclient import TestClient

from conftest import Api, in_store
from dialbook.http.app import DialbookApp
from dialbook.storage import Database, routing
from dialbook.storage.routing import StickySetting

CONTACT = "+919876543210"
CLI = "+918044440000"
OTHER_CLI = "+918044441111"
GROUP = 7
AT = 2_000_000_000
SCOPES = ("cli_group", "cli", "all")
STATES = ("absent", "active", "expired")


def _setting(scope: str, agent: str, expiry: int, cli: str = CLI) -> StickySetting:
    return StickySetting(
        CONTACT,
        scope,
        "" if scope == "all" else cli,
        GROUP if scope == "cli_group" else 0,
        agent,
        expiry,
    )


def _store_settings(
    client: TestClient, app: DialbookApp, account_id: int, settings: list[StickySetting]
) -> None:
    async def work(db: Database) -> None:
        for setting in settings:
            await routing.upsert_sticky(db, account_id, setting)

    in_store(client, app, work)


def _lookup(
    client: TestClient,
    app: DialbookApp,
    account_id: int,
    cli: str | None,
    group_id: int | None,
    at: int = AT,
) -> Any:
    return in_store(
        client,
        app,
        lambda db: routing.applicable_sticky(
            db, account_id, CONTACT, cli, group_id, at
        ),
    )


@pytest.mark.parametrize("states", list(itertools.product(STATES, repeat=3)))
def test_applicable_sticky_prefers_cli_group_then_cli_then_all(
    client: TestClient, app: DialbookApp, admin: Api, states: tuple[str, ...]
) -> None:
    account_id = admin.account["accountId"]
    present = [
        _setting(scope, f"agent-{scope}", -1 if state == "active" else AT - 1)
        for scope, state in zip(SCOPES, states, strict=True)
        if state != "absent"
    ]
    _store_settings(client, app, account_id, present)

    found = _lookup(client, app, account_id, CLI, GROUP)

    active = [s for s, state in zip(SCOPES, states, strict=True) if state == "active"]
    if not active:
        assert found is None
    else:
        assert found["type"] == active[0]
        assert found["agentId"] == f"agent-{active[0]}"


def test_applicable_sticky_shows_the_setting_in_api_shape(
    client: TestClient, app: DialbookApp, admin: Api
) -> None:
    account_id = admin.account["accountId"]
    _store_settings(client, app, account_id, [_setting("cli_group", "7", AT + 10)])

    found = _lookup(client, app, account_id, CLI, GROUP)

    assert found == {
        "type": "cli_group",
        "agentId": "7",
        "cli": CLI,
        "groupid": GROUP,
        "expiry": AT + 10,
    }


def test_applicable_sticky_all_scope_has_no_cli_or_group(
    client: TestClient, app: DialbookApp, admin: Api
) -> None:
    account_id = admin.account["accountId"]
    _store_settings(client, app, account_id, [_setting("all", "5", -1)])

    found = _lookup(client, app, account_id, None, None)

    assert found == {
        "type": "all",
        "agentId": "5",
        "cli": None,
        "groupid": None,
        "expiry": -1,
    }


def test_applicable_sticky_ignores_other_clis_and_groups(
    client: TestClient, app: DialbookApp, admin: Api
) -> None:
    account_id = admin.account["accountId"]
    settings = [
        _setting("cli", "on-other-cli", -1, cli=OTHER_CLI),
        _setting("cli_group", "other-group", -1, cli=OTHER_CLI),
        _setting("all", "fallback", -1),
    ]
    _store_settings(client, app, account_id, settings)

    assert _lookup(client, app, account_id, CLI, GROUP)["agentId"] == "fallback"
    assert _lookup(client, app, account_id, OTHER_CLI, 8)["agentId"] == "on-other-cli"
    assert _lookup(client, app, account_id, OTHER_CLI, GROUP)["agentId"] == (
        "other-group"
    )


def test_applicable_sticky_without_cli_uses_only_the_all_scope(
    client: TestClient, app: DialbookApp, admin: Api
) -> None:
    account_id = admin.account["accountId"]
    settings = [_setting("cli", "by-cli", -1), _setting("cli_group", "by-group", -1)]
    _store_settings(client, app, account_id, settings)

    assert _lookup(client, app, account_id, None, None) is None
    assert _lookup(client, app, account_id, None, GROUP) is None
    assert _lookup(client, app, account_id, CLI, None)["agentId"] == "by-cli"


def test_applicable_sticky_applies_expiry_at_the_given_time(
    client: TestClient, app: DialbookApp, admin: Api
) -> None:
    account_id = admin.account["accountId"]
    _store_settings(client, app, account_id, [_setting("all", "5", AT)])

    assert _lookup(client, app, account_id, None, None, at=AT - 1) is not None
    assert _lookup(client, app, account_id, None, None, at=AT) is None


def test_applicable_sticky_is_scoped_to_the_account(
    client: TestClient, app: DialbookApp, admin: Api, other_admin: Api
) -> None:
    _store_settings(client, app, admin.account["accountId"], [_setting("all", "5", -1)])

    found = _lookup(client, app, other_admin.account["accountId"], None, None)

    assert found is None


def test_number_exists_only_for_the_accounts_own_numbers(
    client: TestClient, app: DialbookApp, admin: Api, other_admin: Api
) -> None:
    account_id = admin.account["accountId"]

    async def add(db: Database) -> None:
        await db.run(
            "INSERT INTO numbers (account_id, number, label, created_at)"
            " VALUES (?, ?, NULL, 0)",
            (account_id, CLI),
        )

    in_store(client, app, add)

    def exists(account: int, number: str) -> bool:
        return bool(
            in_store(client, app, lambda db: routing.number_exists(db, account, number))
        )

    assert exists(account_id, CLI)
    assert not exists(account_id, OTHER_CLI)
    assert not exists(other_admin.account["accountId"], CLI)

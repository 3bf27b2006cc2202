"""The facts a routing decision reads in one statement (storage.call_facts)."""

from __future__ import annotations

import asyncio
import itertools
from typing import Any

import pytest
from starlette.testclient import TestClient

from conftest import Api, in_store
from dialbook.http.app import DialbookApp
from dialbook.storage import Database, routing
from dialbook.storage.call_facts import CallFacts, look_up_call_facts
from dialbook.storage.routing import StickySetting
from dialbook.storage.suppression import ALL_DIDS

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


_NUMBER = (
    "INSERT INTO numbers (account_id, number, label, created_at) VALUES (?, ?, NULL, 0)"
)
_DNC = (
    "INSERT INTO dnc (account_id, contact, until, reason, set_by, set_at)"
    " VALUES (?, ?, ?, NULL, 'test', 0)"
)
_BLOCK = (
    "INSERT INTO blacklist (account_id, contact, did, created_at) VALUES (?, ?, ?, 0)"
)


def _store_rows(
    client: TestClient, app: DialbookApp, statement: str, rows: list[tuple[Any, ...]]
) -> None:
    async def work(db: Database) -> None:
        await db.run_many(statement, rows)

    in_store(client, app, work)


def _facts(
    client: TestClient,
    app: DialbookApp,
    account_id: int,
    cli: str | None = None,
    group_id: int | None = None,
    at: int = AT,
) -> CallFacts:
    assert client.portal is not None
    return client.portal.call(
        lambda: look_up_call_facts(app.store, account_id, CONTACT, cli, group_id, at)
    )


def _lookup(
    client: TestClient,
    app: DialbookApp,
    account_id: int,
    cli: str | None,
    group_id: int | None,
    at: int = AT,
) -> Any:
    return _facts(client, app, account_id, cli, group_id, at).sticky


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


def test_the_cli_is_known_only_for_the_accounts_own_numbers(
    client: TestClient, app: DialbookApp, admin: Api, other_admin: Api
) -> None:
    account_id = admin.account["accountId"]
    _store_rows(client, app, _NUMBER, [(account_id, CLI)])

    def exists(account: int, number: str) -> bool:
        return _facts(client, app, account, number).cli_known

    assert exists(account_id, CLI)
    assert not exists(account_id, OTHER_CLI)
    assert not exists(other_admin.account["accountId"], CLI)


def test_nothing_stored_gives_empty_facts(
    client: TestClient, app: DialbookApp, admin: Api
) -> None:
    assert _facts(client, app, admin.account["accountId"], CLI, GROUP) == CallFacts()


def test_every_fact_comes_back_from_one_read(
    client: TestClient, app: DialbookApp, admin: Api
) -> None:
    account_id = admin.account["accountId"]
    admin.ok("Directory/create", contact=CONTACT, contactinfo={"name": "Asha"})
    _store_settings(client, app, account_id, [_setting("cli", "7", -1)])

    _store_rows(client, app, _NUMBER, [(account_id, CLI)])
    _store_rows(client, app, _DNC, [(account_id, CONTACT, AT + 50)])
    blocked = [(account_id, CONTACT, did) for did in (CLI, OTHER_CLI, ALL_DIDS)]
    _store_rows(client, app, _BLOCK, blocked)

    facts = _facts(client, app, account_id, CLI, GROUP)

    assert facts.cli_known
    assert facts.contact is not None
    assert facts.contact.contact == CONTACT
    assert facts.contact.contactinfo == {"name": "Asha"}
    assert facts.sticky is not None and facts.sticky["agentId"] == "7"
    assert facts.dnc_until == AT + 50
    assert facts.blocked_everywhere and facts.blocked_on_cli


def test_a_block_on_one_did_stops_calls_on_that_did_only(
    client: TestClient, app: DialbookApp, admin: Api
) -> None:
    account_id = admin.account["accountId"]
    _store_rows(client, app, _BLOCK, [(account_id, CONTACT, CLI)])

    without_cli = _facts(client, app, account_id)
    on_cli = _facts(client, app, account_id, CLI)
    on_other_cli = _facts(client, app, account_id, OTHER_CLI)

    assert not without_cli.blocked_on_cli and not without_cli.blocked_everywhere
    assert on_cli.blocked_on_cli and not on_cli.blocked_everywhere
    assert not on_other_cli.blocked_on_cli and not on_other_cli.blocked_everywhere


def test_another_accounts_facts_are_not_read(
    client: TestClient, app: DialbookApp, admin: Api, other_admin: Api
) -> None:
    admin.ok("Directory/create", contact=CONTACT, contactinfo={"name": "Asha"})
    account_id = admin.account["accountId"]
    _store_rows(client, app, _DNC, [(account_id, CONTACT, -1)])

    assert _facts(client, app, account_id).contact is not None
    other = _facts(client, app, other_admin.account["accountId"])
    assert other == CallFacts()


def test_calls_looked_up_together_each_get_their_own_facts(
    client: TestClient, app: DialbookApp, admin: Api, other_admin: Api
) -> None:
    account_id = admin.account["accountId"]
    other_id = other_admin.account["accountId"]
    others = [f"+91987654{n:04d}" for n in range(6)]
    _store_rows(client, app, _NUMBER, [(account_id, CLI)])
    _store_rows(client, app, _DNC, [(account_id, number, -1) for number in others[::2]])
    _store_rows(client, app, _BLOCK, [(account_id, others[1], CLI)])
    _store_settings(client, app, account_id, [_setting("cli", "9", -1)])
    calls = [(account_id, CONTACT, CLI), (other_id, CONTACT, CLI)]
    calls += [(account_id, number, CLI) for number in others]
    calls += [(account_id, number, None) for number in others[:2]]

    async def together() -> list[CallFacts]:
        # Asked in one loop turn: PostgreSQL answers them with one statement.
        return list(
            await asyncio.gather(
                *(
                    look_up_call_facts(app.store, account, number, cli, GROUP, AT)
                    for account, number, cli in calls
                )
            )
        )

    assert client.portal is not None
    answers = client.portal.call(together)

    assert answers[0].sticky is not None and answers[0].cli_known
    assert answers[1] == CallFacts()
    for number, facts in zip(others, answers[2:8], strict=True):
        assert facts.cli_known and facts.sticky is None
        assert facts.dnc_until == (-1 if number in others[::2] else 0)
        assert facts.blocked_on_cli == (number == others[1])
    assert not answers[8].cli_known and answers[8].dnc_until == -1
    assert not answers[9].blocked_on_cli and not answers[9].cli_known

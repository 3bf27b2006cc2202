"""Authentication in the body: which credential, which error, and for how long."""

from __future__ import annotations

import time
from typing import Any

import pytest
from starlette.testclient import TestClient

from conftest import Api, assert_error, new_account
from dialbook import operator
from dialbook.http.app import DialbookApp
from serving import app_of, run_sql, serving

NUMBER = "9876543210"


def _post(client: TestClient, path: str, **body: Any) -> Any:
    return client.post(f"/api/v2/{path}", json=body)


def _login(admin: Api) -> str:
    body = {
        "userId": admin.credentials["userId"],
        "password": admin.account["password"],
    }
    response = admin.client.post("/api/v2/User/login", json=body)
    assert response.status_code == 200, response.text
    ssid: str = response.json()["response"]["ssid"]
    return ssid


def _mint(admin: Api, role: str) -> tuple[Api, str]:
    made = admin.ok("Token/create", name=f"crm-{role}", role=role)["response"]
    credentials = {"userId": made["userId"], "token": made["token"]}
    return Api(admin.client, credentials, admin.account), made["tokenId"]


def _suspend(client: TestClient, app: DialbookApp, name: str, suspended: bool) -> None:
    assert client.portal is not None
    client.portal.call(operator.set_suspended, app.store, name, suspended)


@pytest.mark.parametrize(
    "extra",
    [{"userId": "1-1", "token": "x"}, {"userId": "1-1"}, {"token": "x"}],
    ids=["both", "userId", "token"],
)
def test_ssid_with_user_id_or_token_is_1000(admin: Api, extra: dict[str, str]) -> None:
    ssid = _login(admin)

    response = _post(admin.client, "Directory/getInfo", ssid=ssid, cn=NUMBER, **extra)

    assert_error(response, 1000, 400, "either ssid or userId and token")


@pytest.mark.parametrize(
    "body",
    [{}, {"token": "abc"}, {"userId": "", "token": "abc"}, {"userId": None}],
    ids=["nothing", "token_only", "empty_user", "null_user"],
)
def test_a_missing_user_id_is_1002(client: TestClient, body: dict[str, Any]) -> None:
    response = _post(client, "Directory/getInfo", cn=NUMBER, **body)

    assert_error(response, 1002, 401, "userId")


@pytest.mark.parametrize("token", [None, ""], ids=["absent", "empty"])
def test_a_missing_token_is_1020(admin: Api, token: str | None) -> None:
    body = {"userId": admin.credentials["userId"], "cn": NUMBER}
    if token is not None:
        body["token"] = token

    response = admin.client.post("/api/v2/Directory/getInfo", json=body)

    assert_error(response, 1020, 401, "token")


@pytest.mark.parametrize(
    "credentials",
    [
        {"token": "not-the-token"},
        {"userId": "9999-1"},
        {"userId": "admin"},
        {"userId": "1-99"},
        {"userId": "-1"},
        {"userId": 7},
    ],
    ids=["wrong_token", "unknown_account", "login", "unknown_user", "dash", "int"],
)
def test_wrong_user_id_or_token_is_1014(
    admin: Api, credentials: dict[str, Any]
) -> None:
    body = {**admin.credentials, **credentials, "cn": NUMBER}

    response = admin.client.post("/api/v2/Directory/getInfo", json=body)

    assert_error(response, 1014, 401)


@pytest.mark.parametrize(
    "ssid", ["nonsense", "1.nonsense", "99.abc", ".", "1."], ids=str
)
def test_an_unknown_ssid_is_1014(client: TestClient, ssid: str) -> None:
    response = _post(client, "Directory/getInfo", ssid=ssid, cn=NUMBER)

    assert_error(response, 1014, 401, "ssid")


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("userId", {"id": 1}),
        ("userId", ["1-1"]),
        ("userId", True),
        ("userId", 1.5),
        ("token", 12345),
        ("token", {"t": "x"}),
        ("token", False),
        ("ssid", 42),
        ("ssid", ["a"]),
        ("ssid", True),
    ],
    ids=str,
)
def test_a_credential_of_the_wrong_json_type_is_1001(
    admin: Api, name: str, value: Any
) -> None:
    credentials: dict[str, Any] = (
        {name: value} if name == "ssid" else {**admin.credentials, name: value}
    )

    response = _post(admin.client, "Directory/getInfo", cn=NUMBER, **credentials)

    assert_error(response, 1001, 400, name)


def test_a_huge_integer_user_id_is_1014_not_a_crash(admin: Api) -> None:
    body = {"userId": 10**40, "token": admin.credentials["token"], "cn": NUMBER}

    response = admin.client.post("/api/v2/Directory/getInfo", json=body)

    assert_error(response, 1014, 401)


def test_credentials_are_checked_before_the_body(admin: Api) -> None:
    wrong = {**admin.credentials, "token": "wrong"}
    bad_contact = {"contact": "12", "contactinfo": {"nope": 1}}

    bad_token = _post(admin.client, "Directory/create", **wrong, **bad_contact)
    no_user = _post(admin.client, "Directory/create", **bad_contact)

    assert_error(bad_token, 1014, 401)
    assert_error(no_user, 1002, 401)


def test_a_revoked_token_is_1014_at_once_on_the_same_worker(admin: Api) -> None:
    crm, token_id = _mint(admin, "editor")
    crm.ok("Token/list")

    admin.ok("Token/revoke", tokenId=token_id)
    response = crm.call("Token/list")

    assert_error(response, 1014, 401)


def test_a_suspended_account_is_1039_until_resumed(
    admin: Api, client: TestClient, app: DialbookApp
) -> None:
    ssid = _login(admin)
    _suspend(client, app, "acme", True)
    app.auth.forget()

    by_token = admin.call("Token/list")
    by_ssid = _post(client, "Token/list", ssid=ssid)
    login = client.post(
        "/api/v2/User/login",
        json={
            "userId": admin.credentials["userId"],
            "password": admin.account["password"],
        },
    )
    _suspend(client, app, "acme", False)
    app.auth.forget()

    assert_error(by_token, 1039, 403, "suspended")
    assert_error(by_ssid, 1039, 403, "suspended")
    assert_error(login, 1039, 403, "suspended")
    admin.ok("Token/list")


def test_suspending_one_account_leaves_another_working(
    admin: Api, other_admin: Api, client: TestClient, app: DialbookApp
) -> None:
    _suspend(client, app, "acme", True)
    app.auth.forget()

    response = admin.call("Token/list")

    assert_error(response, 1039, 403)
    other_admin.ok("Token/list")


def test_a_wrong_token_of_a_suspended_account_is_still_1014(
    admin: Api, client: TestClient, app: DialbookApp
) -> None:
    _suspend(client, app, "acme", True)

    response = admin.call("Token/list", token="wrong")

    assert_error(response, 1014, 401)


def test_other_workers_see_a_revocation_within_the_cache_window(
    database_url: str,
) -> None:
    with (
        serving(database_url, credential_cache_seconds=0.2) as first,
        serving(database_url, credential_cache_seconds=0.2) as second,
    ):
        on_first = new_account(first, app_of(first), "acme")
        on_second = Api(second, on_first.credentials, on_first.account)
        crm, token_id = _mint(on_first, "viewer")
        crm.ok("Token/list")

        on_second.ok("Token/revoke", tokenId=token_id)
        time.sleep(0.3)
        response = crm.call("Token/list")

    assert_error(response, 1014, 401)


def test_other_workers_see_a_suspension_within_the_cache_window(
    database_url: str,
) -> None:
    with (
        serving(database_url, credential_cache_seconds=0.2) as first,
        serving(database_url, credential_cache_seconds=0.2) as second,
    ):
        api = new_account(first, app_of(first), "acme")
        api.ok("Token/list")

        _suspend(second, app_of(second), "acme", True)
        time.sleep(0.3)
        response = api.call("Token/list")

    assert_error(response, 1039, 403)


def test_within_the_cache_window_a_worker_may_still_accept_a_revoked_token(
    database_url: str,
) -> None:
    with (
        serving(database_url, credential_cache_seconds=60) as first,
        serving(database_url, credential_cache_seconds=60) as second,
    ):
        on_first = new_account(first, app_of(first), "acme")
        crm, token_id = _mint(on_first, "viewer")
        crm.ok("Token/list")
        Api(second, on_first.credentials).ok("Token/revoke", tokenId=token_id)

        cached = crm.call("Token/list")
        app_of(first).auth.forget()
        forgotten = crm.call("Token/list")

    assert cached.status_code == 200
    assert_error(forgotten, 1014, 401)


def _session_expiry(client: TestClient) -> int:
    (row,) = run_sql(client, "SELECT expires_at FROM sessions")
    return int(row[0])


def test_a_session_is_renewed_by_use(
    admin: Api, client: TestClient, app: DialbookApp
) -> None:
    ssid = _login(admin)
    run_sql(client, "UPDATE sessions SET expires_at = ?", int(time.time()) + 30)
    app.auth.forget()

    response = _post(client, "Token/list", ssid=ssid)

    assert response.status_code == 200, response.text
    assert _session_expiry(client) >= int(time.time()) + 12 * 3600 - 5


def test_an_idle_session_expires(
    admin: Api, client: TestClient, app: DialbookApp
) -> None:
    ssid = _login(admin)
    run_sql(client, "UPDATE sessions SET expires_at = ?", int(time.time()) - 1)
    app.auth.forget()

    response = _post(client, "Token/list", ssid=ssid)

    assert_error(response, 1014, 401, "expired")


def test_session_idle_time_comes_from_the_settings(database_url: str) -> None:
    with serving(database_url, session_idle_seconds=600) as client:
        api = new_account(client, app_of(client), "acme")
        before = int(time.time())

        session = _login(api)
        response = client.post(
            "/api/v2/User/login",
            json={
                "userId": api.credentials["userId"],
                "password": api.account["password"],
            },
        )

    assert session
    assert before + 600 <= response.json()["response"]["expiresAt"] <= before + 602


def test_logging_in_drops_the_users_expired_sessions(
    admin: Api, client: TestClient
) -> None:
    _login(admin)
    run_sql(client, "UPDATE sessions SET expires_at = ?", int(time.time()) - 1)

    _login(admin)

    (row,) = run_sql(client, "SELECT COUNT(*) FROM sessions")
    assert row[0] == 1
    assert _session_expiry(client) > int(time.time())

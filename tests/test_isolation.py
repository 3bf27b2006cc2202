"""Tenant isolation: one account's credentials never reach another's data."""

from __future__ import annotations

from typing import Any

import pytest

from conftest import Api, assert_error

NUMBER = "9876543210"
PASSWORD = "correct-horse-9"


@pytest.fixture
def acme(admin: Api) -> Api:
    """An account with a contact, a custom field, a second user and a token."""
    admin.ok("Field/define", key="tier", label="Tier", type="text")
    admin.ok(
        "Directory/create",
        contact=NUMBER,
        contactinfo={"name": "Sunil Singh", "tier": "gold"},
    )
    admin.ok("User/add", login="meera", password=PASSWORD, role="editor")
    made = admin.ok("Token/create", name="crm", role="viewer")["response"]
    admin.account["crm"] = made
    return admin


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("Directory/getInfo", {"cn": NUMBER}),
        ("Directory/getInfo", {"cn": NUMBER, "field": "all"}),
        ("Directory/update", {"contact": NUMBER, "contactinfo": {"name": "X Y"}}),
        ("Directory/search", {"contact": NUMBER, "project": "name"}),
        ("getFields", {"contact": NUMBER, "project": "all"}),
    ],
    ids=["getInfo", "getInfo_all", "update", "search", "getFields"],
)
def test_another_accounts_contact_is_1012(
    acme: Api, other_admin: Api, path: str, body: dict[str, Any]
) -> None:
    response = other_admin.call(path, **body)

    assert_error(response, 1012, 404)
    assert acme.ok("Directory/getInfo", cn=NUMBER)["response"]["contactinfo"] == {
        "name": "Sunil Singh",
        "tier": "gold",
    }


def test_the_same_number_is_a_separate_contact_in_each_account(
    acme: Api, other_admin: Api
) -> None:
    other_admin.ok("Directory/create", contact=NUMBER, contactinfo={"name": "Mona"})

    theirs = other_admin.ok("Directory/getInfo", cn=NUMBER)["response"]
    ours = acme.ok("Directory/getInfo", cn=NUMBER)["response"]

    assert theirs["contactinfo"] == {"name": "Mona"}
    assert ours["contactinfo"]["name"] == "Sunil Singh"


def test_another_accounts_custom_fields_are_unknown(
    acme: Api, other_admin: Api
) -> None:
    listed = other_admin.ok("Field/list")["response"]
    removed = other_admin.call("Field/remove", key="tier")
    used = other_admin.call(
        "Directory/create", contact=NUMBER, contactinfo={"tier": "gold"}
    )

    assert listed == []
    assert_error(removed, 1012, 404, "tier")
    assert_error(used, 1000, 400, "tier")
    assert [f["key"] for f in acme.ok("Field/list")["response"]] == ["tier"]


def test_another_accounts_users_are_neither_listed_nor_removable(
    acme: Api, other_admin: Api
) -> None:
    listed = other_admin.ok("User/list")["response"]
    removed = other_admin.call("User/remove", login="meera")

    assert [u["login"] for u in listed] == ["admin"]
    assert_error(removed, 1012, 404, "meera")
    assert "meera" in {u["login"] for u in acme.ok("User/list")["response"]}


def test_the_same_login_may_exist_in_each_account(acme: Api, other_admin: Api) -> None:
    payload = other_admin.ok("User/add", login="meera", password=PASSWORD)

    assert payload["response"]["userId"].startswith(
        f"{other_admin.account['accountId']}-"
    )


def test_another_accounts_tokens_are_neither_listed_nor_revocable(
    acme: Api, other_admin: Api
) -> None:
    crm = acme.account["crm"]

    listed = other_admin.ok("Token/list")["response"]
    revoked = other_admin.call("Token/revoke", tokenId=crm["tokenId"])

    assert crm["tokenId"] not in {t["tokenId"] for t in listed}
    assert_error(revoked, 1012, 404, crm["tokenId"])
    Api(acme.client, {"userId": crm["userId"], "token": crm["token"]}).ok("Token/list")


@pytest.mark.parametrize(
    "mix",
    [
        lambda a, b: {"userId": a["userId"], "token": b["token"]},
        lambda a, b: {"userId": b["userId"], "token": a["token"]},
    ],
    ids=["acme_user_other_token", "other_user_acme_token"],
)
def test_mixing_two_accounts_credentials_is_1014(
    acme: Api, other_admin: Api, mix: Any
) -> None:
    credentials = mix(acme.credentials, other_admin.credentials)

    response = acme.client.post(
        "/api/v2/Directory/getInfo", json={**credentials, "cn": NUMBER}
    )

    assert_error(response, 1014, 401)


def _ssid(api: Api) -> str:
    body = {"userId": api.credentials["userId"], "password": api.account["password"]}
    ssid: str = api.client.post("/api/v2/User/login", json=body).json()["response"][
        "ssid"
    ]
    return ssid


def test_an_ssid_moved_to_another_account_is_1014(acme: Api, other_admin: Api) -> None:
    ssid = _ssid(acme)
    moved = f"{other_admin.account['accountId']}.{ssid.partition('.')[2]}"

    response = acme.client.post(
        "/api/v2/Directory/getInfo", json={"ssid": moved, "cn": NUMBER}
    )

    assert_error(response, 1014, 401, "ssid")


def test_an_ssid_reads_only_its_own_account(acme: Api, other_admin: Api) -> None:
    ssid = _ssid(other_admin)

    response = acme.client.post(
        "/api/v2/Directory/getInfo", json={"ssid": ssid, "cn": NUMBER}
    )

    assert_error(response, 1012, 404)


def test_logging_out_another_accounts_ssid_needs_that_ssid(
    acme: Api, other_admin: Api
) -> None:
    theirs = _ssid(other_admin)
    forged = f"{acme.account['accountId']}.{theirs.partition('.')[2]}"

    response = acme.call("User/logout", ssid=forged)

    assert_error(response, 1014, 401)
    other_admin.client.post(
        "/api/v2/Token/list", json={"ssid": theirs}
    ).raise_for_status()


def test_a_user_of_one_account_cannot_log_in_with_another_accounts_password(
    acme: Api, other_admin: Api
) -> None:
    body = {
        "userId": other_admin.credentials["userId"],
        "password": acme.account["password"],
    }

    response = acme.client.post("/api/v2/User/login", json=body)

    assert_error(response, 1014, 401)

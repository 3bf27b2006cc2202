"""Users, sessions, tokens and roles: User/* and Token/*."""

from __future__ import annotations

import hashlib
import sqlite3
import time
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

from conftest import Api, assert_error, new_account
from dialbook.storage.migrate import migrate
from serving import app_of, serving

PASSWORD = "correct-horse-9"
TOKEN_KEYS = {"tokenId", "userId", "login", "name", "role", "createdAt"}


def _login(client: TestClient, user_id: str, password: str) -> Any:
    return client.post(
        "/api/v2/User/login", json={"userId": user_id, "password": password}
    )


def _add_user(admin: Api, login: str, role: str) -> Api:
    """Add a user and return it signed in with an ssid."""
    added = admin.ok("User/add", login=login, password=PASSWORD, role=role)
    user_id = added["response"]["userId"]
    session = _login(admin.client, user_id, PASSWORD).json()["response"]
    return Api(admin.client, {"ssid": session["ssid"]}, {"userId": user_id})


def _mint(api: Api, role: str | None = None, name: str = "crm") -> dict[str, Any]:
    body = {"name": name} if role is None else {"name": name, "role": role}
    made: dict[str, Any] = api.ok("Token/create", **body)["response"]
    return made


def _as_token(api: Api, made: dict[str, Any]) -> Api:
    credentials = {"userId": made["userId"], "token": made["token"]}
    return Api(api.client, credentials, api.account)


def test_login_answers_an_ssid_and_its_expiry(admin: Api) -> None:
    before = int(time.time())

    response = _login(
        admin.client, admin.credentials["userId"], admin.account["password"]
    )

    payload = response.json()
    assert response.status_code == 200
    assert payload["status"] == "success" and payload["message"]
    assert set(payload["response"]) == {"ssid", "expiresAt"}
    assert payload["response"]["ssid"].startswith(f"{admin.account['accountId']}.")
    assert before + 12 * 3600 <= payload["response"]["expiresAt"] <= before + 12 * 3602


def test_an_ssid_works_as_a_credential(admin: Api) -> None:
    user = _add_user(admin, "meera", "viewer")

    payload = user.ok("Token/list")

    assert payload["response"] == []


@pytest.mark.parametrize(
    "password", ["wrong-password", PASSWORD.upper(), PASSWORD + " "], ids=str
)
def test_login_with_a_wrong_password_is_1014(admin: Api, password: str) -> None:
    admin.ok("User/add", login="meera", password=PASSWORD, role="viewer")
    user_id = admin.ok("User/list")["response"][1]["userId"]

    response = _login(admin.client, user_id, password)

    assert_error(response, 1014, 401, "userId or password")


@pytest.mark.parametrize("user_id", ["1-99", "99-1", "admin", "", 5], ids=str)
def test_login_of_an_unknown_user_is_1014_or_1002(admin: Api, user_id: Any) -> None:
    response = _login(admin.client, user_id, admin.account["password"])

    if user_id == "":
        assert_error(response, 1002, 401, "userId")
    else:
        assert_error(response, 1014, 401, "userId or password")


def test_login_needs_a_password(admin: Api) -> None:
    response = admin.client.post(
        "/api/v2/User/login", json={"userId": admin.credentials["userId"]}
    )

    assert_error(response, 1000, 400, "password")


def test_logout_ends_the_session(admin: Api) -> None:
    user = _add_user(admin, "meera", "viewer")

    payload = user.ok("User/logout")
    after = user.call("Token/list")
    again = user.call("User/logout")

    assert payload["message"]
    assert_error(after, 1014, 401, "ssid")
    assert_error(again, 1014, 401, "ssid")


def test_logout_needs_an_ssid(admin: Api) -> None:
    response = admin.call("User/logout")

    assert_error(response, 1000, 400, "ssid")


def test_logout_ends_only_its_own_session(admin: Api) -> None:
    first = _add_user(admin, "meera", "viewer")
    second_ssid = _login(admin.client, first.account["userId"], PASSWORD).json()
    second = Api(admin.client, {"ssid": second_ssid["response"]["ssid"]})

    first.ok("User/logout")

    second.ok("Token/list")


def test_user_add_answers_a_user_id_that_can_log_in(admin: Api) -> None:
    payload = admin.ok("User/add", login="meera", password=PASSWORD, role="editor")

    user_id = payload["response"]["userId"]
    login = _login(admin.client, user_id, PASSWORD)

    assert user_id.startswith(f"{admin.account['accountId']}-")
    assert user_id != admin.credentials["userId"]
    assert login.status_code == 200


def test_user_add_defaults_to_the_viewer_role(admin: Api) -> None:
    admin.ok("User/add", login="meera", password=PASSWORD)

    users = admin.ok("User/list")["response"]

    assert [(u["login"], u["role"]) for u in users] == [
        ("admin", "admin"),
        ("meera", "viewer"),
    ]


def test_user_list_shows_no_password_or_hash(admin: Api) -> None:
    admin.ok("User/add", login="meera", password=PASSWORD, role="editor")

    users = admin.ok("User/list")["response"]

    assert all(set(u) == {"userId", "login", "role", "createdAt"} for u in users)
    assert PASSWORD not in str(users) and "scrypt" not in str(users)


def test_adding_a_login_twice_is_1011(admin: Api) -> None:
    admin.ok("User/add", login="meera", password=PASSWORD, role="viewer")

    response = admin.call("User/add", login="meera", password=PASSWORD, role="admin")

    assert_error(response, 1011, 409, "meera")


@pytest.mark.parametrize(
    ("body", "code", "word"),
    [
        ({"password": PASSWORD}, 1000, "login"),
        ({"login": "meera"}, 1000, "password"),
        ({"login": "meera", "password": "short"}, 1000, "8 characters"),
        ({"login": "meera", "password": PASSWORD, "role": "owner"}, 1000, "role"),
        ({"login": 5, "password": PASSWORD}, 1001, "login"),
        ({"login": "meera", "password": PASSWORD, "role": ["admin"]}, 1001, "role"),
    ],
    ids=["no_login", "no_password", "short", "bad_role", "int_login", "list_role"],
)
def test_user_add_checks_its_parameters(
    admin: Api, body: dict[str, Any], code: int, word: str
) -> None:
    response = admin.call("User/add", **body)

    assert_error(response, code, 400, word)


@pytest.mark.parametrize("role", ["editor", "viewer"])
@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("User/add", {"login": "meera", "password": PASSWORD}),
        ("User/list", {}),
        ("User/remove", {"login": "admin"}),
    ],
    ids=["add", "list", "remove"],
)
def test_user_management_is_admin_only(
    admin: Api, role: str, path: str, body: dict[str, Any]
) -> None:
    by_token = admin.as_role(role)
    by_ssid = _add_user(admin, f"user-{role}", role)

    token_response = by_token.call(path, **body)
    ssid_response = by_ssid.call(path, **body)

    assert_error(token_response, 1015, 403, "admin")
    assert_error(ssid_response, 1015, 403, "admin")


def test_removing_an_unknown_login_is_1012(admin: Api) -> None:
    response = admin.call("User/remove", login="nobody")

    assert_error(response, 1012, 404, "nobody")


def test_an_admin_cannot_remove_itself(admin: Api) -> None:
    response = admin.call("User/remove", login="admin")

    assert_error(response, 1000, 400, "itself")


def test_removing_a_user_ends_its_tokens_and_sessions(admin: Api) -> None:
    user = _add_user(admin, "meera", "editor")
    token = _as_token(admin, _mint(user))

    admin.ok("User/remove", login="meera")

    assert_error(user.call("Token/list"), 1014, 401)
    assert_error(token.call("Token/list"), 1014, 401)
    assert [u["login"] for u in admin.ok("User/list")["response"]] == ["admin"]
    assert [t["login"] for t in admin.ok("Token/list")["response"]] == ["admin"]


def test_a_removed_login_can_be_added_again_with_a_new_user_id(admin: Api) -> None:
    first = admin.ok("User/add", login="meera", password=PASSWORD)["response"]
    admin.ok("User/remove", login="meera")

    second = admin.ok("User/add", login="meera", password=PASSWORD)["response"]

    assert second["userId"] != first["userId"]
    assert_error(_login(admin.client, first["userId"], PASSWORD), 1014, 401)


@pytest.mark.parametrize("role", ["admin", "editor", "viewer"])
def test_token_create_defaults_to_the_callers_role(admin: Api, role: str) -> None:
    caller = admin if role == "admin" else _add_user(admin, f"u-{role}", role)

    made = _mint(caller, name="integration")

    assert made["role"] == role
    assert made["name"] == "integration"
    assert set(made) == {"tokenId", "userId", "token", "name", "role"}


def test_a_token_acts_for_its_user_with_its_own_role(admin: Api) -> None:
    viewer = _as_token(admin, _mint(admin, "viewer"))

    create = viewer.call("Directory/create", contact="9876543210")
    mine = viewer.ok("Token/list")["response"]

    assert_error(create, 1015, 403, "editor")
    assert {t["userId"] for t in mine} == {admin.credentials["userId"]}


@pytest.mark.parametrize(
    ("caller", "wanted"),
    [("viewer", "editor"), ("viewer", "admin"), ("editor", "admin")],
)
def test_a_token_above_the_callers_role_is_1015(
    admin: Api, caller: str, wanted: str
) -> None:
    by_token = admin.as_role(caller)
    by_ssid = _add_user(admin, f"u-{caller}", caller)

    token_response = by_token.call("Token/create", name="x", role=wanted)
    ssid_response = by_ssid.call("Token/create", name="x", role=wanted)

    assert_error(token_response, 1015, 403, wanted)
    assert_error(ssid_response, 1015, 403, wanted)


@pytest.mark.parametrize(
    ("body", "code", "word"),
    [
        ({}, 1000, "name"),
        ({"name": ""}, 1000, "name"),
        ({"name": 7}, 1001, "name"),
        ({"name": "x", "role": "root"}, 1000, "role"),
        ({"name": "x" * 101}, 1000, "name"),
    ],
    ids=["missing", "empty", "int", "bad_role", "long"],
)
def test_token_create_checks_its_parameters(
    admin: Api, body: dict[str, Any], code: int, word: str
) -> None:
    response = admin.call("Token/create", **body)

    assert_error(response, code, 400, word)


def test_a_new_secret_is_shown_once_and_never_listed(admin: Api) -> None:
    made = _mint(admin, "editor")

    listed = admin.ok("Token/list")["response"]

    digest = hashlib.sha256(made["token"].encode()).hexdigest()
    assert len(made["token"]) >= 40
    assert all(set(t) == TOKEN_KEYS for t in listed)
    assert made["token"] not in str(listed) and digest not in str(listed)
    assert made["tokenId"] in {t["tokenId"] for t in listed}


def _token_ids(api: Api) -> set[str]:
    return {t["tokenId"] for t in api.ok("Token/list")["response"]}


def test_an_admin_lists_every_token_of_the_account(admin: Api) -> None:
    editor = _add_user(admin, "meera", "editor")
    editor_token = _mint(editor)["tokenId"]
    admin_viewer = _mint(admin, "viewer")["tokenId"]

    seen = _token_ids(admin)

    assert {editor_token, admin_viewer} < seen
    assert len(seen) == 3


def test_others_list_their_own_tokens_not_above_their_role(admin: Api) -> None:
    editor = _add_user(admin, "meera", "editor")
    editor_own = _mint(editor, "editor")["tokenId"]
    read_only = _mint(editor, "viewer")
    _mint(admin, "viewer")
    viewer = _as_token(editor, read_only)

    by_editor = _token_ids(editor)
    by_viewer = _token_ids(viewer)

    assert by_editor == {editor_own, read_only["tokenId"]}
    assert by_viewer == {read_only["tokenId"]}


def test_revoking_a_token_stops_it(admin: Api) -> None:
    made = _mint(admin, "editor")
    token = _as_token(admin, made)
    token.ok("Token/list")

    payload = admin.ok("Token/revoke", tokenId=made["tokenId"])

    assert payload["message"]
    assert_error(token.call("Token/list"), 1014, 401)
    assert made["tokenId"] not in _token_ids(admin)


def test_a_user_may_revoke_its_own_visible_token(admin: Api) -> None:
    editor = _add_user(admin, "meera", "editor")
    made = _mint(editor, "viewer")

    editor.ok("Token/revoke", tokenId=made["tokenId"])

    assert made["tokenId"] not in _token_ids(admin)


@pytest.mark.parametrize("caller", ["editor", "viewer"])
def test_revoking_a_token_the_caller_cannot_see_is_1012(
    admin: Api, caller: str
) -> None:
    initial = next(iter(_token_ids(admin)))
    other_user = _mint(_add_user(admin, "other", "viewer"))["tokenId"]
    user = _add_user(admin, f"u-{caller}", caller)
    above = _mint(user, caller)["tokenId"] if caller == "viewer" else None

    first = user.call("Token/revoke", tokenId=initial)
    second = user.call("Token/revoke", tokenId=other_user)
    unknown = user.call("Token/revoke", tokenId="tk_0000000000000000")

    for response in (first, second, unknown):
        assert_error(response, 1012, 404, "token")
    assert initial in _token_ids(admin) and other_user in _token_ids(admin)
    assert above is None or above in _token_ids(admin)


def test_revoke_needs_a_token_id(admin: Api) -> None:
    response = admin.call("Token/revoke")

    assert_error(response, 1000, 400, "tokenId")


def test_a_viewer_reads_but_does_not_write(admin: Api) -> None:
    admin.ok("Directory/create", contact="9876543210", contactinfo={"name": "A B"})
    viewer = admin.as_role("viewer")

    read = viewer.ok("Directory/getInfo", cn="9876543210")
    write = viewer.call("Directory/update", contact="9876543210")
    create = viewer.call("Directory/create", contact="9876543211")

    assert read["response"]["contact"] == "+919876543210"
    assert_error(write, 1015, 403, "editor", "viewer")
    assert_error(create, 1015, 403, "editor", "viewer")


def test_an_editor_writes_the_directory_but_does_not_manage(admin: Api) -> None:
    editor = _add_user(admin, "meera", "editor")

    editor.ok("Directory/create", contact="9876543210", contactinfo={"name": "A B"})
    editor.ok("Directory/update", contact="9876543210", contactinfo={"name": "C D"})
    field = editor.call("Field/list")
    users = editor.call("User/list")

    assert_error(field, 1015, 403, "admin")
    assert_error(users, 1015, 403, "admin")


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path}/secrets.db"
    migrate(url)
    return url


def _every_stored_text(path: str) -> str:
    connection = sqlite3.connect(path)
    query = "SELECT name FROM sqlite_master WHERE type = 'table'"
    rows = []
    for (table,) in connection.execute(query).fetchall():
        rows += connection.execute(f'SELECT * FROM "{table}"').fetchall()
    connection.close()
    return repr(rows)


def test_passwords_tokens_and_ssids_are_stored_only_as_hashes(sqlite_url: str) -> None:
    with serving(sqlite_url) as client:
        admin = new_account(client, app_of(client), "acme")
        user = _add_user(admin, "meera", "editor")
        made = _mint(admin, "viewer")
        secrets = [
            admin.account["password"],
            admin.credentials["token"],
            PASSWORD,
            user.credentials["ssid"],
            made["token"],
        ]

    stored = _every_stored_text(sqlite_url.removeprefix("sqlite:///"))

    assert "meera" in stored and made["tokenId"] in stored
    for secret in secrets:
        assert secret not in stored

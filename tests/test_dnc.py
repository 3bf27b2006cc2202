"""setDnc and getDnc over HTTP: the three values, each refusal, history, roles."""

from __future__ import annotations

import time
from typing import Any

import pytest

from conftest import Api, assert_error

NUMBER = "+919876543210"
SET_PATHS = ["setDnc", "Directory/setDnc"]
GET_PATHS = ["getDnc", "Directory/getDnc"]


def dnc_of(api: Api, contact: str = NUMBER, **extra: Any) -> dict[str, Any]:
    response: dict[str, Any] = api.ok("getDnc", contact=contact, **extra)["response"]
    return response


@pytest.mark.parametrize("path", GET_PATHS)
def test_a_number_never_set_is_zero_and_inactive(admin: Api, path: str) -> None:
    response = admin.ok(path, contact="9876543210")["response"]

    assert response == {"contact": NUMBER, "dnc": 0, "active": False}


@pytest.mark.parametrize("path", SET_PATHS)
def test_minus_one_sets_a_permanent_dnc(admin: Api, path: str) -> None:
    payload = admin.ok(path, contact="09876543210", dnc=-1)

    assert "permanently" in payload["message"]
    assert dnc_of(admin) == {"contact": NUMBER, "dnc": -1, "active": True}


def test_a_future_time_sets_a_dnc_that_ends_then(admin: Api) -> None:
    until = int(time.time()) + 3600

    payload = admin.ok("setDnc", contact=NUMBER, dnc=until)

    assert str(until) in payload["message"]
    assert dnc_of(admin) == {"contact": NUMBER, "dnc": until, "active": True}


def test_zero_removes_the_dnc(admin: Api) -> None:
    admin.ok("setDnc", contact=NUMBER, dnc=-1)

    payload = admin.ok("Directory/setDnc", contact=NUMBER, dnc=0)

    assert "removed" in payload["message"]
    assert dnc_of(admin) == {"contact": NUMBER, "dnc": 0, "active": False}


def test_integer_valued_strings_are_accepted(admin: Api) -> None:
    until = int(time.time()) + 600

    admin.ok("setDnc", contact=NUMBER, dnc=str(until))
    after_future = dnc_of(admin)
    admin.ok("setDnc", contact=NUMBER, dnc="-1")

    assert after_future["dnc"] == until
    assert dnc_of(admin)["dnc"] == -1


@pytest.mark.parametrize(
    ("value", "mention"),
    [
        (-2, "-2"),
        (-100, "-100"),
        (5, "past"),
        ("1000", "past"),
        ("soon", "'soon'"),
        (1.5, "1.5"),
        ("4.0", "'4.0'"),
    ],
)
def test_invalid_dnc_values_are_1510_naming_the_value(
    admin: Api, value: Any, mention: str
) -> None:
    response = admin.call("setDnc", contact=NUMBER, dnc=value)

    assert_error(response, 1510, 400, "dnc", mention)
    assert dnc_of(admin)["dnc"] == 0


def test_a_time_a_second_ago_is_in_the_past(admin: Api) -> None:
    past = int(time.time()) - 1

    response = admin.call("setDnc", contact=NUMBER, dnc=past)

    assert_error(response, 1510, 400, str(past), "past")


def test_a_millisecond_time_is_refused_as_such(admin: Api) -> None:
    millis = int(time.time() * 1000) + 3_600_000

    response = admin.call("setDnc", contact=NUMBER, dnc=millis)

    assert_error(response, 1510, 400, str(millis), "milliseconds")


@pytest.mark.parametrize("value", [{"until": -1}, [-1], True, False])
def test_a_dnc_of_the_wrong_json_type_is_1001(admin: Api, value: Any) -> None:
    response = admin.call("setDnc", contact=NUMBER, dnc=value)

    assert_error(response, 1001, 400, "dnc")


@pytest.mark.parametrize("body", [{}, {"dnc": None}, {"dnc": ""}])
def test_a_missing_dnc_is_1000(admin: Api, body: dict[str, Any]) -> None:
    response = admin.call("setDnc", contact=NUMBER, **body)

    assert_error(response, 1000, 400, "dnc is required")


def test_a_bad_contact_is_1005_and_a_missing_one_1000(admin: Api) -> None:
    bad = admin.call("setDnc", contact="12ab", dnc=-1)
    missing = admin.call("getDnc")

    assert_error(bad, 1005, 400, "contact", "'12ab'")
    assert_error(missing, 1000, 400, "contact is required")


def test_a_reason_is_kept_up_to_200_characters(admin: Api) -> None:
    admin.ok("setDnc", contact=NUMBER, dnc=-1, reason="r" * 200)

    too_long = admin.call("setDnc", contact=NUMBER, dnc=-1, reason="r" * 201)
    not_text = admin.call("setDnc", contact=NUMBER, dnc=-1, reason=7)

    assert_error(too_long, 1000, 400, "reason", "200")
    assert_error(not_text, 1001, 400, "reason")
    assert dnc_of(admin, history=True)["history"][0]["reason"] == "r" * 200


def test_an_entry_whose_time_has_passed_is_inactive_at_once(admin: Api) -> None:
    until = int(time.time()) + 1
    admin.ok("setDnc", contact=NUMBER, dnc=until)

    time.sleep(max(0.0, until - time.time()) + 0.05)

    assert dnc_of(admin) == {"contact": NUMBER, "dnc": until, "active": False}


def test_dnc_needs_no_contact_and_survives_contact_writes(admin: Api) -> None:
    admin.ok("setDnc", contact=NUMBER, dnc=-1, reason="asked on call")

    admin.ok("Directory/create", contact=NUMBER, contactinfo={"name": "Asha"})
    admin.ok("Directory/update", contact=NUMBER, other={"vip": True})
    record = admin.ok("Directory/getInfo", cn=NUMBER, field="all")["response"]

    assert record["dnc"] == {"dnc": -1, "active": True}
    assert dnc_of(admin)["active"] is True


def test_get_info_all_shows_a_dnc_set_before_the_contact(admin: Api) -> None:
    until = int(time.time()) + 900
    admin.ok("setDnc", contact=NUMBER, dnc=until)
    admin.ok("Directory/create", contact=NUMBER)

    plain = admin.ok("Directory/getInfo", cn=NUMBER)["response"]
    everything = admin.ok("Directory/getInfo", cn=NUMBER, field="all")["response"]

    assert "dnc" not in plain
    assert everything["dnc"] == {"dnc": until, "active": True}


def test_history_records_every_change_with_who_when_and_request(admin: Api) -> None:
    until = int(time.time()) + 3600
    before = int(time.time())
    for request_id, body in [
        ("req-first", {"dnc": -1, "reason": "complaint"}),
        ("req-second", {"dnc": until}),
        ("req-third", {"dnc": 0, "reason": "resolved"}),
    ]:
        admin.client.post(
            "/api/v2/setDnc",
            json={**admin.credentials, "contact": NUMBER, **body},
            headers={"X-Request-Id": request_id},
        ).raise_for_status()

    response = dnc_of(admin, history=True)

    assert response["dnc"] == 0 and response["active"] is False
    history = response["history"]
    assert [(h["old"], h["new"]) for h in history] == [(0, -1), (-1, until), (until, 0)]
    assert [h["reason"] for h in history] == ["complaint", None, "resolved"]
    assert [h["requestId"] for h in history] == ["req-first", "req-second", "req-third"]
    assert all(h["by"] == "admin (token initial)" for h in history)
    assert all(before <= h["at"] <= int(time.time()) for h in history)


def test_history_names_the_login_and_the_token_used(admin: Api) -> None:
    editor = admin.as_role("editor")
    login = admin.client.post(
        "/api/v2/User/login",
        json={"userId": admin.account["userId"], "password": admin.account["password"]},
    )
    session = Api(admin.client, {"ssid": login.json()["response"]["ssid"]})

    editor.ok("setDnc", contact=NUMBER, dnc=-1)
    session.ok("setDnc", contact=NUMBER, dnc=0)

    history = dnc_of(admin, history=True)["history"]
    assert history[0]["by"].startswith("admin (token editor-")
    assert history[1]["by"] == "admin"


def test_history_is_left_out_unless_asked_for(admin: Api) -> None:
    admin.ok("setDnc", contact=NUMBER, dnc=-1)

    assert "history" not in dnc_of(admin)
    assert "history" not in dnc_of(admin, history=False)
    assert len(dnc_of(admin, history="true")["history"]) == 1


def test_removing_a_number_never_set_succeeds_and_keeps_no_history(
    admin: Api,
) -> None:
    admin.ok("setDnc", contact=NUMBER, dnc=0)

    assert dnc_of(admin, history=True) == {
        "contact": NUMBER,
        "dnc": 0,
        "active": False,
        "history": [],
    }


def test_a_bad_history_flag_is_1000(admin: Api) -> None:
    response = admin.call("getDnc", contact=NUMBER, history="maybe")

    assert_error(response, 1000, 400, "history", "'maybe'")


def test_viewer_may_read_but_not_set(admin: Api) -> None:
    viewer = admin.as_role("viewer")
    admin.ok("setDnc", contact=NUMBER, dnc=-1)

    refused = viewer.call("setDnc", contact=NUMBER, dnc=0)
    read = viewer.ok("Directory/getDnc", contact=NUMBER, history=True)["response"]

    assert_error(refused, 1015, 403, "setDnc", "editor")
    assert read["dnc"] == -1 and len(read["history"]) == 1


def test_another_account_sees_none_of_the_dnc_or_its_history(
    admin: Api, other_admin: Api
) -> None:
    admin.ok("setDnc", contact=NUMBER, dnc=-1, reason="acme only")

    seen = dnc_of(other_admin, history=True)
    other_admin.ok("setDnc", contact=NUMBER, dnc=0)

    assert seen == {"contact": NUMBER, "dnc": 0, "active": False, "history": []}
    assert dnc_of(admin)["dnc"] == -1
    assert len(dnc_of(admin, history=True)["history"]) == 1


def test_get_is_405(admin: Api) -> None:
    response = admin.client.get("/api/v2/getDnc")

    assert_error(response, 1000, 405, "POST")

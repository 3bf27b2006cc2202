"""Directory/Blacklist over HTTP: add, replace, clear, the DID check, roles."""

from __future__ import annotations

from typing import Any

import pytest

from conftest import Api, assert_error

NUMBER = "+919876543210"
DID_A = "+918045678901"
DID_B = "+918045678902"
DID_C = "+918045678903"


@pytest.fixture
def acme(admin: Api) -> Api:
    """The acme admin with three DIDs of its own."""
    for did in (DID_A, DID_B, DID_C):
        admin.ok("Number/add", number=did)
    return admin


def blacklist_of(api: Api, contact: str = NUMBER) -> dict[str, Any]:
    record = api.ok("Directory/getInfo", cn=contact, field="all")["response"]
    blacklist: dict[str, Any] = record["blacklist"]
    return blacklist


def test_dids_are_added_for_a_number_that_is_no_contact(acme: Api) -> None:
    payload = acme.ok("Directory/Blacklist", contact="09876543210", DID=[DID_A])

    acme.ok("Directory/create", contact=NUMBER)

    assert payload["message"] == f"{NUMBER} blacklisted on 1 DID"
    assert payload["response"] == {"all": False, "dids": [DID_A]}
    assert blacklist_of(acme) == {"all": False, "dids": [DID_A]}


def test_dids_are_canonicalised_and_repeats_kept_once(acme: Api) -> None:
    payload = acme.ok(
        "Directory/Blacklist",
        contact=NUMBER,
        DID=["08045678901", 918045678902, "+91 80456 78901"],
    )

    assert payload["response"] == {"all": False, "dids": [DID_A, DID_B]}


def test_adding_without_reset_keeps_what_is_there(acme: Api) -> None:
    acme.ok("Directory/create", contact=NUMBER, other={"blacklist": True})
    acme.ok("Directory/Blacklist", contact=NUMBER, DID=[DID_A])

    acme.ok("Directory/Blacklist", contact=NUMBER, DID=[DID_B])

    assert blacklist_of(acme) == {"all": True, "dids": [DID_A, DID_B]}
    record = acme.ok("Directory/getInfo", cn=NUMBER)["response"]
    assert record["other"]["blacklist"] is True


@pytest.mark.parametrize("reset", [True, 1, "1", "true"])
def test_reset_with_dids_replaces_the_list_and_the_all_did_block(
    acme: Api, reset: Any
) -> None:
    acme.ok("Directory/create", contact=NUMBER, other={"blacklist": True})
    acme.ok("Directory/Blacklist", contact=NUMBER, DID=[DID_A, DID_B])

    payload = acme.ok("Directory/Blacklist", contact=NUMBER, DID=[DID_C], RESET=reset)

    assert payload["response"] == {"all": False, "dids": [DID_C]}
    assert blacklist_of(acme) == {"all": False, "dids": [DID_C]}
    record = acme.ok("Directory/getInfo", cn=NUMBER)["response"]
    assert record["other"]["blacklist"] is False


@pytest.mark.parametrize(
    "body", [{}, {"DID": []}, {"DID": None}, {"DID": ""}, {"DID": [], "RESET": True}]
)
def test_no_dids_removes_the_number_entirely(acme: Api, body: dict[str, Any]) -> None:
    acme.ok("Directory/create", contact=NUMBER, other={"blacklist": True})
    acme.ok("Directory/Blacklist", contact=NUMBER, DID=[DID_A, DID_B])

    payload = acme.ok("Directory/Blacklist", contact=NUMBER, **body)

    assert payload["message"] == f"{NUMBER} removed from the blacklist"
    assert payload["response"] == {"all": False, "dids": []}
    assert blacklist_of(acme) == {"all": False, "dids": []}
    record = acme.ok("Directory/getInfo", cn=NUMBER)["response"]
    assert record["other"]["blacklist"] is False


def test_removing_leaves_a_contact_without_an_all_did_block_untouched(
    acme: Api,
) -> None:
    acme.ok("Directory/create", contact=NUMBER, contactinfo={"name": "Asha"})
    acme.ok("Directory/Blacklist", contact=NUMBER, DID=[DID_A])
    before = acme.ok("Directory/getInfo", cn=NUMBER)["response"]

    acme.ok("Directory/Blacklist", contact=NUMBER, DID=[])

    after = acme.ok("Directory/getInfo", cn=NUMBER)["response"]
    assert after == before
    assert "blacklist" not in after["other"]


def test_removing_a_number_never_blacklisted_succeeds(acme: Api) -> None:
    payload = acme.ok("Directory/Blacklist", contact=NUMBER)

    assert payload["response"] == {"all": False, "dids": []}


def test_the_other_blacklist_flag_and_the_endpoint_agree(acme: Api) -> None:
    acme.ok("Directory/create", contact=NUMBER)
    acme.ok("Directory/update", contact=NUMBER, other={"blacklist": "true"})
    blocked = blacklist_of(acme)

    acme.ok("Directory/Blacklist", contact=NUMBER, RESET=True)

    assert blocked == {"all": True, "dids": []}
    assert blacklist_of(acme) == {"all": False, "dids": []}


def test_a_did_of_no_account_number_is_1505_and_nothing_changes(acme: Api) -> None:
    acme.ok("Directory/Blacklist", contact=NUMBER, DID=[DID_A])

    response = acme.call(
        "Directory/Blacklist", contact=NUMBER, DID=[DID_B, "08045678999"], RESET=True
    )

    assert_error(response, 1505, 400, "DID", "+918045678999")
    payload = acme.ok("Directory/Blacklist", contact=NUMBER, DID=[DID_A])
    assert payload["response"] == {"all": False, "dids": [DID_A]}


@pytest.mark.parametrize(
    ("did", "code", "mention"),
    [
        ("12ab", 1005, "'12ab'"),
        ("", 1000, "DID[1]"),
        ({"n": 1}, 1001, "DID[1]"),
        (True, 1001, "DID[1]"),
    ],
)
def test_a_bad_did_is_refused_naming_it(
    acme: Api, did: Any, code: int, mention: str
) -> None:
    response = acme.call("Directory/Blacklist", contact=NUMBER, DID=[DID_A, did])

    assert_error(response, code, 400, mention)


@pytest.mark.parametrize(
    ("body", "code", "mention"),
    [
        ({"DID": DID_A}, 1001, "DID must be a list"),
        ({"DID": [DID_A], "RESET": "maybe"}, 1000, "RESET"),
        ({"contact": "", "DID": [DID_A]}, 1000, "contact is required"),
        ({"contact": "12ab", "DID": [DID_A]}, 1005, "'12ab'"),
    ],
)
def test_bad_parameters_are_refused(
    acme: Api, body: dict[str, Any], code: int, mention: str
) -> None:
    response = acme.call("Directory/Blacklist", **{"contact": NUMBER, **body})

    assert_error(response, code, 400, mention)


def test_the_path_matches_without_case(acme: Api) -> None:
    response = acme.client.post(
        "/api/v2/directory/blacklist/",
        json={**acme.credentials, "contact": NUMBER, "DID": [DID_A]},
    )

    assert response.json()["response"] == {"all": False, "dids": [DID_A]}


def test_a_viewer_may_not_blacklist(acme: Api) -> None:
    viewer = acme.as_role("viewer")
    editor = acme.as_role("editor")

    refused = viewer.call("Directory/Blacklist", contact=NUMBER, DID=[DID_A])
    allowed = editor.ok("Directory/Blacklist", contact=NUMBER, DID=[DID_A])

    assert_error(refused, 1015, 403, "Directory/Blacklist", "editor")
    assert allowed["response"]["dids"] == [DID_A]


def test_another_account_sees_none_of_it_and_cannot_use_its_dids(
    acme: Api, other_admin: Api
) -> None:
    acme.ok("Directory/Blacklist", contact=NUMBER, DID=[DID_A])
    other_admin.ok("Directory/create", contact=NUMBER)

    seen = blacklist_of(other_admin)
    borrowed = other_admin.call("Directory/Blacklist", contact=NUMBER, DID=[DID_A])
    other_admin.ok("Directory/Blacklist", contact=NUMBER)

    assert seen == {"all": False, "dids": []}
    assert_error(borrowed, 1505, 400, DID_A)
    acme.ok("Directory/create", contact=NUMBER)
    assert blacklist_of(acme) == {"all": False, "dids": [DID_A]}

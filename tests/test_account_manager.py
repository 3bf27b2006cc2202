"""Directory/setAM and Directory/unsetAm over HTTP (SPEC 5.2)."""

from __future__ import annotations

import pytest

from conftest import Api, assert_error

CONTACT = "+919876543210"


@pytest.fixture
def contact(admin: Api) -> str:
    """A contact and two agents, 7 and 8."""
    admin.ok("Directory/create", contact=CONTACT)
    admin.ok("Agent/add", agentId="7", name="Asha")
    admin.ok("Agent/add", agentId="8", name="Bela")
    return CONTACT


def _manager(admin: Api) -> object:
    return admin.ok("Directory/getInfo", cn=CONTACT)["response"]["accountManager"]


def test_set_am_shows_in_get_info_and_search(admin: Api, contact: str) -> None:
    done = admin.ok("Directory/setAM", contact="09876543210", AcManId="7")

    flat = admin.ok("Directory/search", contact=CONTACT, project="accountManager")

    assert done["message"] == "account manager set"
    assert _manager(admin) == "7"
    assert flat["response"] == {"contact": CONTACT, "accountManager": "7"}


def test_set_am_again_replaces_the_manager(admin: Api, contact: str) -> None:
    admin.ok("Directory/setAM", contact=CONTACT, AcManId="7")

    admin.ok("Directory/setAM", contact=CONTACT, AcManId=8)

    assert _manager(admin) == "8"


def test_set_am_checks_the_contact_before_the_agent(admin: Api, contact: str) -> None:
    response = admin.call("Directory/setAM", contact="9123456789", AcManId="99")

    assert_error(response, 1012, 404, "+919123456789")


def test_set_am_refuses_an_unknown_agent(admin: Api, contact: str) -> None:
    response = admin.call("Directory/setAM", contact=CONTACT, AcManId="99")

    assert_error(response, 1503, 400, "AcManId", "99")
    assert _manager(admin) is None


def test_set_am_needs_its_parameters(admin: Api, contact: str) -> None:
    assert_error(admin.call("Directory/setAM", AcManId="7"), 1000, 400, "contact")
    assert_error(admin.call("Directory/setAM", contact=CONTACT), 1000, 400, "AcManId")
    assert_error(
        admin.call("Directory/setAM", contact=CONTACT, AcManId=["7"]),
        1001,
        400,
        "AcManId",
    )
    assert_error(
        admin.call("Directory/setAM", contact="abc", AcManId="7"), 1005, 400, "abc"
    )


def test_unset_am_clears_and_is_idempotent(admin: Api, contact: str) -> None:
    admin.ok("Directory/setAM", contact=CONTACT, AcManId="7")

    first = admin.ok("Directory/unsetAm", contact=CONTACT)
    second = admin.ok("Directory/unsetAm", contact=CONTACT)

    assert first["message"] == second["message"] == "account manager unset"
    assert _manager(admin) is None


def test_unset_am_of_a_number_not_in_the_directory_is_not_found(
    admin: Api, contact: str
) -> None:
    response = admin.call("Directory/unsetAm", contact="9123456789")

    assert_error(response, 1012, 404, "+919123456789")


def test_removing_the_agent_clears_the_assignment(admin: Api, contact: str) -> None:
    admin.ok("Directory/create", contact="9123456789")
    admin.ok("Directory/setAM", contact=CONTACT, AcManId="7")
    admin.ok("Directory/setAM", contact="9123456789", AcManId="8")

    admin.ok("Agent/remove", agentId="7")

    assert _manager(admin) is None
    other = admin.ok("Directory/getInfo", cn="9123456789")["response"]
    assert other["accountManager"] == "8"


def test_editor_may_set_and_viewer_may_not(admin: Api, contact: str) -> None:
    editor, viewer = admin.as_role("editor"), admin.as_role("viewer")

    editor.ok("Directory/setAM", contact=CONTACT, AcManId="7")
    refused_set = viewer.call("Directory/setAM", contact=CONTACT, AcManId="8")
    refused_unset = viewer.call("Directory/unsetAm", contact=CONTACT)

    assert_error(refused_set, 1015, 403)
    assert_error(refused_unset, 1015, 403)
    assert _manager(admin) == "7"


def test_another_accounts_agent_is_unknown(
    admin: Api, other_admin: Api, contact: str
) -> None:
    other_admin.ok("Directory/create", contact=CONTACT)

    response = other_admin.call("Directory/setAM", contact=CONTACT, AcManId="7")

    assert_error(response, 1503, 400, "7")
    other_admin.ok("Directory/unsetAm", contact=CONTACT)
    admin.ok("Directory/setAM", contact=CONTACT, AcManId="7")
    other_admin.ok("Directory/unsetAm", contact=CONTACT)
    assert _manager(admin) == "7"

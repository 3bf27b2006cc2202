"""Directory/setSticky, getSticky and removeSticky over HTTP (SPEC 5.1)."""

from __future__ import annotations

import time
from typing import Any

import pytest

from conftest import Api, assert_error

CONTACT = "+919876543210"
CLI = "+918044440000"
OTHER_CLI = "+918044441111"


@pytest.fixture
def group(admin: Api) -> int:
    """A contact, agents 7 (in the group) and 8, two CLIs and the group's id."""
    admin.ok("Directory/create", contact=CONTACT)
    admin.ok("Agent/add", agentId="7", name="Asha")
    admin.ok("Agent/add", agentId="8", name="Bela")
    admin.ok("Number/add", number=CLI)
    admin.ok("Number/add", number=OTHER_CLI)
    group_id = admin.ok("Group/add", name="sales")["response"]["groupId"]
    admin.ok("Group/submitAssignGroupToAgent", groupId=group_id, agent_unique_id=["7"])
    return int(group_id)


def _set(admin: Api, **body: Any) -> Any:
    return admin.call("Directory/setSticky", **{"contact": CONTACT, **body})


def _get(admin: Api, **filters: Any) -> list[dict[str, Any]]:
    payload = admin.ok("Directory/getSticky", contact=CONTACT, **filters)
    response: list[dict[str, Any]] = payload["response"]
    return response


def _three_scopes(admin: Api, group_id: int, expiry: int = -1) -> None:
    for body in (
        {"type": "all"},
        {"type": "cli", "cli": CLI},
        {"type": "cli_group", "cli": CLI, "groupid": group_id},
    ):
        admin.ok(
            "Directory/setSticky", contact=CONTACT, agentId="7", expiry=expiry, **body
        )


# setSticky


def test_set_sticky_all_then_get_it(admin: Api, group: int) -> None:
    done = admin.ok(
        "Directory/setSticky", contact="09876543210", agentId="7", type="all", expiry=-1
    )

    settings = _get(admin)

    assert done["message"] == "sticky agent set"
    assert settings == [
        {"type": "all", "agentId": "7", "cli": None, "groupid": None, "expiry": -1}
    ]


def test_set_sticky_in_each_scope_keeps_one_setting_each(
    admin: Api, group: int
) -> None:
    future = int(time.time()) + 3600

    _three_scopes(admin, group, expiry=future)

    assert _get(admin) == [
        {"type": "all", "agentId": "7", "cli": None, "groupid": None, "expiry": future},
        {"type": "cli", "agentId": "7", "cli": CLI, "groupid": None, "expiry": future},
        {
            "type": "cli_group",
            "agentId": "7",
            "cli": CLI,
            "groupid": group,
            "expiry": future,
        },
    ]


def test_set_sticky_again_replaces_agent_and_expiry_in_that_scope(
    admin: Api, group: int
) -> None:
    admin.ok(
        "Directory/setSticky",
        contact=CONTACT,
        agentId="7",
        type="cli",
        cli=CLI,
        expiry=-1,
    )
    admin.ok(
        "Directory/setSticky",
        contact=CONTACT,
        agentId="7",
        type="cli",
        cli=OTHER_CLI,
        expiry=-1,
    )
    later = int(time.time()) + 600

    admin.ok(
        "Directory/setSticky",
        contact=CONTACT,
        agentId="8",
        type="CLI",
        cli="08044440000",
        expiry=str(later),
    )

    assert [(s["cli"], s["agentId"], s["expiry"]) for s in _get(admin)] == [
        (CLI, "8", later),
        (OTHER_CLI, "7", -1),
    ]


@pytest.mark.parametrize("agent", ["7", "99"])
def test_set_sticky_needs_an_existing_contact(
    admin: Api, group: int, agent: str
) -> None:
    response = admin.call(
        "Directory/setSticky",
        contact="9123456789",
        agentId=agent,
        type="all",
        expiry=-1,
    )

    assert_error(response, 1012, 404, "+919123456789")


@pytest.mark.parametrize(
    ("body", "code", "mentions"),
    [
        ({"type": "sometimes"}, 1502, ["type", "sometimes"]),
        ({"type": 3}, 1001, ["type"]),
        ({"type": None}, 1000, ["type"]),
        ({"agentId": "99"}, 1501, ["agentId", "99"]),
        ({"agentId": ""}, 1000, ["agentId"]),
        ({"cli": CLI}, 1501, ["cli", "type"]),
        ({"groupid": 5}, 1501, ["groupid"]),
        ({"type": "cli"}, 1000, ["cli"]),
        ({"type": "cli", "cli": "+918099990000"}, 1505, ["cli", "+918099990000"]),
        ({"type": "cli", "cli": "80-abc"}, 1005, ["80-abc"]),
        ({"type": "cli", "cli": CLI, "groupid": 5}, 1501, ["groupid"]),
        ({"type": "cli_group", "cli": CLI}, 1000, ["groupid"]),
        ({"type": "cli_group", "cli": CLI, "groupid": 9999}, 1506, ["9999"]),
        ({"type": "cli_group", "cli": CLI, "groupid": "x"}, 1001, ["groupid"]),
        ({"expiry": None}, 1000, ["expiry"]),
        ({"expiry": "soon"}, 1509, ["expiry", "soon"]),
        ({"expiry": 1.5}, 1509, ["expiry"]),
        ({"expiry": {"at": 1}}, 1001, ["expiry"]),
        ({"expiry": -2}, 1508, ["expiry", "-2"]),
        ({"expiry": "-5"}, 1508, ["expiry"]),
        ({"expiry": 0}, 1501, ["expiry", "past"]),
        ({"expiry": 1_600_000_000}, 1501, ["expiry", "past"]),
        ({"expiry": 1_900_000_000_000}, 1501, ["expiry", "milliseconds"]),
    ],
)
def test_set_sticky_refuses_bad_input(
    admin: Api, group: int, body: dict[str, Any], code: int, mentions: list[str]
) -> None:
    request = {"agentId": "7", "type": "all", "expiry": -1, **body}

    response = _set(admin, **request)

    assert_error(response, code, 400, *mentions)
    assert admin.call("Directory/getSticky", contact=CONTACT).status_code == 404


def test_set_sticky_refuses_an_agent_outside_the_group(admin: Api, group: int) -> None:
    response = _set(
        admin, agentId="8", type="cli_group", cli=CLI, groupid=group, expiry=-1
    )

    assert_error(response, 1507, 400, "8", str(group))


def test_set_sticky_accepts_a_group_id_as_text(admin: Api, group: int) -> None:
    admin.ok(
        "Directory/setSticky",
        contact=CONTACT,
        agentId="7",
        type="cli_group",
        cli=CLI,
        groupid=str(group),
        expiry="-1",
    )

    assert _get(admin)[0]["groupid"] == group


def test_set_sticky_blank_unused_fields_are_not_sent(admin: Api, group: int) -> None:
    admin.ok(
        "Directory/setSticky",
        contact=CONTACT,
        agentId="7",
        type="all",
        cli="",
        groupid=None,
        expiry=-1,
    )

    assert len(_get(admin)) == 1


# getSticky


def test_get_sticky_none_is_not_found(admin: Api, group: int) -> None:
    assert_error(admin.call("Directory/getSticky", contact=CONTACT), 1012, 404, CONTACT)
    assert_error(
        admin.call("Directory/getSticky", contact="9123456789"),
        1012,
        404,
        "not in the directory",
    )


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"type": "all"}, ["all", "cli", "cli_group"]),
        ({"type": "ALL"}, ["all", "cli", "cli_group"]),
        ({"type": "cli"}, ["cli"]),
        ({"type": "cli_group"}, ["cli_group"]),
        ({"cli": CLI}, ["cli", "cli_group"]),
        ({"cli": "08044440000", "type": "cli"}, ["cli"]),
        ({"agentId": "7"}, ["all", "cli"]),
        ({"agentId": 8}, ["cli_group"]),
    ],
)
def test_get_sticky_filters(
    admin: Api, group: int, filters: dict[str, Any], expected: list[str]
) -> None:
    admin.ok(
        "Group/submitAssignGroupToAgent", groupId=group, agent_unique_id=["7", "8"]
    )
    _three_scopes(admin, group)
    admin.ok(
        "Directory/setSticky",
        contact=CONTACT,
        agentId="8",
        type="cli_group",
        cli=CLI,
        groupid=group,
        expiry=-1,
    )

    found = _get(admin, **filters)

    assert [s["type"] for s in found] == expected


def test_get_sticky_filters_by_group(admin: Api, group: int) -> None:
    _three_scopes(admin, group)

    assert [s["type"] for s in _get(admin, groupid=group)] == ["cli_group"]
    assert_error(
        admin.call("Directory/getSticky", contact=CONTACT, groupid=group + 1000),
        1012,
        404,
    )


def test_get_sticky_expiry_filter_keeps_settings_active_then(
    admin: Api, group: int
) -> None:
    now = int(time.time())
    admin.ok("Directory/setSticky", contact=CONTACT, agentId="7", type="all", expiry=-1)
    admin.ok(
        "Directory/setSticky",
        contact=CONTACT,
        agentId="7",
        type="cli",
        cli=CLI,
        expiry=now + 1000,
    )

    assert len(_get(admin, expiry=now + 999)) == 2
    assert [s["type"] for s in _get(admin, expiry=str(now + 1000))] == ["all"]
    assert [s["type"] for s in _get(admin, expiry=-1)] == ["all"]


@pytest.mark.parametrize(
    ("filters", "code"),
    [
        ({"type": "never"}, 1502),
        ({"expiry": "later"}, 1509),
        ({"expiry": -3}, 1508),
        ({"groupid": "sales"}, 1001),
        ({"cli": "x1"}, 1005),
    ],
)
def test_get_sticky_refuses_bad_filters(
    admin: Api, group: int, filters: dict[str, Any], code: int
) -> None:
    response = admin.call("Directory/getSticky", contact=CONTACT, **filters)

    assert_error(response, code, 400)


def test_expired_settings_disappear(admin: Api, group: int) -> None:
    soon = int(time.time()) + 2
    admin.ok(
        "Directory/setSticky", contact=CONTACT, agentId="7", type="all", expiry=soon
    )
    assert len(_get(admin)) == 1

    time.sleep(max(0.0, soon - time.time()) + 0.1)

    assert_error(admin.call("Directory/getSticky", contact=CONTACT), 1012, 404)
    record = admin.ok("Directory/getInfo", cn=CONTACT, field="all")["response"]
    assert record["sticky"] == []
    assert_error(
        admin.call("Directory/removeSticky", contact=CONTACT, type="all"), 1501, 400
    )


def test_get_info_all_lists_the_sticky_settings(admin: Api, group: int) -> None:
    _three_scopes(admin, group)

    record = admin.ok("Directory/getInfo", cn=CONTACT, field="all")["response"]

    assert record["sticky"] == _get(admin)


# removeSticky


def test_remove_sticky_all_with_no_filter_removes_everything(
    admin: Api, group: int
) -> None:
    _three_scopes(admin, group)

    done = admin.ok("Directory/removeSticky", contact=CONTACT, type="all")

    assert "3" in done["message"]
    assert_error(admin.call("Directory/getSticky", contact=CONTACT), 1012, 404)


@pytest.mark.parametrize(
    ("filters", "left"),
    [
        ({"type": "cli"}, ["all", "cli_group"]),
        ({"type": "all", "cli": CLI}, ["all"]),
        ({"type": "cli_group", "groupid": "GROUP"}, ["all", "cli"]),
        ({"type": "all", "agentId": "7"}, ["cli_group"]),
    ],
)
def test_remove_sticky_removes_only_what_matches(
    admin: Api, group: int, filters: dict[str, Any], left: list[str]
) -> None:
    admin.ok(
        "Group/submitAssignGroupToAgent", groupId=group, agent_unique_id=["7", "8"]
    )
    admin.ok("Directory/setSticky", contact=CONTACT, agentId="7", type="all", expiry=-1)
    admin.ok(
        "Directory/setSticky",
        contact=CONTACT,
        agentId="7",
        type="cli",
        cli=CLI,
        expiry=-1,
    )
    admin.ok(
        "Directory/setSticky",
        contact=CONTACT,
        agentId="8",
        type="cli_group",
        cli=CLI,
        groupid=group,
        expiry=-1,
    )
    if filters.get("groupid") == "GROUP":
        filters = {**filters, "groupid": group}

    admin.ok("Directory/removeSticky", contact=CONTACT, **filters)

    assert [s["type"] for s in _get(admin)] == left


def test_remove_sticky_nothing_matched_is_1501(admin: Api, group: int) -> None:
    admin.ok("Directory/setSticky", contact=CONTACT, agentId="7", type="all", expiry=-1)

    response = admin.call("Directory/removeSticky", contact=CONTACT, type="cli")

    assert_error(response, 1501, 400, "no sticky agent setting matched")
    assert len(_get(admin)) == 1


def test_remove_sticky_needs_type_and_a_contact(admin: Api, group: int) -> None:
    assert_error(
        admin.call("Directory/removeSticky", contact=CONTACT), 1000, 400, "type"
    )
    assert_error(
        admin.call("Directory/removeSticky", contact=CONTACT, type="x"), 1502, 400
    )
    assert_error(
        admin.call("Directory/removeSticky", contact="9123456789", type="all"),
        1012,
        404,
    )


# Roles and tenants


def test_viewer_reads_but_does_not_write_sticky(admin: Api, group: int) -> None:
    admin.ok("Directory/setSticky", contact=CONTACT, agentId="7", type="all", expiry=-1)
    viewer = admin.as_role("viewer")

    assert len(viewer.ok("Directory/getSticky", contact=CONTACT)["response"]) == 1
    assert_error(
        viewer.call(
            "Directory/setSticky", contact=CONTACT, agentId="7", type="all", expiry=-1
        ),
        1015,
        403,
    )
    assert_error(
        viewer.call("Directory/removeSticky", contact=CONTACT, type="all"), 1015, 403
    )


def test_editor_sets_and_removes_sticky(admin: Api, group: int) -> None:
    editor = admin.as_role("editor")

    editor.ok(
        "Directory/setSticky", contact=CONTACT, agentId="7", type="all", expiry=-1
    )
    editor.ok("Directory/removeSticky", contact=CONTACT, type="all")

    assert_error(admin.call("Directory/getSticky", contact=CONTACT), 1012, 404)


def test_other_account_cannot_use_or_see_this_accounts_relations(
    admin: Api, other_admin: Api, group: int
) -> None:
    admin.ok("Directory/setSticky", contact=CONTACT, agentId="7", type="all", expiry=-1)
    other_admin.ok("Directory/create", contact=CONTACT)
    other_admin.ok("Agent/add", agentId="1", name="Own")

    assert_error(
        other_admin.call(
            "Directory/setSticky", contact=CONTACT, agentId="7", type="all", expiry=-1
        ),
        1501,
        400,
        "7",
    )
    assert_error(
        other_admin.call(
            "Directory/setSticky",
            contact=CONTACT,
            agentId="1",
            type="cli",
            cli=CLI,
            expiry=-1,
        ),
        1505,
        400,
    )
    other_admin.ok("Number/add", number=OTHER_CLI)
    assert_error(
        other_admin.call(
            "Directory/setSticky",
            contact=CONTACT,
            agentId="1",
            type="cli_group",
            cli=OTHER_CLI,
            groupid=group,
            expiry=-1,
        ),
        1506,
        400,
        str(group),
    )
    assert_error(other_admin.call("Directory/getSticky", contact=CONTACT), 1012, 404)
    assert_error(
        other_admin.call("Directory/removeSticky", contact=CONTACT, type="all"),
        1501,
        400,
    )
    assert len(_get(admin)) == 1

"""Agent/*, Group/* and Number/* management over HTTP, with their cascades."""

from __future__ import annotations

import time

import pytest
from starlette.testclient import TestClient

from conftest import Api, assert_error
from dialbook.http.app import DialbookApp

CONTACT = "+919876543210"
CLI = "+918044440000"


def _contact_with_everything(admin: Api) -> int:
    """Agent 7 in a group, managing a contact with settings in every scope."""
    admin.ok("Directory/create", contact=CONTACT)
    admin.ok("Agent/add", agentId="7", name="Asha")
    admin.ok("Number/add", number=CLI)
    group_id = admin.ok("Group/add", name="sales")["response"]["groupId"]
    admin.ok("Group/submitAssignGroupToAgent", groupId=group_id, agent_unique_id=["7"])
    for scope in ({"type": "all"}, {"type": "cli", "cli": CLI}):
        admin.ok(
            "Directory/setSticky", contact=CONTACT, agentId="7", expiry=-1, **scope
        )
    admin.ok(
        "Directory/setSticky",
        contact=CONTACT,
        agentId="7",
        type="cli_group",
        cli=CLI,
        groupid=group_id,
        expiry=-1,
    )
    admin.ok("Directory/setAM", contact=CONTACT, AcManId="7")
    return int(group_id)


def _sticky_types(admin: Api) -> list[str]:
    response = admin.call("Directory/getSticky", contact=CONTACT, type="all")
    if response.status_code == 404:
        return []
    return sorted(item["type"] for item in response.json()["response"])


def _all_items(admin: Api, path: str, **body: object) -> list[dict[str, object]]:
    items: list[dict[str, object]] = []
    cursor = None
    while True:
        page = admin.ok(path, cursor=cursor, **body)["response"]
        items.extend(page["items"])
        cursor = page["nextCursor"]
        if cursor is None:
            return items


# Agents


def test_agent_add_then_list_shows_it(admin: Api) -> None:
    added = admin.ok("Agent/add", agentId="101", name="Asha Rao")

    page = admin.ok("Agent/list")["response"]

    assert added["message"] == "agent added"
    assert added["response"] == {"agentId": "101"}
    assert [(a["agentId"], a["name"]) for a in page["items"]] == [("101", "Asha Rao")]
    assert isinstance(page["items"][0]["createdAt"], int)
    assert page["nextCursor"] is None


def test_agent_id_may_be_sent_as_an_integer(admin: Api) -> None:
    admin.ok("Agent/add", agentId=101, name="Asha")

    response = admin.call("Agent/add", agentId="101", name="Again")

    assert_error(response, 1011, 409, "agentId", "101")


def test_agent_add_needs_agent_id_and_name(admin: Api) -> None:
    assert_error(admin.call("Agent/add", name="Asha"), 1000, 400, "agentId")
    assert_error(admin.call("Agent/add", agentId="1"), 1000, 400, "name")
    assert_error(admin.call("Agent/add", agentId=" ", name="A"), 1000, 400, "agentId")
    assert_error(
        admin.call("Agent/add", agentId={"id": 1}, name="A"), 1001, 400, "agentId"
    )
    assert_error(admin.call("Agent/add", agentId="1", name=5), 1001, 400, "name")


def test_agent_remove_then_it_is_gone(admin: Api) -> None:
    admin.ok("Agent/add", agentId="101", name="Asha")

    removed = admin.ok("Agent/remove", agentId="101")

    assert removed["message"] == "agent removed"
    assert admin.ok("Agent/list")["response"]["items"] == []
    assert_error(admin.call("Agent/remove", agentId="101"), 1012, 404, "101")


def test_agent_remove_cascades_to_sticky_memberships_and_account_manager(
    admin: Api,
) -> None:
    group_id = _contact_with_everything(admin)

    admin.ok("Agent/remove", agentId="7")

    assert _sticky_types(admin) == []
    record = admin.ok("Directory/getInfo", cn=CONTACT, field="all")["response"]
    assert record["accountManager"] is None
    assert record["sticky"] == []
    groups = admin.ok("Group/list")["response"]["items"]
    assert groups == [
        {
            "groupId": group_id,
            "name": "sales",
            "agents": [],
            "createdAt": groups[0]["createdAt"],
        }
    ]


def test_agent_list_pages_with_a_cursor_in_id_order(admin: Api) -> None:
    for n in range(7):
        admin.ok("Agent/add", agentId=f"a{n:02d}", name=f"Agent {n}")

    first = admin.ok("Agent/list", limit=3)["response"]
    second = admin.ok("Agent/list", limit="3", cursor=first["nextCursor"])["response"]
    everything = _all_items(admin, "Agent/list", limit=2)

    assert [a["agentId"] for a in first["items"]] == ["a00", "a01", "a02"]
    assert [a["agentId"] for a in second["items"]] == ["a03", "a04", "a05"]
    assert [a["agentId"] for a in everything] == [f"a{n:02d}" for n in range(7)]


def test_last_full_page_has_no_next_cursor(admin: Api) -> None:
    for n in range(3):
        admin.ok("Agent/add", agentId=f"a{n}", name="A")

    page = admin.ok("Agent/list", limit=3)["response"]

    assert len(page["items"]) == 3
    assert page["nextCursor"] is None


def test_agent_list_pages_through_ten_thousand_agents_quickly(
    client: TestClient, app: DialbookApp, admin: Api
) -> None:
    account_id = admin.account["accountId"]
    rows = [(account_id, f"agent-{n:05d}", "A", 0) for n in range(10_000)]

    async def insert() -> None:
        async with app.store.write() as db:
            await db.run_many(
                "INSERT INTO agents (account_id, agent_id, name, created_at)"
                " VALUES (?, ?, ?, ?)",
                rows,
            )

    assert client.portal is not None
    client.portal.call(insert)
    started = time.perf_counter()

    everything = _all_items(admin, "Agent/list", limit=1000)

    assert time.perf_counter() - started < 10
    assert len(everything) == 10_000
    assert everything[-1]["agentId"] == "agent-09999"


@pytest.mark.parametrize(
    ("body", "code", "mention"),
    [
        ({"limit": 0}, 1000, "limit"),
        ({"limit": 1001}, 1000, "limit"),
        ({"limit": "ten"}, 1001, "limit"),
        ({"cursor": "not-a-cursor"}, 1000, "cursor"),
        ({"cursor": 5}, 1001, "cursor"),
    ],
)
def test_list_refuses_bad_limit_and_cursor(
    admin: Api, body: dict[str, object], code: int, mention: str
) -> None:
    response = admin.call("Agent/list", **body)

    assert_error(response, code, 400, mention)


def test_cursor_of_one_list_is_refused_by_another(admin: Api) -> None:
    for n in range(2):
        admin.ok("Agent/add", agentId=f"a{n}", name="A")
    cursor = admin.ok("Agent/list", limit=1)["response"]["nextCursor"]

    assert_error(admin.call("Number/list", cursor=cursor), 1000, 400, "cursor")
    assert_error(admin.call("Group/list", cursor=cursor), 1000, 400, "cursor")


# Groups


def test_group_add_answers_an_integer_group_id(admin: Api) -> None:
    first = admin.ok("Group/add", name="sales")
    second = admin.ok("Group/add", name="support")

    groups = admin.ok("Group/list")["response"]["items"]

    assert first["message"] == "group added"
    assert isinstance(first["response"]["groupId"], int)
    assert second["response"]["groupId"] > first["response"]["groupId"]
    assert [(g["groupId"], g["name"]) for g in groups] == [
        (first["response"]["groupId"], "sales"),
        (second["response"]["groupId"], "support"),
    ]


def test_group_add_refuses_a_taken_name(admin: Api) -> None:
    admin.ok("Group/add", name="sales")

    response = admin.call("Group/add", name="sales")

    assert_error(response, 1011, 409, "sales")
    assert len(admin.ok("Group/list")["response"]["items"]) == 1


def test_group_add_needs_a_name(admin: Api) -> None:
    assert_error(admin.call("Group/add"), 1000, 400, "name")


def test_group_list_pages_by_group_id(admin: Api) -> None:
    ids = [admin.ok("Group/add", name=f"g{n}")["response"]["groupId"] for n in range(5)]

    everything = _all_items(admin, "Group/list", limit=2)

    assert [g["groupId"] for g in everything] == ids


def test_assign_sets_the_membership(admin: Api) -> None:
    for agent in ("1", "2", "3"):
        admin.ok("Agent/add", agentId=agent, name=f"Agent {agent}")
    group_id = admin.ok("Group/add", name="sales")["response"]["groupId"]

    admin.ok(
        "Group/submitAssignGroupToAgent", groupId=group_id, agent_unique_id=["1", "2"]
    )
    admin.ok(
        "Group/submitAssignGroupToAgent",
        groupId=str(group_id),
        agent_unique_id=["3", 2, "3"],
    )

    groups = admin.ok("Group/list")["response"]["items"]
    assert groups[0]["agents"] == ["2", "3"]


def test_assign_an_empty_list_empties_the_group(admin: Api) -> None:
    admin.ok("Agent/add", agentId="1", name="A")
    group_id = admin.ok("Group/add", name="sales")["response"]["groupId"]
    admin.ok("Group/submitAssignGroupToAgent", groupId=group_id, agent_unique_id=["1"])

    admin.ok("Group/submitAssignGroupToAgent", groupId=group_id, agent_unique_id=[])

    assert admin.ok("Group/list")["response"]["items"][0]["agents"] == []


def test_assign_refuses_unknown_group_and_agents(admin: Api) -> None:
    admin.ok("Agent/add", agentId="1", name="A")
    group_id = admin.ok("Group/add", name="sales")["response"]["groupId"]

    unknown_group = admin.call(
        "Group/submitAssignGroupToAgent", groupId=9999, agent_unique_id=["1"]
    )
    unknown_agent = admin.call(
        "Group/submitAssignGroupToAgent", groupId=group_id, agent_unique_id=["1", "42"]
    )
    missing_list = admin.call("Group/submitAssignGroupToAgent", groupId=group_id)
    not_a_list = admin.call(
        "Group/submitAssignGroupToAgent", groupId=group_id, agent_unique_id="1"
    )

    assert_error(unknown_group, 1012, 404, "9999")
    assert_error(unknown_agent, 1507, 400, "agent_unique_id", "42")
    assert_error(missing_list, 1000, 400, "agent_unique_id")
    assert_error(not_a_list, 1001, 400, "agent_unique_id")
    assert admin.ok("Group/list")["response"]["items"][0]["agents"] == []


def test_assign_removes_group_settings_of_agents_who_leave(admin: Api) -> None:
    group_id = _contact_with_everything(admin)
    admin.ok("Agent/add", agentId="8", name="Bela")

    admin.ok("Group/submitAssignGroupToAgent", groupId=group_id, agent_unique_id=["8"])

    assert _sticky_types(admin) == ["all", "cli"]


def test_assign_keeps_group_settings_of_agents_who_stay(admin: Api) -> None:
    group_id = _contact_with_everything(admin)
    admin.ok("Agent/add", agentId="8", name="Bela")

    admin.ok(
        "Group/submitAssignGroupToAgent", groupId=group_id, agent_unique_id=["8", "7"]
    )

    assert _sticky_types(admin) == ["all", "cli", "cli_group"]


def test_group_delete_removes_its_scoped_settings(admin: Api) -> None:
    group_id = _contact_with_everything(admin)

    deleted = admin.ok("Group/delete", groupId=group_id)

    assert deleted["message"] == "group deleted"
    assert _sticky_types(admin) == ["all", "cli"]
    assert admin.ok("Group/list")["response"]["items"] == []
    assert_error(admin.call("Group/delete", groupId=group_id), 1012, 404, str(group_id))


def test_group_delete_needs_an_integer_group_id(admin: Api) -> None:
    assert_error(admin.call("Group/delete"), 1000, 400, "groupId")
    assert_error(admin.call("Group/delete", groupId="sales"), 1001, 400, "groupId")
    assert_error(admin.call("Group/delete", groupId=0), 1000, 400, "groupId")


# Numbers


def test_number_add_stores_the_canonical_form(admin: Api) -> None:
    added = admin.ok("Number/add", number="080 4444 0000", label="Main line")

    items = admin.ok("Number/list")["response"]["items"]

    assert added["response"] == {"number": CLI}
    assert [(n["number"], n["label"]) for n in items] == [(CLI, "Main line")]


def test_number_add_refuses_duplicates_in_any_spelling(admin: Api) -> None:
    admin.ok("Number/add", number=CLI)

    response = admin.call("Number/add", number="08044440000")

    assert_error(response, 1011, 409, CLI)


def test_number_add_refuses_bad_numbers(admin: Api) -> None:
    assert_error(admin.call("Number/add"), 1000, 400, "number")
    assert_error(admin.call("Number/add", number="12ab"), 1005, 400, "12ab")
    assert_error(admin.call("Number/add", number=["1"]), 1001, 400, "number")


def test_number_add_label_is_optional(admin: Api) -> None:
    admin.ok("Number/add", number=CLI)

    assert admin.ok("Number/list")["response"]["items"][0]["label"] is None


def test_number_list_pages(admin: Api) -> None:
    numbers = [f"+91804444000{n}" for n in range(5)]
    for number in numbers:
        admin.ok("Number/add", number=number)

    everything = _all_items(admin, "Number/list", limit=2)

    assert [n["number"] for n in everything] == numbers


def test_number_remove_cascades_to_sticky_and_blacklist(admin: Api) -> None:
    _contact_with_everything(admin)
    other_cli = "+918044441111"
    admin.ok("Number/add", number=other_cli)
    admin.ok("Directory/Blacklist", contact=CONTACT, DID=[CLI, other_cli])

    removed = admin.ok("Number/remove", number="08044440000")

    assert removed["message"] == "number removed"
    assert _sticky_types(admin) == ["all"]
    record = admin.ok("Directory/getInfo", cn=CONTACT, field="all")["response"]
    assert record["blacklist"]["dids"] == [other_cli]
    assert_error(admin.call("Number/remove", number=CLI), 1012, 404, CLI)


# Roles and tenants

MANAGEMENT_CALLS = [
    ("Agent/add", {"agentId": "1", "name": "A"}),
    ("Agent/list", {}),
    ("Agent/remove", {"agentId": "1"}),
    ("Group/add", {"name": "g"}),
    ("Group/list", {}),
    ("Group/delete", {"groupId": 1}),
    ("Group/submitAssignGroupToAgent", {"groupId": 1, "agent_unique_id": []}),
    ("Number/add", {"number": CLI}),
    ("Number/list", {}),
    ("Number/remove", {"number": CLI}),
]


@pytest.mark.parametrize("role", ["editor", "viewer"])
def test_management_is_for_admins_only(admin: Api, role: str) -> None:
    caller = admin.as_role(role)

    for path, body in MANAGEMENT_CALLS:
        assert_error(caller.call(path, **body), 1015, 403, path)


def test_accounts_do_not_see_or_touch_each_others_relations(
    admin: Api, other_admin: Api
) -> None:
    group_id = _contact_with_everything(admin)

    assert other_admin.ok("Agent/list")["response"]["items"] == []
    assert other_admin.ok("Group/list")["response"]["items"] == []
    assert other_admin.ok("Number/list")["response"]["items"] == []
    assert_error(other_admin.call("Agent/remove", agentId="7"), 1012, 404)
    assert_error(other_admin.call("Group/delete", groupId=group_id), 1012, 404)
    assert_error(other_admin.call("Number/remove", number=CLI), 1012, 404)
    assert_error(
        other_admin.call(
            "Group/submitAssignGroupToAgent", groupId=group_id, agent_unique_id=[]
        ),
        1012,
        404,
    )

    assert _sticky_types(admin) == ["all", "cli", "cli_group"]
    assert admin.ok("Group/list")["response"]["items"][0]["agents"] == ["7"]


def test_accounts_may_reuse_agent_ids_group_names_and_numbers(
    admin: Api, other_admin: Api
) -> None:
    for api in (admin, other_admin):
        api.ok("Agent/add", agentId="7", name="Asha")
        api.ok("Group/add", name="sales")
        api.ok("Number/add", number=CLI)

    other_admin.ok("Agent/remove", agentId="7")

    assert len(admin.ok("Agent/list")["response"]["items"]) == 1

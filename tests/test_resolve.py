"""Directory/resolve over HTTP: the sticky agent that applies and every suppression."""

from __future__ import annotations

import itertools
import time
from dataclasses import dataclass
from typing import Any

import pytest

from conftest import Api, assert_error

NUMBER = "+919876543210"
STRANGER = "+919812345678"
CLI_A = "+918045678901"
CLI_B = "+918045678902"
AGENT_ALL, AGENT_CLI, AGENT_GROUP, MANAGER = "101", "102", "103", "900"
SCOPES = ("all", "cli", "cli_group")


@dataclass
class Centre:
    """An account with two CLIs, four agents, a group and one contact."""

    api: Api
    group_id: int

    def resolve(self, **body: Any) -> dict[str, Any]:
        response: dict[str, Any] = self.api.ok("Directory/resolve", **body)["response"]
        return response

    def stick(self, scope: str, **extra: Any) -> None:
        body: dict[str, Any] = {"contact": NUMBER, "type": scope, "expiry": -1}
        if scope == "all":
            body["agentId"] = AGENT_ALL
        elif scope == "cli":
            body.update(agentId=AGENT_CLI, cli=CLI_A)
        else:
            body.update(agentId=AGENT_GROUP, cli=CLI_A, groupid=self.group_id)
        self.api.ok("Directory/setSticky", **{**body, **extra})


@pytest.fixture
def centre(admin: Api) -> Centre:
    for number in (CLI_A, CLI_B):
        admin.ok("Number/add", number=number)
    for agent in (AGENT_ALL, AGENT_CLI, AGENT_GROUP, MANAGER):
        admin.ok("Agent/add", agentId=agent, name=f"Agent {agent}")
    group_id = admin.ok("Group/add", name="sales")["response"]["groupId"]
    admin.ok(
        "Group/submitAssignGroupToAgent",
        groupId=group_id,
        agent_unique_id=[AGENT_GROUP],
    )
    admin.ok(
        "Directory/create",
        contact=NUMBER,
        contactinfo={"name": "Asha Rao", "company": "Acme"},
        other={"vip": "true"},
    )
    return Centre(admin, group_id)


def sticky_of(scope: str, group_id: int) -> dict[str, Any]:
    agent = {"all": AGENT_ALL, "cli": AGENT_CLI, "cli_group": AGENT_GROUP}[scope]
    return {
        "agentId": agent,
        "type": scope,
        "cli": None if scope == "all" else CLI_A,
        "groupid": group_id if scope == "cli_group" else None,
        "expiry": -1,
    }


def test_a_known_contact_without_settings_may_be_called(centre: Centre) -> None:
    response = centre.resolve(contact="09876543210")

    assert response == {
        "contact": NUMBER,
        "known": True,
        "contactinfo": {"name": "Asha Rao", "company": "Acme"},
        "vip": True,
        "stickyAgent": None,
        "accountManager": None,
        "mayCall": {"allowed": True, "reasons": []},
    }


def test_the_account_manager_is_shown(centre: Centre) -> None:
    centre.api.ok("Directory/setAM", contact=NUMBER, AcManId=MANAGER)

    response = centre.resolve(contact=NUMBER, cli=CLI_A)

    assert response["accountManager"] == MANAGER


def test_a_contact_without_vip_is_not_vip(centre: Centre) -> None:
    centre.api.ok("Directory/create", contact="9876543211")

    response = centre.resolve(contact="9876543211")

    assert response["known"] is True
    assert response["vip"] is False
    assert response["contactinfo"] == {}


def test_an_unknown_number_is_no_error(centre: Centre) -> None:
    response = centre.resolve(contact=STRANGER, cli=CLI_A, groupid=centre.group_id)

    assert response == {
        "contact": STRANGER,
        "known": False,
        "contactinfo": None,
        "vip": False,
        "stickyAgent": None,
        "accountManager": None,
        "mayCall": {"allowed": True, "reasons": []},
    }


def test_an_unknown_number_keeps_its_suppressions(centre: Centre) -> None:
    centre.api.ok("setDnc", contact=STRANGER, dnc=-1)
    centre.api.ok("Directory/Blacklist", contact=STRANGER, DID=[CLI_B])

    response = centre.resolve(contact=STRANGER, cli=CLI_B)

    assert response["known"] is False
    assert response["mayCall"] == {
        "allowed": False,
        "reasons": [{"type": "dnc", "until": -1}, {"type": "blacklist", "did": CLI_B}],
    }


REQUESTS = {
    "no cli": {},
    "cli only": {"cli": CLI_A},
    "cli and group": {"cli": CLI_A, "groupid": "GROUP"},
    "another cli and the group": {"cli": CLI_B, "groupid": "GROUP"},
    "cli and another group": {"cli": CLI_A, "groupid": 999_999},
}


def expected_scope(present: tuple[str, ...], request: dict[str, Any]) -> str | None:
    """The scope that should win: cli_group, then cli, then all."""
    on_a = request.get("cli") == CLI_A
    if "cli_group" in present and on_a and request.get("groupid") == "GROUP":
        return "cli_group"
    if "cli" in present and on_a:
        return "cli"
    return "all" if "all" in present else None


SCOPE_SETS = [
    scopes for size in range(4) for scopes in itertools.combinations(SCOPES, size)
]


@pytest.mark.parametrize("present", SCOPE_SETS, ids=lambda s: "+".join(s) or "none")
def test_the_most_specific_sticky_setting_applies(
    centre: Centre, present: tuple[str, ...]
) -> None:
    for scope in present:
        centre.stick(scope)

    for name, request in REQUESTS.items():
        body = {
            key: centre.group_id if value == "GROUP" else value
            for key, value in request.items()
        }
        response = centre.resolve(contact=NUMBER, **body)

        scope = expected_scope(present, request)
        expected = None if scope is None else sticky_of(scope, centre.group_id)
        assert response["stickyAgent"] == expected, name


def test_a_group_id_may_be_an_integer_string(centre: Centre) -> None:
    centre.stick("cli_group")

    response = centre.resolve(contact=NUMBER, cli=CLI_A, groupid=str(centre.group_id))

    assert response["stickyAgent"]["type"] == "cli_group"


DNC_CASES = {"no dnc": None, "permanent": -1, "until later": "LATER"}
BLACKLIST_CASES = {
    "no blacklist": {},
    "on the cli": {"DID": [CLI_A]},
    "on another did": {"DID": [CLI_B]},
    "on every did": {"all": True},
    "every did and the cli": {"all": True, "DID": [CLI_A]},
}


def set_suppressions(
    api: Api, contact: str, dnc: Any, blacklist: dict[str, Any], later: int
) -> None:
    if dnc is not None:
        api.ok("setDnc", contact=contact, dnc=later if dnc == "LATER" else dnc)
    if blacklist.get("all"):
        api.ok("Directory/update", contact=contact, other={"blacklist": True})
    if blacklist.get("DID"):
        api.ok("Directory/Blacklist", contact=contact, DID=blacklist["DID"])


def expected_reasons(
    dnc: Any, blacklist: dict[str, Any], cli: str | None, later: int
) -> list[dict[str, Any]]:
    reasons: list[dict[str, Any]] = []
    if dnc is not None:
        reasons.append({"type": "dnc", "until": later if dnc == "LATER" else dnc})
    if cli is not None and cli in blacklist.get("DID", []):
        reasons.append({"type": "blacklist", "did": cli})
    if blacklist.get("all"):
        reasons.append({"type": "blacklist_all"})
    return reasons


@pytest.mark.parametrize("dnc_case", DNC_CASES)
@pytest.mark.parametrize("blacklist_case", BLACKLIST_CASES)
def test_every_suppression_is_a_reason_and_the_agent_is_still_named(
    centre: Centre, dnc_case: str, blacklist_case: str
) -> None:
    later = int(time.time()) + 3600
    dnc, blacklist = DNC_CASES[dnc_case], BLACKLIST_CASES[blacklist_case]
    centre.stick("cli")
    set_suppressions(centre.api, NUMBER, dnc, blacklist, later)

    for cli in (None, CLI_A, CLI_B):
        body = {} if cli is None else {"cli": cli}
        response = centre.resolve(contact=NUMBER, **body)

        reasons = expected_reasons(dnc, blacklist, cli, later)
        assert response["mayCall"] == {"allowed": not reasons, "reasons": reasons}
        assert (response["stickyAgent"] is not None) == (cli == CLI_A)


def test_at_decides_for_dnc_and_sticky_expiry_alike(centre: Centre) -> None:
    now = int(time.time())
    end = now + 600
    centre.stick("all")
    centre.stick("cli", expiry=end)
    centre.api.ok("setDnc", contact=NUMBER, dnc=end)

    before = centre.resolve(contact=NUMBER, cli=CLI_A, at=end - 1)
    at_end = centre.resolve(contact=NUMBER, cli=CLI_A, at=str(end))
    earlier = centre.resolve(contact=NUMBER, cli=CLI_A, at=0)

    assert before["stickyAgent"]["type"] == "cli"
    assert before["mayCall"]["reasons"] == [{"type": "dnc", "until": end}]
    assert at_end["stickyAgent"]["type"] == "all"
    assert at_end["mayCall"] == {"allowed": True, "reasons": []}
    assert earlier["mayCall"]["allowed"] is False


def test_a_dnc_whose_time_passed_lets_the_call_through_without_a_job(
    centre: Centre,
) -> None:
    until = int(time.time()) + 1
    centre.api.ok("setDnc", contact=NUMBER, dnc=until)

    blocked = centre.resolve(contact=NUMBER)
    time.sleep(max(0.0, until - time.time()) + 0.05)
    passed = centre.resolve(contact=NUMBER)

    assert blocked["mayCall"]["allowed"] is False
    assert passed["mayCall"] == {"allowed": True, "reasons": []}


def test_a_lifted_blacklist_no_longer_blocks(centre: Centre) -> None:
    centre.api.ok("Directory/update", contact=NUMBER, other={"blacklist": True})
    centre.api.ok("Directory/Blacklist", contact=NUMBER, DID=[CLI_A])

    centre.api.ok("Directory/Blacklist", contact=NUMBER, DID=[])

    response = centre.resolve(contact=NUMBER, cli=CLI_A)
    assert response["mayCall"] == {"allowed": True, "reasons": []}


def test_a_cli_that_is_not_the_accounts_is_1505(
    centre: Centre, other_admin: Api
) -> None:
    other_admin.ok("Number/add", number="+918045678999")

    unknown = centre.api.call("Directory/resolve", contact=NUMBER, cli="08045678999")

    assert_error(unknown, 1505, 400, "cli", "+918045678999")


@pytest.mark.parametrize(
    ("body", "code", "mention"),
    [
        ({"contact": ""}, 1000, "contact is required"),
        ({"contact": "12ab"}, 1005, "'12ab'"),
        ({"cli": "12ab"}, 1005, "cli"),
        ({"cli": {"n": 1}}, 1001, "cli"),
        ({"groupid": "sales"}, 1001, "groupid"),
        ({"groupid": 0}, 1000, "groupid"),
        ({"at": "soon"}, 1001, "at"),
        ({"at": [1]}, 1001, "at"),
        ({"at": -5}, 1000, "at"),
        ({"at": 1_900_000_000_000}, 1000, "milliseconds"),
    ],
)
def test_bad_parameters_are_refused(
    centre: Centre, body: dict[str, Any], code: int, mention: str
) -> None:
    response = centre.api.call("Directory/resolve", **{"contact": NUMBER, **body})

    assert_error(response, code, 400, mention)


def test_any_role_may_resolve(centre: Centre) -> None:
    centre.api.ok("setDnc", contact=NUMBER, dnc=-1)
    viewer = centre.api.as_role("viewer")

    response = viewer.ok("Directory/resolve", contact=NUMBER)["response"]

    assert response["mayCall"]["reasons"] == [{"type": "dnc", "until": -1}]


def test_another_account_sees_none_of_it(centre: Centre, other_admin: Api) -> None:
    centre.stick("all")
    centre.api.ok("setDnc", contact=NUMBER, dnc=-1)
    centre.api.ok("Directory/update", contact=NUMBER, other={"blacklist": True})
    centre.api.ok("Directory/setAM", contact=NUMBER, AcManId=MANAGER)

    response = other_admin.ok("Directory/resolve", contact=NUMBER)["response"]

    assert response == {
        "contact": NUMBER,
        "known": False,
        "contactinfo": None,
        "vip": False,
        "stickyAgent": None,
        "accountManager": None,
        "mayCall": {"allowed": True, "reasons": []},
    }

"""Agent groups, named as DeepCall's Group API: add, list, delete, assign agents."""

from __future__ import annotations

from typing import Any

from dialbook.api.registry import Call, Envelope, answered, endpoint, written
from dialbook.domain import clock
from dialbook.domain.paging import page_request
from dialbook.domain.params import describe, is_blank, required_text, string_list
from dialbook.domain.routing import agent_id_value, group_id_param
from dialbook.errors import AgentNotInGroup, AlreadyExists, InvalidParameter, NotFound
from dialbook.storage import accounts, directory_admin

# A group may hold every agent of a large centre, but not an unbounded list.
MAX_MEMBERS = 10_000


def _no_group(group_id: int) -> NotFound:
    return NotFound(f"no data found: no group with groupId {group_id}")


@endpoint("Group/add", role="admin")
async def add_group(call: Call) -> Envelope:
    """Add a group; its id comes back as ``groupId``; 1011 when the name is taken."""
    name = required_text(call.body, "name", max_length=100)

    async with call.store.write() as db:
        group_id = await accounts.next_id(db, call.account_id)
        if not await directory_admin.insert_group(
            db, call.account_id, group_id, name, clock.now()
        ):
            raise AlreadyExists(f"already exists: a group named {describe(name)}")
    return written("group added", {"groupId": group_id})


@endpoint("Group/list", role="admin")
async def list_groups(call: Call) -> Envelope:
    """A page of the account's groups by id, each with its members' agent ids."""
    page = page_request(call.body, "Group")

    async with call.store.read() as db:
        rows = await directory_admin.list_groups(
            db, call.account_id, page.after_integer(), page.limit + 1
        )
        ids = [int(row[0]) for row in rows[: page.limit]]
        members = await directory_admin.group_members(db, call.account_id, ids)
    items = [_group_item(row, members) for row in rows]
    return answered(page.answer(items, [str(row[0]) for row in rows]))


def _group_item(row: Any, members: dict[int, list[str]]) -> dict[str, Any]:
    group_id = int(row[0])
    return {
        "groupId": group_id,
        "name": row[1],
        "agents": members.get(group_id, []),
        "createdAt": int(row[2]),
    }


@endpoint("Group/delete", role="admin")
async def delete_group(call: Call) -> Envelope:
    """Delete a group with its memberships and the sticky settings scoped to it."""
    group_id = group_id_param(call.body, "groupId")

    async with call.store.write() as db:
        removed = await directory_admin.delete_group(db, call.account_id, group_id)
    if not removed:
        raise _no_group(group_id)
    return written("group deleted")


@endpoint("Group/submitAssignGroupToAgent", role="admin")
async def assign_group_members(call: Call) -> Envelope:
    """Set a group's members; agents who leave lose their settings scoped to it."""
    group_id = group_id_param(call.body, "groupId")
    agent_ids = _member_ids(call.body)

    async with call.store.write() as db:
        account_id = call.account_id
        if not await directory_admin.lock_group(db, account_id, group_id):
            raise _no_group(group_id)
        current = await directory_admin.members_of(db, account_id, group_id)
        # Members are known agents; only those joining need their rows locked.
        joining = [agent_id for agent_id in agent_ids if agent_id not in current]
        missing = await directory_admin.lock_agents(db, account_id, joining)
        if missing:
            raise _unknown_agents(missing)
        await directory_admin.set_group_members(
            db, account_id, group_id, current, agent_ids
        )
    return written("group members set", {"groupId": group_id, "agents": agent_ids})


def _unknown_agents(missing: list[str]) -> AgentNotInGroup:
    shown = ", ".join(map(describe, missing[:10]))
    more = f" and {len(missing) - 10} more" if len(missing) > 10 else ""
    return AgentNotInGroup(
        f"agent_unique_id names agents that do not exist: {shown}{more}"
    )


def _member_ids(body: dict[str, Any]) -> list[str]:
    """The ``agent_unique_id`` list without repeats, in the order sent."""
    if is_blank(body.get("agent_unique_id")):
        raise InvalidParameter(
            "agent_unique_id is required: a list of agent ids ([] empties the group)"
        )
    values = string_list(body, "agent_unique_id", max_items=MAX_MEMBERS)
    ids = [agent_id_value(value, "agent_unique_id") for value in values]
    return list(dict.fromkeys(ids))

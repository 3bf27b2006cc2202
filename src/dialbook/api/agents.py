"""Agent management: Agent/add, Agent/list, Agent/remove (admin only)."""

from __future__ import annotations

from dialbook.api.registry import Call, Envelope, answered, endpoint, written
from dialbook.domain import clock
from dialbook.domain.paging import page_request
from dialbook.domain.params import describe, required_text
from dialbook.domain.routing import agent_id_param
from dialbook.errors import AlreadyExists, NotFound
from dialbook.storage import directory_admin


@endpoint("Agent/add", role="admin")
async def add_agent(call: Call) -> Envelope:
    """Add an agent under an id the account chooses; 1011 when it is taken."""
    agent_id = agent_id_param(call.body, "agentId")
    name = required_text(call.body, "name", max_length=100)

    async with call.store.write() as db:
        added = await directory_admin.insert_agent(
            db, call.account_id, agent_id, name, clock.now()
        )
    if not added:
        raise AlreadyExists(f"already exists: agentId {describe(agent_id)}")
    return written("agent added", {"agentId": agent_id})


@endpoint("Agent/list", role="admin")
async def list_agents(call: Call) -> Envelope:
    """A page of the account's agents, ordered by agent id."""
    page = page_request(call.body, "Agent")

    async with call.store.read() as db:
        rows = await directory_admin.list_agents(
            db, call.account_id, page.after, page.limit + 1
        )
    items = [
        {"agentId": row[0], "name": row[1], "createdAt": int(row[2])} for row in rows
    ]
    return answered(page.answer(items, [row[0] for row in rows]))


@endpoint("Agent/remove", role="admin")
async def remove_agent(call: Call) -> Envelope:
    """Remove an agent with its sticky settings, memberships and managed contacts."""
    agent_id = agent_id_param(call.body, "agentId")

    async with call.store.write() as db:
        removed = await directory_admin.delete_agent(db, call.account_id, agent_id)
    if not removed:
        raise NotFound(f"no data found: no agent with agentId {describe(agent_id)}")
    return written("agent removed")

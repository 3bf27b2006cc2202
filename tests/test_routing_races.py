"""Writes that refer to agents racing with the agents' removal leave no orphans."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx2

from conftest import Api
from dialbook.http.app import DialbookApp

CLI = "+918044440000"
AGENTS = [f"a{n}" for n in range(10)]
CONTACTS = [f"+91987654320{n}" for n in range(10)]

ORPHANS = {
    "sticky": "SELECT count(*) FROM sticky s WHERE s.account_id = ?"
    " AND NOT EXISTS (SELECT 1 FROM agents a"
    " WHERE a.account_id = s.account_id AND a.agent_id = s.agent_id)",
    "members": "SELECT count(*) FROM group_members m WHERE m.account_id = ?"
    " AND NOT EXISTS (SELECT 1 FROM agents a"
    " WHERE a.account_id = m.account_id AND a.agent_id = m.agent_id)",
    "managers": "SELECT count(*) FROM contacts c WHERE c.account_id = ?"
    " AND c.account_manager IS NOT NULL AND NOT EXISTS (SELECT 1 FROM agents a"
    " WHERE a.account_id = c.account_id AND a.agent_id = c.account_manager)",
}


def _racing_calls(group_id: int) -> list[tuple[str, dict[str, Any]]]:
    calls: list[tuple[str, dict[str, Any]]] = []
    for agent, contact in zip(AGENTS, CONTACTS, strict=True):
        sticky = {"type": "cli_group", "cli": CLI, "groupid": group_id, "expiry": -1}
        calls.append(
            ("Directory/setSticky", {"contact": contact, "agentId": agent, **sticky})
        )
        calls.append(("Directory/setAM", {"contact": contact, "AcManId": agent}))
        calls.append(("Agent/remove", {"agentId": agent}))
    members = {"groupId": group_id, "agent_unique_id": AGENTS}
    calls.append(("Group/submitAssignGroupToAgent", members))
    return calls


async def _all_at_once(
    app: DialbookApp,
    credentials: dict[str, Any],
    calls: list[tuple[str, dict[str, Any]]],
) -> list[Any]:
    transport = httpx2.ASGITransport(app=app)
    async with httpx2.AsyncClient(transport=transport, base_url="http://db") as http:
        return await asyncio.gather(
            *(
                http.post(f"/api/v2/{path}", json={**credentials, **body})
                for path, body in calls
            )
        )


def _orphans(app: DialbookApp, admin: Api) -> dict[str, int]:
    async def count() -> dict[str, int]:
        async with app.store.read() as db:
            found = {}
            for name, sql in ORPHANS.items():
                row = await db.one(sql, (admin.account["accountId"],))
                found[name] = int(row[0]) if row else -1
            return found

    assert admin.client.portal is not None
    return admin.client.portal.call(count)


def test_removing_agents_while_they_are_referenced_leaves_no_orphans(
    admin: Api, app: DialbookApp
) -> None:
    admin.ok("Number/add", number=CLI)
    group_id = admin.ok("Group/add", name="sales")["response"]["groupId"]
    for agent, contact in zip(AGENTS, CONTACTS, strict=True):
        admin.ok("Agent/add", agentId=agent, name="Agent")
        admin.ok("Directory/create", contact=contact)
    admin.ok("Group/submitAssignGroupToAgent", groupId=group_id, agent_unique_id=AGENTS)
    assert admin.client.portal is not None

    responses = admin.client.portal.call(
        _all_at_once, app, admin.credentials, _racing_calls(group_id)
    )

    codes = {r.json()["code"] for r in responses}
    assert codes <= {200, 1012, 1501, 1503, 1507}, [r.text for r in responses]
    assert _orphans(app, admin) == {"sticky": 0, "members": 0, "managers": 0}
    assert admin.ok("Agent/list")["response"]["items"] == []

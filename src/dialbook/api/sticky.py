"""Sticky agents: Directory/setSticky, getSticky and removeSticky (SPEC 5.1)."""

from __future__ import annotations

from dataclasses import dataclass

from dialbook.api.registry import Call, Envelope, answered, endpoint, written
from dialbook.domain import clock
from dialbook.domain.params import describe, is_blank, phone_number
from dialbook.domain.routing import StickyRequest, sticky_filter, sticky_request
from dialbook.errors import (
    AgentNotInGroup,
    InvalidParameter,
    NotFound,
    StickyError,
    UnknownCli,
    UnknownGroup,
)
from dialbook.storage import Database, contacts, directory_admin, routing
from dialbook.storage.routing import StickySetting


def not_in_directory(contact: str) -> NotFound:
    """The 1012 for a number that is not a contact of the account."""
    return NotFound(f"no data found: {contact} is not in the directory")


@dataclass(frozen=True, slots=True)
class _Found:
    """Which of the rows a setting refers to exist."""

    agent: bool
    cli: bool
    group: bool
    member: bool


async def _lock_references(
    db: Database, account_id: int, request: StickyRequest
) -> _Found:
    """Look up the group, agent and CLI a setting names, locking them in that order."""
    group_id, agent_id = request.group_id, request.agent_id
    group = group_id is None or await directory_admin.lock_group(
        db, account_id, group_id
    )
    agent = await directory_admin.lock_agent(db, account_id, agent_id)
    cli = request.cli is None or await directory_admin.lock_number(
        db, account_id, request.cli
    )
    member = (
        group_id is None
        or not (group and agent)
        or await directory_admin.is_member(db, account_id, group_id, agent_id)
    )
    return _Found(agent, cli, group, member)


def _check_found(request: StickyRequest, found: _Found) -> None:
    """Raise the first of 1501, 1505, 1506 and 1507 that applies."""
    agent = describe(request.agent_id)
    if not found.agent:
        raise StickyError(f"agentId {agent} is not an agent of this account")
    if not found.cli:
        raise UnknownCli(f"cli {request.cli} is not a number of this account")
    if not found.group:
        raise UnknownGroup(f"groupid {request.group_id} does not exist")
    if not found.member:
        raise AgentNotInGroup(f"agentId {agent} is not in groupid {request.group_id}")


def _setting(contact: str, request: StickyRequest) -> StickySetting:
    return StickySetting(
        contact,
        request.type,
        request.cli or "",
        request.group_id or 0,
        request.agent_id,
        request.expiry,
    )


@endpoint("Directory/setSticky", role="editor")
async def set_sticky(call: Call) -> Envelope:
    """Set the contact's agent for one scope, replacing the agent and expiry there."""
    region = call.principal.region
    contact = phone_number(call.body, "contact", region)
    request = sticky_request(call.body, region, clock.now())
    account_id = call.account_id

    async with call.store.write() as db:
        # Referenced rows are locked before the contact's, as removals do.
        found = await _lock_references(db, account_id, request)
        if await contacts.lock_contact(db, account_id, contact) is None:
            raise not_in_directory(contact)
        _check_found(request, found)
        await routing.upsert_sticky(db, account_id, _setting(contact, request))
    return written("sticky agent set")


@endpoint("Directory/getSticky", role="viewer")
async def get_sticky(call: Call) -> Envelope:
    """The contact's active settings that the filters keep; 1012 when none."""
    region = call.principal.region
    contact = phone_number(call.body, "contact", region)
    match = sticky_filter(call.body, region)

    async with call.store.read() as db:
        found = await routing.find_sticky(
            db, call.account_id, contact, match, clock.now()
        )
        if not found and not await contacts.find_contact(db, call.account_id, contact):
            raise not_in_directory(contact)
    if not found:
        raise NotFound(f"no data found: no sticky agent setting of {contact} matched")
    return answered(found)


@endpoint("Directory/removeSticky", role="editor")
async def remove_sticky(call: Call) -> Envelope:
    """Remove every active setting of the contact that the filters keep."""
    region = call.principal.region
    contact = phone_number(call.body, "contact", region)
    if is_blank(call.body.get("type")):
        raise InvalidParameter('type is required: all, cli or cli_group ("all" is any)')
    match = sticky_filter(call.body, region)

    async with call.store.write() as db:
        if await contacts.lock_contact(db, call.account_id, contact) is None:
            raise not_in_directory(contact)
        removed = await routing.delete_sticky(
            db, call.account_id, contact, match, clock.now()
        )
    if not removed:
        raise StickyError(f"no sticky agent setting matched for {contact}")
    return written(f"{removed} sticky agent setting(s) removed")

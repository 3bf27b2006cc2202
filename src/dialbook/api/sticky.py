"""Sticky agents: Directory/setSticky, getSticky and removeSticky (SPEC 5.1)."""

from __future__ import annotations

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


async def _check_references(
    db: Database, account_id: int, request: StickyRequest
) -> None:
    """Insist that the agent, CLI, group and membership exist (1501/1505/1506/1507)."""
    if not await directory_admin.agent_exists(db, account_id, request.agent_id):
        raise StickyError(f"agentId {describe(request.agent_id)} is not an agent")
    if request.cli is not None and not await routing.number_exists(
        db, account_id, request.cli
    ):
        raise UnknownCli(f"cli {request.cli} is not a number of this account")

    group_id = request.group_id
    if group_id is None:
        return
    if not await directory_admin.group_exists(db, account_id, group_id):
        raise UnknownGroup(f"groupid {group_id} does not exist")
    if not await directory_admin.is_member(db, account_id, group_id, request.agent_id):
        raise AgentNotInGroup(
            f"agentId {describe(request.agent_id)} is not in groupid {group_id}"
        )


@endpoint("Directory/setSticky", role="editor")
async def set_sticky(call: Call) -> Envelope:
    """Set the contact's agent for one scope, replacing the agent and expiry there."""
    region = call.principal.region
    contact = phone_number(call.body, "contact", region)
    request = sticky_request(call.body, region, clock.now())
    account_id = call.account_id

    async with call.store.write() as db:
        if await contacts.lock_contact(db, account_id, contact) is None:
            raise not_in_directory(contact)
        await _check_references(db, account_id, request)
        setting = StickySetting(
            contact,
            request.type,
            request.cli or "",
            request.group_id or 0,
            request.agent_id,
            request.expiry,
        )
        await routing.upsert_sticky(db, account_id, setting)
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

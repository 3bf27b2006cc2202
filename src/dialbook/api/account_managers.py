"""Account managers: Directory/setAM and Directory/unsetAm (SPEC 5.2)."""

from __future__ import annotations

from dialbook.api.registry import Call, Envelope, endpoint, written
from dialbook.api.sticky import not_in_directory
from dialbook.domain.params import describe, phone_number
from dialbook.domain.routing import agent_id_param
from dialbook.errors import AccountManagerError
from dialbook.storage import contacts, directory_admin, routing


@endpoint("Directory/setAM", role="editor")
async def set_account_manager(call: Call) -> Envelope:
    """Name the contact's account manager, replacing any before."""
    contact = phone_number(call.body, "contact", call.principal.region)
    agent_id = agent_id_param(call.body, "AcManId")
    account_id = call.account_id

    async with call.store.write() as db:
        # The agent's row is locked before the contact's, as Agent/remove does.
        is_agent = await directory_admin.lock_agent(db, account_id, agent_id)
        if await contacts.lock_contact(db, account_id, contact) is None:
            raise not_in_directory(contact)
        if not is_agent:
            raise AccountManagerError(
                f"AcManId {describe(agent_id)} is not an agent of this account"
            )
        await routing.set_account_manager(db, account_id, contact, agent_id)
    return written("account manager set")


@endpoint("Directory/unsetAm", role="editor")
async def unset_account_manager(call: Call) -> Envelope:
    """Clear the contact's account manager; fine when none was set."""
    contact = phone_number(call.body, "contact", call.principal.region)

    async with call.store.write() as db:
        changed = await routing.set_account_manager(db, call.account_id, contact, None)
    if not changed:
        raise not_in_directory(contact)
    return written("account manager unset")

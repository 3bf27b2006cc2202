"""Directory endpoints for contact records: create, update, getInfo, search."""

from __future__ import annotations

from typing import Any

from dialbook.api.registry import Call, Envelope, answered, endpoint, written
from dialbook.domain import clock
from dialbook.domain.contacts import ContactRules, ContactWrite, merge
from dialbook.domain.credentials import Principal
from dialbook.domain.fields import OTHER_FIELDS, STANDARD_FIELDS, is_custom_key
from dialbook.domain.params import describe, is_blank, phone_number, required_text
from dialbook.errors import ContactExists, InvalidParameter, NotFound
from dialbook.storage import Database, contacts, routing, suppression
from dialbook.storage.contacts import StoredContact


async def _rules(call: Call, db: Database, at: int) -> ContactRules:
    principal = call.principal
    definitions = await call.fields.definitions(db, principal.account_id)
    return ContactRules(
        principal.region, clock.today(principal.timezone, at), definitions
    )


def _message(done: str, write: ContactWrite) -> str:
    if write.updatetime_ignored:
        return f"{done}; updatetime is set by the server, the value sent was ignored"
    return done


def _not_found(contact: str) -> NotFound:
    return NotFound(f"no data found: {contact} is not in the directory")


async def _sync_blacklist(
    db: Database, principal: Principal, contact: str, write: ContactWrite, at: int
) -> None:
    if "blacklist" in write.other:
        blocked = bool(write.other["blacklist"])
        await suppression.set_block_all(db, principal.account_id, contact, blocked, at)


@endpoint("Directory/create", role="editor")
async def create_contact(call: Call) -> Envelope:
    """Create a contact; 1504 when the number is already one."""
    principal = call.principal
    contact = phone_number(call.body, "contact", principal.region)
    at = clock.now()

    async with call.store.write() as db:
        rules = await _rules(call, db, at)
        write = rules.check_write(call.body)
        record = StoredContact(
            contact,
            merge({}, write.contactinfo),
            merge({}, write.other)
            | {"updatetime": clock.updatetime(principal.timezone, at)},
            None,
            at,
            at,
        )
        if not await contacts.insert_contact(db, principal.account_id, record):
            raise ContactExists(f"failed to create directory: {contact} already exists")
        await _sync_blacklist(db, principal, contact, write, at)

    return written(_message("Directory successfully created", write))


@endpoint("Directory/update", role="editor")
async def update_contact(call: Call) -> Envelope:
    """Merge fields into an existing contact; 1012 when there is none."""
    principal = call.principal
    contact = phone_number(call.body, "contact", principal.region)
    at = clock.now()

    async with call.store.write() as db:
        record = await contacts.lock_contact(db, principal.account_id, contact)
        if record is None:
            raise _not_found(contact)
        rules = await _rules(call, db, at)
        write = rules.check_write(call.body, record.contactinfo)

        record.contactinfo = merge(record.contactinfo, write.contactinfo)
        record.other = merge(record.other, write.other)
        record.other["updatetime"] = clock.updatetime(principal.timezone, at)
        record.updated_at = at
        await contacts.save_contact(db, principal.account_id, record)
        await _sync_blacklist(db, principal, contact, write, at)

    return written(_message("Directory successfully updated", write))


def _looked_up_number(call: Call) -> str:
    """The number getInfo asks about: ``cn``, or ``contact``, or both agreeing."""
    region = call.principal.region
    body = call.body
    given = [name for name in ("cn", "contact") if not is_blank(body.get(name))]
    if not given:
        raise InvalidParameter(
            "cn is required (the contact number; contact is accepted too)"
        )
    numbers = {phone_number(body, name, region) for name in given}
    if len(numbers) > 1:
        raise InvalidParameter(
            f"cn {describe(body['cn'])} and contact {describe(body['contact'])}"
            " name different numbers; send one"
        )
    return numbers.pop()


def record_response(record: StoredContact) -> dict[str, Any]:
    """The contact as getInfo shows it."""
    return {
        "contact": record.contact,
        "contactinfo": record.contactinfo,
        "other": record.other,
        "accountManager": record.account_manager,
    }


@endpoint("Directory/getInfo", role="viewer")
async def get_info(call: Call) -> Envelope:
    """The contact record; with ``field: all`` also routing and suppression."""
    contact = _looked_up_number(call)
    everything = _wants_everything(call.body.get("field"))
    account_id = call.account_id
    at = clock.now()

    record = await contacts.look_up_contact(call.store, account_id, contact)
    if record is None:
        raise _not_found(contact)
    response = record_response(record)
    if not everything:
        return answered(response)

    async with call.store.read() as db:
        response["sticky"] = await routing.list_sticky(db, account_id, contact, at)
        response["dnc"] = await suppression.dnc_status(db, account_id, contact, at)
        response["blacklist"] = await suppression.blacklist_of(db, account_id, contact)
    response["createdAt"] = record.created_at
    response["updatedAt"] = record.updated_at
    return answered(response)


def _wants_everything(field: Any) -> bool:
    if is_blank(field):
        return False
    if isinstance(field, str) and field.strip().lower() == "all":
        return True
    raise InvalidParameter(f'field must be "all" or left out, got {describe(field)}')


@endpoint("Directory/search", "Directory/getFields", "getFields", role="viewer")
async def search_contact(call: Call) -> Envelope:
    """A flat object of the contact and the fields named in ``project``."""
    principal = call.principal
    contact = phone_number(call.body, "contact", principal.region)
    project = required_text(call.body, "project", max_length=4000)

    definitions = await call.fields.read(call.store, principal.account_id)
    record = await contacts.look_up_contact(call.store, principal.account_id, contact)
    names = _projected_names(project, list(definitions), record)
    if record is None:
        raise _not_found(contact)

    flat: dict[str, Any] = {"contact": record.contact}
    for name in names:
        flat[name] = _field_value(record, name)
    return answered(flat)


def _projected_names(
    project: str, defined: list[str], record: StoredContact | None
) -> list[str]:
    """The canonical names ``project`` asks for, in the order asked, once each."""
    stored = [] if record is None else sorted(record.contactinfo)
    known = list(dict.fromkeys([*STANDARD_FIELDS, *defined, *stored]))
    known += [*OTHER_FIELDS, "accountManager"]
    wanted = [part.strip() for part in project.split(",") if part.strip()]
    if any(part.lower() == "all" for part in wanted):
        return known

    by_lower = {name.lower(): name for name in [*known, "contact"]}
    found = {part: by_lower.get(part.lower()) or _custom_key(part) for part in wanted}
    unknown = [part for part, name in found.items() if name is None]
    if unknown or not found:
        raise InvalidParameter(
            f"invalid project {describe(', '.join(unknown) or project)}: name fields"
            f" from {', '.join(known)}, custom_field_N, or all"
        )
    return list(dict.fromkeys(name for name in found.values() if name))


def _custom_key(part: str) -> str | None:
    return part.lower() if is_custom_key(part.lower()) else None


def _field_value(record: StoredContact, name: str) -> Any:
    if name == "contact":
        return record.contact
    if name == "accountManager":
        return record.account_manager
    if name in OTHER_FIELDS:
        return record.other.get(name)
    return record.contactinfo.get(name)

"""Custom field definitions: Field/define, Field/list, Field/remove."""

from __future__ import annotations

from dialbook.api.registry import Call, Envelope, answered, endpoint, written
from dialbook.domain import clock
from dialbook.domain.fields import parse_definition
from dialbook.domain.params import describe, required_text
from dialbook.errors import AlreadyExists, NotFound
from dialbook.storage import contacts


@endpoint("Field/define", role="admin")
async def define_field(call: Call) -> Envelope:
    """Declare a custom field with its type and rules."""
    definition = parse_definition(call.body)
    try:
        async with call.store.write() as db:
            added = await contacts.insert_field(
                db, call.account_id, definition, clock.now()
            )
    finally:
        call.fields.forget(call.account_id)
    if not added:
        raise AlreadyExists(f"already exists: field {describe(definition.key)}")
    return written("field defined", definition.as_response())


@endpoint("Field/list", role="admin")
async def list_fields(call: Call) -> Envelope:
    """Every custom field the account has defined."""
    async with call.store.read() as db:
        definitions = await contacts.field_definitions(db, call.account_id)
    return answered([d.as_response() for d in definitions.values()])


@endpoint("Field/remove", role="admin")
async def remove_field(call: Call) -> Envelope:
    """Remove a definition; stored values stay."""
    key = required_text(call.body, "key", max_length=100)
    try:
        async with call.store.write() as db:
            removed = await contacts.delete_field(db, call.account_id, key)
    finally:
        call.fields.forget(call.account_id)
    if not removed:
        raise NotFound(f"no data found: no field {describe(key)}")
    return written("field removed")

"""Statements for contact records and custom field definitions."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import msgspec

from dialbook.domain.fields import FieldDefinition
from dialbook.storage.base import Database, Lookup, Row, Store

_encode = msgspec.json.Encoder().encode
_decode = msgspec.json.Decoder(dict[str, Any]).decode

_COLUMNS = "contact, contactinfo, other, account_manager, created_at, updated_at"


@dataclass(slots=True)
class StoredContact:
    """A contact record as kept in the store."""

    contact: str
    contactinfo: dict[str, Any]
    other: dict[str, Any]
    account_manager: str | None
    created_at: int
    updated_at: int


def to_contact(row: Row) -> StoredContact:
    """A contact from a row of ``contact, contactinfo, other, ...`` columns."""
    return StoredContact(
        row[0], _decode(row[1]), _decode(row[2]), row[3], int(row[4]), int(row[5])
    )


def _json(section: dict[str, Any]) -> str:
    return _encode(section).decode("utf-8")


CONTACT = Lookup(
    one=f"SELECT {_COLUMNS} FROM contacts WHERE account_id = ? AND contact = ?",
    many=(
        f"SELECT account_id, contact, {_COLUMNS} FROM contacts"
        " WHERE (account_id, contact) IN"
        " (SELECT * FROM unnest(?::bigint[], ?::text[]))"
    ),
)


async def find_contact(
    db: Database, account_id: int, contact: str
) -> StoredContact | None:
    """The contact record for ``contact``, if there is one."""
    row = await db.one(CONTACT.one, (account_id, contact))
    return None if row is None else to_contact(row)


async def look_up_contact(
    store: Store, account_id: int, contact: str
) -> StoredContact | None:
    """Like ``find_contact`` outside a session; the store may batch it."""
    row = await store.look_up(CONTACT, (account_id, contact))
    return None if row is None else to_contact(row)


async def lock_contact(
    db: Database, account_id: int, contact: str
) -> StoredContact | None:
    """Like ``find_contact``, holding the row until the write session ends."""
    row = await db.locked(CONTACT.one, (account_id, contact))
    return None if row is None else to_contact(row)


INSERT_CONTACT = (
    f"INSERT INTO contacts (account_id, {_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)"
    " ON CONFLICT (account_id, contact) DO NOTHING"
)


def contact_row(account_id: int, record: StoredContact) -> tuple[Any, ...]:
    """The parameters of ``INSERT_CONTACT`` for one record."""
    return (
        account_id,
        record.contact,
        _json(record.contactinfo),
        _json(record.other),
        record.account_manager,
        record.created_at,
        record.updated_at,
    )


async def insert_contact(db: Database, account_id: int, record: StoredContact) -> bool:
    """Insert a new contact; False when the number is already a contact."""
    changed = await db.run(INSERT_CONTACT, contact_row(account_id, record))
    return changed == 1


async def save_contact(db: Database, account_id: int, record: StoredContact) -> None:
    """Write back the fields of an existing contact."""
    await db.run(
        "UPDATE contacts SET contactinfo = ?, other = ?, updated_at = ?"
        " WHERE account_id = ? AND contact = ?",
        (
            _json(record.contactinfo),
            _json(record.other),
            record.updated_at,
            account_id,
            record.contact,
        ),
    )


async def field_definitions(
    db: Database, account_id: int
) -> dict[str, FieldDefinition]:
    """The account's custom field definitions by key."""
    rows = await db.all(
        "SELECT key, label, type, pattern, options, max_length, required"
        " FROM custom_fields WHERE account_id = ? ORDER BY key",
        (account_id,),
    )
    return {row[0]: _to_definition(row) for row in rows}


def _to_definition(row: Row) -> FieldDefinition:
    options = None if row[4] is None else tuple(msgspec.json.decode(row[4]))
    return FieldDefinition(
        row[0], row[1], row[2], row[3], options, row[5], bool(row[6])
    )


async def insert_field(
    db: Database, account_id: int, definition: FieldDefinition, now: int
) -> bool:
    """Store a definition; False when the key is already defined."""
    options = None if definition.options is None else _encode(list(definition.options))
    changed = await db.run(
        "INSERT INTO custom_fields (account_id, key, label, type, pattern, options,"
        " max_length, required, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
        " ON CONFLICT (account_id, key) DO NOTHING",
        (
            account_id,
            definition.key,
            definition.label,
            definition.type,
            definition.pattern,
            None if options is None else options.decode("utf-8"),
            definition.max_length,
            definition.required,
            now,
        ),
    )
    return changed == 1


async def delete_field(db: Database, account_id: int, key: str) -> int:
    """Remove a definition (stored values stay); how many rows went."""
    return await db.run(
        "DELETE FROM custom_fields WHERE account_id = ? AND key = ?", (account_id, key)
    )

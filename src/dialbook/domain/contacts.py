"""The contact record: checking a write, merging it, and showing the result.

A write names fields in ``contactinfo`` and ``other``. A value replaces the
stored one, ``null`` clears it, a field left out keeps its value. Every bad
field of one write is reported in one error.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from dialbook.domain import values
from dialbook.domain.fields import (
    FREE_TEXT_LIMIT,
    OTHER_FIELDS,
    STANDARD_FIELDS,
    FieldDefinition,
    is_custom_key,
)
from dialbook.domain.params import describe
from dialbook.domain.values import BadValue
from dialbook.errors import InvalidDataType, InvalidParameter

__all__ = ["OTHER_FIELDS", "ContactRules", "ContactWrite", "merge"]

_OTHER_CHECKS: dict[str, Callable[[Any], Any]] = {
    "lastcalltime": values.date_or_date_time,
    "totalcalls": values.non_negative_integer,
    "source": values.non_negative_integer,
    "vip": values.flag,
    "blacklist": values.flag,
    "obd": values.dialling_status,
    "ibd": values.dialling_status,
    "pc": values.dialling_status,
    "ctc": values.dialling_status,
}


@dataclass
class ContactWrite:
    """The checked changes of one write; a value of None clears the field."""

    contactinfo: dict[str, Any] = field(default_factory=dict)
    other: dict[str, Any] = field(default_factory=dict)
    updatetime_ignored: bool = False


@dataclass
class _Problems:
    found: list[tuple[str, BadValue]] = field(default_factory=list)

    def add(self, where: str, problem: BadValue) -> None:
        self.found.append((where, problem))

    def raise_if_any(self) -> None:
        if not self.found:
            return
        text = "; ".join(f"{where} {problem.reason}" for where, problem in self.found)
        if all(problem.wrong_type for _, problem in self.found):
            raise InvalidDataType(f"invalid data type: {text}")
        raise InvalidParameter(f"invalid fields: {text}")


class ContactRules:
    """How one account checks contact writes: its region, today and custom fields."""

    def __init__(
        self, region: str, today: date, definitions: dict[str, FieldDefinition]
    ) -> None:
        self.region = region
        self.today = today
        self.definitions = definitions

    def check_write(
        self, body: dict[str, Any], stored: dict[str, Any] | None = None
    ) -> ContactWrite:
        """Check ``contactinfo`` and ``other`` of a write.

        ``stored`` is the contactinfo of the contact an update changes, None
        for a create: a stored field may be cleared even when nothing defines
        it any more, and a required field must be given on create and may not
        be cleared later.
        """
        problems = _Problems()
        write = ContactWrite()
        for key, value in _section(body, "contactinfo", problems).items():
            self._check_info(write, key, value, stored or {}, problems)
        for key, value in _section(body, "other", problems).items():
            self._check_other(write, key, value, problems)

        self._check_required(write, stored is None, problems)
        problems.raise_if_any()
        return write

    def _check_required(
        self, write: ContactWrite, creating: bool, problems: _Problems
    ) -> None:
        for key, definition in self.definitions.items():
            touched = creating or key in write.contactinfo
            if definition.required and touched and write.contactinfo.get(key) is None:
                problems.add(f"contactinfo.{key}", BadValue("is required"))

    def _check_info(
        self,
        write: ContactWrite,
        key: str,
        value: Any,
        stored: dict[str, Any],
        problems: _Problems,
    ) -> None:
        if value is None and self._may_clear(key, stored):
            write.contactinfo[key] = None
            return
        try:
            write.contactinfo[key] = self._info_value(key, value)
        except BadValue as problem:
            problems.add(f"contactinfo.{key}", problem)

    def _may_clear(self, key: str, stored: dict[str, Any]) -> bool:
        # A field whose definition was removed can still be cleared.
        known = key in STANDARD_FIELDS or key in self.definitions or key in stored
        return known or is_custom_key(key)

    def _info_value(self, key: str, value: Any) -> Any:
        definition = self.definitions.get(key)
        if definition is not None:
            return definition.check(value, self.region, self.today)
        if key == "name":
            return values.person_name(value)
        if key == "email":
            return values.email(value)
        if key == "dob":
            return values.calendar_date(value, not_after=self.today)
        if key == "address":
            return values.text(value, 500)
        if key in ("company", "designation"):
            return values.text(value, 100)
        if is_custom_key(key):
            return values.text(value, FREE_TEXT_LIMIT)
        raise BadValue(
            f"is not a field: use {', '.join(STANDARD_FIELDS)}, custom_field_N"
            " or a defined custom field"
        )

    def _check_other(
        self, write: ContactWrite, key: str, value: Any, problems: _Problems
    ) -> None:
        if key not in OTHER_FIELDS:
            problems.add(
                f"other.{key}",
                BadValue(f"is not a field: use {', '.join(OTHER_FIELDS)}"),
            )
        elif key == "updatetime":
            write.updatetime_ignored = True
        elif value is None:
            write.other[key] = None
        else:
            try:
                write.other[key] = _OTHER_CHECKS[key](value)
            except BadValue as problem:
                problems.add(f"other.{key}", problem)


def _section(body: dict[str, Any], name: str, problems: _Problems) -> dict[str, Any]:
    """A section's fields under lower-case keys; a key sent twice is a problem."""
    section = body.get(name)
    if section is None:
        return {}
    if not isinstance(section, dict):
        problems.add(
            name, BadValue(f"must be an object, got {describe(section)}", True)
        )
        return {}

    lowered: dict[str, Any] = {}
    for key, value in section.items():
        if key.lower() in lowered:
            problems.add(f"{name}.{key.lower()}", BadValue("is given twice"))
        lowered[key.lower()] = value
    return lowered


def merge(stored: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
    """Apply a write's changes to a stored section: None clears a field."""
    merged = dict(stored)
    for key, value in changes.items():
        if value is None:
            merged.pop(key, None)
        else:
            merged[key] = value
    return merged

"""Checks of single values shared by contact fields and custom field types.

Each check returns the value to store, or raises ``BadValue`` with the reason;
the caller adds the field's name and collects every bad field into one error.
"""

from __future__ import annotations

import math
import re
import unicodedata
from datetime import date, datetime
from typing import Any

from email_validator import EmailNotValidError, validate_email

from dialbook.domain.params import describe, parse_flag, parse_integer


class BadValue(Exception):
    """A value broke its field's rule; ``wrong_type`` marks a JSON type error."""

    def __init__(self, reason: str, wrong_type: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason
        self.wrong_type = wrong_type


# A signed 64-bit integer, what SQL databases and most clients can hold.
INTEGER_LIMIT = 2**63 - 1
_DATE = re.compile(r"[0-9]{2}-[0-9]{2}-[0-9]{4}")
_DATE_TIME = re.compile(r"[0-9]{2}-[0-9]{2}-[0-9]{4} [0-9]{2}:[0-9]{2}:[0-9]{2}")
_DECIMAL = re.compile(r"-?[0-9]{1,30}(\.[0-9]{1,30})?")


def text(value: Any, max_length: int) -> str:
    """A string of at most ``max_length`` characters."""
    if not isinstance(value, str):
        raise BadValue(f"must be a string, got {describe(value)}", wrong_type=True)
    if len(value) > max_length:
        raise BadValue(
            f"must be at most {max_length} characters, got {len(value)}:"
            f" {describe(value)}"
        )
    return value


def person_name(value: Any) -> str:
    """1-100 characters: letters of any script, combining marks, spaces and dots."""
    name = text(value, 100)
    if not any(unicodedata.category(char)[0] == "L" for char in name):
        raise BadValue(f"must contain a letter, got {describe(name)}")
    for char in name:
        if not _is_name_character(char):
            raise BadValue(
                f"may hold only letters, spaces and '.', got {describe(char)}"
                f" in {describe(name)}"
            )
    return name


def _is_name_character(char: str) -> bool:
    # Zero-width (non-)joiners shape Indic and Persian letters inside a name.
    if unicodedata.category(char)[0] in "LM" or char in "\u200c\u200d.":
        return True
    return char.isspace()


def email(value: Any) -> str:
    """A syntactically valid e-mail address of at most 254 characters."""
    address = text(value, 254)
    try:
        validate_email(address, check_deliverability=False)
    except EmailNotValidError as exc:
        raise BadValue(
            f"is not a valid e-mail address: {describe(address)} ({exc})"
        ) from exc
    return address


def calendar_date(value: Any, not_after: date | None = None) -> str:
    """A real date written ``dd-mm-YYYY``, optionally not later than a day."""
    written = text(value, 100)
    if not _DATE.fullmatch(written):
        raise BadValue(f"must be a date as dd-mm-YYYY, got {describe(written)}")
    try:
        day = datetime.strptime(written, "%d-%m-%Y").date()
    except ValueError as exc:
        raise BadValue(f"is not a real date: {describe(written)}") from exc
    if not_after is not None and day > not_after:
        raise BadValue(f"must not be in the future, got {describe(written)}")
    return written


def date_or_date_time(value: Any) -> str:
    """``dd-mm-YYYY`` or ``dd-mm-YYYY HH:MM:SS``, a real moment."""
    written = text(value, 100)
    if _DATE.fullmatch(written):
        return calendar_date(written)
    if not _DATE_TIME.fullmatch(written):
        raise BadValue(
            f"must be dd-mm-YYYY or dd-mm-YYYY HH:MM:SS, got {describe(written)}"
        )
    try:
        datetime.strptime(written, "%d-%m-%Y %H:%M:%S")
    except ValueError as exc:
        raise BadValue(f"is not a real date and time: {describe(written)}") from exc
    return written


def non_negative_integer(value: Any) -> int:
    """An integer >= 0; an integer-valued string such as "4" is accepted."""
    number = parse_integer(value)
    if number is None:
        wrong_type = not isinstance(value, str | int | float) or isinstance(value, bool)
        raise BadValue(f"must be an integer, got {describe(value)}", wrong_type)
    if number < 0:
        raise BadValue(f"must not be negative, got {number}")
    return _in_range(number)


def integer(value: Any) -> int:
    """Any integer; an integer-valued string is accepted."""
    number = parse_integer(value)
    if number is None:
        wrong_type = not isinstance(value, str | int | float) or isinstance(value, bool)
        raise BadValue(f"must be an integer, got {describe(value)}", wrong_type)
    return _in_range(number)


def _in_range(number: int) -> int:
    if abs(number) > INTEGER_LIMIT:
        raise BadValue(
            f"must be between {-INTEGER_LIMIT} and {INTEGER_LIMIT}, got {number}"
        )
    return number


def decimal(value: Any) -> float:
    """A finite decimal number, sent as a number or a decimal string."""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise BadValue(f"must be a number, got {describe(value)}", wrong_type=True)
    if isinstance(value, str) and not _DECIMAL.fullmatch(value.strip()):
        raise BadValue(f"must be a decimal number, got {describe(value)}")
    number = float(value)
    if not math.isfinite(number):
        raise BadValue(f"must be a finite number, got {describe(value)}")
    return number


def flag(value: Any) -> bool:
    """true/false, 1/0 or "true"/"false"."""
    parsed = parse_flag(value)
    if parsed is None:
        wrong_type = isinstance(value, dict | list)
        raise BadValue(f"must be true or false, got {describe(value)}", wrong_type)
    return parsed


def dialling_status(value: Any) -> str | int:
    """A string or an integer, kept exactly as sent."""
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise BadValue(f"must be a string or an integer, got {describe(value)}", True)
    if isinstance(value, str) and len(value) > 100:
        raise BadValue(f"must be at most 100 characters, got {describe(value)}")
    return value

"""Reading request parameters: presence, JSON type, integers, phone numbers.

A missing parameter or an empty string where a value is required is 1000; a
value of the wrong JSON type is 1001. Integers may come as integer-valued
strings; numbers may come as strings or integers.
"""

from __future__ import annotations

import re
from typing import Any

from dialbook.errors import InvalidContact, InvalidDataType, InvalidParameter
from dialbook.phone import canonical_number

_INTEGER_TEXT = re.compile(r"-?[0-9]{1,18}")


def describe(value: Any) -> str:
    """Show a client's value in a message, cut short when long."""
    text = repr(value) if isinstance(value, str) else _json_name(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _json_name(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "a list"
    return repr(value)


def is_blank(value: Any) -> bool:
    """Tell whether a value counts as not given: absent, null or empty string."""
    return value is None or value == ""


def required_text(body: dict[str, Any], name: str, max_length: int = 1000) -> str:
    """A required string parameter."""
    value = body.get(name)
    if is_blank(value):
        raise InvalidParameter(f"{name} is required")
    return _text(value, name, max_length)


def optional_text(
    body: dict[str, Any], name: str, max_length: int = 1000
) -> str | None:
    """A string parameter that may be left out."""
    value = body.get(name)
    if is_blank(value):
        return None
    return _text(value, name, max_length)


def _text(value: Any, name: str, max_length: int) -> str:
    if not isinstance(value, str):
        raise InvalidDataType(f"{name} must be a string, got {describe(value)}")
    if len(value) > max_length:
        raise InvalidParameter(f"{name} must be at most {max_length} characters")
    return value


def parse_integer(value: Any) -> int | None:
    """An int, or an integer-valued string, as int; None for anything else."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and _INTEGER_TEXT.fullmatch(value.strip()):
        return int(value.strip())
    return None


def required_integer(body: dict[str, Any], name: str) -> int:
    """A required integer parameter (an integer-valued string is accepted)."""
    value = body.get(name)
    if is_blank(value):
        raise InvalidParameter(f"{name} is required")
    number = parse_integer(value)
    if number is None:
        raise InvalidDataType(f"{name} must be an integer, got {describe(value)}")
    return number


def optional_integer(body: dict[str, Any], name: str, minimum: int) -> int | None:
    """An integer parameter that may be left out, at least ``minimum``."""
    value = body.get(name)
    if is_blank(value):
        return None
    number = parse_integer(value)
    if number is None:
        raise InvalidDataType(f"{name} must be an integer, got {describe(value)}")
    if number < minimum:
        raise InvalidParameter(f"{name} must be at least {minimum}, got {number}")
    return number


def optional_bool(body: dict[str, Any], name: str) -> bool | None:
    """A flag: true/false, 1/0 or "true"/"false"; None when left out."""
    value = body.get(name)
    if is_blank(value):
        return None
    flag = parse_flag(value)
    if flag is None:
        raise InvalidParameter(f"{name} must be true or false, got {describe(value)}")
    return flag


def parse_flag(value: Any) -> bool | None:
    """Read true/false, 1/0, "true"/"false", "1"/"0"; None for anything else."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    if isinstance(value, str):
        return {"true": True, "false": False, "1": True, "0": False}.get(
            value.strip().lower()
        )
    return None


def phone_number(body: dict[str, Any], name: str, region: str) -> str:
    """A required phone number parameter, in canonical form."""
    value = body.get(name)
    if is_blank(value):
        raise InvalidParameter(f"{name} is required")
    return canonical_or_error(value, name, region)


def canonical_or_error(value: Any, name: str, region: str) -> str:
    """Canonicalise one number given as a string or integer, or raise."""
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise InvalidDataType(
            f"{name} must be a string or an integer, got {describe(value)}"
        )
    text = str(value)
    number = canonical_number(text, region) if len(text) <= 40 else None
    if number is None:
        raise InvalidContact(f"invalid contact number in {name}: {describe(text)}")
    return number


def string_list(body: dict[str, Any], name: str, max_items: int = 1000) -> list[Any]:
    """A list parameter; left out or null is an empty list."""
    value = body.get(name)
    if value is None or value == "":
        return []
    if not isinstance(value, list):
        raise InvalidDataType(f"{name} must be a list, got {describe(value)}")
    if len(value) > max_items:
        raise InvalidParameter(f"{name} holds {len(value)} items; at most {max_items}")
    return value

"""Custom field definitions: what an account may declare and how values are checked."""

from __future__ import annotations

import importlib
import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from dialbook.domain import values
from dialbook.domain.params import describe, is_blank, optional_bool, parse_integer
from dialbook.domain.values import BadValue
from dialbook.errors import InvalidDataType, InvalidParameter
from dialbook.phone import canonical_number

STANDARD_FIELDS = ("name", "email", "dob", "address", "company", "designation")
FIELD_TYPES = (
    "text",
    "integer",
    "decimal",
    "date",
    "email",
    "phone",
    "enum",
    "boolean",
)
OTHER_FIELDS = (
    "updatetime",
    "lastcalltime",
    "totalcalls",
    "source",
    "vip",
    "blacklist",
    "obd",
    "ibd",
    "pc",
    "ctc",
)
# Names a search projection already uses: a custom field may not take them.
RESERVED_NAMES = (*STANDARD_FIELDS, *OTHER_FIELDS, "contact", "accountmanager", "all")
CUSTOM_FIELD_N = re.compile(r"custom_field_[1-9][0-9]{0,5}")
_NAMED_KEY = re.compile(r"[a-z][a-z0-9_]{0,39}")
FREE_TEXT_LIMIT = 1000
LABEL_LIMIT = 100


@dataclass(frozen=True, slots=True)
class FieldDefinition:
    """A custom field an account has declared, with its rules."""

    key: str
    label: str
    type: str
    pattern: str | None = None
    options: tuple[str, ...] | None = None
    max_length: int | None = None
    required: bool = False

    def as_response(self) -> dict[str, Any]:
        """The definition as ``Field/list`` shows it."""
        return {
            "key": self.key,
            "label": self.label,
            "type": self.type,
            "pattern": self.pattern,
            "options": list(self.options) if self.options is not None else None,
            "maxLength": self.max_length,
            "required": self.required,
        }

    def check(self, value: Any, region: str, today: date) -> Any:
        """The value to store for this field, or ``BadValue``."""
        typed = _TYPE_CHECKS[self.type](self, value, region, today)
        shown = _as_text(typed, value)
        if self.max_length is not None and len(shown) > self.max_length:
            raise BadValue(
                f"must be at most {self.max_length} characters, got {describe(shown)}"
            )
        if self.pattern is not None and not re.fullmatch(self.pattern, shown):
            raise BadValue(
                f"does not match the pattern {self.pattern!r}: {describe(shown)}"
            )
        return typed


def _as_text(typed: Any, sent: Any) -> str:
    """A checked value as ``pattern`` and ``maxLength`` see it."""
    if isinstance(typed, bool):
        return "true" if typed else "false"
    if isinstance(typed, str | int):
        return str(typed)
    return str(sent).strip()


def _check_enum(definition: FieldDefinition, value: Any, *_: Any) -> str:
    chosen = values.text(value, FREE_TEXT_LIMIT)
    if definition.options is not None and chosen not in definition.options:
        raise BadValue(
            f"must be one of {', '.join(definition.options)}; got {describe(chosen)}"
        )
    return chosen


def _check_phone(_: FieldDefinition, value: Any, region: str, __: date) -> str:
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise BadValue(
            f"must be a phone number, got {describe(value)}", wrong_type=True
        )
    written = str(value)
    number = canonical_number(written, region) if len(written) <= 40 else None
    if number is None:
        raise BadValue(f"is not a valid phone number: {describe(value)}")
    return number


_TYPE_CHECKS: dict[str, Any] = {
    "text": lambda d, v, r, t: values.text(v, FREE_TEXT_LIMIT),
    "integer": lambda d, v, r, t: values.integer(v),
    "decimal": lambda d, v, r, t: values.decimal(v),
    "date": lambda d, v, r, t: values.calendar_date(v),
    "email": lambda d, v, r, t: values.email(v),
    "phone": _check_phone,
    "enum": _check_enum,
    "boolean": lambda d, v, r, t: values.flag(v),
}


def is_custom_key(key: str) -> bool:
    """Tell whether ``key`` names a numbered custom field, ``custom_field_N``."""
    return CUSTOM_FIELD_N.fullmatch(key) is not None


def is_definable_key(key: str) -> bool:
    """Tell whether an account may define a custom field called ``key``."""
    if is_custom_key(key):
        return True
    if key in RESERVED_NAMES or key.startswith("custom_field_"):
        return False
    return _NAMED_KEY.fullmatch(key) is not None


def parse_definition(body: dict[str, Any]) -> FieldDefinition:
    """Read a ``Field/define`` body into a definition, or raise 1000/1001."""
    key = _key(body)
    label = _label(body)
    field_type = _field_type(body)
    return FieldDefinition(
        key=key,
        label=label,
        type=field_type,
        pattern=_pattern(body),
        options=_options(body, field_type),
        max_length=_max_length(body),
        required=bool(optional_bool(body, "required")),
    )


def _key(body: dict[str, Any]) -> str:
    key = _required_string(body, "key")
    if not is_definable_key(key):
        raise InvalidParameter(
            f"invalid key {describe(key)}: use custom_field_N (N >= 1) or a name"
            " matching [a-z][a-z0-9_]{0,39} that no standard, other or search"
            " field uses"
        )
    return key


def _label(body: dict[str, Any]) -> str:
    label = _required_string(body, "label")
    if len(label) > LABEL_LIMIT:
        raise InvalidParameter(
            f"label must be at most {LABEL_LIMIT} characters, got {len(label)}"
        )
    return label


def _field_type(body: dict[str, Any]) -> str:
    field_type = _required_string(body, "type")
    if field_type not in FIELD_TYPES:
        raise InvalidParameter(
            f"invalid type {describe(field_type)}: use one of {', '.join(FIELD_TYPES)}"
        )
    return field_type


def _required_string(body: dict[str, Any], name: str) -> str:
    value = body.get(name)
    if is_blank(value):
        raise InvalidParameter(f"{name} is required")
    if not isinstance(value, str):
        raise InvalidDataType(f"{name} must be a string, got {describe(value)}")
    return value


def _pattern(body: dict[str, Any]) -> str | None:
    pattern = body.get("pattern")
    if is_blank(pattern):
        return None
    if not isinstance(pattern, str):
        raise InvalidDataType(f"pattern must be a string, got {describe(pattern)}")
    if len(pattern) > 200:
        raise InvalidParameter("pattern must be at most 200 characters")
    try:
        parsed = _regex_parser.parse(pattern)
    except re.error as exc:
        raise InvalidParameter(
            f"pattern {describe(pattern)} is not valid: {exc}"
        ) from exc
    if _has_nested_repeat(parsed):
        raise InvalidParameter(
            f"pattern {describe(pattern)} repeats a part that varies in length"
            " and has no fixed character, such as (a+)+, which can take"
            " exponential time; write it without the nesting"
        )
    return pattern


# Python's regular expressions backtrack, so a pattern like (a+)+ can take
# exponential time on a value that almost matches. The pattern's parse tree
# (from the standard library's own parser) shows a repeated part that varies in
# length and holds no fixed character to mark where one round ends. Other slow
# shapes, such as (a|aa)+ or (\w+a\w+)*, are not detected.
_regex_parser: Any = importlib.import_module("re._parser")
_REPEATS = {"MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"}
_FIXED = {"LITERAL", "NOT_LITERAL", "IN", "ANY"}


def _has_nested_repeat(items: Any) -> bool:
    for op, argument in items:
        if str(op) in _REPEATS:
            _, high, body = argument
            if high > 1 and _varies(body) and not _has_fixed_part(body):
                return True
        if any(_has_nested_repeat(part) for part in _parts(argument)):
            return True
    return False


def _varies(items: Any) -> bool:
    for op, argument in items:
        if str(op) in _REPEATS and argument[0] != argument[1]:
            return True
        if any(_varies(part) for part in _parts(argument)):
            return True
    return False


def _has_fixed_part(items: Any) -> bool:
    for op, argument in items:
        if str(op) in _FIXED:
            return True
        if str(op) == "SUBPATTERN" and _has_fixed_part(argument[3]):
            return True
    return False


def _parts(argument: Any) -> list[Any]:
    if isinstance(argument, _regex_parser.SubPattern):
        return [argument]
    if isinstance(argument, tuple | list):
        return [part for item in argument for part in _parts(item)]
    return []


def _options(body: dict[str, Any], field_type: str) -> tuple[str, ...] | None:
    options = body.get("options")
    if options is None:
        if field_type == "enum":
            raise InvalidParameter("options is required for an enum field")
        return None
    if field_type != "enum":
        raise InvalidParameter(f"options is only for enum fields, not {field_type}")
    if not isinstance(options, list) or not all(isinstance(o, str) for o in options):
        raise InvalidDataType(
            f"options must be a list of strings, got {describe(options)}"
        )
    return _distinct_options(options)


def _distinct_options(options: list[str]) -> tuple[str, ...]:
    if not options or len(options) > 200:
        raise InvalidParameter("options must hold 1 to 200 strings")
    repeated = sorted({option for option in options if options.count(option) > 1})
    if repeated:
        raise InvalidParameter(f"options repeat {describe(', '.join(repeated))}")
    return tuple(options)


def _max_length(body: dict[str, Any]) -> int | None:
    value = body.get("maxLength")
    if is_blank(value):
        return None
    number = parse_integer(value)
    if number is None:
        raise InvalidDataType(f"maxLength must be an integer, got {describe(value)}")
    if not 1 <= number <= FREE_TEXT_LIMIT:
        raise InvalidParameter(
            f"maxLength must be 1 to {FREE_TEXT_LIMIT}, got {number}"
        )
    return number

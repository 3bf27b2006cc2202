"""Reading the parameters of routing relations: agents, groups, sticky settings.

Agent ids are strings chosen by the account; an integer is accepted as its
decimal text, since DeepCall's agent ids are numeric. Group ids are integers
(an integer-valued string is accepted).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from dialbook.domain.clock import MILLISECONDS_FROM
from dialbook.domain.params import (
    canonical_or_error,
    describe,
    is_blank,
    parse_integer,
    phone_number,
    required_integer,
)
from dialbook.errors import (
    ExpiryBelowMinimum,
    ExpiryNotInteger,
    InvalidDataType,
    InvalidParameter,
    InvalidStickyType,
    StickyError,
)

STICKY_TYPES = ("all", "cli", "cli_group")
NEVER = -1
AGENT_ID_MAX = 100


def agent_id_value(value: Any, name: str) -> str:
    """One agent id given as a string or an integer, or 1000/1001."""
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        raise InvalidDataType(
            f"{name} must be a string or an integer, got {describe(value)}"
        )
    text = value.strip()
    if not text:
        raise InvalidParameter(f"{name} is required")
    if len(text) > AGENT_ID_MAX:
        raise InvalidParameter(f"{name} must be at most {AGENT_ID_MAX} characters")
    return text


def agent_id_param(body: dict[str, Any], name: str) -> str:
    """A required agent id parameter."""
    value = body.get(name)
    if is_blank(value):
        raise InvalidParameter(f"{name} is required")
    return agent_id_value(value, name)


def group_id_param(body: dict[str, Any], name: str) -> int:
    """A required group id parameter: a positive integer."""
    group_id = required_integer(body, name)
    if group_id < 1:
        raise InvalidParameter(f"{name} must be a positive integer, got {group_id}")
    return group_id


def sticky_type(value: Any) -> str:
    """A sticky type: all, cli or cli_group (any case), or 1000/1001/1502."""
    if is_blank(value):
        raise InvalidParameter(f"type is required: one of {', '.join(STICKY_TYPES)}")
    if not isinstance(value, str):
        raise InvalidDataType(f"type must be a string, got {describe(value)}")
    kind = value.strip().lower()
    if kind not in STICKY_TYPES:
        raise InvalidStickyType(
            f"type {describe(value)} is not valid: use {', '.join(STICKY_TYPES)}"
        )
    return kind


def expiry_value(value: Any) -> int:
    """An expiry (or expiry filter) of at least -1, or 1000/1001/1508/1509."""
    if is_blank(value):
        raise InvalidParameter("expiry is required: -1, or a future Unix time")
    if isinstance(value, bool | dict | list):
        raise InvalidDataType(f"expiry must be an integer, got {describe(value)}")
    expiry = parse_integer(value)
    if expiry is None:
        raise ExpiryNotInteger(f"expiry must be an integer, got {describe(value)}")
    if expiry < NEVER:
        raise ExpiryBelowMinimum(
            f"expiry must be greater than or equal to -1, got {describe(value)}"
        )
    return expiry


def new_expiry(body: dict[str, Any], now: int) -> int:
    """The expiry of a new setting: -1, or a future Unix time in seconds."""
    value = body.get("expiry")
    expiry = expiry_value(value)
    if expiry == NEVER:
        return expiry
    if expiry >= MILLISECONDS_FROM:
        raise StickyError(
            f"expiry {describe(value)} looks like milliseconds; send Unix seconds"
        )
    if expiry <= now:
        raise StickyError(
            f"expiry {describe(value)} is in the past (now is {now});"
            " send -1 or a future Unix time"
        )
    return expiry


@dataclass(frozen=True, slots=True)
class StickyRequest:
    """A setSticky call: the scope key, the agent and the expiry."""

    type: str
    agent_id: str
    cli: str | None
    group_id: int | None
    expiry: int


def sticky_request(body: dict[str, Any], region: str, now: int) -> StickyRequest:
    """Read and check the parameters of setSticky, in the order SPEC 5.1 lists."""
    kind = sticky_type(body.get("type"))
    agent_id = agent_id_param(body, "agentId")
    _refuse_unused(body, kind)

    cli = None if kind == "all" else phone_number(body, "cli", region)
    group_id = group_id_param(body, "groupid") if kind == "cli_group" else None
    expiry = new_expiry(body, now)
    return StickyRequest(kind, agent_id, cli, group_id, expiry)


def _refuse_unused(body: dict[str, Any], kind: str) -> None:
    unused = {"all": ("cli", "groupid"), "cli": ("groupid",)}.get(kind, ())
    for name in unused:
        if not is_blank(body.get(name)):
            raise StickyError(
                f"{name} {describe(body[name])} is not used by type {kind!r};"
                " leave it out"
            )


@dataclass(frozen=True, slots=True)
class StickyFilter:
    """Which settings getSticky and removeSticky match; None matches anything.

    ``expiry`` T keeps the settings active at T; -1 keeps those that never
    expire.
    """

    type: str | None = None
    agent_id: str | None = None
    cli: str | None = None
    group_id: int | None = None
    expiry: int | None = None


def sticky_filter(body: dict[str, Any], region: str) -> StickyFilter:
    """Read the filters of getSticky and removeSticky; type ``all`` is any type."""
    return StickyFilter(
        _type_filter(body.get("type")),
        _optional(body, "agentId", agent_id_param),
        _optional(body, "cli", lambda b, n: canonical_or_error(b[n], n, region)),
        _optional(body, "groupid", group_id_param),
        _optional(body, "expiry", lambda b, n: expiry_value(b[n])),
    )


def _type_filter(value: Any) -> str | None:
    if is_blank(value):
        return None
    if isinstance(value, str) and value.strip().lower() == "all":
        return None
    return sticky_type(value)


def _optional(
    body: dict[str, Any], name: str, read: Callable[[dict[str, Any], str], Any]
) -> Any:
    return None if is_blank(body.get(name)) else read(body, name)

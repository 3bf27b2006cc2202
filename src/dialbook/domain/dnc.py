"""The rules of a DNC value: 0 removes, -1 is permanent, a future time ends it.

A value is Unix seconds. One from the past, below -1, not an integer, or so
large that it can only be milliseconds is refused with 1510, naming the value.
"""

from __future__ import annotations

from typing import Any

from dialbook.domain.clock import MILLISECONDS_FROM
from dialbook.domain.params import describe, is_blank, parse_integer
from dialbook.errors import DncError, InvalidDataType, InvalidParameter

REMOVED = 0
PERMANENT = -1


def parse_dnc(body: dict[str, Any], now: int) -> int:
    """The ``dnc`` parameter as 0, -1 or a future Unix time, or 1000/1001/1510."""
    value = body.get("dnc")
    if is_blank(value):
        raise InvalidParameter("dnc is required: 0, -1 or a future Unix time")
    if isinstance(value, bool | dict | list):
        raise InvalidDataType(f"dnc must be an integer, got {describe(value)}")

    until = parse_integer(value)
    if until is None:
        raise DncError(f"dnc must be an integer, got {describe(value)}")
    _check_until(until, value, now)
    return until


def _check_until(until: int, value: Any, now: int) -> None:
    if until in (REMOVED, PERMANENT):
        return
    if until < PERMANENT:
        raise DncError(
            f"dnc must be 0, -1 or a future Unix time, got {describe(value)}"
        )
    if until >= MILLISECONDS_FROM:
        raise DncError(
            f"dnc {describe(value)} looks like milliseconds; send Unix seconds"
        )
    if until <= now:
        raise DncError(
            f"dnc {describe(value)} is in the past (now is {now}); send 0, -1"
            " or a future Unix time"
        )

"""Keyset pagination for management lists: ``limit`` and an opaque ``cursor``.

A list answers ``{"items": [...], "nextCursor": str | null}``. The cursor is
the last key of the page, tagged with the list it came from and encoded, so
the next page starts right after it with one indexed range query however deep
the client has paged.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from typing import Any

from dialbook.domain.params import describe, is_blank, parse_integer
from dialbook.errors import InvalidDataType, InvalidParameter

DEFAULT_LIMIT = 100
MAX_LIMIT = 1000


@dataclass(frozen=True, slots=True)
class PageRequest:
    """Which page a list call asks for: at most ``limit`` items after ``after``."""

    kind: str
    limit: int
    after: str | None

    def after_integer(self) -> int | None:
        """The key to resume after, for a list keyed by integers."""
        if self.after is None:
            return None
        key = parse_integer(self.after)
        if key is None:
            raise InvalidParameter(f"cursor is not a nextCursor of {self.kind}/list")
        return key

    def answer(self, items: list[dict[str, Any]], keys: list[str]) -> dict[str, Any]:
        """The page out of up to ``limit + 1`` items fetched, with its cursor."""
        if len(items) <= self.limit:
            return {"items": items, "nextCursor": None}
        last_key = keys[self.limit - 1]
        return {
            "items": items[: self.limit],
            "nextCursor": encode_cursor(self.kind, last_key),
        }


def page_request(body: dict[str, Any], kind: str) -> PageRequest:
    """Read ``limit`` and ``cursor`` for the list called ``kind``."""
    cursor = body.get("cursor")
    after = None if is_blank(cursor) else decode_cursor(kind, cursor)
    return PageRequest(kind, _limit(body.get("limit")), after)


def _limit(value: Any) -> int:
    if is_blank(value):
        return DEFAULT_LIMIT
    limit = parse_integer(value)
    if limit is None:
        raise InvalidDataType(f"limit must be an integer, got {describe(value)}")
    if not 1 <= limit <= MAX_LIMIT:
        raise InvalidParameter(
            f"limit must be between 1 and {MAX_LIMIT}, got {describe(value)}"
        )
    return limit


def encode_cursor(kind: str, key: str) -> str:
    """The opaque cursor that resumes the ``kind`` list after ``key``."""
    raw = f"{kind}:{key}".encode()
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def decode_cursor(kind: str, cursor: Any) -> str:
    """The key a cursor of the ``kind`` list resumes after, or 1000."""
    if not isinstance(cursor, str):
        raise InvalidDataType(f"cursor must be a string, got {describe(cursor)}")
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        text = base64.urlsafe_b64decode(padded.encode("ascii")).decode("utf-8")
    except (ValueError, binascii.Error, UnicodeError):
        text = ""
    tag, _, key = text.partition(":")
    if tag != kind or not key:
        raise InvalidParameter(
            f"cursor {describe(cursor)} is not a nextCursor of {kind}/list"
        )
    return key

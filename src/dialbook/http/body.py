"""Reading a request body as a JSON object, whatever its Content-Type says."""

from __future__ import annotations

from typing import Any
from urllib.parse import unquote_plus

import msgspec

from dialbook.errors import BodyTooLarge, InvalidParameter, InvalidRequestData
from dialbook.http.asgi import Receive

_decoder = msgspec.json.Decoder()
_BOM = b"\xef\xbb\xbf"


async def read_body(receive: Receive, declared_length: int | None, limit: int) -> bytes:
    """Collect the body, refusing it as soon as it passes ``limit`` bytes."""
    if declared_length is not None and declared_length > limit:
        raise BodyTooLarge(f"the body is {declared_length} bytes; at most {limit}")
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            raise BodyTooLarge(f"the body is over {limit} bytes")
        chunks.append(chunk)
        if not message.get("more_body", False):
            return b"".join(chunks)


def parse_json_object(raw: bytes) -> dict[str, Any]:
    """The body as a JSON object; form-encoded JSON text is accepted too."""
    raw = raw.removeprefix(_BOM)
    value = _decode(raw)
    if value is None:
        value = _decode_form(raw)
    if not isinstance(value, dict):
        raise InvalidRequestData("invalid request data: the body must be a JSON object")
    return value


def _decode(raw: bytes) -> Any:
    try:
        value = _decoder.decode(raw)
    except (msgspec.DecodeError, ValueError, RecursionError):
        return None
    # JSON can only carry U+0000 escaped; PostgreSQL text cannot store it.
    if b"u0000" in raw and _holds_nul(value):
        raise InvalidParameter("a string in the body holds the character U+0000")
    return value


def _holds_nul(value: Any) -> bool:
    pending = [value]
    while pending:
        item = pending.pop()
        if isinstance(item, str) and "\x00" in item:
            return True
        if isinstance(item, dict):
            pending.extend(item.keys())
            pending.extend(item.values())
        elif isinstance(item, list):
            pending.extend(item)
    return False


def _decode_form(raw: bytes) -> Any:
    # Old axios sends the JSON text as application/x-www-form-urlencoded,
    # sometimes percent-encoded and sometimes with a trailing "=".
    try:
        text = unquote_plus(raw.decode("utf-8"), errors="strict")
    except UnicodeDecodeError:
        return None
    value = _decode(text.encode("utf-8"))
    if value is None and text.endswith("="):
        value = _decode(text[:-1].encode("utf-8"))
    return value

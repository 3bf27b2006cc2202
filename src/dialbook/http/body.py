"""Reading a request body as a JSON object, whatever its Content-Type says."""

from __future__ import annotations

from typing import Any
from urllib.parse import unquote_plus

import msgspec

from dialbook.errors import BodyTooLarge, InvalidRequestData
from dialbook.http.asgi import Receive

_decoder = msgspec.json.Decoder()


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
    value = _decode(raw)
    if value is None:
        value = _decode_form(raw)
    if not isinstance(value, dict):
        raise InvalidRequestData("invalid request data: the body must be a JSON object")
    return value


def _decode(raw: bytes) -> Any:
    try:
        return _decoder.decode(raw)
    except (msgspec.DecodeError, ValueError):
        return None


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

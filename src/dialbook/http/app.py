"""The ASGI application: one dispatcher for every DeepCall path.

Each request goes through the same steps: find the route, insist on POST,
read the body as a JSON object, authenticate, check the role, run the
handler, and answer with the envelope and the HTTP status of its class.
"""

from __future__ import annotations

import logging
import re
import secrets
import time
from typing import Any

import msgspec

from dialbook import api
from dialbook.api.authenticate import Authenticator
from dialbook.api.field_cache import FieldCache
from dialbook.api.registry import PREFIX, Call, Route, find_route
from dialbook.config import Settings
from dialbook.errors import (
    DialbookError,
    InternalError,
    MethodNotAllowed,
    PermissionDenied,
    UnknownPath,
    error_envelope,
)
from dialbook.housekeeping import Housekeeper
from dialbook.http.asgi import Receive, Scope, Send
from dialbook.http.body import parse_json_object, read_body
from dialbook.storage import Store

log = logging.getLogger(__name__)

_REQUEST_ID = re.compile(r"[A-Za-z0-9._:\-]{1,128}")
_encode = msgspec.json.Encoder().encode


class DialbookApp:
    """The dialbook service as an ASGI application."""

    def __init__(self, settings: Settings, store: Store) -> None:
        api.load_handlers()
        self.settings = settings
        self.store = store
        self.auth = Authenticator(store, settings)
        self.fields = FieldCache()
        self.housekeeper = Housekeeper(store)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            await self._serve(scope, receive, send)
        elif scope["type"] == "lifespan":
            await self._lifespan(receive, send)

    async def _lifespan(self, receive: Receive, send: Send) -> None:
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                if not await self._startup(send):
                    return
            elif message["type"] == "lifespan.shutdown":
                await self.housekeeper.stop()
                await self.store.close()
                await send({"type": "lifespan.shutdown.complete"})
                return

    async def _startup(self, send: Send) -> bool:
        # A failed start must stop the server, not leave it serving without a
        # database (uvicorn's "auto" lifespan would otherwise carry on).
        try:
            await self.store.open()
        except Exception as exc:
            log.exception("start-up failed: the database could not be opened")
            message = getattr(exc, "message", type(exc).__name__)
            await send({"type": "lifespan.startup.failed", "message": message})
            return False
        self.housekeeper.start()
        await send({"type": "lifespan.startup.complete"})
        return True

    async def _serve(self, scope: Scope, receive: Receive, send: Send) -> None:
        started = time.perf_counter()
        headers = dict(scope["headers"])
        request_id = _request_id(headers.get(b"x-request-id"))
        route = find_route(scope["path"])

        status, envelope = await self._answer(
            scope, receive, headers, route, request_id
        )

        status_sent = 200 if self.settings.errors_as_200 else status
        await _respond(send, status_sent, _encode(envelope), request_id)
        # The status of the answer's class, even when errors_as_200 sent 200.
        log.info(
            "%s %s %d %d %.2fms rid=%s",
            scope["method"],
            _logged_path(route),
            status,
            envelope["code"],
            (time.perf_counter() - started) * 1000,
            request_id,
        )

    async def _answer(
        self,
        scope: Scope,
        receive: Receive,
        headers: dict[bytes, bytes],
        route: Route | None,
        request_id: str,
    ) -> tuple[int, dict[str, Any]]:
        try:
            return 200, await self._dispatch(scope, receive, headers, route, request_id)
        except DialbookError as error:
            return error.http_status, error_envelope(error)
        except Exception:
            log.exception("unexpected error in request %s", request_id)
            return 500, error_envelope(InternalError())

    async def _dispatch(
        self,
        scope: Scope,
        receive: Receive,
        headers: dict[bytes, bytes],
        route: Route | None,
        request_id: str,
    ) -> dict[str, Any]:
        if route is None:
            raise UnknownPath(f"unknown API path {scope['path'][:100]!r}")
        if scope["method"] != "POST":
            raise MethodNotAllowed(f"use POST for {route.name}, not {scope['method']}")

        limit = self.settings.max_body_bytes
        raw = await read_body(receive, _declared_length(headers), limit)
        body = parse_json_object(raw)

        call = Call(body, self.store, self.settings, request_id, self.auth, self.fields)
        if route.role is not None:
            call.principal = await self.auth.authenticate(body)
            if not call.principal.may(route.role):
                raise PermissionDenied(
                    f"permission denied: {route.name} needs the {route.role} role,"
                    f" the credential has {call.principal.role}"
                )
        return await route.handler(call)


async def _respond(send: Send, status: int, body: bytes, request_id: str) -> None:
    """Send the JSON answer as two ASGI messages, without a Response object."""
    headers = [
        (b"content-type", b"application/json"),
        (b"content-length", b"%d" % len(body)),
        (b"x-request-id", request_id.encode("latin-1")),
    ]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def _request_id(sent: bytes | None) -> str:
    if sent is not None:
        text = sent.decode("latin-1")
        if _REQUEST_ID.fullmatch(text):
            return text
    return secrets.token_hex(16)


def _logged_path(route: Route | None) -> str:
    # A client's own path may hold anything, a phone number included.
    return PREFIX + route.name if route else "(unknown path)"


def _declared_length(headers: dict[bytes, bytes]) -> int | None:
    value = headers.get(b"content-length", b"").strip()
    return int(value) if value.isdigit() else None

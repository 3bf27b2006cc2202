"""The routing table: every API path, its aliases, its handler and the role it needs.

Paths are matched case-insensitively and with or without a trailing slash, so
the table is keyed by the lower-cased path without one.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from dialbook.config import Settings
from dialbook.domain.credentials import Principal
from dialbook.storage import Store

if TYPE_CHECKING:
    from dialbook.api.authenticate import Authenticator
    from dialbook.api.field_cache import FieldCache

PREFIX = "/api/v2/"

Envelope = dict[str, Any]


@dataclass(slots=True)
class Call:
    """One API request as a handler sees it."""

    body: dict[str, Any]
    store: Store
    settings: Settings
    request_id: str
    auth: Authenticator
    fields: FieldCache
    principal: Principal = field(default=None)  # type: ignore[assignment]

    @property
    def account_id(self) -> int:
        """The caller's account, which scopes every query."""
        return self.principal.account_id


Handler = Callable[[Call], Awaitable[Envelope]]


@dataclass(frozen=True, slots=True)
class Route:
    """A handler and what a caller needs to reach it."""

    name: str
    handler: Handler
    role: str | None


ROUTES: dict[str, Route] = {}


def endpoint(*names: str, role: str | None) -> Callable[[Handler], Handler]:
    """Register a handler under one or more names such as ``Directory/update``.

    ``role`` is the least role that may call it; None means no credentials
    are checked before the handler runs (it checks its own).
    """

    def register(handler: Handler) -> Handler:
        for name in names:
            key = (PREFIX + name).lower()
            assert key not in ROUTES, f"{name} is registered twice"
            ROUTES[key] = Route(name, handler, role)
        return handler

    return register


def find_route(path: str) -> Route | None:
    """The route serving ``path``, matched without case or trailing slash."""
    route = ROUTES.get(path.lower())
    if route is None and path.endswith("/"):
        route = ROUTES.get(path.rstrip("/").lower())
    return route


def written(message: str, response: Any = None) -> Envelope:
    """The success envelope of a write, with data when the write returns some."""
    envelope: Envelope = {"status": "success", "code": 200, "message": message}
    if response is not None:
        envelope["response"] = response
    return envelope


def answered(response: Any) -> Envelope:
    """The success envelope of a read."""
    return {"status": "success", "code": 200, "response": response}

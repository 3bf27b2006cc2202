"""Who is calling: credentials from the body, checked against the store.

A resolved credential is kept for a short while (5 s by default) so that a
busy integration does not cost a lookup per request; that is also the longest
a revoked token, an ended session or a suspended account keeps working on a
worker other than the one that made the change.
"""

from __future__ import annotations

import time
from typing import Any

from dialbook.config import Settings
from dialbook.domain.credentials import (
    Principal,
    account_of,
    digests_match,
    secret_digest,
)
from dialbook.domain.params import describe, is_blank
from dialbook.errors import (
    AccountSuspended,
    AuthenticationError,
    InvalidDataType,
    InvalidParameter,
    TokenMissing,
    UserIdMissing,
)
from dialbook.storage import Store, accounts

_CACHE_LIMIT = 10_000
# A session is renewed at most once a minute, so reads stay reads.
_RENEW_AFTER = 60

CacheKey = tuple[str, str, str]


class Authenticator:
    """Resolves the credentials in a request body to a principal."""

    def __init__(self, store: Store, settings: Settings) -> None:
        self._store = store
        self._settings = settings
        self._cache: dict[CacheKey, tuple[float, Principal]] = {}

    async def authenticate(self, body: dict[str, Any]) -> Principal:
        """The caller, or the DeepCall error for missing or wrong credentials."""
        principal = await self._resolve(body)
        if principal.suspended:
            raise AccountSuspended(f"account suspended: user {principal.login}")
        return principal

    def forget(self) -> None:
        """Drop every cached credential (after a logout, revocation or suspension)."""
        self._cache.clear()

    async def _resolve(self, body: dict[str, Any]) -> Principal:
        ssid, user_id, token = body.get("ssid"), body.get("userId"), body.get("token")
        if not is_blank(ssid):
            if not is_blank(user_id) or not is_blank(token):
                raise InvalidParameter("send either ssid or userId and token, not both")
            return await self._by_session(_credential(ssid, "ssid"))
        if is_blank(user_id):
            raise UserIdMissing()
        if is_blank(token):
            raise TokenMissing()
        user = _user_credential(user_id)
        return await self._by_token(user, _credential(token, "token"))

    async def _by_token(self, user_id: str, token: str) -> Principal:
        digest = secret_digest(token)
        key = ("token", user_id, digest)
        cached = self._cached(key)
        if cached is not None:
            return cached

        account_id = account_of(user_id, "-")
        found = None
        if account_id is not None:
            async with self._store.read() as db:
                found = await accounts.find_token_principal(
                    db, account_id, user_id, digest
                )
        if found is None or not digests_match(found[1], digest):
            raise AuthenticationError("invalid userId or token")
        return self._remember(key, found[0])

    async def _by_session(self, ssid: str) -> Principal:
        digest = secret_digest(ssid)
        key = ("ssid", "", digest)
        cached = self._cached(key)
        if cached is not None:
            return cached

        account_id = account_of(ssid, ".")
        found = None
        now = int(time.time())
        if account_id is not None:
            async with self._store.read() as db:
                found = await accounts.find_session_principal(
                    db, account_id, digest, now
                )
        if found is None or not digests_match(found[1], digest):
            raise AuthenticationError("invalid or expired ssid")

        principal, _, expires_at = found
        await self._renew(principal, digest, expires_at, now)
        return self._remember(key, principal)

    async def _renew(
        self, principal: Principal, digest: str, expires_at: int, now: int
    ) -> None:
        idle = self._settings.session_idle_seconds
        if expires_at - now > idle - _RENEW_AFTER:
            return
        async with self._store.write() as db:
            await accounts.renew_session(db, principal.account_id, digest, now + idle)

    def _cached(self, key: CacheKey) -> Principal | None:
        entry = self._cache.get(key)
        if entry is None:
            return None
        if entry[0] < time.monotonic():
            del self._cache[key]
            return None
        return entry[1]

    def _remember(self, key: CacheKey, principal: Principal) -> Principal:
        if len(self._cache) >= _CACHE_LIMIT:
            self._cache.clear()
        lifetime = self._settings.credential_cache_seconds
        self._cache[key] = (time.monotonic() + lifetime, principal)
        return principal


def _user_credential(value: Any) -> str:
    # Some clients send a numeric user id as a JSON number; no user id is that
    # long, and a longer one must not reach int-to-text conversion limits.
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value) if abs(value) < 10**18 else "-"
    return _credential(value, "userId")


def _credential(value: Any, name: str) -> str:
    if not isinstance(value, str):
        raise InvalidDataType(f"{name} must be a string, got {describe(value)}")
    return value

"""Users, sessions and tokens: User/* and Token/* endpoints."""

from __future__ import annotations

import asyncio
from typing import Any

from dialbook.api.registry import Call, Envelope, answered, endpoint, written
from dialbook.domain import clock
from dialbook.domain.credentials import (
    ROLES,
    Principal,
    account_of,
    hash_password,
    make_user_id,
    new_secret,
    new_ssid,
    new_token_id,
    role_rank,
    secret_digest,
    verify_password,
)
from dialbook.domain.params import describe, is_blank, optional_text, required_text
from dialbook.errors import (
    AccountSuspended,
    AlreadyExists,
    AuthenticationError,
    InvalidDataType,
    InvalidParameter,
    NotFound,
    PermissionDenied,
    UserIdMissing,
)
from dialbook.storage import accounts


@endpoint("User/login", role=None)
async def login(call: Call) -> Envelope:
    """Trade a user id and password for a session id."""
    user_id = _user_id(call.body)
    password = required_text(call.body, "password")
    principal = await _check_password(call, user_id, password)
    if principal.suspended:
        raise AccountSuspended(f"account suspended: user {principal.login}")

    ssid, now = new_ssid(principal.account_id), clock.now()
    expires_at = now + call.settings.session_idle_seconds
    async with call.store.write() as db:
        await accounts.delete_expired_sessions(db, principal.account_id, user_id, now)
        await accounts.insert_session(
            db, principal.account_id, secret_digest(ssid), user_id, expires_at
        )
    return written("logged in", {"ssid": ssid, "expiresAt": expires_at})


async def _check_password(call: Call, user_id: str, password: str) -> Principal:
    account_id = account_of(user_id, "-")
    found = None
    if account_id is not None:
        async with call.store.read() as db:
            found = await accounts.find_user_for_login(db, account_id, user_id)
    if found is None or not await asyncio.to_thread(
        verify_password, password, found[1]
    ):
        raise AuthenticationError("invalid userId or password")
    return found[0]


def _user_id(body: dict[str, Any]) -> str:
    value = body.get("userId")
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if value is not None and not isinstance(value, str):
        raise InvalidDataType(f"userId must be a string, got {describe(value)}")
    if is_blank(value):
        raise UserIdMissing()
    return required_text(body, "userId")


@endpoint("User/logout", role=None)
async def logout(call: Call) -> Envelope:
    """End the session named by ``ssid``."""
    ssid = required_text(call.body, "ssid")
    principal = await call.auth.authenticate({"ssid": ssid})
    async with call.store.write() as db:
        await accounts.delete_session(db, principal.account_id, secret_digest(ssid))
    call.auth.forget()
    return written("logged out")


def _role(body: dict[str, Any], default: str) -> str:
    role = optional_text(body, "role") or default
    if role not in ROLES:
        raise InvalidParameter(f"invalid role {describe(role)}: use {', '.join(ROLES)}")
    return role


@endpoint("User/add", role="admin")
async def add_user(call: Call) -> Envelope:
    """Add a user to the caller's account."""
    login_name = required_text(call.body, "login", max_length=100)
    password = required_text(call.body, "password", max_length=200)
    if len(password) < 8:
        raise InvalidParameter("password must be at least 8 characters")
    role = _role(call.body, "viewer")
    password_hash = await asyncio.to_thread(hash_password, password)

    async with call.store.write() as db:
        user_id = make_user_id(
            call.account_id, await accounts.next_id(db, call.account_id)
        )
        added = await accounts.insert_user(
            db, call.account_id, user_id, login_name, password_hash, role, clock.now()
        )
        if not added:
            raise AlreadyExists(
                f"already exists: a user with login {describe(login_name)}"
            )
    return written("user added", {"userId": user_id})


@endpoint("User/list", role="admin")
async def list_users(call: Call) -> Envelope:
    """Every user of the account."""
    async with call.store.read() as db:
        rows = await accounts.list_users(db, call.account_id)
    return answered(
        [
            {"userId": r[0], "login": r[1], "role": r[2], "createdAt": int(r[3])}
            for r in rows
        ]
    )


@endpoint("User/remove", role="admin")
async def remove_user(call: Call) -> Envelope:
    """Remove a user by login, with its tokens and sessions."""
    login_name = required_text(call.body, "login", max_length=100)
    if login_name == call.principal.login:
        raise InvalidParameter(
            "login names the calling user; a user cannot remove itself"
        )
    async with call.store.write() as db:
        removed = await accounts.delete_user(db, call.account_id, login_name)
    if removed is None:
        raise NotFound(f"no data found: no user with login {describe(login_name)}")
    call.auth.forget()
    return written("user removed")


@endpoint("Token/create", role="viewer")
async def create_token(call: Call) -> Envelope:
    """Mint a token for the calling user, with its role or a lower one."""
    principal = call.principal
    name = required_text(call.body, "name", max_length=100)
    role = _role(call.body, principal.role)
    if role_rank(role) > role_rank(principal.role):
        raise PermissionDenied(
            f"permission denied: the caller's role is {principal.role},"
            f" it cannot create an {role} token"
        )

    token, token_id = new_secret(), new_token_id()
    async with call.store.write() as db:
        await accounts.insert_token(
            db,
            principal.account_id,
            token_id,
            principal.user_id,
            name,
            role,
            secret_digest(token),
            clock.now(),
        )
    response = {
        "tokenId": token_id,
        "userId": principal.user_id,
        "token": token,
        "name": name,
        "role": role,
    }
    return written("token created; the secret is shown only now", response)


async def _visible_tokens(call: Call) -> list[dict[str, Any]]:
    principal = call.principal
    async with call.store.read() as db:
        rows = await accounts.list_tokens(db, principal.account_id)
    tokens = [
        {
            "tokenId": r[0],
            "userId": r[1],
            "login": r[2],
            "name": r[3],
            "role": r[4],
            "createdAt": int(r[5]),
        }
        for r in rows
    ]
    if principal.role == "admin":
        return tokens
    rank = role_rank(principal.role)
    return [
        t
        for t in tokens
        if t["userId"] == principal.user_id and role_rank(t["role"]) <= rank
    ]


@endpoint("Token/list", role="viewer")
async def list_tokens(call: Call) -> Envelope:
    """The tokens the caller may see, never their secrets."""
    return answered(await _visible_tokens(call))


@endpoint("Token/revoke", role="viewer")
async def revoke_token(call: Call) -> Envelope:
    """Revoke a token the caller may see."""
    token_id = required_text(call.body, "tokenId", max_length=100)
    visible = {t["tokenId"] for t in await _visible_tokens(call)}
    if token_id not in visible:
        raise NotFound(f"no data found: no token {describe(token_id)}")
    async with call.store.write() as db:
        await accounts.delete_token(db, call.account_id, token_id)
    call.auth.forget()
    return written("token revoked")

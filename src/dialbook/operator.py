"""What an operator does from the command line: accounts and their first admin."""

from __future__ import annotations

from typing import Any

from dialbook.domain import clock
from dialbook.domain.credentials import (
    hash_password,
    make_user_id,
    new_password,
    new_secret,
    new_token_id,
    secret_digest,
)
from dialbook.errors import AlreadyExists, InvalidParameter, NotFound
from dialbook.phone import is_known_region
from dialbook.storage import Store, accounts


async def create_account(
    store: Store, name: str, region: str = "IN", timezone: str = "Asia/Kolkata"
) -> dict[str, Any]:
    """Create an account with an ``admin`` user and a token; return the credentials."""
    region = region.upper()
    _check_account_settings(name, region, timezone)
    password, token = new_password(), new_secret()
    now = clock.now()

    async with store.write() as db:
        account = await accounts.create_account(db, name, region, timezone, now)
        if account is None:
            raise AlreadyExists(f"already exists: an account called {name!r}")
        user_id = make_user_id(
            account.account_id, await accounts.next_id(db, account.account_id)
        )
        await accounts.insert_user(
            db,
            account.account_id,
            user_id,
            "admin",
            hash_password(password),
            "admin",
            now,
        )
        await accounts.insert_token(
            db,
            account.account_id,
            new_token_id(),
            user_id,
            "initial",
            "admin",
            secret_digest(token),
            now,
        )
    return {
        "accountId": account.account_id,
        "userId": user_id,
        "login": "admin",
        "password": password,
        "token": token,
    }


def _check_account_settings(name: str, region: str, timezone: str) -> None:
    if not name.strip() or len(name) > 100:
        raise InvalidParameter("the account name must be 1 to 100 characters")
    if not is_known_region(region):
        raise InvalidParameter(
            f"unknown region {region!r}: use a code such as IN or US"
        )
    if not clock.is_known_zone(timezone):
        raise InvalidParameter(
            f"unknown time zone {timezone!r}: use one such as Asia/Kolkata"
        )


async def set_suspended(store: Store, name: str, suspended: bool) -> None:
    """Suspend or resume the account called ``name``."""
    async with store.write() as db:
        account = await accounts.find_account(db, name)
        if account is None:
            raise NotFound(f"no account called {name!r}")
        await accounts.set_suspended(db, account.account_id, suspended)

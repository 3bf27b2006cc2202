"""First-run set-up for ``make run``: migrate and make a ``demo`` account once.

The demo account's credentials are kept in ``var/demo-credentials.json``
(readable by the owner only) so later starts print the same ones. When the
database no longer holds the account those credentials name, a new demo
account is made and the file rewritten.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
from pathlib import Path
from typing import Any

from dialbook import operator
from dialbook.config import Settings
from dialbook.errors import AlreadyExists, DialbookError
from dialbook.storage import Store, accounts, open_store
from dialbook.storage.migrate import migrate

CREDENTIALS = Path("var/demo-credentials.json")
NAME = "demo"


def ensure_demo_account(
    settings: Settings, credentials: Path = CREDENTIALS
) -> dict[str, Any]:
    """The demo account's credentials, creating the account the first time."""
    migrate(settings.database_url)
    saved = _read(credentials)

    async def find_or_create() -> dict[str, Any]:
        store = open_store(settings)
        await store.open()
        try:
            return await _find_or_create(store, saved, credentials)
        finally:
            await store.close()

    found = asyncio.run(find_or_create())
    if found is not saved:
        _write(credentials, found)
    return found


async def _find_or_create(
    store: Store, saved: dict[str, Any] | None, credentials: Path
) -> dict[str, Any]:
    async with store.read() as db:
        account = await accounts.find_account(db, NAME)
    if account is None:
        return await operator.create_account(store, NAME)
    if saved is None or saved.get("accountId") != account.account_id:
        raise AlreadyExists(
            f"the {NAME} account exists but {credentials} does not hold its"
            " credentials; make another with `dialbook account create NAME`"
        )
    return saved


def _read(credentials: Path) -> dict[str, Any] | None:
    if not credentials.exists():
        return None
    saved: dict[str, Any] = json.loads(credentials.read_text())
    return saved


def _write(credentials: Path, created: dict[str, Any]) -> None:
    credentials.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(credentials, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w") as file:
        json.dump(created, file, indent=2)


def main() -> None:
    """Print the demo credentials and an example call."""
    try:
        created = ensure_demo_account(Settings.from_env())
    except DialbookError as error:
        # make run serves anyway: the database and its accounts are intact.
        print(f"dialbook: {error.message}", file=sys.stderr)
        return
    print(f"dialbook demo account (kept in {CREDENTIALS}):")
    print(json.dumps(created, indent=2))
    print(
        "try: curl -s http://127.0.0.1:8080/api/v2/Directory/create -d"
        f' \'{{"userId":"{created["userId"]}","token":"{created["token"]}",'
        '"contact":"9876543210","contactinfo":{"name":"Sunil Singh"}}\''
    )


if __name__ == "__main__":
    main()

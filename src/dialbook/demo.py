"""First-run set-up for ``make run``: migrate and make a ``demo`` account once.

The demo account's credentials are kept in ``var/demo-credentials.json``
(readable by the owner only) so later starts print the same ones.
"""

from __future__ import annotations

import asyncio
import json
import os
from pathlib import Path
from typing import Any

from dialbook import operator
from dialbook.config import Settings
from dialbook.storage import open_store
from dialbook.storage.migrate import migrate

CREDENTIALS = Path("var/demo-credentials.json")


def ensure_demo_account(
    settings: Settings, credentials: Path = CREDENTIALS
) -> dict[str, Any]:
    """The demo account's credentials, creating the account the first time."""
    migrate(settings.database_url)
    if credentials.exists():
        saved: dict[str, Any] = json.loads(credentials.read_text())
        return saved

    async def create() -> dict[str, Any]:
        store = open_store(settings)
        await store.open()
        try:
            return await operator.create_account(store, "demo")
        finally:
            await store.close()

    created = asyncio.run(create())
    credentials.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(credentials, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w") as file:
        json.dump(created, file, indent=2)
    return created


def main() -> None:
    """Print the demo credentials and an example call."""
    created = ensure_demo_account(Settings.from_env())
    print("dialbook demo account (kept in var/demo-credentials.json):")
    print(json.dumps(created, indent=2))
    print(
        "try: curl -s http://127.0.0.1:8080/api/v2/Directory/create -d"
        f' \'{{"userId":"{created["userId"]}","token":"{created["token"]}",'
        '"contact":"9876543210","contactinfo":{"name":"Sunil Singh"}}\''
    )


if __name__ == "__main__":
    main()

"""Purging expired sticky settings in the background."""

from __future__ import annotations

import time

from starlette.testclient import TestClient

from conftest import Api, in_store
from dialbook.housekeeping import Housekeeper, purge_expired_sticky
from dialbook.http.app import DialbookApp
from dialbook.storage import Database, routing
from dialbook.storage.routing import StickySetting

NOW = 2_000_000_000


def _store_settings(
    client: TestClient, app: DialbookApp, account_id: int, expiries: list[int]
) -> None:
    async def work(db: Database) -> None:
        for n, expiry in enumerate(expiries):
            setting = StickySetting(f"+9198765432{n:02d}", "all", "", 0, "7", expiry)
            await routing.upsert_sticky(db, account_id, setting)

    in_store(client, app, work)


def _stored_expiries(
    client: TestClient, app: DialbookApp, account_id: int
) -> list[int]:
    async def work(db: Database) -> list[int]:
        rows = await db.all(
            "SELECT expiry FROM sticky WHERE account_id = ? ORDER BY expiry",
            (account_id,),
        )
        return [int(row[0]) for row in rows]

    return list(in_store(client, app, work))


def test_purge_deletes_only_expired_settings_of_every_account_in_batches(
    client: TestClient, app: DialbookApp, admin: Api, other_admin: Api
) -> None:
    acme, globex = admin.account["accountId"], other_admin.account["accountId"]
    expired = [NOW - 100 + n for n in range(5)] + [NOW]
    _store_settings(client, app, acme, [*expired, -1, NOW + 1])
    _store_settings(client, app, globex, [NOW - 1, NOW + 60])
    assert client.portal is not None

    purged = client.portal.call(lambda: purge_expired_sticky(app.store, NOW, batch=2))

    assert purged == 7
    assert _stored_expiries(client, app, acme) == [-1, NOW + 1]
    assert _stored_expiries(client, app, globex) == [NOW + 60]


def test_purge_with_nothing_expired_changes_nothing(
    client: TestClient, app: DialbookApp, admin: Api
) -> None:
    acme = admin.account["accountId"]
    _store_settings(client, app, acme, [-1, NOW + 1])
    assert client.portal is not None

    purged = client.portal.call(lambda: purge_expired_sticky(app.store, NOW))

    assert purged == 0
    assert _stored_expiries(client, app, acme) == [-1, NOW + 1]


def test_the_app_runs_the_housekeeper_while_it_serves(
    client: TestClient, app: DialbookApp
) -> None:
    assert app.housekeeper.running


def test_housekeeper_purges_on_its_interval_and_stops(
    client: TestClient, app: DialbookApp, admin: Api
) -> None:
    acme = admin.account["accountId"]
    _store_settings(client, app, acme, [int(time.time()) - 1, -1])
    keeper = Housekeeper(app.store, interval=0.05)
    assert client.portal is not None

    client.portal.call(keeper.start)
    deadline = time.monotonic() + 5
    while len(_stored_expiries(client, app, acme)) > 1 and time.monotonic() < deadline:
        time.sleep(0.05)
    client.portal.call(keeper.stop)

    assert _stored_expiries(client, app, acme) == [-1]
    assert not keeper.running

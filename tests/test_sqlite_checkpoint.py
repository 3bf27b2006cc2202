"""SQLite's write-ahead log is copied into the database by a thread, not a commit."""

from __future__ import annotations

import asyncio
import gc
import threading
from pathlib import Path

import pytest

from dialbook.http.factory import create_app
from dialbook.storage.migrate import migrate
from dialbook.storage.sqlite import CHECKPOINT_SECONDS, SqliteStore


def _checkpoint_threads() -> int:
    return sum(1 for t in threading.enumerate() if t.name == "sqlite-checkpoint")


async def _add_numbers(store: SqliteStore, count: int) -> None:
    for n in range(count):
        async with store.write() as db:
            await db.run(
                "INSERT INTO numbers (account_id, number, label, created_at)"
                " VALUES (1, ?, 'x', 0)",
                (f"+9180{n:04d}",),
            )


def test_commits_leave_checkpoints_to_a_thread_that_stops_on_close(
    tmp_path: Path,
) -> None:
    path = str(tmp_path / "wal.db")
    migrate(f"sqlite:///{path}")

    async def scenario() -> tuple[tuple[int, ...] | None, bool, int]:
        store = SqliteStore(path)
        await store.open()
        async with store.read() as db:
            automatic = await db.one("PRAGMA wal_autocheckpoint")
        before = Path(path).read_bytes()
        await _add_numbers(store, 50)
        await asyncio.sleep(CHECKPOINT_SECONDS * 3)
        # Commits only append to the log; the file changes by checkpoints.
        copied = Path(path).read_bytes() != before
        running = _checkpoint_threads()
        await store.close()
        return automatic, copied, running - _checkpoint_threads()

    automatic, copied, stopped = asyncio.run(scenario())

    assert automatic == (0,)
    assert copied
    assert stopped == 1


def test_a_worker_freezes_what_start_up_made(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DIALBOOK_DATABASE_URL", f"sqlite:///{tmp_path / 'w.db'}")
    gc.unfreeze()
    try:
        create_app()
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()

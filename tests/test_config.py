"""Settings from DIALBOOK_* variables: defaults, values, and refused values."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest

from dialbook.cli import main
from dialbook.config import Settings
from dialbook.errors import InvalidParameter
from dialbook.storage import open_store


def test_settings_default_to_the_spec_values(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in (
        "DIALBOOK_DATABASE_URL",
        "DIALBOOK_SQLITE_DURABLE",
        "DIALBOOK_AUTH_CACHE",
    ):
        monkeypatch.delenv(name, raising=False)

    settings = Settings.from_env()

    assert settings.database_url == "sqlite:///var/dialbook.db"
    assert settings.sqlite_durable is True
    assert settings.credential_cache_seconds == 5.0
    assert settings.max_body_bytes == 1024 * 1024
    assert settings.sqlite_cache_mb == 64


def test_settings_read_every_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DIALBOOK_ERRORS_AS_200", "true")
    monkeypatch.setenv("DIALBOOK_SQLITE_DURABLE", "0")
    monkeypatch.setenv("DIALBOOK_MAX_BODY_BYTES", "2048")
    monkeypatch.setenv("DIALBOOK_SESSION_IDLE", "600")
    monkeypatch.setenv("DIALBOOK_AUTH_CACHE", "0.5")
    monkeypatch.setenv("DIALBOOK_PG_POOL_SIZE", "3")
    monkeypatch.setenv("DIALBOOK_SQLITE_CACHE_MB", "16")

    settings = Settings.from_env("sqlite:///x.db")

    assert settings.database_url == "sqlite:///x.db"
    assert settings.errors_as_200 is True
    assert settings.sqlite_durable is False
    assert (settings.max_body_bytes, settings.session_idle_seconds) == (2048, 600)
    assert (settings.credential_cache_seconds, settings.pool_size) == (0.5, 3)
    assert settings.sqlite_cache_mb == 16


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("DIALBOOK_SQLITE_DURABLE", "maybe"),
        ("DIALBOOK_ERRORS_AS_200", "2"),
        ("DIALBOOK_MAX_BODY_BYTES", "lots"),
        ("DIALBOOK_MAX_BODY_BYTES", "0"),
        ("DIALBOOK_PG_POOL_SIZE", "nan"),
        ("DIALBOOK_AUTH_CACHE", "-1"),
        ("DIALBOOK_SQLITE_CACHE_MB", "0"),
        ("DIALBOOK_SQLITE_CACHE_MB", "big"),
    ],
)
def test_a_bad_variable_is_refused_by_name(
    monkeypatch: pytest.MonkeyPatch, name: str, value: str
) -> None:
    monkeypatch.setenv(name, value)

    with pytest.raises(InvalidParameter, match=name):
        Settings.from_env()


def test_the_command_line_reports_a_bad_variable_without_a_traceback(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DIALBOOK_SQLITE_DURABLE", "maybe")

    status = main(["migrate", "--database", "sqlite:///unused.db"])

    assert status == 1
    assert "DIALBOOK_SQLITE_DURABLE" in capsys.readouterr().err


@pytest.mark.parametrize("cache_mb", [1, 64])
def test_the_sqlite_page_cache_is_the_size_set(tmp_path: Path, cache_mb: int) -> None:
    settings = Settings(f"sqlite:///{tmp_path}/cache.db", sqlite_cache_mb=cache_mb)

    async def cache_size() -> Any:
        store = open_store(settings)
        await store.open()
        try:
            async with store.read() as db:
                return await db.one("PRAGMA cache_size")
        finally:
            await store.close()

    # A negative cache_size is in KiB.
    assert asyncio.run(cache_size()) == (-1024 * cache_mb,)

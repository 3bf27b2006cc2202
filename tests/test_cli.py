"""The ``dialbook`` command line and the first-run demo account."""

from __future__ import annotations

import json
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from conftest import Api, assert_error
from dialbook import cli, demo
from dialbook.config import Settings
from dialbook.storage.migrate import schema_version
from serving import serving

CREDENTIAL_KEYS = {"accountId", "userId", "login", "password", "token"}


def _create(
    capsys: pytest.CaptureFixture[str], database_url: str, *options: str
) -> dict[str, Any]:
    status = cli.main(
        ["account", "create", "acme", "--database", database_url, *options]
    )
    out = capsys.readouterr().out
    assert status == 0, out
    created: dict[str, Any] = json.loads(out)
    return created


def _api(client: Any, created: dict[str, Any]) -> Api:
    return Api(
        client, {"userId": created["userId"], "token": created["token"]}, created
    )


def test_account_create_prints_one_json_object_of_credentials(
    database_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    status = cli.main(["account", "create", "acme", "--database", database_url])

    out = capsys.readouterr().out
    created = json.loads(out)
    assert status == 0
    assert out.count("\n") == 1
    assert set(created) == CREDENTIAL_KEYS
    assert created["login"] == "admin"
    assert created["userId"] == f"{created['accountId']}-1"
    assert len(created["password"]) >= 16 and len(created["token"]) >= 40


def test_the_printed_credentials_work(
    database_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    created = _create(capsys, database_url)

    with serving(database_url) as client:
        listed = _api(client, created).ok("Token/list")["response"]
        login = client.post(
            "/api/v2/User/login",
            json={"userId": created["userId"], "password": created["password"]},
        )

    assert [(t["name"], t["role"]) for t in listed] == [("initial", "admin")]
    assert login.status_code == 200


def test_region_and_time_zone_options_reach_the_account(
    database_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    created = _create(capsys, database_url, "--region", "us", "--timezone", "UTC")

    with serving(database_url) as client:
        api = _api(client, created)
        api.ok("Directory/create", contact="2025550123", contactinfo={"name": "A B"})
        record = api.ok("Directory/getInfo", cn="(202) 555-0123")["response"]

    assert record["contact"] == "+12025550123"
    assert record["other"]["updatetime"]


def test_a_duplicate_account_name_fails_with_a_message(
    database_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    _create(capsys, database_url)

    status = cli.main(["account", "create", "acme", "--database", database_url])

    captured = capsys.readouterr()
    assert status == 1
    assert captured.out == ""
    assert "already exists" in captured.err and "acme" in captured.err


@pytest.mark.parametrize(
    ("options", "words"),
    [
        (["--region", "XX"], "unknown region"),
        (["--region", "India"], "unknown region"),
        (["--timezone", "Mars/Olympus"], "unknown time zone"),
        (["--timezone", "../../etc/passwd"], "unknown time zone"),
    ],
    ids=["region", "region_name", "zone", "zone_path"],
)
def test_unknown_region_or_time_zone_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], options: list[str], words: str
) -> None:
    url = f"sqlite:///{tmp_path}/cli.db"

    status = cli.main(["account", "create", "acme", "--database", url, *options])

    assert status == 1
    assert words in capsys.readouterr().err


def test_a_blank_account_name_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status = cli.main(
        ["account", "create", " ", "--database", f"sqlite:///{tmp_path}/a.db"]
    )

    assert status == 1
    assert "account name" in capsys.readouterr().err


def test_suspend_and_resume(
    database_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    created = _create(capsys, database_url)

    suspended = cli.main(["account", "suspend", "acme", "--database", database_url])
    with serving(database_url) as client:
        while_suspended = _api(client, created).call("Token/list")
    resumed = cli.main(["account", "resume", "acme", "--database", database_url])
    with serving(database_url) as client:
        _api(client, created).ok("Token/list")

    out = capsys.readouterr().out
    assert (suspended, resumed) == (0, 0)
    assert "account acme suspended" in out and "account acme resumed" in out
    assert_error(while_suspended, 1039, 403)


def test_suspending_an_unknown_account_fails(
    database_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    status = cli.main(["account", "suspend", "nobody", "--database", database_url])

    assert status == 1
    assert "no account called 'nobody'" in capsys.readouterr().err


def test_migrate_creates_the_schema_and_says_where(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite:///{tmp_path}/new/dialbook.db"

    first = cli.main(["migrate", "--database", url])
    again = cli.main(["migrate", "--database", url])

    out = capsys.readouterr().out
    assert (first, again) == (0, 0)
    assert out.count(f"is up to date at {url}") == 2
    assert schema_version(url) is not None
    assert f"schema {schema_version(url)} " in out


def test_an_unreachable_database_fails_with_a_message(
    capsys: pytest.CaptureFixture[str],
) -> None:
    url = "postgresql://nobody:pw-xyz@127.0.0.1:1/nothing"

    status = cli.main(["migrate", "--database", url])

    err = capsys.readouterr().err
    assert status == 1
    assert "database unavailable at postgresql://nobody@127.0.0.1:1/nothing" in err
    assert "pw-xyz" not in err


def test_a_bad_database_url_fails_with_a_message(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status = cli.main(["migrate", "--database", "mysql://x/y"])

    assert status == 1
    assert "invalid database URL" in capsys.readouterr().err


def test_the_database_comes_from_the_environment(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    url = f"sqlite:///{tmp_path}/env.db"
    monkeypatch.setenv("DIALBOOK_DATABASE_URL", url)

    status = cli.main(["migrate"])

    assert status == 0
    assert url in capsys.readouterr().out
    assert (tmp_path / "env.db").exists()


def test_python_dash_m_dialbook_runs_the_command_line(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/module.db"
    command = [sys.executable, "-m", "dialbook", "account", "create", "shop"]

    done = subprocess.run(
        [*command, "--database", url], capture_output=True, text=True, timeout=60
    )
    again = subprocess.run(
        [*command, "--database", url], capture_output=True, text=True, timeout=60
    )

    assert done.returncode == 0, done.stderr
    assert set(json.loads(done.stdout)) == CREDENTIAL_KEYS
    assert again.returncode == 1
    assert "already exists" in again.stderr
    assert "Traceback" not in again.stderr


def test_the_demo_account_is_made_once_and_its_credentials_reused(
    tmp_path: Path,
) -> None:
    settings = Settings(database_url=f"sqlite:///{tmp_path}/demo.db")
    saved = tmp_path / "var" / "demo-credentials.json"

    first = demo.ensure_demo_account(settings, saved)
    second = demo.ensure_demo_account(settings, saved)

    assert set(first) == CREDENTIAL_KEYS
    assert second == first
    assert json.loads(saved.read_text()) == first
    assert stat.S_IMODE(saved.stat().st_mode) == 0o600


def test_demo_credentials_for_a_vanished_database_are_replaced(tmp_path: Path) -> None:
    saved = tmp_path / "demo-credentials.json"
    old = demo.ensure_demo_account(
        Settings(database_url=f"sqlite:///{tmp_path}/old.db"), saved
    )

    new = demo.ensure_demo_account(
        Settings(database_url=f"sqlite:///{tmp_path}/new.db"), saved
    )

    assert new["token"] != old["token"]
    assert json.loads(saved.read_text()) == new


def test_a_demo_account_without_its_credentials_file_is_reported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = Settings(database_url=f"sqlite:///{tmp_path}/demo.db")
    demo.ensure_demo_account(settings, tmp_path / "first.json")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DIALBOOK_DATABASE_URL", settings.database_url)

    demo.main()

    captured = capsys.readouterr()
    assert "demo account exists" in captured.err
    assert "token" not in captured.out


def test_a_database_path_that_cannot_be_made_fails_with_a_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "a-file").write_text("")
    url = f"sqlite:///{tmp_path}/a-file/dialbook.db"

    status = cli.main(["account", "create", "acme", "--database", url])

    assert status == 1
    assert f"database unavailable at {url}" in capsys.readouterr().err

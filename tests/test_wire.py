"""Wire conventions every endpoint shares: paths, bodies, methods, envelope, logs."""

from __future__ import annotations

import asyncio
import json
import logging
from pathlib import Path
from typing import Any
from urllib.parse import quote, quote_plus

import pytest
from starlette.testclient import TestClient

from conftest import Api, assert_error, new_account
from dialbook.api.registry import ROUTES, Call, Envelope, Route
from dialbook.config import Settings
from dialbook.http.app import DialbookApp
from dialbook.storage import open_store
from serving import app_of, asgi_post, portal, serving

NUMBER = "9876543210"


@pytest.fixture
def known(admin: Api) -> Api:
    """An admin whose account holds one contact, Sunil Singh at ``NUMBER``."""
    admin.ok("Directory/create", contact=NUMBER, contactinfo={"name": "Sunil Singh"})
    return admin


def _body(api: Api, **extra: Any) -> str:
    return json.dumps({**api.credentials, "cn": NUMBER, **extra})


@pytest.mark.parametrize(
    "path",
    [
        "/api/v2/Directory/getInfo",
        "/api/v2/directory/getinfo/",
        "/API/V2/DIRECTORY/GETINFO/",
        "/Api/V2/Directory/GetInfo",
    ],
)
def test_paths_match_without_case_or_trailing_slash(known: Api, path: str) -> None:
    response = known.client.post(path, content=_body(known))

    assert response.status_code == 200, response.text
    assert response.json()["response"]["contact"] == "+919876543210"


@pytest.mark.parametrize(
    "content_type",
    [
        "application/json",
        "application/json; charset=utf-8",
        "text/plain",
        "application/x-www-form-urlencoded",
        None,
    ],
)
def test_body_is_json_whatever_the_content_type(
    known: Api, content_type: str | None
) -> None:
    headers = {} if content_type is None else {"content-type": content_type}

    response = known.client.post(
        "/api/v2/Directory/getInfo", content=_body(known), headers=headers
    )

    assert response.status_code == 200, response.text
    assert response.json()["response"]["contactinfo"] == {"name": "Sunil Singh"}


@pytest.mark.parametrize(
    "encode",
    [quote, quote_plus, lambda text: quote(text) + "=", lambda text: text + "="],
    ids=["quote", "quote_plus", "quote_with_equals", "raw_with_equals"],
)
def test_form_encoded_json_text_is_read_as_the_object(known: Api, encode: Any) -> None:
    form = {"content-type": "application/x-www-form-urlencoded"}
    text = _body(known, contact="+91 98765-43210")

    response = known.client.post(
        "/api/v2/Directory/getInfo", content=encode(text), headers=form
    )

    assert response.status_code == 200, response.text
    assert response.json()["response"]["contact"] == "+919876543210"


def test_a_leading_byte_order_mark_is_ignored(known: Api) -> None:
    body = b"\xef\xbb\xbf" + _body(known).encode()

    response = known.client.post("/api/v2/Directory/getInfo", content=body)

    assert response.status_code == 200, response.text


@pytest.mark.parametrize(
    "body",
    [
        b"[]",
        b'["userId", "token"]',
        b'"a string"',
        b"42",
        b"null",
        b"{not json",
        b"",
        b"   ",
        b"\xff\xfe{\x00}",
        b'{"a": "\xff"}',
        b'{"a": 1e400}',
        b"[" * 5000 + b"]" * 5000,
        b'{"a":' * 5000 + b"1" + b"}" * 5000,
        quote("[1, 2]").encode(),
    ],
    ids=lambda body: repr(body[:20]),
)
def test_a_body_that_is_not_a_json_object_is_1047(
    client: TestClient, body: bytes
) -> None:
    response = client.post("/api/v2/Directory/getInfo", content=body)

    assert_error(response, 1047, 400, "JSON object")


def test_a_declared_length_over_the_limit_is_refused_unread(database_url: str) -> None:
    with serving(database_url, max_body_bytes=64) as client:
        headers = [(b"content-length", b"1000")]

        exchange = portal(client).call(
            asgi_post,
            app_of(client),
            "/api/v2/Directory/getInfo",
            [b"{}" * 500],
            headers,
        )

    assert exchange.status == 413
    assert json.loads(exchange.body)["code"] == 1047
    assert exchange.chunks_read == 0


def test_a_streamed_body_over_the_limit_is_refused_before_it_ends(
    database_url: str,
) -> None:
    with serving(database_url, max_body_bytes=64) as client:
        chunks = [b" " * 32] * 100

        exchange = portal(client).call(
            asgi_post, app_of(client), "/api/v2/Directory/getInfo", chunks
        )

    assert exchange.status == 413
    assert json.loads(exchange.body)["code"] == 1047
    assert exchange.chunks_read == 3


def test_a_body_over_the_limit_answers_413_through_http(database_url: str) -> None:
    with serving(database_url, max_body_bytes=64) as client:
        response = client.post("/api/v2/Directory/getInfo", content=b" " * 65)

    assert_error(response, 1047, 413, "64")


def test_a_body_at_the_limit_is_read(database_url: str) -> None:
    body = json.dumps({"pad": ""}).encode()
    body = body.replace(b'""', b'"' + b"x" * (64 - len(body)) + b'"')
    with serving(database_url, max_body_bytes=64) as client:
        response = client.post("/api/v2/Directory/getInfo", content=body)

    assert len(body) == 64
    assert_error(response, 1002, 401, "userId")


@pytest.mark.parametrize("method", ["GET", "PUT", "DELETE", "PATCH"])
def test_other_methods_answer_405_with_1000(client: TestClient, method: str) -> None:
    response = client.request(method, "/api/v2/Directory/getInfo")

    assert_error(response, 1000, 405, "POST")


@pytest.mark.parametrize(
    "path", ["/api/v2/Directory/nothing", "/api/v2/", "/", "/api/v1/Directory/getInfo"]
)
def test_an_unknown_path_is_404(client: TestClient, path: str) -> None:
    response = client.post(path, json={})

    assert_error(response, 1000, 404, "unknown API path")


def test_errors_as_200_keeps_the_body_and_answers_200(database_url: str) -> None:
    with serving(database_url, errors_as_200=True, max_body_bytes=64) as client:
        missing = client.post("/api/v2/Directory/getInfo", json={})
        unknown = client.post("/api/v2/Directory/nothing", json={})
        method = client.get("/api/v2/Directory/getInfo")
        large = client.post("/api/v2/Directory/getInfo", content=b" " * 100)

    assert_error(missing, 1002, 200, "userId")
    assert_error(unknown, 1000, 200, "unknown API path")
    assert_error(method, 1000, 200, "POST")
    assert_error(large, 1047, 200)


def test_errors_as_200_leaves_successes_alone(database_url: str) -> None:
    with serving(database_url, errors_as_200=True) as client:
        api = new_account(client, app_of(client), "acme")

        payload = api.ok("Token/list")

    assert payload["response"][0]["name"] == "initial"


def test_every_response_carries_a_request_id(known: Api) -> None:
    success = known.call("Directory/getInfo", cn=NUMBER)
    failure = known.client.post("/api/v2/Directory/getInfo", content=b"[]")
    unknown = known.client.get("/nowhere")

    ids = {r.headers["x-request-id"] for r in (success, failure, unknown)}

    assert len(ids) == 3
    assert all(len(rid) >= 16 for rid in ids)


def test_a_sane_client_request_id_is_echoed(known: Api) -> None:
    sent = "order-42.retry:1_A"

    response = known.client.post(
        "/api/v2/Directory/getInfo",
        content=_body(known),
        headers={"X-Request-Id": sent},
    )

    assert response.headers["x-request-id"] == sent


@pytest.mark.parametrize("sent", ["has space", "<script>", "x" * 129, "a/b", ""])
def test_an_odd_client_request_id_is_replaced(client: TestClient, sent: str) -> None:
    response = client.post("/api/v2/Directory/getInfo", headers={"X-Request-Id": sent})

    assert response.headers["x-request-id"] != sent
    assert len(response.headers["x-request-id"]) == 32


def test_unknown_top_level_keys_are_ignored(known: Api) -> None:
    payload = known.ok(
        "Directory/getInfo",
        cn=NUMBER,
        callback="https://example.com/hook",
        extra={"nested": [1, 2]},
        Token="not the token",
    )

    assert payload["response"]["contact"] == "+919876543210"


async def _explode(call: Call) -> Envelope:
    raise RuntimeError("internal detail: /srv/secret.db row 7")


@pytest.fixture
def exploding(monkeypatch: pytest.MonkeyPatch) -> str:
    """A throwaway route whose handler raises an unexpected exception."""
    route = Route("Test/explode", _explode, None)
    monkeypatch.setitem(ROUTES, "/api/v2/test/explode", route)
    return "/api/v2/Test/explode"


def test_an_unexpected_exception_is_1009_without_internals(
    client: TestClient, exploding: str
) -> None:
    response = client.post(exploding, json={})

    payload = assert_error(response, 1009, 500, "went wrong")
    assert "secret" not in response.text
    assert "RuntimeError" not in payload["message"]


def test_an_unexpected_exception_is_logged_once_with_its_request_id(
    client: TestClient, exploding: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)

    client.post(exploding, json={}, headers={"X-Request-Id": "rid-explode-1"})

    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert len(errors) == 1
    assert "rid-explode-1" in errors[0].getMessage()
    assert errors[0].exc_info is not None
    assert errors[0].exc_info[0] is RuntimeError


def _request_lines(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [
        r.getMessage()
        for r in caplog.records
        if r.name == "dialbook.http.app" and r.levelno == logging.INFO
    ]


def test_each_request_logs_one_info_line(
    known: Api, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)

    known.client.post(
        "/api/v2/Directory/getInfo",
        content=_body(known),
        headers={"X-Request-Id": "rid-log-1"},
    )
    known.client.get("/api/v2/Directory/getInfo", headers={"X-Request-Id": "rid-2"})

    first, second = _request_lines(caplog)
    assert first.startswith("POST /api/v2/Directory/getInfo 200 200 ")
    assert "ms rid=rid-log-1" in first
    assert second.startswith("GET /api/v2/Directory/getInfo 405 1000 ")
    assert second.endswith("ms rid=rid-2")


def test_with_errors_as_200_the_log_keeps_the_real_status(
    database_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)

    with serving(database_url, errors_as_200=True) as client:
        response = client.post("/api/v2/Directory/getInfo", json={})

    (line,) = _request_lines(caplog)
    assert response.status_code == 200
    assert line.startswith("POST /api/v2/Directory/getInfo 401 1002 ")


def test_an_unknown_path_is_logged_without_the_path_itself(
    client: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)

    client.post(f"/api/v2/Directory/getInfo/{NUMBER}", json={})

    (line,) = _request_lines(caplog)
    assert line.startswith("POST (unknown path) 404 1000 ")
    assert NUMBER not in line


def _secrets_of_a_busy_session(api: Api) -> list[str]:
    api.ok("Directory/create", contact=NUMBER, contactinfo={"name": "Sunil Singh"})
    api.ok("Directory/update", contact=NUMBER, contactinfo={"email": "s@x.example"})
    api.ok("Directory/getInfo", cn=NUMBER, field="all")
    api.call("Directory/update", contact="12", contactinfo={"name": "Mona Lisa"})
    api.call("Directory/create", contact=NUMBER, contactinfo={"name": "Sunil Singh"})
    added = api.ok("User/add", login="meera", password="pass-word-77", role="editor")
    user_id = added["response"]["userId"]
    session = api.client.post(
        "/api/v2/User/login", json={"userId": user_id, "password": "pass-word-77"}
    ).json()["response"]
    api.client.post(
        "/api/v2/User/login", json={"userId": user_id, "password": "wrong-pass-9"}
    )
    token = api.ok("Token/create", name="crm")["response"]["token"]
    api.client.post("/api/v2/User/logout", json={"ssid": session["ssid"]})
    return [
        "9876543210",
        "+919876543210",
        "Sunil",
        "Mona Lisa",
        "s@x.example",
        "pass-word-77",
        "wrong-pass-9",
        session["ssid"],
        token,
        api.credentials["token"],
        api.account["password"],
    ]


def test_no_log_line_holds_a_number_name_or_secret(
    admin: Api, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="dialbook")
    caplog.set_level(logging.INFO)

    secrets = _secrets_of_a_busy_session(admin)

    logged = "\n".join(
        r.getMessage() + (r.exc_text or "") for r in caplog.records
    ).lower()
    assert len(_request_lines(caplog)) >= 10
    for secret in secrets:
        assert secret.lower() not in logged, secret


@pytest.mark.parametrize(
    "text",
    ['{"name": "a\\u0000b"}', '{"a\\u0000": 1}', '{"x": [["\\u0000"]]}'],
    ids=["value", "key", "nested"],
)
def test_a_nul_character_anywhere_in_the_body_is_1000(
    client: TestClient, text: str
) -> None:
    response = client.post("/api/v2/User/add", content=text)
    form = client.post("/api/v2/User/add", content=quote(text))

    assert_error(response, 1000, 400, "U+0000")
    assert_error(form, 1000, 400, "U+0000")


def test_an_escaped_backslash_before_u0000_is_plain_text(known: Api) -> None:
    payload = known.ok("Directory/getInfo", cn=NUMBER, note="C:\\u0000\\dir")

    assert payload["response"]["contact"] == "+919876543210"


def test_a_database_that_cannot_be_opened_fails_the_start(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    (tmp_path / "a-file").write_text("")
    settings = Settings(database_url=f"sqlite:///{tmp_path}/a-file/dialbook.db")
    app = DialbookApp(settings, open_store(settings))
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return {"type": "lifespan.startup"}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    asyncio.run(app({"type": "lifespan"}, receive, send))

    assert [m["type"] for m in sent] == ["lifespan.startup.failed"]
    assert sent[0]["message"]
    assert "start-up failed" in caplog.text

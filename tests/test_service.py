"""Service/ping: the static answer behind the same dispatcher."""

from __future__ import annotations

from starlette.testclient import TestClient

from conftest import assert_error


def test_ping_answers_success_without_credentials(client: TestClient) -> None:
    response = client.post("/api/v2/Service/ping", json={})

    assert response.status_code == 200
    assert response.json() == {"status": "success", "code": 200, "message": "pong"}
    assert response.headers["x-request-id"]


def test_ping_ignores_credentials_it_does_not_check(client: TestClient) -> None:
    body = {"userId": "1-1", "token": "not-a-token"}

    response = client.post("/api/v2/service/PING/", json=body)

    assert response.json()["message"] == "pong"


def test_ping_by_get_is_405(client: TestClient) -> None:
    response = client.get("/api/v2/Service/ping")

    assert_error(response, 1000, 405, "POST")


def test_ping_with_a_body_that_is_not_an_object_is_1047(client: TestClient) -> None:
    response = client.post("/api/v2/Service/ping", content=b"[1, 2]")

    assert_error(response, 1047, 400)

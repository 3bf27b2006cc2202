"""Arbitrary JSON at every registered endpoint answers an envelope, never a 500.

The endpoints come from the routing table, and the parameter names from the
handler sources, so endpoints added later are covered without editing this file.
JSON bodies run on both backends; raw bytes, which never reach storage, on
SQLite only.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from starlette.testclient import TestClient

import dialbook.api
import dialbook.domain
from conftest import Api
from dialbook.api.registry import ROUTES
from dialbook.storage.migrate import migrate
from serving import serving

dialbook.api.load_handlers()

# User/logout may end the fuzzing session, so it goes last.
ENDPOINTS = sorted(
    {route.name for route in ROUTES.values()}, key=lambda n: (n == "User/logout", n)
)
_PARAMETER = re.compile(r'body(?:\.get\(|\[|, )"(\w+)"')


def _parameter_names() -> list[str]:
    names = {"userId", "token", "ssid", "contact", "cn", "contactinfo", "other"}
    for package in (dialbook.api, dialbook.domain):
        for source in Path(package.__path__[0]).glob("*.py"):
            names.update(_PARAMETER.findall(source.read_text()))
    return sorted(names)


PARAMETERS = _parameter_names()
WORDS = ["", " ", "all", "-1", "0", "4", "true", "admin", "editor", "viewer"]
WORDS += ["9876543210", "+919876543210", "09876543210", "custom_field_1", "name"]
WORDS += ["text", "number", "a" * 300, "😀", "\u202e", "x\ny", "%", "?", "'; --"]

scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.integers(min_value=10**18, max_value=10**60)
    | st.integers(min_value=-(10**60), max_value=-(10**18))
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=20)
    | st.sampled_from(WORDS)
)
keys = st.sampled_from(PARAMETERS) | st.text(max_size=12)
values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(keys | st.sampled_from(WORDS), inner, max_size=4)
    ),
    max_leaves=10,
)
phones = st.sampled_from(["9876543210", "+919876543211", "09876543212"]) | (
    st.integers(6_000_000_000, 9_999_999_999)
)
anything_small = (
    st.sampled_from(WORDS)
    | st.text(max_size=16)
    | st.integers(-2, 50)
    | st.booleans()
    | phones
)
field_values = st.sampled_from(["Sunil Singh", "s@x.example", "gold", ""]) | scalars
PLAUSIBLE = {
    "contactinfo": st.dictionaries(
        st.sampled_from(["name", "email", "custom_field_1", "tier", "company"]),
        field_values,
        max_size=4,
    ),
    "other": st.dictionaries(
        st.sampled_from(["blacklist", "dnc", "priority", "updatetime", "x"]),
        scalars,
        max_size=3,
    ),
    "password": st.text(min_size=8, max_size=24),
    "role": st.sampled_from(["viewer", "editor", "admin"]),
    "type": st.sampled_from(["text", "number", "date", "email", "select", "all"]),
    "key": st.sampled_from(["custom_field_2", "tier", "name"]),
}
CREDENTIAL_NAMES = {"userId", "token", "ssid"}


def _plausible(name: str) -> st.SearchStrategy[Any]:
    if name in PLAUSIBLE:
        likely = PLAUSIBLE[name]
    elif name.lower() in {"contact", "cn", "cli", "number", "did"}:
        likely = phones
    else:
        likely = anything_small
    # one_of picks a branch evenly: three plausible branches to one wild one.
    return st.one_of(likely, likely, likely, values)


# Mostly well-formed bodies reach past the first check of each handler.
plausible_bodies = st.fixed_dictionaries(
    {},
    optional={
        name: _plausible(name) for name in PARAMETERS if name not in CREDENTIAL_NAMES
    },
)
bodies = st.dictionaries(keys, values, max_size=8) | plausible_bodies
callers = st.sampled_from(["admin", "editor", "viewer", "ssid", "none", "garbage"])


def assert_envelope(response: Any) -> None:
    """A success envelope with 200, or an error envelope with a 4xx."""
    payload = response.json()
    assert response.headers["x-request-id"]
    if response.status_code == 200:
        assert payload["status"] == "success" and payload["code"] == 200, payload
        assert "message" in payload or "response" in payload, payload
        return
    assert 400 <= response.status_code < 500, (response.status_code, payload)
    assert set(payload) == {"status", "code", "message"}, payload
    assert payload["status"] == "error" and isinstance(payload["code"], int)
    assert payload["message"] and isinstance(payload["message"], str)


@pytest.fixture
def callers_of(admin: Api) -> dict[str, dict[str, Any]]:
    """Credentials by kind: valid tokens of each role, an ssid, none, wrong ones."""
    admin.ok("Directory/create", contact="9876543210", contactinfo={"name": "A B"})
    login = {
        "userId": admin.credentials["userId"],
        "password": admin.account["password"],
    }
    session = admin.client.post("/api/v2/User/login", json=login).json()["response"]
    garbage = {"userId": admin.credentials["userId"], "token": "wrong"}
    return {
        "admin": admin.credentials,
        "editor": admin.as_role("editor").credentials,
        "viewer": admin.as_role("viewer").credentials,
        "ssid": {"ssid": session["ssid"]},
        "none": {},
        "garbage": garbage,
    }


FUZZ = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def _fuzz_json(admin: Api, callers_of: dict[str, dict[str, Any]], path: str) -> None:
    @FUZZ
    @given(body=bodies, caller=callers)
    def one_endpoint(body: dict[str, Any], caller: str) -> None:
        content = json.dumps({**body, **callers_of[caller]})

        response = admin.client.post(path, content=content)

        assert_envelope(response)

    one_endpoint()


def test_any_json_object_answers_an_envelope_not_a_500(
    admin: Api, callers_of: dict[str, dict[str, Any]]
) -> None:
    # One database per backend for every endpoint keeps the run short; a
    # failure names its endpoint.
    for endpoint in ENDPOINTS:
        try:
            _fuzz_json(admin, callers_of, f"/api/v2/{endpoint}")
        except AssertionError as failure:
            raise AssertionError(f"{endpoint}: {failure}") from failure


@pytest.fixture
def sqlite_client(tmp_path: Path) -> Iterator[TestClient]:
    """A client on a fresh SQLite database: raw bytes never reach the backend."""
    url = f"sqlite:///{tmp_path}/fuzz.db"
    migrate(url)
    with serving(url) as client:
        yield client


def _fuzz_bytes(client: TestClient, path: str) -> None:
    @settings(FUZZ, max_examples=15)
    @given(raw=st.binary(max_size=60) | st.text(max_size=60).map(str.encode))
    def one_endpoint(raw: bytes) -> None:
        response = client.post(path, content=raw)

        assert_envelope(response)

    one_endpoint()


def test_any_bytes_answer_an_envelope_not_a_500(sqlite_client: TestClient) -> None:
    for endpoint in ENDPOINTS:
        try:
            _fuzz_bytes(sqlite_client, f"/api/v2/{endpoint}")
        except AssertionError as failure:
            raise AssertionError(f"{endpoint}: {failure}") from failure

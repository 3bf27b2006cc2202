"""Directory/create, update, getInfo, search and getFields over HTTP."""

from __future__ import annotations

from conftest import Api


def test_create_then_get_info_shows_the_canonical_record(admin: Api) -> None:
    admin.ok(
        "Directory/create", contact="09876543210", contactinfo={"name": "Sunil Singh"}
    )

    record = admin.ok("Directory/getInfo", cn="+91 98765-43210")["response"]

    assert record["contact"] == "+919876543210"
    assert record["contactinfo"] == {"name": "Sunil Singh"}
    assert record["accountManager"] is None
    assert "updatetime" in record["other"]

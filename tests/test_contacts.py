"""Directory/create, update, getInfo, search and getFields over HTTP."""

from __future__ import annotations

import json
from typing import Any

import pytest

from conftest import Api, assert_error

NUMBER = "+919876543210"
ROUTINE_KEYS = {"sticky", "dnc", "blacklist", "createdAt", "updatedAt"}
SAMPLE_UPDATE = (
    '{\n "ssid":"{{ssid}}",\n "contact":"9876543210",\n'
    ' "contactinfo":{"name":"Sunil Singh"},\n "other":{"IBD":3,"OBD":4}\n\n}'
)
SEARCH_PATHS = ["Directory/search", "Directory/getFields", "getFields"]


def _record(api: Api, contact: str = NUMBER) -> dict[str, Any]:
    record: dict[str, Any] = api.ok("Directory/getInfo", cn=contact)["response"]
    return record


def test_create_then_get_info_shows_the_canonical_record(admin: Api) -> None:
    admin.ok(
        "Directory/create", contact="09876543210", contactinfo={"name": "Sunil Singh"}
    )

    record = admin.ok("Directory/getInfo", cn="+91 98765-43210")["response"]

    assert record["contact"] == "+919876543210"
    assert record["contactinfo"] == {"name": "Sunil Singh"}
    assert record["accountManager"] is None
    assert "updatetime" in record["other"]


def test_create_answers_the_deepcall_success_message(admin: Api) -> None:
    payload = admin.ok("Directory/create", contact="9876543210")

    assert payload == {
        "status": "success",
        "code": 200,
        "message": "Directory successfully created",
    }


def test_create_with_only_a_number_keeps_empty_sections(admin: Api) -> None:
    admin.ok("Directory/create", contact="9876543210")

    record = _record(admin)

    assert record["contactinfo"] == {}
    assert set(record["other"]) == {"updatetime"}


def test_create_of_an_existing_number_is_1504_conflict(admin: Api) -> None:
    admin.ok("Directory/create", contact="9876543210")

    response = admin.call("Directory/create", contact="9876543210")

    assert_error(response, 1504, 409, NUMBER, "already exists")


def test_create_of_another_spelling_of_an_existing_number_is_1504(admin: Api) -> None:
    admin.ok("Directory/create", contact="9876543210", contactinfo={"name": "A"})

    response = admin.call("Directory/create", contact="+91 98765-43210")

    assert_error(response, 1504, 409, NUMBER)
    assert _record(admin)["contactinfo"] == {"name": "A"}


def test_create_of_an_existing_number_leaves_the_record_alone(admin: Api) -> None:
    admin.ok("Directory/create", contact=NUMBER, contactinfo={"company": "Sarv"})

    admin.call("Directory/create", contact=NUMBER, contactinfo={"company": "Other"})

    assert _record(admin)["contactinfo"] == {"company": "Sarv"}


def test_contacts_of_one_account_are_invisible_to_another(
    admin: Api, other_admin: Api
) -> None:
    admin.ok("Directory/create", contact=NUMBER)

    response = other_admin.call("Directory/getInfo", cn=NUMBER)
    other_admin.ok("Directory/create", contact=NUMBER)

    assert_error(response, 1012, 404, NUMBER)


def test_update_answers_the_deepcall_success_message(admin: Api) -> None:
    admin.ok("Directory/create", contact=NUMBER)

    payload = admin.ok("Directory/update", contact=NUMBER, other={"vip": True})

    assert payload == {
        "status": "success",
        "code": 200,
        "message": "Directory successfully updated",
    }


def test_update_keeps_omitted_fields_and_replaces_sent_ones(admin: Api) -> None:
    admin.ok(
        "Directory/create",
        contact=NUMBER,
        contactinfo={"name": "Sunil", "company": "Sarv"},
        other={"totalcalls": 3, "obd": "done"},
    )

    admin.ok(
        "Directory/update",
        contact="09876543210",
        contactinfo={"name": "Sunil Singh"},
        other={"totalcalls": 4},
    )

    record = _record(admin)
    assert record["contactinfo"] == {"name": "Sunil Singh", "company": "Sarv"}
    other = record["other"]
    assert other["totalcalls"] == 4 and other["obd"] == "done"


def test_update_with_null_clears_a_field_which_is_then_absent(admin: Api) -> None:
    admin.ok(
        "Directory/create",
        contact=NUMBER,
        contactinfo={"name": "Sunil", "email": "sunil@example.com"},
        other={"vip": True, "ibd": 2},
    )

    admin.ok(
        "Directory/update",
        contact=NUMBER,
        contactinfo={"email": None},
        other={"vip": None},
    )

    record = _record(admin)
    assert record["contactinfo"] == {"name": "Sunil"}
    other = record["other"]
    assert "vip" not in other and other["ibd"] == 2


def test_update_of_an_unknown_number_is_1012_not_found(admin: Api) -> None:
    response = admin.call("Directory/update", contact=NUMBER, contactinfo={"name": "A"})

    assert_error(response, 1012, 404, NUMBER)


def test_update_does_not_create_the_contact(admin: Api) -> None:
    admin.call("Directory/update", contact=NUMBER, contactinfo={"name": "A"})

    response = admin.call("Directory/getInfo", cn=NUMBER)

    assert_error(response, 1012, 404)


def test_deepcall_sample_update_sent_as_text_plain_with_an_ssid_works(
    admin: Api,
) -> None:
    login = admin.client.post(
        "/api/v2/User/login",
        json={"userId": admin.account["userId"], "password": admin.account["password"]},
    )
    ssid = login.json()["response"]["ssid"]
    admin.ok("Directory/create", contact="9876543210")
    body = SAMPLE_UPDATE.replace("{{ssid}}", ssid)

    response = admin.client.post(
        "/api/v2/Directory/update",
        content=body.encode("utf-8"),
        headers={"Content-Type": "text/plain"},
    )

    assert response.status_code == 200, response.text
    assert response.json() == {
        "message": "Directory successfully updated",
        "status": "success",
        "code": 200,
    }
    record = _record(admin)
    assert record["contactinfo"] == {"name": "Sunil Singh"}
    other = record["other"]
    assert other["ibd"] == 3 and other["obd"] == 4
    assert "IBD" not in other and "OBD" not in other


def test_deepcall_sample_update_without_a_content_type_works(admin: Api) -> None:
    admin.ok("Directory/create", contact="9876543210")
    body = {
        **admin.credentials,
        "contact": "9876543210",
        "contactinfo": {"name": "Sunil Singh"},
        "other": {"IBD": 3, "OBD": 4},
    }

    response = admin.client.post(
        "/api/v2/Directory/update", content=json.dumps(body).encode("utf-8")
    )

    assert response.status_code == 200, response.text
    assert _record(admin)["contactinfo"] == {"name": "Sunil Singh"}


def test_get_info_accepts_contact_instead_of_cn(admin: Api) -> None:
    admin.ok("Directory/create", contact=NUMBER)

    record = admin.ok("Directory/getInfo", contact="9876543210")["response"]

    assert record["contact"] == NUMBER


def test_get_info_accepts_cn_and_contact_spelling_one_number(admin: Api) -> None:
    admin.ok("Directory/create", contact=NUMBER)

    record = admin.ok("Directory/getInfo", cn="09876543210", contact=9876543210)

    assert record["response"]["contact"] == NUMBER


def test_get_info_with_cn_and_contact_naming_different_numbers_is_1000(
    admin: Api,
) -> None:
    admin.ok("Directory/create", contact=NUMBER)

    response = admin.call("Directory/getInfo", cn=NUMBER, contact="9876500000")

    assert_error(response, 1000, 400, "cn", "contact", "9876500000")


def test_get_info_without_a_number_is_1000(admin: Api) -> None:
    response = admin.call("Directory/getInfo", cn="")

    assert_error(response, 1000, 400, "cn")


def test_get_info_of_an_unknown_number_is_1012(admin: Api) -> None:
    response = admin.call("Directory/getInfo", cn="9876543210")

    assert_error(response, 1012, 404, NUMBER)


def test_get_info_shows_exactly_the_four_record_keys(admin: Api) -> None:
    admin.ok("Directory/create", contact=NUMBER, other={"vip": True})

    record = _record(admin)

    assert set(record) == {"contact", "contactinfo", "other", "accountManager"}
    assert not ROUTINE_KEYS & set(record)


def test_get_info_with_field_all_adds_exactly_the_five_keys(admin: Api) -> None:
    admin.ok("Directory/create", contact=NUMBER, other={"blacklist": True})

    record = admin.ok("Directory/getInfo", cn=NUMBER, field="all")["response"]

    assert set(record) == {"contact", "contactinfo", "other", "accountManager"} | (
        ROUTINE_KEYS
    )
    assert record["sticky"] == []
    assert set(record["dnc"]) == {"dnc", "active"}
    assert record["blacklist"] == {"all": True, "dids": []}
    assert isinstance(record["createdAt"], int)
    assert record["updatedAt"] >= record["createdAt"]


def test_get_info_with_field_all_in_capitals_is_the_same(admin: Api) -> None:
    admin.ok("Directory/create", contact=NUMBER)

    record = admin.ok("Directory/getInfo", cn=NUMBER, field="ALL")["response"]

    assert set(record) >= ROUTINE_KEYS


def test_get_info_with_an_unknown_field_value_is_1000(admin: Api) -> None:
    admin.ok("Directory/create", contact=NUMBER)

    response = admin.call("Directory/getInfo", cn=NUMBER, field="most")

    assert_error(response, 1000, 400, "field", "most")


def test_viewer_may_read_but_not_write_contacts(admin: Api) -> None:
    admin.ok("Directory/create", contact=NUMBER)
    viewer = admin.as_role("viewer")

    record = viewer.ok("Directory/getInfo", cn=NUMBER)["response"]
    response = viewer.call("Directory/update", contact=NUMBER, other={"vip": 1})

    assert record["contact"] == NUMBER
    assert_error(response, 1015, 403)


def test_editor_may_create_and_update_contacts(admin: Api) -> None:
    editor = admin.as_role("editor")

    editor.ok("Directory/create", contact=NUMBER)
    editor.ok("Directory/update", contact=NUMBER, contactinfo={"name": "Asha"})

    assert _record(admin)["contactinfo"] == {"name": "Asha"}


@pytest.mark.parametrize("path", SEARCH_PATHS)
def test_search_answers_a_flat_object_of_the_named_fields(
    admin: Api, path: str
) -> None:
    admin.ok(
        "Directory/create",
        contact=NUMBER,
        contactinfo={"name": "Sunil", "company": "Sarv"},
        other={"totalcalls": "4"},
    )

    found = admin.ok(path, contact="9876543210", project="name,totalcalls")

    assert found["response"] == {"contact": NUMBER, "name": "Sunil", "totalcalls": 4}


def test_search_matches_names_without_case_and_shows_canonical_ones(
    admin: Api,
) -> None:
    admin.ok("Directory/create", contact=NUMBER, other={"ibd": 2})

    found = admin.ok(
        "Directory/search", contact=NUMBER, project=" NAME , Ibd,ACCOUNTMANAGER"
    )

    assert found["response"] == {
        "contact": NUMBER,
        "name": None,
        "ibd": 2,
        "accountManager": None,
    }


def test_search_with_all_shows_every_known_field_null_when_empty(admin: Api) -> None:
    admin.ok("Directory/create", contact=NUMBER, contactinfo={"custom_field_4": "x"})

    found = admin.ok("getFields", contact=NUMBER, project="all")["response"]

    expected = {"name", "email", "dob", "address", "company", "designation"}
    expected |= {"updatetime", "lastcalltime", "totalcalls", "source", "vip"}
    expected |= {"blacklist", "obd", "ibd", "pc", "ctc", "accountManager"}
    assert set(found) == expected | {"contact", "custom_field_4"}
    assert found["custom_field_4"] == "x"
    assert found["name"] is None and found["vip"] is None
    assert isinstance(found["updatetime"], str)


def test_search_with_an_unknown_name_is_1000_listing_the_valid_ones(
    admin: Api,
) -> None:
    admin.ok("Directory/create", contact=NUMBER)

    response = admin.call("Directory/search", contact=NUMBER, project="name,colour")

    assert_error(response, 1000, 400, "colour", "designation", "totalcalls", "all")


def test_search_without_project_is_1000(admin: Api) -> None:
    admin.ok("Directory/create", contact=NUMBER)

    response = admin.call("Directory/search", contact=NUMBER)

    assert_error(response, 1000, 400, "project")


@pytest.mark.parametrize("path", SEARCH_PATHS)
def test_search_of_an_unknown_number_is_1012(admin: Api, path: str) -> None:
    response = admin.call(path, contact=NUMBER, project="name")

    assert_error(response, 1012, 404, NUMBER)


def test_search_paths_match_without_case_or_trailing_slash(admin: Api) -> None:
    admin.ok("Directory/create", contact=NUMBER, contactinfo={"name": "Asha"})
    body = {**admin.credentials, "contact": NUMBER, "project": "name"}

    response = admin.client.post("/API/V2/directory/GETFIELDS/", json=body)

    assert response.json()["response"] == {"contact": NUMBER, "name": "Asha"}


def test_blacklist_cleared_with_null_lifts_the_block_on_every_did(admin: Api) -> None:
    admin.ok("Directory/create", contact=NUMBER, other={"blacklist": "true"})

    admin.ok("Directory/update", contact=NUMBER, other={"blacklist": None})

    record = admin.ok("Directory/getInfo", cn=NUMBER, field="all")["response"]
    assert record["blacklist"]["all"] is False
    assert "blacklist" not in record["other"]


def test_search_accepts_contact_among_the_names(admin: Api) -> None:
    admin.ok("Directory/create", contact=NUMBER, contactinfo={"name": "Asha"})

    found = admin.ok("Directory/search", contact=NUMBER, project="Contact,name")

    assert found["response"] == {"contact": NUMBER, "name": "Asha"}

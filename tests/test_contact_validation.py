"""The rules of the contact record (SPEC §3) and of phone numbers (SPEC §2)."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from starlette.testclient import TestClient

from conftest import Api, assert_error, new_account
from dialbook.http.app import DialbookApp

NUMBER = "+919876543210"


def _create(api: Api, **sections: Any) -> Any:
    return api.call("Directory/create", contact=NUMBER, **sections)


def _stored(api: Api) -> dict[str, Any]:
    record: dict[str, Any] = api.ok("Directory/getInfo", cn=NUMBER)["response"]
    return record


@pytest.mark.parametrize(
    "name",
    [
        "Sunil Singh",
        "Dr. A. K. Rao",
        "सुनील सिंह",
        "José Müller",
        "Zoë\u0301",
        "王小明",
        "A",
        "x" * 100,
        "Anna\tMaria",
        "अर्\u200dजुन",
        "می\u200cخواهم",
    ],
)
def test_name_accepts_letters_of_any_script_marks_spaces_and_dots(
    admin: Api, name: str
) -> None:
    admin.ok("Directory/create", contact=NUMBER, contactinfo={"name": name})

    assert _stored(admin)["contactinfo"]["name"] == name


@pytest.mark.parametrize(
    "name", ["Agent 007", "Sunil_Singh", "Sunil-Singh", "R&D", "Asha!", "   ", "."]
)
def test_name_with_digits_symbols_or_no_letter_is_1000(admin: Api, name: str) -> None:
    response = _create(admin, contactinfo={"name": name})

    assert_error(response, 1000, 400, "contactinfo.name", repr(name))


@pytest.mark.parametrize("name", ["", "y" * 101])
def test_name_of_no_or_over_100_characters_is_1000(admin: Api, name: str) -> None:
    response = _create(admin, contactinfo={"name": name})

    assert_error(response, 1000, 400, "contactinfo.name")


def test_valid_email_is_stored_as_sent(admin: Api) -> None:
    admin.ok("Directory/create", contact=NUMBER, contactinfo={"email": "a.b@ex.co"})

    assert _stored(admin)["contactinfo"]["email"] == "a.b@ex.co"


@pytest.mark.parametrize("email", ["not-an-email", "a@", "@example.com", "a b@x.com"])
def test_email_with_bad_syntax_is_1000_naming_it(admin: Api, email: str) -> None:
    response = _create(admin, contactinfo={"email": email})

    assert_error(response, 1000, 400, "contactinfo.email", email)


def test_email_over_254_characters_is_1000(admin: Api) -> None:
    email = "a" * 64 + "@" + ".".join(["b" * 60] * 4) + ".com"

    response = _create(admin, contactinfo={"email": email})

    assert_error(response, 1000, 400, "contactinfo.email", "254")


def test_dob_as_a_real_past_date_is_stored(admin: Api) -> None:
    admin.ok("Directory/create", contact=NUMBER, contactinfo={"dob": "29-02-2024"})

    assert _stored(admin)["contactinfo"]["dob"] == "29-02-2024"


@pytest.mark.parametrize(
    "dob", ["29-02-2023", "31-04-2020", "1990-01-31", "1-1-1990", "01/01/1990"]
)
def test_dob_not_a_real_dd_mm_yyyy_date_is_1000(admin: Api, dob: str) -> None:
    response = _create(admin, contactinfo={"dob": dob})

    assert_error(response, 1000, 400, "contactinfo.dob", dob)


def test_dob_in_the_future_is_1000(admin: Api) -> None:
    tomorrow = datetime.now(ZoneInfo("Asia/Kolkata")) + timedelta(days=2)
    dob = tomorrow.strftime("%d-%m-%Y")

    response = _create(admin, contactinfo={"dob": dob})

    assert_error(response, 1000, 400, "contactinfo.dob", "future", dob)


@pytest.mark.parametrize(
    ("field", "limit"),
    [
        ("address", 500),
        ("company", 100),
        ("designation", 100),
        ("custom_field_1", 1000),
        ("custom_field_12", 1000),
    ],
)
def test_text_fields_hold_up_to_their_limit(admin: Api, field: str, limit: int) -> None:
    admin.ok("Directory/create", contact=NUMBER, contactinfo={field: "é" * limit})

    response = admin.call(
        "Directory/update", contact=NUMBER, contactinfo={field: "é" * (limit + 1)}
    )

    assert _stored(admin)["contactinfo"][field] == "é" * limit
    assert_error(response, 1000, 400, f"contactinfo.{field}", str(limit))


def test_free_text_custom_field_keeps_any_characters(admin: Api) -> None:
    text = "Plan #7: ₹499/month; <b>ok</b>\n2nd line"

    admin.ok("Directory/create", contact=NUMBER, contactinfo={"custom_field_2": text})

    assert _stored(admin)["contactinfo"]["custom_field_2"] == text


@pytest.mark.parametrize("key", ["nickname", "custom_field_0", "custom_field", "dob2"])
def test_unknown_contactinfo_key_is_1000_naming_it(admin: Api, key: str) -> None:
    response = _create(admin, contactinfo={key: "x"})

    assert_error(response, 1000, 400, f"contactinfo.{key}", "custom_field_N")


def test_unknown_other_key_is_1000_naming_it(admin: Api) -> None:
    response = _create(admin, other={"colour": "red"})

    assert_error(response, 1000, 400, "other.colour", "totalcalls")


def test_other_keys_match_without_case_and_come_back_lower_case(admin: Api) -> None:
    admin.ok(
        "Directory/create",
        contact=NUMBER,
        other={"IBD": 3, "Vip": "true", "TotalCalls": "4"},
    )

    other = _stored(admin)["other"]

    assert other["ibd"] == 3 and other["vip"] is True and other["totalcalls"] == 4
    assert not {"IBD", "Vip", "TotalCalls"} & set(other)


def test_other_key_sent_twice_in_two_cases_is_1000(admin: Api) -> None:
    response = _create(admin, other={"IBD": 3, "ibd": 4})

    assert_error(response, 1000, 400, "other.ibd", "twice")


def test_contactinfo_keys_match_without_case_and_come_back_lower_case(
    admin: Api,
) -> None:
    admin.ok(
        "Directory/create",
        contact=NUMBER,
        contactinfo={"Name": "Asha", "CUSTOM_FIELD_3": "x"},
    )

    assert _stored(admin)["contactinfo"] == {"name": "Asha", "custom_field_3": "x"}


def test_updatetime_is_set_by_the_server_in_the_account_time_zone(
    client: TestClient, app: DialbookApp
) -> None:
    api = new_account(client, app, "tokyo", timezone="Asia/Tokyo")
    before = datetime.now(ZoneInfo("Asia/Tokyo")).replace(microsecond=0)

    api.ok("Directory/create", contact=NUMBER)

    written = _stored(api)["other"]["updatetime"]
    assert re.fullmatch(r"\d{2}-\d{2}-\d{4} \d{2}:\d{2}:\d{2}", written)
    moment = datetime.strptime(written, "%d-%m-%Y %H:%M:%S")
    assert abs(moment - before.replace(tzinfo=None)) < timedelta(seconds=30)


def test_updatetime_sent_by_the_client_is_ignored_and_the_message_says_so(
    admin: Api,
) -> None:
    admin.ok("Directory/create", contact=NUMBER)

    payload = admin.ok(
        "Directory/update", contact=NUMBER, other={"UpdateTime": "01-01-2001"}
    )

    assert payload["message"].startswith("Directory successfully updated")
    assert "updatetime" in payload["message"] and "ignored" in payload["message"]
    assert _stored(admin)["other"]["updatetime"] != "01-01-2001"


def test_updatetime_is_renewed_by_every_update(admin: Api) -> None:
    admin.ok("Directory/create", contact=NUMBER, other={"updatetime": "01-01-2001"})

    admin.ok("Directory/update", contact=NUMBER, other={"updatetime": None})

    assert re.fullmatch(r"\S+ \S+", _stored(admin)["other"]["updatetime"])


@pytest.mark.parametrize("moment", ["31-12-2024", "31-12-2024 23:59:59"])
def test_lastcalltime_takes_a_date_or_a_date_and_time(admin: Api, moment: str) -> None:
    admin.ok("Directory/create", contact=NUMBER, other={"lastcalltime": moment})

    assert _stored(admin)["other"]["lastcalltime"] == moment


@pytest.mark.parametrize(
    "moment", ["2024-12-31", "31-12-2024 24:00:00", "31-13-2024", "31-12-2024 10:00"]
)
def test_lastcalltime_in_another_form_is_1000(admin: Api, moment: str) -> None:
    response = _create(admin, other={"lastcalltime": moment})

    assert_error(response, 1000, 400, "other.lastcalltime", moment)


@pytest.mark.parametrize("field", ["totalcalls", "source"])
@pytest.mark.parametrize(("sent", "kept"), [(0, 0), (4, 4), ("4", 4), (" 12 ", 12)])
def test_counters_take_non_negative_integers_and_integer_strings(
    admin: Api, field: str, sent: Any, kept: int
) -> None:
    admin.ok("Directory/create", contact=NUMBER, other={field: sent})

    assert _stored(admin)["other"][field] == kept


@pytest.mark.parametrize("field", ["totalcalls", "source"])
@pytest.mark.parametrize("sent", [-1, "-3", 2.5, "four", ""])
def test_counters_refuse_negative_or_non_integer_values(
    admin: Api, field: str, sent: Any
) -> None:
    response = _create(admin, other={field: sent})

    assert_error(response, 1000, 400, f"other.{field}")


@pytest.mark.parametrize("field", ["vip", "blacklist"])
@pytest.mark.parametrize(
    ("sent", "kept"),
    [
        (True, True),
        (False, False),
        (1, True),
        (0, False),
        ("true", True),
        ("false", False),
        ("TRUE", True),
    ],
)
def test_flags_take_the_usual_spellings_and_come_back_as_booleans(
    admin: Api, field: str, sent: Any, kept: bool
) -> None:
    admin.ok("Directory/create", contact=NUMBER, other={field: sent})

    assert _stored(admin)["other"][field] is kept


@pytest.mark.parametrize("sent", ["yes", 2, "maybe"])
def test_flag_with_another_value_is_1000_naming_it(admin: Api, sent: Any) -> None:
    response = _create(admin, other={"vip": sent})

    assert_error(response, 1000, 400, "other.vip", str(sent))


@pytest.mark.parametrize("field", ["obd", "ibd", "pc", "ctc"])
@pytest.mark.parametrize("sent", [3, 0, "3", "dialled", ""])
def test_dialling_statuses_come_back_exactly_as_sent(
    admin: Api, field: str, sent: Any
) -> None:
    admin.ok("Directory/create", contact=NUMBER, other={field: sent})

    kept = _stored(admin)["other"][field]

    assert kept == sent and type(kept) is type(sent)


@pytest.mark.parametrize("sent", [{"a": 1}, [1], True, 2.5])
def test_dialling_status_of_another_json_type_is_1001(admin: Api, sent: Any) -> None:
    response = _create(admin, other={"obd": sent})

    assert_error(response, 1001, 400, "other.obd")


def test_every_bad_field_is_listed_in_one_error(admin: Api) -> None:
    response = _create(
        admin,
        contactinfo={"name": "R2D2", "email": "nope", "dob": "31-02-2000"},
        other={"totalcalls": -1, "vip": "perhaps", "colour": "red"},
    )

    assert_error(
        response,
        1000,
        400,
        "contactinfo.name",
        "contactinfo.email",
        "contactinfo.dob",
        "other.totalcalls",
        "other.vip",
        "other.colour",
    )


def test_a_bad_field_stops_the_whole_write(admin: Api) -> None:
    admin.ok("Directory/create", contact=NUMBER, contactinfo={"name": "Asha"})

    admin.call(
        "Directory/update",
        contact=NUMBER,
        contactinfo={"name": "Asha Rao", "email": "bad"},
    )

    assert _stored(admin)["contactinfo"] == {"name": "Asha"}


@pytest.mark.parametrize(
    "contactinfo",
    [
        {"name": {"first": "Asha"}},
        {"company": ["Sarv"]},
        {"address": 12},
        {"custom_field_1": True},
    ],
)
def test_wrong_json_type_in_contactinfo_is_1001(
    admin: Api, contactinfo: dict[str, Any]
) -> None:
    response = _create(admin, contactinfo=contactinfo)

    assert_error(response, 1001, 400, f"contactinfo.{next(iter(contactinfo))}")


@pytest.mark.parametrize("section", ["contactinfo", "other"])
@pytest.mark.parametrize("value", ["name=Asha", ["name"], 5, True])
def test_section_that_is_not_an_object_is_1001(
    admin: Api, section: str, value: Any
) -> None:
    response = _create(admin, **{section: value})

    assert_error(response, 1001, 400, section, "object")


@pytest.mark.parametrize(
    "spelling",
    [
        "9876543210",
        "09876543210",
        "919876543210",
        "+91 98765-43210",
        "0091 9876543210",
        9876543210,
        "+919876543210",
    ],
)
def test_every_spelling_of_a_number_is_one_contact(admin: Api, spelling: Any) -> None:
    admin.ok("Directory/create", contact="9876543210", contactinfo={"name": "Asha"})

    record = admin.ok("Directory/getInfo", cn=spelling)["response"]
    duplicate = admin.call("Directory/create", contact=spelling)
    admin.ok("Directory/update", contact=spelling, other={"ibd": spelling})

    assert record["contact"] == NUMBER and record["contactinfo"] == {"name": "Asha"}
    assert_error(duplicate, 1504, 409)
    assert _stored(admin)["other"]["ibd"] == spelling


@pytest.mark.parametrize("number", ["12", "abc", "98765432109876543", "+0 12"])
@pytest.mark.parametrize("path", ["Directory/create", "Directory/update"])
def test_invalid_number_is_1005_naming_it(admin: Api, path: str, number: str) -> None:
    response = admin.call(path, contact=number)

    assert_error(response, 1005, 400, "contact", number)


def test_invalid_number_in_get_info_is_1005(admin: Api) -> None:
    response = admin.call("Directory/getInfo", cn="12345")

    assert_error(response, 1005, 400, "cn", "12345")


@pytest.mark.parametrize("body", [{}, {"contact": ""}, {"contact": None}])
@pytest.mark.parametrize("path", ["Directory/create", "Directory/update"])
def test_missing_or_empty_number_is_1000(
    admin: Api, path: str, body: dict[str, Any]
) -> None:
    response = admin.call(path, **body)

    assert_error(response, 1000, 400, "contact")


@pytest.mark.parametrize("number", [{"n": 1}, [9876543210], True, 9876543210.0])
def test_number_of_a_wrong_json_type_is_1001(admin: Api, number: Any) -> None:
    response = admin.call("Directory/create", contact=number)

    assert_error(response, 1001, 400, "contact")


def test_account_in_the_us_parses_numbers_as_us_ones(
    client: TestClient, app: DialbookApp
) -> None:
    usco = new_account(client, app, "usco", region="US")

    usco.ok("Directory/create", contact="(202) 555-0123")
    record = usco.ok("Directory/getInfo", cn="1 202 555 0123")["response"]

    assert record["contact"] == "+12025550123"


def test_counter_beyond_64_bits_is_1000(admin: Api) -> None:
    response = _create(admin, other={"totalcalls": 2**63})

    assert_error(response, 1000, 400, "other.totalcalls", str(2**63))

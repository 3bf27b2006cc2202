"""Field/define, Field/list, Field/remove and the checks of defined custom fields."""

from __future__ import annotations

from typing import Any

import pytest

from conftest import Api, assert_error

NUMBER = "+919876543210"


def _define(api: Api, key: str, type_: str = "text", **rules: Any) -> Any:
    return api.ok("Field/define", key=key, label=key.title(), type=type_, **rules)


def _create(api: Api, **contactinfo: Any) -> Any:
    return api.call("Directory/create", contact=NUMBER, contactinfo=contactinfo)


def _info(api: Api) -> dict[str, Any]:
    record = api.ok("Directory/getInfo", cn=NUMBER)["response"]
    info: dict[str, Any] = record["contactinfo"]
    return info


def test_define_answers_the_definition(admin: Api) -> None:
    payload = admin.ok(
        "Field/define",
        key="plan",
        label="Plan",
        type="enum",
        options=["gold", "silver"],
        required="true",
    )

    assert payload["response"] == {
        "key": "plan",
        "label": "Plan",
        "type": "enum",
        "pattern": None,
        "options": ["gold", "silver"],
        "maxLength": None,
        "required": True,
    }


def test_list_shows_every_definition_of_the_account_only(
    admin: Api, other_admin: Api
) -> None:
    _define(admin, "custom_field_3", "integer")
    _define(admin, "tier", "text", maxLength="20", pattern="[A-Z]+")
    _define(other_admin, "region_code")

    listed = admin.ok("Field/list")["response"]

    assert [field["key"] for field in listed] == ["custom_field_3", "tier"]
    assert listed[1]["maxLength"] == 20 and listed[1]["pattern"] == "[A-Z]+"


def test_defining_a_key_twice_is_1011_conflict(admin: Api) -> None:
    _define(admin, "tier")

    response = admin.call("Field/define", key="tier", label="Tier", type="integer")

    assert_error(response, 1011, 409, "tier")


def test_remove_then_list_no_longer_shows_the_field(admin: Api) -> None:
    _define(admin, "tier")

    payload = admin.ok("Field/remove", key="tier")

    assert "message" in payload
    assert admin.ok("Field/list")["response"] == []


def test_removing_an_unknown_key_is_1012_not_found(admin: Api) -> None:
    response = admin.call("Field/remove", key="custom_field_9")

    assert_error(response, 1012, 404, "custom_field_9")


@pytest.mark.parametrize("role", ["editor", "viewer"])
@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("Field/define", {"key": "tier", "label": "Tier", "type": "text"}),
        ("Field/list", {}),
        ("Field/remove", {"key": "tier"}),
    ],
)
def test_field_management_is_for_admins_only(
    admin: Api, role: str, path: str, body: dict[str, Any]
) -> None:
    _define(admin, "tier")
    caller = admin.as_role(role)

    response = caller.call(path, **body)

    assert_error(response, 1015, 403)
    assert len(admin.ok("Field/list")["response"]) == 1


@pytest.mark.parametrize(
    "key",
    [
        "Tier",
        "9lives",
        "_tier",
        "tier-1",
        "t" * 41,
        "name",
        "email",
        "custom_field_0",
        "custom_field_01",
        "vip",
        "totalcalls",
        "contact",
        "accountmanager",
        "all",
    ],
)
def test_define_with_an_invalid_key_is_1000_naming_it(admin: Api, key: str) -> None:
    response = admin.call("Field/define", key=key, label="X", type="text")

    assert_error(response, 1000, 400, "key", key)


@pytest.mark.parametrize(
    ("rules", "mentions"),
    [
        ({"type": "colour"}, ["type", "colour", "boolean"]),
        ({"type": ""}, ["type"]),
        ({"label": ""}, ["label"]),
        ({"label": "L" * 101}, ["label", "100"]),
        ({"key": ""}, ["key"]),
        ({"pattern": "[a-"}, ["pattern", "[a-"]),
        ({"type": "enum"}, ["options"]),
        ({"type": "enum", "options": []}, ["options"]),
        ({"type": "enum", "options": ["a", "a"]}, ["options", "a"]),
        ({"options": ["a"]}, ["options", "enum"]),
        ({"maxLength": 0}, ["maxLength", "0"]),
        ({"maxLength": 1001}, ["maxLength", "1001"]),
        ({"required": "perhaps"}, ["required", "perhaps"]),
    ],
)
def test_define_with_an_invalid_rule_is_1000(
    admin: Api, rules: dict[str, Any], mentions: list[str]
) -> None:
    body = {"key": "tier", "label": "Tier", "type": "text"} | rules

    response = admin.call("Field/define", **body)

    assert_error(response, 1000, 400, *mentions)


@pytest.mark.parametrize(
    ("rules", "name"),
    [
        ({"key": 5}, "key"),
        ({"label": ["Tier"]}, "label"),
        ({"type": {"t": 1}}, "type"),
        ({"pattern": 5}, "pattern"),
        ({"type": "enum", "options": "a,b"}, "options"),
        ({"type": "enum", "options": ["a", 1]}, "options"),
        ({"maxLength": "ten"}, "maxLength"),
        ({"maxLength": 2.5}, "maxLength"),
    ],
)
def test_define_with_a_rule_of_the_wrong_json_type_is_1001(
    admin: Api, rules: dict[str, Any], name: str
) -> None:
    body = {"key": "tier", "label": "Tier", "type": "text"} | rules

    response = admin.call("Field/define", **body)

    assert_error(response, 1001, 400, name)


@pytest.mark.parametrize(
    ("type_", "sent", "kept"),
    [
        ("text", "anything at all", "anything at all"),
        ("integer", 42, 42),
        ("integer", "-7", -7),
        ("decimal", 2.5, 2.5),
        ("decimal", "19.99", 19.99),
        ("decimal", 3, 3.0),
        ("date", "15-08-2030", "15-08-2030"),
        ("email", "ops@example.com", "ops@example.com"),
        ("phone", "098765 43211", "+919876543211"),
        ("phone", 9876543211, "+919876543211"),
        ("enum", "gold", "gold"),
        ("boolean", "true", True),
        ("boolean", 0, False),
    ],
)
def test_defined_field_values_come_back_in_their_type(
    admin: Api, type_: str, sent: Any, kept: Any
) -> None:
    options = {"options": ["gold", "silver"]} if type_ == "enum" else {}
    _define(admin, "custom_field_5", type_, **options)

    admin.ok("Directory/create", contact=NUMBER, contactinfo={"custom_field_5": sent})

    stored = _info(admin)["custom_field_5"]
    assert stored == kept and type(stored) is type(kept)


@pytest.mark.parametrize(
    ("type_", "sent", "code"),
    [
        ("text", 5, 1001),
        ("integer", "4.5", 1000),
        ("integer", "many", 1000),
        ("integer", {"n": 1}, 1001),
        ("decimal", "1,5", 1000),
        ("decimal", True, 1001),
        ("date", "2030-08-15", 1000),
        ("date", "30-02-2030", 1000),
        ("email", "nobody", 1000),
        ("phone", "12", 1000),
        ("phone", ["98765"], 1001),
        ("enum", "bronze", 1000),
        ("boolean", "yes", 1000),
    ],
)
def test_defined_field_refuses_a_value_not_of_its_type(
    admin: Api, type_: str, sent: Any, code: int
) -> None:
    options = {"options": ["gold", "silver"]} if type_ == "enum" else {}
    _define(admin, "custom_field_5", type_, **options)

    response = _create(admin, custom_field_5=sent)

    assert_error(response, code, 400, "contactinfo.custom_field_5")


def test_defined_field_checks_its_pattern_on_the_whole_value(admin: Api) -> None:
    _define(admin, "pan", pattern="[A-Z]{5}[0-9]{4}[A-Z]")

    refused = _create(admin, pan="ABCDE1234FX")
    admin.ok("Directory/create", contact=NUMBER, contactinfo={"pan": "ABCDE1234F"})

    assert_error(refused, 1000, 400, "contactinfo.pan", "pattern", "ABCDE1234FX")
    assert _info(admin)["pan"] == "ABCDE1234F"


def test_defined_field_checks_its_max_length(admin: Api) -> None:
    _define(admin, "code", maxLength=3)

    refused = _create(admin, code="abcd")
    admin.ok("Directory/create", contact=NUMBER, contactinfo={"code": "abc"})

    assert_error(refused, 1000, 400, "contactinfo.code", "3")
    assert _info(admin)["code"] == "abc"


def test_required_field_must_be_given_on_create(admin: Api) -> None:
    _define(admin, "plan", "enum", options=["gold"], required=True)

    response = _create(admin, name="Asha")

    assert_error(response, 1000, 400, "contactinfo.plan", "required")


def test_required_field_is_listed_with_the_other_bad_fields(admin: Api) -> None:
    _define(admin, "plan", "enum", options=["gold"], required=True)

    response = _create(admin, name="R2D2")

    assert_error(response, 1000, 400, "contactinfo.plan", "contactinfo.name")


def test_required_field_cannot_be_cleared_but_other_fields_update(admin: Api) -> None:
    _define(admin, "plan", "enum", options=["gold"], required=True)
    admin.ok("Directory/create", contact=NUMBER, contactinfo={"plan": "gold"})

    refused = admin.call("Directory/update", contact=NUMBER, contactinfo={"plan": None})
    admin.ok("Directory/update", contact=NUMBER, contactinfo={"name": "Asha"})

    assert_error(refused, 1000, 400, "contactinfo.plan", "required")
    assert _info(admin) == {"plan": "gold", "name": "Asha"}


def test_named_field_is_unknown_before_it_is_defined(admin: Api) -> None:
    response = _create(admin, tier="gold")

    assert_error(response, 1000, 400, "contactinfo.tier")


def test_removed_custom_field_n_becomes_free_text_again(admin: Api) -> None:
    _define(admin, "custom_field_2", "integer")
    admin.ok("Directory/create", contact=NUMBER, contactinfo={"custom_field_2": 7})

    admin.ok("Field/remove", key="custom_field_2")
    before = _info(admin)["custom_field_2"]
    admin.ok("Directory/update", contact=NUMBER, contactinfo={"custom_field_2": "n/a"})

    assert before == 7
    assert _info(admin)["custom_field_2"] == "n/a"


def test_removed_named_field_stays_readable_but_takes_no_new_value(
    admin: Api,
) -> None:
    _define(admin, "tier")
    admin.ok("Directory/create", contact=NUMBER, contactinfo={"tier": "gold"})

    admin.ok("Field/remove", key="tier")
    refused = admin.call("Directory/update", contact=NUMBER, contactinfo={"tier": "x"})
    found = admin.ok("Directory/search", contact=NUMBER, project="Tier")

    assert_error(refused, 1000, 400, "contactinfo.tier")
    assert _info(admin) == {"tier": "gold"}
    assert found["response"] == {"contact": NUMBER, "tier": "gold"}


def test_removed_named_field_can_be_cleared_with_null(admin: Api) -> None:
    _define(admin, "tier")
    admin.ok("Directory/create", contact=NUMBER, contactinfo={"tier": "gold"})
    admin.ok("Field/remove", key="tier")

    admin.ok("Directory/update", contact=NUMBER, contactinfo={"tier": None})

    assert _info(admin) == {}


def test_null_for_a_key_that_never_existed_is_1000(admin: Api) -> None:
    admin.ok("Directory/create", contact=NUMBER)

    response = admin.call(
        "Directory/update", contact=NUMBER, contactinfo={"nickname": None}
    )

    assert_error(response, 1000, 400, "contactinfo.nickname")


def test_search_names_defined_fields_and_shows_them_with_all(admin: Api) -> None:
    _define(admin, "tier")
    _define(admin, "custom_field_8", "integer")
    admin.ok("Directory/create", contact=NUMBER, contactinfo={"custom_field_8": "3"})

    named = admin.ok("getFields", contact=NUMBER, project="TIER,custom_field_8")
    every = admin.ok("getFields", contact=NUMBER, project="all")["response"]

    assert named["response"] == {"contact": NUMBER, "tier": None, "custom_field_8": 3}
    assert every["tier"] is None and every["custom_field_8"] == 3


def test_definitions_of_one_account_do_not_check_another(
    admin: Api, other_admin: Api
) -> None:
    _define(admin, "custom_field_1", "integer")

    other_admin.ok(
        "Directory/create", contact=NUMBER, contactinfo={"custom_field_1": "free"}
    )

    assert_error(_create(admin, custom_field_1="free"), 1000, 400)


def test_phone_field_refuses_a_long_value_that_starts_with_a_number(
    admin: Api,
) -> None:
    _define(admin, "alternate", "phone")

    response = _create(admin, alternate="9876543211" + " ext" * 10)

    assert_error(response, 1000, 400, "contactinfo.alternate", "9876543211")


def test_required_field_defined_later_does_not_block_other_updates(
    admin: Api,
) -> None:
    admin.ok("Directory/create", contact=NUMBER, contactinfo={"name": "Asha"})
    _define(admin, "plan", "enum", options=["gold"], required=True)

    admin.ok("Directory/update", contact=NUMBER, other={"totalcalls": 5})

    assert _info(admin) == {"name": "Asha"}


def test_contactinfo_key_sent_twice_in_two_cases_is_1000(admin: Api) -> None:
    response = _create(admin, name="Asha", NAME="Asha Rao")

    assert_error(response, 1000, 400, "contactinfo.name", "twice")


@pytest.mark.parametrize("pattern", ["(a+)+$", r"(\w+\s?)*", r"(\d{1,3})+", "(?:x*)+"])
def test_define_refuses_a_pattern_that_can_take_exponential_time(
    admin: Api, pattern: str
) -> None:
    response = admin.call(
        "Field/define", key="tier", label="T", type="text", pattern=pattern
    )

    assert_error(response, 1000, 400, "pattern", repr(pattern), "exponential")


@pytest.mark.parametrize(
    ("pattern", "value"),
    [(r"\d+(-\d+)*", "12-345-6"), (r"(\d{3}-)+\d{4}", "123-456-7890")],
)
def test_define_accepts_repeats_marked_by_a_fixed_character(
    admin: Api, pattern: str, value: str
) -> None:
    _define(admin, "code", pattern=pattern)

    admin.ok("Directory/create", contact=NUMBER, contactinfo={"code": value})

    assert _info(admin)["code"] == value


def test_integer_field_refuses_a_value_beyond_64_bits(admin: Api) -> None:
    _define(admin, "custom_field_5", "integer")

    response = _create(admin, custom_field_5=2**63)

    assert_error(response, 1000, 400, "contactinfo.custom_field_5", str(2**63))


def test_pattern_of_an_integer_field_sees_the_integer_not_the_spelling(
    admin: Api,
) -> None:
    _define(admin, "custom_field_6", "integer", pattern="[0-9]{2}")

    admin.ok("Directory/create", contact=NUMBER, contactinfo={"custom_field_6": " 12 "})

    assert _info(admin)["custom_field_6"] == 12

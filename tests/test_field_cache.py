"""Custom field definitions are cached per worker and dropped on change."""

from __future__ import annotations

from conftest import Api, assert_error

NUMBER = "+919876543210"


def test_a_field_defined_after_a_write_applies_to_the_next_write(admin: Api) -> None:
    admin.ok("Directory/create", contact=NUMBER, contactinfo={"custom_field_2": "x"})
    admin.ok("Field/define", key="custom_field_2", label="Seats", type="integer")

    response = admin.call(
        "Directory/update", contact=NUMBER, contactinfo={"custom_field_2": "many"}
    )

    assert_error(response, 1000, 400, "custom_field_2")


def test_a_removed_field_is_free_text_again_at_once(admin: Api) -> None:
    admin.ok("Field/define", key="custom_field_2", label="Seats", type="integer")
    admin.ok("Directory/create", contact=NUMBER, contactinfo={"custom_field_2": 4})
    admin.ok("Field/remove", key="custom_field_2")

    admin.ok("Directory/update", contact=NUMBER, contactinfo={"custom_field_2": "four"})

    record = admin.ok("Directory/getInfo", cn=NUMBER)["response"]
    assert record["contactinfo"]["custom_field_2"] == "four"


def test_search_sees_a_named_field_defined_just_before(admin: Api) -> None:
    admin.ok("Directory/create", contact=NUMBER)
    admin.ok("Directory/search", contact=NUMBER, project="name")
    admin.ok("Field/define", key="plan", label="Plan", type="text")

    found = admin.ok("Directory/search", contact=NUMBER, project="plan")

    assert found["response"] == {"contact": NUMBER, "plan": None}

"""Phone numbers: the shortcut for E.164 text agrees with a full parse."""

from __future__ import annotations

import phonenumbers
from hypothesis import given, settings
from hypothesis import strategies as st

from dialbook.phone import canonical_number

COUNTRY_CODES = sorted(phonenumbers.COUNTRY_CODE_TO_REGION_CODE)


def _full_parse(raw: str, region: str) -> str | None:
    try:
        parsed = phonenumbers.parse(raw, region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(parsed):
        return None
    return str(phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164))


@settings(max_examples=3000)
@given(
    code=st.sampled_from(COUNTRY_CODES),
    national=st.text("0123456789", min_size=3, max_size=14),
    region=st.sampled_from(["IN", "US", "GB", "DE", "AR", "MX"]),
)
def test_e164_text_gets_the_answer_of_a_full_parse(
    code: int, national: str, region: str
) -> None:
    raw = f"+{code}{national}"

    assert canonical_number(raw, region) == _full_parse(raw, region)


def test_an_indian_mobile_in_e164_stays_as_it_is() -> None:
    assert canonical_number("+919876543210", "IN") == "+919876543210"


def test_e164_text_with_a_national_prefix_is_parsed_in_full() -> None:
    assert canonical_number("+9109876543210", "IN") == "+919876543210"


def test_e164_text_of_an_impossible_length_is_refused() -> None:
    assert canonical_number("+9198765", "IN") is None

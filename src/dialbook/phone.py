"""Phone numbers in one canonical form, E.164, parsed with the account's region.

Most numbers a busy integration sends are already canonical (``+9198...``).
Those are checked without a full parse: split off the country code, make sure
a full parse would not strip a national prefix or keep a leading zero, and
ask only whether the length is possible. Anything else takes the full parse.
"""

from __future__ import annotations

import re
from functools import lru_cache

import phonenumbers

_E164 = phonenumbers.PhoneNumberFormat.E164
_E164_TEXT = re.compile(r"\+[1-9][0-9]{6,14}")
_COUNTRY_CODES = {str(code): code for code in phonenumbers.COUNTRY_CODE_TO_REGION_CODE}


@lru_cache(maxsize=65536)
def canonical_number(raw: str, region: str) -> str | None:
    """Return ``raw`` as E.164, or None when it is not a possible number."""
    possible = _is_possible_e164(raw) if _E164_TEXT.fullmatch(raw) else None
    if possible is None:
        return _parsed_number(raw, region)
    return raw if possible else None


def _parsed_number(raw: str, region: str) -> str | None:
    try:
        parsed = phonenumbers.parse(raw, region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(parsed):
        return None
    return str(phonenumbers.format_number(parsed, _E164))


def _is_possible_e164(raw: str) -> bool | None:
    """Whether E.164 text is a possible number; None when a full parse must tell."""
    # The shortest prefix that is a country code wins, as in a full parse.
    for length in (2, 3, 4):
        code = _COUNTRY_CODES.get(raw[1:length])
        if code is not None:
            break
    else:
        return None
    national = raw[length:]
    if national.startswith("0") or _has_national_prefix(code, national):
        return None
    number = phonenumbers.PhoneNumber(country_code=code, national_number=int(national))
    return bool(phonenumbers.is_possible_number(number))


def _has_national_prefix(code: int, national: str) -> bool:
    region = phonenumbers.region_code_for_country_code(code)
    metadata = phonenumbers.PhoneMetadata.metadata_for_region_or_calling_code(
        code, region
    )
    prefix = None if metadata is None else metadata.national_prefix_for_parsing
    if not prefix:
        return False
    return re.match(prefix, national) is not None


def is_known_region(region: str) -> bool:
    """Tell whether ``region`` is a region code phonenumbers knows, such as IN."""
    return region in phonenumbers.SUPPORTED_REGIONS

"""Phone numbers in one canonical form, E.164, parsed with the account's region."""

from __future__ import annotations

from functools import lru_cache

import phonenumbers

_E164 = phonenumbers.PhoneNumberFormat.E164


@lru_cache(maxsize=65536)
def canonical_number(raw: str, region: str) -> str | None:
    """Return ``raw`` as E.164, or None when it is not a possible number."""
    try:
        parsed = phonenumbers.parse(raw, region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(parsed):
        return None
    return str(phonenumbers.format_number(parsed, _E164))


def is_known_region(region: str) -> bool:
    """Tell whether ``region`` is a region code phonenumbers knows, such as IN."""
    return region in phonenumbers.SUPPORTED_REGIONS

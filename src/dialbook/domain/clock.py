"""Time as the service shows it: Unix seconds, and local times per account."""

from __future__ import annotations

import time
from datetime import date, datetime
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

# A Unix time in seconds below this is believable (10**11 s is the year 5138);
# a larger one is taken for milliseconds (today's are about 1.8 * 10**12).
MILLISECONDS_FROM = 10**11


def now() -> int:
    """The current Unix time in whole seconds."""
    return int(time.time())


@lru_cache(maxsize=256)
def zone(name: str) -> ZoneInfo:
    """The time zone called ``name``."""
    return ZoneInfo(name)


def is_known_zone(name: str) -> bool:
    """Tell whether ``name`` is a time zone such as Asia/Kolkata."""
    try:
        zone(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


def today(timezone: str, at: int) -> date:
    """The calendar day at Unix time ``at`` in ``timezone``."""
    return datetime.fromtimestamp(at, zone(timezone)).date()


def updatetime(timezone: str, at: int) -> str:
    """``dd-mm-YYYY HH:MM:SS`` at Unix time ``at`` in ``timezone``."""
    return datetime.fromtimestamp(at, zone(timezone)).strftime("%d-%m-%Y %H:%M:%S")

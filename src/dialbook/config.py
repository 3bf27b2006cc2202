"""Settings read from the environment, with the defaults the SPEC gives."""

from __future__ import annotations

import os
from dataclasses import dataclass

from dialbook.errors import InvalidParameter

DEFAULT_DATABASE_URL = "sqlite:///var/dialbook.db"
_TRUE, _FALSE = {"1", "true", "yes", "on"}, {"0", "false", "no", "off", ""}


def _flag(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    word = value.strip().lower()
    if word not in _TRUE | _FALSE:
        raise InvalidParameter(f"{name} must be 1 or 0 (true or false), got {value!r}")
    return word in _TRUE


def _number(name: str, default: float, minimum: float) -> float:
    value = os.environ.get(name)
    if value is None:
        return default
    try:
        number = float(value)
    except ValueError:
        number = minimum - 1
    if not number >= minimum:
        raise InvalidParameter(
            f"{name} must be a number of at least {minimum}, got {value!r}"
        )
    return number


@dataclass(frozen=True)
class Settings:
    """How one dialbook process runs."""

    database_url: str = DEFAULT_DATABASE_URL
    errors_as_200: bool = False
    max_body_bytes: int = 1024 * 1024
    session_idle_seconds: int = 12 * 3600
    credential_cache_seconds: float = 5.0
    sqlite_durable: bool = True
    sqlite_cache_mb: int = 64
    pool_size: int = 8

    @classmethod
    def from_env(cls, database_url: str | None = None) -> Settings:
        """Read every setting from ``DIALBOOK_*`` variables."""
        env = os.environ
        return cls(
            database_url=database_url
            or env.get("DIALBOOK_DATABASE_URL", DEFAULT_DATABASE_URL),
            errors_as_200=_flag("DIALBOOK_ERRORS_AS_200"),
            max_body_bytes=int(_number("DIALBOOK_MAX_BODY_BYTES", 1024 * 1024, 1)),
            session_idle_seconds=int(_number("DIALBOOK_SESSION_IDLE", 12 * 3600, 60)),
            credential_cache_seconds=_number("DIALBOOK_AUTH_CACHE", 5.0, 0),
            sqlite_durable=_flag("DIALBOOK_SQLITE_DURABLE", default=True),
            sqlite_cache_mb=int(_number("DIALBOOK_SQLITE_CACHE_MB", 64, 1)),
            pool_size=int(_number("DIALBOOK_PG_POOL_SIZE", 8, 1)),
        )

"""Passwords, tokens and session ids: how they are made, stored and checked.

Passwords are kept as scrypt hashes; tokens and session ids are long random
secrets kept as SHA-256 digests. A session id and a user id both start with
the account id, so a credential leads to its account's rows without a global
index.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from dataclasses import dataclass

ROLES = ("viewer", "editor", "admin")
_RANK = {role: rank for rank, role in enumerate(ROLES)}

_SCRYPT_N, _SCRYPT_R, _SCRYPT_P = 2**14, 8, 1


@dataclass(frozen=True, slots=True)
class Principal:
    """Who is calling: the account, the user, and the role of the credential."""

    account_id: int
    region: str
    timezone: str
    suspended: bool
    user_id: str
    login: str
    role: str
    token_name: str | None = None

    @property
    def actor(self) -> str:
        """How history records name the caller: login, and token name if any."""
        if self.token_name is None:
            return self.login
        return f"{self.login} (token {self.token_name})"

    def may(self, role: str) -> bool:
        """Tell whether the caller's role is at least ``role``."""
        return _RANK[self.role] >= _RANK[role]


def role_rank(role: str) -> int:
    """Order roles: viewer < editor < admin."""
    return _RANK[role]


def hash_password(password: str) -> str:
    """Hash ``password`` with scrypt and a fresh salt."""
    salt = secrets.token_bytes(16)
    digest = _scrypt(password, salt, _SCRYPT_N, _SCRYPT_R, _SCRYPT_P)
    return "$".join(
        [
            "scrypt",
            str(_SCRYPT_N),
            str(_SCRYPT_R),
            str(_SCRYPT_P),
            _b64(salt),
            _b64(digest),
        ]
    )


def verify_password(password: str, stored: str) -> bool:
    """Tell whether ``password`` matches a hash made by ``hash_password``."""
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
    except ValueError:
        return False
    if scheme != "scrypt":
        return False
    actual = _scrypt(password, _unb64(salt), int(n), int(r), int(p))
    return hmac.compare_digest(actual, _unb64(digest))


def _scrypt(password: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(
        password.encode("utf-8", "surrogatepass"), salt=salt, n=n, r=r, p=p, dklen=32
    )


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"))


def secret_digest(secret: str) -> str:
    """The SHA-256 digest a token or session id is stored as."""
    return hashlib.sha256(secret.encode("utf-8", "surrogatepass")).hexdigest()


def digests_match(left: str, right: str) -> bool:
    """Compare two digests in constant time."""
    return hmac.compare_digest(left.encode("ascii"), right.encode("ascii"))


def new_secret() -> str:
    """A token secret: 256 random bits, URL-safe."""
    return secrets.token_urlsafe(32)


def new_password() -> str:
    """A generated password for a first admin."""
    return secrets.token_urlsafe(18)


def new_ssid(account_id: int) -> str:
    """A session id that names its account."""
    return f"{account_id}.{secrets.token_urlsafe(32)}"


def new_token_id() -> str:
    """A token id: short, random, not secret."""
    return "tk_" + secrets.token_hex(8)


def make_user_id(account_id: int, sequence: int) -> str:
    """A user id that names its account, such as ``7-2``."""
    return f"{account_id}-{sequence}"


def account_of(credential: str, separator: str) -> int | None:
    """The account id a user id or session id starts with, if it is well formed."""
    head, found, _ = credential.partition(separator)
    if not found or not head.isascii() or not head.isdigit() or len(head) > 18:
        return None
    return int(head)

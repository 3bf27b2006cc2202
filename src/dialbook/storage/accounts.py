"""Statements for accounts, users, tokens and sessions."""

from __future__ import annotations

from dataclasses import dataclass

from dialbook.domain.credentials import Principal
from dialbook.storage.base import Database, Row


@dataclass(frozen=True, slots=True)
class Account:
    """An account as the operator sees it."""

    account_id: int
    name: str
    region: str
    timezone: str
    suspended: bool


async def create_account(
    db: Database, name: str, region: str, timezone: str, now: int
) -> Account | None:
    """Insert an account; None when the name is taken."""
    row = await db.one(
        "INSERT INTO accounts (name, region, timezone, suspended, next_id, created_at)"
        " VALUES (?, ?, ?, FALSE, 1, ?) ON CONFLICT (name) DO NOTHING"
        " RETURNING account_id",
        (name, region, timezone, now),
    )
    if row is None:
        return None
    return Account(row[0], name, region, timezone, False)


async def find_account(db: Database, name: str) -> Account | None:
    """The account called ``name``."""
    row = await db.one(
        "SELECT account_id, name, region, timezone, suspended FROM accounts"
        " WHERE name = ?",
        (name,),
    )
    return (
        None if row is None else Account(row[0], row[1], row[2], row[3], bool(row[4]))
    )


async def set_suspended(db: Database, account_id: int, suspended: bool) -> None:
    """Suspend or resume an account."""
    await db.run(
        "UPDATE accounts SET suspended = ? WHERE account_id = ?",
        (suspended, account_id),
    )


async def next_id(db: Database, account_id: int) -> int:
    """Take the account's next sequence number (user ids, group ids, history)."""
    row = await db.one(
        "UPDATE accounts SET next_id = next_id + 1 WHERE account_id = ?"
        " RETURNING next_id - 1",
        (account_id,),
    )
    assert row is not None, "the account exists while its caller is authenticated"
    return int(row[0])


async def insert_user(
    db: Database,
    account_id: int,
    user_id: str,
    login: str,
    password_hash: str,
    role: str,
    now: int,
) -> bool:
    """Insert a user; False when the login is taken."""
    changed = await db.run(
        "INSERT INTO users (account_id, user_id, login, password_hash, role,"
        " created_at) VALUES (?, ?, ?, ?, ?, ?)"
        " ON CONFLICT (account_id, login) DO NOTHING",
        (account_id, user_id, login, password_hash, role, now),
    )
    return changed == 1


async def find_user_for_login(
    db: Database, account_id: int, user_id: str
) -> tuple[Principal, str] | None:
    """The user with its account, and the stored password hash."""
    row = await db.one(
        "SELECT a.region, a.timezone, a.suspended, u.login, u.role, u.password_hash"
        " FROM users u JOIN accounts a ON a.account_id = u.account_id"
        " WHERE u.account_id = ? AND u.user_id = ?",
        (account_id, user_id),
    )
    if row is None:
        return None
    principal = Principal(
        account_id, row[0], row[1], bool(row[2]), user_id, row[3], row[4]
    )
    return principal, row[5]


async def list_users(db: Database, account_id: int) -> list[Row]:
    """Every user of the account: user id, login, role, created."""
    return await db.all(
        "SELECT user_id, login, role, created_at FROM users WHERE account_id = ?"
        " ORDER BY login",
        (account_id,),
    )


async def delete_user(db: Database, account_id: int, login: str) -> str | None:
    """Remove a user with its tokens and sessions; its user id, or None."""
    row = await db.one(
        "DELETE FROM users WHERE account_id = ? AND login = ? RETURNING user_id",
        (account_id, login),
    )
    if row is None:
        return None
    for table in ("tokens", "sessions"):
        await db.run(
            f"DELETE FROM {table} WHERE account_id = ? AND user_id = ?",
            (account_id, row[0]),
        )
    return str(row[0])


async def insert_token(
    db: Database,
    account_id: int,
    token_id: str,
    user_id: str,
    name: str,
    role: str,
    token_hash: str,
    now: int,
) -> None:
    """Store a new token by its digest."""
    await db.run(
        "INSERT INTO tokens (account_id, token_id, user_id, name, role, token_hash,"
        " created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (account_id, token_id, user_id, name, role, token_hash, now),
    )


async def find_token_principal(
    db: Database, account_id: int, user_id: str, token_hash: str
) -> tuple[Principal, str] | None:
    """The principal a token acts as, with the stored digest."""
    row = await db.one(
        "SELECT a.region, a.timezone, a.suspended, u.login, t.role, t.name,"
        " t.token_hash FROM tokens t"
        " JOIN users u ON u.account_id = t.account_id AND u.user_id = t.user_id"
        " JOIN accounts a ON a.account_id = t.account_id"
        " WHERE t.account_id = ? AND t.token_hash = ? AND t.user_id = ?",
        (account_id, token_hash, user_id),
    )
    if row is None:
        return None
    principal = Principal(
        account_id, row[0], row[1], bool(row[2]), user_id, row[3], row[4], row[5]
    )
    return principal, row[6]


async def list_tokens(db: Database, account_id: int) -> list[Row]:
    """Every token of the account: id, user id, login, name, role, created."""
    return await db.all(
        "SELECT t.token_id, t.user_id, u.login, t.name, t.role, t.created_at"
        " FROM tokens t JOIN users u"
        " ON u.account_id = t.account_id AND u.user_id = t.user_id"
        " WHERE t.account_id = ? ORDER BY t.created_at, t.token_id",
        (account_id,),
    )


async def delete_token(db: Database, account_id: int, token_id: str) -> int:
    """Remove a token; how many rows went."""
    return await db.run(
        "DELETE FROM tokens WHERE account_id = ? AND token_id = ?",
        (account_id, token_id),
    )


async def insert_session(
    db: Database, account_id: int, ssid_hash: str, user_id: str, expires_at: int
) -> None:
    """Store a new session by its digest."""
    await db.run(
        "INSERT INTO sessions (account_id, ssid_hash, user_id, expires_at)"
        " VALUES (?, ?, ?, ?)",
        (account_id, ssid_hash, user_id, expires_at),
    )


async def delete_expired_sessions(
    db: Database, account_id: int, user_id: str, now: int
) -> int:
    """Drop a user's sessions that have expired; how many rows went."""
    return await db.run(
        "DELETE FROM sessions WHERE account_id = ? AND user_id = ? AND expires_at <= ?",
        (account_id, user_id, now),
    )


async def find_session_principal(
    db: Database, account_id: int, ssid_hash: str, now: int
) -> tuple[Principal, str, int] | None:
    """The principal an unexpired session acts as, its digest and expiry."""
    row = await db.one(
        "SELECT a.region, a.timezone, a.suspended, u.user_id, u.login, u.role,"
        " s.ssid_hash, s.expires_at FROM sessions s"
        " JOIN users u ON u.account_id = s.account_id AND u.user_id = s.user_id"
        " JOIN accounts a ON a.account_id = s.account_id"
        " WHERE s.account_id = ? AND s.ssid_hash = ? AND s.expires_at > ?",
        (account_id, ssid_hash, now),
    )
    if row is None:
        return None
    principal = Principal(
        account_id, row[0], row[1], bool(row[2]), row[3], row[4], row[5]
    )
    return principal, row[6], int(row[7])


async def renew_session(
    db: Database, account_id: int, ssid_hash: str, expires_at: int
) -> None:
    """Move a session's idle expiry forward."""
    await db.run(
        "UPDATE sessions SET expires_at = ? WHERE account_id = ? AND ssid_hash = ?",
        (expires_at, account_id, ssid_hash),
    )


async def delete_session(db: Database, account_id: int, ssid_hash: str) -> int:
    """End a session; how many rows went."""
    return await db.run(
        "DELETE FROM sessions WHERE account_id = ? AND ssid_hash = ?",
        (account_id, ssid_hash),
    )

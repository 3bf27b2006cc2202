"""The initial schema: accounts, credentials, contacts, routing and suppression.

Every primary key, unique key and index starts with ``account_id`` (the
``accounts`` table is keyed by it), so the data can later be spread by account.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

TIME = sa.BigInteger


def _account_id() -> sa.Column[int]:
    return sa.Column("account_id", sa.BigInteger, nullable=False)


def upgrade() -> None:
    op.create_table(
        "accounts",
        sa.Column(
            "account_id",
            # INTEGER PRIMARY KEY is what makes SQLite number the rows itself.
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            primary_key=True,
            autoincrement=True,
        ),
        sa.Column("name", sa.Text, nullable=False, unique=True),
        sa.Column("region", sa.Text, nullable=False),
        sa.Column("timezone", sa.Text, nullable=False),
        sa.Column("suspended", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("next_id", sa.BigInteger, nullable=False, server_default="1"),
        sa.Column("created_at", TIME, nullable=False),
    )
    op.create_table(
        "users",
        _account_id(),
        sa.Column("user_id", sa.Text, nullable=False),
        sa.Column("login", sa.Text, nullable=False),
        sa.Column("password_hash", sa.Text, nullable=False),
        sa.Column("role", sa.Text, nullable=False),
        sa.Column("created_at", TIME, nullable=False),
        sa.PrimaryKeyConstraint("account_id", "user_id"),
        sa.UniqueConstraint("account_id", "login"),
    )
    op.create_table(
        "tokens",
        _account_id(),
        sa.Column("token_id", sa.Text, nullable=False),
        sa.Column("user_id", sa.Text, nullable=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("role", sa.Text, nullable=False),
        sa.Column("token_hash", sa.Text, nullable=False),
        sa.Column("created_at", TIME, nullable=False),
        sa.PrimaryKeyConstraint("account_id", "token_id"),
        sa.UniqueConstraint("account_id", "token_hash"),
    )
    op.create_index("tokens_by_user", "tokens", ["account_id", "user_id"])
    op.create_table(
        "sessions",
        _account_id(),
        sa.Column("ssid_hash", sa.Text, nullable=False),
        sa.Column("user_id", sa.Text, nullable=False),
        sa.Column("expires_at", TIME, nullable=False),
        sa.PrimaryKeyConstraint("account_id", "ssid_hash"),
    )
    op.create_index("sessions_by_user", "sessions", ["account_id", "user_id"])
    _create_directory_tables()
    _create_routing_tables()
    _create_suppression_tables()


def _create_directory_tables() -> None:
    op.create_table(
        "contacts",
        _account_id(),
        sa.Column("contact", sa.Text, nullable=False),
        sa.Column("contactinfo", sa.Text, nullable=False),
        sa.Column("other", sa.Text, nullable=False),
        sa.Column("account_manager", sa.Text, nullable=True),
        sa.Column("created_at", TIME, nullable=False),
        sa.Column("updated_at", TIME, nullable=False),
        sa.PrimaryKeyConstraint("account_id", "contact"),
    )
    op.create_index(
        "contacts_by_account_manager", "contacts", ["account_id", "account_manager"]
    )
    op.create_table(
        "custom_fields",
        _account_id(),
        sa.Column("key", sa.Text, nullable=False),
        sa.Column("label", sa.Text, nullable=False),
        sa.Column("type", sa.Text, nullable=False),
        sa.Column("pattern", sa.Text, nullable=True),
        sa.Column("options", sa.Text, nullable=True),
        sa.Column("max_length", sa.Integer, nullable=True),
        sa.Column("required", sa.Boolean, nullable=False),
        sa.Column("created_at", TIME, nullable=False),
        sa.PrimaryKeyConstraint("account_id", "key"),
    )


def _create_routing_tables() -> None:
    op.create_table(
        "agents",
        _account_id(),
        sa.Column("agent_id", sa.Text, nullable=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("created_at", TIME, nullable=False),
        sa.PrimaryKeyConstraint("account_id", "agent_id"),
    )
    op.create_table(
        "agent_groups",
        _account_id(),
        sa.Column("group_id", sa.BigInteger, nullable=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("created_at", TIME, nullable=False),
        sa.PrimaryKeyConstraint("account_id", "group_id"),
        sa.UniqueConstraint("account_id", "name"),
    )
    op.create_table(
        "group_members",
        _account_id(),
        sa.Column("group_id", sa.BigInteger, nullable=False),
        sa.Column("agent_id", sa.Text, nullable=False),
        sa.PrimaryKeyConstraint("account_id", "group_id", "agent_id"),
    )
    op.create_index(
        "group_members_by_agent", "group_members", ["account_id", "agent_id"]
    )
    op.create_table(
        "numbers",
        _account_id(),
        sa.Column("number", sa.Text, nullable=False),
        sa.Column("label", sa.Text, nullable=True),
        sa.Column("created_at", TIME, nullable=False),
        sa.PrimaryKeyConstraint("account_id", "number"),
    )
    op.create_table(
        "sticky",
        _account_id(),
        sa.Column("contact", sa.Text, nullable=False),
        sa.Column("type", sa.Text, nullable=False),
        sa.Column("cli", sa.Text, nullable=False),
        sa.Column("group_id", sa.BigInteger, nullable=False),
        sa.Column("agent_id", sa.Text, nullable=False),
        sa.Column("expiry", TIME, nullable=False),
        sa.PrimaryKeyConstraint("account_id", "contact", "type", "cli", "group_id"),
    )
    op.create_index("sticky_by_agent", "sticky", ["account_id", "agent_id"])
    op.create_index("sticky_by_cli", "sticky", ["account_id", "cli"])
    op.create_index("sticky_by_group", "sticky", ["account_id", "group_id"])
    op.create_index("sticky_by_expiry", "sticky", ["account_id", "expiry"])


def _create_suppression_tables() -> None:
    op.create_table(
        "dnc",
        _account_id(),
        sa.Column("contact", sa.Text, nullable=False),
        sa.Column("until", TIME, nullable=False),
        sa.Column("reason", sa.Text, nullable=True),
        sa.Column("set_by", sa.Text, nullable=False),
        sa.Column("set_at", TIME, nullable=False),
        sa.PrimaryKeyConstraint("account_id", "contact"),
    )
    op.create_table(
        "dnc_history",
        _account_id(),
        sa.Column("contact", sa.Text, nullable=False),
        sa.Column("change_id", sa.BigInteger, nullable=False),
        sa.Column("old", TIME, nullable=False),
        sa.Column("new", TIME, nullable=False),
        sa.Column("reason", sa.Text, nullable=True),
        sa.Column("changed_by", sa.Text, nullable=False),
        sa.Column("changed_at", TIME, nullable=False),
        sa.Column("request_id", sa.Text, nullable=False),
        sa.PrimaryKeyConstraint("account_id", "contact", "change_id"),
    )
    op.create_table(
        "blacklist",
        _account_id(),
        sa.Column("contact", sa.Text, nullable=False),
        sa.Column("did", sa.Text, nullable=False),
        sa.Column("created_at", TIME, nullable=False),
        sa.PrimaryKeyConstraint("account_id", "contact", "did"),
    )
    op.create_index("blacklist_by_did", "blacklist", ["account_id", "did"])


def downgrade() -> None:
    for table in (
        "blacklist",
        "dnc_history",
        "dnc",
        "sticky",
        "numbers",
        "group_members",
        "agent_groups",
        "agents",
        "custom_fields",
        "contacts",
        "sessions",
        "tokens",
        "users",
        "accounts",
    ):
        op.drop_table(table)

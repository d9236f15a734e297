"""Users: one account per person, each with their own token, sender profile, runs and pages left out.

Revision ID: 0002
Revises: 0001

What was stored before belongs to the default user (the instance token's), made here first so that it is
user 1 on every database. A sender profile's id is its user's id, so the one stored before is theirs.
"""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

DEFAULT_USER = "default"
OWNED = ("runs", "excluded_pages")


def upgrade() -> None:
    users = op.create_table(
        "users",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("name", sa.String(100), nullable=False, unique=True),
        # The SHA-256 of the token, never the token; null until the default user's token is made.
        sa.Column("token_hash", sa.String(64), nullable=True, unique=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.bulk_insert(users, [{"name": DEFAULT_USER, "token_hash": None, "created_at": datetime.now(UTC)}])
    default_id = op.get_bind().scalar(
        sa.text("SELECT id FROM users WHERE name = :name"), {"name": DEFAULT_USER}
    )
    for table in OWNED:
        # No foreign key (tables.OwnedByUser says why).
        op.add_column(
            table, sa.Column("user_id", sa.Integer, nullable=False, server_default=sa.text(str(default_id)))
        )
        op.create_index(f"ix_{table}_user_id", table, ["user_id"])


def downgrade() -> None:
    for table in OWNED:
        op.drop_index(f"ix_{table}_user_id", table_name=table)
        with op.batch_alter_table(table) as batch:
            batch.drop_column("user_id")
    op.drop_table("users")

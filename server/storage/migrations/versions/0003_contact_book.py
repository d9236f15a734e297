"""The contact book: each user's contacts, for renewals (one entry per address in a user's book).

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "contact_book",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        # Whose contact it is; no foreign key (tables.OwnedByUser says why).
        sa.Column("user_id", sa.Integer, nullable=False),
        sa.Column("email", sa.String(320), nullable=False),  # lower-cased
        sa.Column("name", sa.String(200), nullable=True),
        sa.Column("company", sa.String(200), nullable=True),
        sa.Column("note", sa.Text, nullable=True),
        sa.Column("last_exchange", sa.Date, nullable=True),
        sa.Column("renewal_run_id", sa.String(32), nullable=True),
        sa.Column("paused_until", sa.Date, nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("user_id", "email", name="uq_contact_book_user_email"),
    )
    op.create_index("ix_contact_book_user_id", "contact_book", ["user_id"])
    op.create_index("ix_contact_book_email", "contact_book", ["email"])


def downgrade() -> None:
    op.drop_table("contact_book")

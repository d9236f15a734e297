"""Politeness shared by every process of a deployment: leases on a host's fetch slots (and on loading an
origin's robots.txt), and each origin's robots.txt rules. Made on every database for one schema; only a
PostgreSQL deployment (several processes, perhaps on several machines) uses them (server/app.py).

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "fetch_leases",
        sa.Column("key", sa.Text, primary_key=True),
        sa.Column("slot", sa.Integer, primary_key=True),
        sa.Column("holder", sa.String(32), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "robots_rules",
        sa.Column("origin", sa.Text, primary_key=True),
        sa.Column("text", sa.Text, nullable=True),
        sa.Column("refusal", sa.Text, nullable=True),
        sa.Column("refusal_kind", sa.String(20), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("robots_rules")
    op.drop_table("fetch_leases")

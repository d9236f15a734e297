"""Baseline: the tables as Rapport made them with create_all before it had migrations.

Revision ID: 0001
Revises:

A database made before Alembic has these tables and no alembic_version: this revision adopts it, adding the
nullable columns that add_new_columns used to add on start (an instance older than those columns), and
making only the tables it lacks. A fresh database gets every table here.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def _when() -> sa.DateTime:
    return sa.DateTime(timezone=True)


def _run_key() -> sa.Column:
    return sa.Column("run_id", sa.String(32), sa.ForeignKey("runs.id", ondelete="CASCADE"), primary_key=True)


# Frozen here, not read from tables.py: a migration describes the schema as it was at its revision.
TABLES: dict[str, list[sa.Column]] = {
    "runs": [
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("status", sa.String(16), nullable=False, index=True),
        sa.Column("request", sa.JSON, nullable=False),
        sa.Column("person", sa.JSON, nullable=False),
        sa.Column("person_name", sa.String(200), nullable=False, index=True),
        sa.Column("person_email", sa.String(320), nullable=True, index=True),
        sa.Column("generosity", sa.JSON, nullable=False),
        sa.Column("warnings", sa.JSON, nullable=False),
        sa.Column("selected_packet", sa.Integer, nullable=True),
        sa.Column("tone", sa.String(16), nullable=True),
        sa.Column("draft_warnings", sa.JSON, nullable=False),
        sa.Column("usage", sa.JSON, nullable=False),
        sa.Column("error", sa.Text, nullable=True),
        sa.Column("created_at", _when(), nullable=False),
        sa.Column("updated_at", _when(), nullable=False),
    ],
    "run_events": [
        _run_key(),
        sa.Column("seq", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("stage", sa.String(32), nullable=False),
        sa.Column("type", sa.String(32), nullable=False),
        sa.Column("message", sa.Text, nullable=False),
        sa.Column("data", sa.JSON, nullable=False),
    ],
    "facts": [
        _run_key(),
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("quote", sa.Text, nullable=False),
        sa.Column("source_url", sa.Text, nullable=False),
        sa.Column("date", sa.String(10), nullable=True),
        sa.Column("confidence", sa.Float, nullable=False),
        sa.Column("superseded", sa.Boolean, nullable=False),
    ],
    "sources": [
        _run_key(),
        sa.Column("position", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("url", sa.Text, nullable=False),
        sa.Column("title", sa.Text, nullable=True),
        sa.Column("status", sa.String(32), nullable=False),
        sa.Column("reason", sa.Text, nullable=True),
        sa.Column("subject", sa.String(16), nullable=True),
    ],
    "drafts": [
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column(
            "run_id", sa.String(32), sa.ForeignKey("runs.id", ondelete="CASCADE"), nullable=False, index=True
        ),
        sa.Column("subject", sa.Text, nullable=False),
        sa.Column("body", sa.Text, nullable=False),
        sa.Column("fact_ids", sa.JSON, nullable=False),
        sa.Column("engine", sa.String(16), nullable=False),
        sa.Column("checks", sa.JSON, nullable=False),
        sa.Column("created_at", _when(), nullable=False),
    ],
    "feedback": [
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column(
            "run_id", sa.String(32), sa.ForeignKey("runs.id", ondelete="CASCADE"), nullable=False, index=True
        ),
        sa.Column("subject", sa.Text, nullable=False),
        sa.Column("body", sa.Text, nullable=False),
        sa.Column("created_at", _when(), nullable=False),
    ],
    "sender_profile": [
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("profile", sa.JSON, nullable=False),
        sa.Column("updated_at", _when(), nullable=False),
    ],
    "excluded_pages": [
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("person_name", sa.String(200), nullable=False, index=True),
        sa.Column("person_email", sa.String(320), nullable=True, index=True),
        sa.Column("url", sa.Text, nullable=False),
        sa.Column("title", sa.Text, nullable=True),
        sa.Column("created_at", _when(), nullable=False),
    ],
    "page_cache": [
        sa.Column("url", sa.Text, primary_key=True),
        sa.Column("final_url", sa.Text, nullable=False),
        sa.Column("status", sa.Integer, nullable=False),
        sa.Column("content_type", sa.String(200), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("fetched_at", _when(), nullable=False),
    ],
}


def upgrade() -> None:
    existing = sa.inspect(op.get_bind())
    for name, columns in TABLES.items():  # in foreign-key order: runs first
        if not existing.has_table(name):
            op.create_table(name, *columns)
            continue
        present = {column["name"] for column in existing.get_columns(name)}
        for column in columns:
            if column.name not in present and column.nullable:
                op.add_column(name, sa.Column(column.name, column.type, nullable=True))


def downgrade() -> None:
    for name in reversed(TABLES):
        op.drop_table(name)

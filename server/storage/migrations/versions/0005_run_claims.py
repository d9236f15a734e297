"""Run claims: the worker working a run writes it only while the run is still its own.

Revision ID: 0005
Revises: 0004

A worker silent past the queue's stalled timeout (paused, cut off from the database for a while) is not
necessarily dead: its job is queued again and another worker claims the run. The claim is a fencing token:
each of the run's writes checks it in the same transaction, so the silent worker, when it wakes, stores
nothing more (no second draft, no second end).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("runs") as runs:
        runs.add_column(sa.Column("claim", sa.String(32), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("runs") as runs:
        runs.drop_column("claim")

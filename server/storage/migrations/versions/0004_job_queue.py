"""The team deployment's job queue: procrastinate's tables and functions, on PostgreSQL only (the embedded
default, on SQLite, works runs on its own pool and needs none).

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

from alembic import op
from sqlalchemy import inspect

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql" or inspect(bind).has_table("procrastinate_jobs"):
        return
    # Imported here: procrastinate comes with the team deployment's extra, as PostgreSQL support does.
    from procrastinate.schema import SchemaManager

    # The schema is several statements: psycopg runs them in one call when it has no parameters.
    bind.connection.driver_connection.execute(SchemaManager.get_schema())


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP TABLE IF EXISTS procrastinate_events, procrastinate_periodic_defers CASCADE")
    op.execute("DROP TABLE IF EXISTS procrastinate_jobs, procrastinate_workers CASCADE")
    op.execute(
        """DO $$ DECLARE f record; BEGIN
        FOR f IN SELECT oid::regprocedure AS signature FROM pg_proc
            WHERE proname LIKE 'procrastinate\\_%' LOOP
            EXECUTE 'DROP FUNCTION ' || f.signature || ' CASCADE';
        END LOOP; END $$"""
    )
    op.execute(
        "DROP TYPE IF EXISTS procrastinate_job_status, procrastinate_job_event_type, "
        "procrastinate_job_to_defer_v1 CASCADE"
    )

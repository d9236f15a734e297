"""Alembic's environment: migrate the connection Rapport hands over, or the configured database from the
alembic command.

Rapport runs migrations itself on start (storage.tables.migrate passes its connection in config.attributes);
the alembic command (alembic.ini at the repository root) is for writing new revisions:
`.venv/bin/alembic revision --autogenerate -m "what changed"` against a database at the head revision.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from server.config import Settings
from server.storage.tables import Base, modelled


def run(connection: object) -> None:
    context.configure(connection=connection, target_metadata=Base.metadata, include_name=modelled)
    with context.begin_transaction():
        context.run_migrations()


given = context.config.attributes.get("connection")
if given is not None:
    run(given)
else:
    engine = create_engine(Settings.from_env().sqlalchemy_url)
    with engine.begin() as connection:
        run(connection)
    engine.dispose()

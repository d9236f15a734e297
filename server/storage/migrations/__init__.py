"""Alembic's migrations of Rapport's tables: every start brings the database to the head revision."""

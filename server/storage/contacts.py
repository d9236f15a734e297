"""Contacts: finding every run about one person, and erasing them with all that was stored."""

from __future__ import annotations

import logging

from sqlalchemy import ColumnElement, Engine, and_, delete, or_, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from server.storage.tables import (
    DraftRow,
    FactRow,
    FeedbackRow,
    PageCacheRow,
    RunEventRow,
    RunRow,
    SourceRow,
)

log = logging.getLogger(__name__)


def runs_for_contact(
    engine: Engine, user_id: int, email: str | None, name: str | None
) -> list[tuple[str, str]]:
    """(run id, status) of every run of the user's about the contact, names compared case-insensitively.

    By email: the runs with that email. By name: the runs with that name. By both: the runs with that
    email, and the runs with that name that give no email (the same person, asked about by name alone);
    a run of that name with another email is a namesake, and stays.
    """
    if not (email or "").strip() and not (name or "").strip():
        return []
    condition = contact_condition(RunRow.person_email, RunRow.person_name, email, name)
    with Session(engine) as session:
        rows = session.execute(select(RunRow.id, RunRow.status).where(RunRow.user_id == user_id, condition))
        return [(row.id, row.status) for row in rows]


def contact_condition(
    email_column: InstrumentedAttribute[str | None],
    name_column: InstrumentedAttribute[str],
    email: str | None,
    name: str | None,
) -> ColumnElement[bool]:
    """Rows about the contact: by email, by name, or by both (that email, or that name with no email)."""
    email = (email or "").strip().lower() or None
    name = (name or "").strip().lower() or None
    if email and name:
        return or_(email_column == email, and_(name_column == name, email_column.is_(None)))
    if email:
        return email_column == email
    return name_column == name


def erase_runs(engine: Engine, run_ids: list[str]) -> dict[str, int]:
    """Delete the runs and everything stored with them, and the cached copies of their sources' pages."""
    counts = dict.fromkeys(("runs", "events", "facts", "sources", "drafts", "feedback", "cached_pages"), 0)
    if not run_ids:
        return counts
    with Session(engine) as session, session.begin():
        urls = set(session.scalars(select(SourceRow.url).where(SourceRow.run_id.in_(run_ids))))
        # Deleted table by table rather than by cascade: the counts are the answer, and a Postgres or SQLite
        # database made without foreign keys still ends up empty.
        for name, table in (
            ("events", RunEventRow),
            ("facts", FactRow),
            ("sources", SourceRow),
            ("drafts", DraftRow),
            ("feedback", FeedbackRow),
        ):
            counts[name] = session.execute(delete(table).where(table.run_id.in_(run_ids))).rowcount
        counts["runs"] = session.execute(delete(RunRow).where(RunRow.id.in_(run_ids))).rowcount
        if urls:
            cached = delete(PageCacheRow).where(PageCacheRow.url.in_(urls) | PageCacheRow.final_url.in_(urls))
            counts["cached_pages"] = session.execute(cached).rowcount
    _checkpoint(engine)
    return counts


def _checkpoint(engine: Engine) -> None:
    """On SQLite, move the erased pages out of the write-ahead log and empty it.

    Until a checkpoint the WAL file still holds the pages as they were before the erase; with
    secure_delete on (tables.py) the pages written back hold zeros where the erased rows were. On Postgres
    the rows are gone for every query at once, and their bytes go when VACUUM reuses the space (README).
    """
    if engine.dialect.name != "sqlite":
        return
    with engine.connect() as connection:
        busy, _, _ = connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)").one()
    if busy:
        log.warning("the write-ahead log could not be emptied after an erase: a reader held it too long")

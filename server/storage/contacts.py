"""Contacts: finding every run about one person, and erasing them with all that was stored."""

from __future__ import annotations

from sqlalchemy import Engine, delete, or_, select
from sqlalchemy.orm import Session

from server.storage.tables import (
    DraftRow,
    FactRow,
    FeedbackRow,
    PageCacheRow,
    RunEventRow,
    RunRow,
    SourceRow,
)


def runs_for_contact(engine: Engine, email: str | None, name: str | None) -> list[tuple[str, str]]:
    """(run id, status) of every run about the contact: same email, or same name (case-insensitive)."""
    conditions = []
    if email and email.strip():
        conditions.append(RunRow.person_email == email.strip().lower())
    if name and name.strip():
        conditions.append(RunRow.person_name == name.strip().lower())
    if not conditions:
        return []
    with Session(engine) as session:
        rows = session.execute(select(RunRow.id, RunRow.status).where(or_(*conditions)))
        return [(row.id, row.status) for row in rows]


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
    return counts

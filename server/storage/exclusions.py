"""Pages left out for a recipient: marked "not this person", kept until the user puts them back."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import ColumnElement, Engine, and_, delete, select
from sqlalchemy.orm import Session

from server.models import Person
from server.records import ExcludedPage
from server.storage.contacts import contact_condition
from server.storage.tables import ExcludedPageRow, RunRow, SourceRow, aware, utcnow


def _about(user_id: int, email: str | None, name: str | None) -> ColumnElement[bool]:
    """The user's marks for the contact."""
    contact = contact_condition(ExcludedPageRow.person_email, ExcludedPageRow.person_name, email, name)
    return and_(ExcludedPageRow.user_id == user_id, contact)


def excluded_pages(engine: Engine, user_id: int, email: str | None, name: str | None) -> list[ExcludedPage]:
    """The pages the user left out for the contact (found as erasing finds their runs), the newest first."""
    query = select(ExcludedPageRow).where(_about(user_id, email, name))
    with Session(engine) as session:
        rows = session.scalars(query.order_by(ExcludedPageRow.created_at.desc(), ExcludedPageRow.id.desc()))
        return [ExcludedPage(url=row.url, title=row.title, created_at=aware(row.created_at)) for row in rows]


def exclude_pages(engine: Engine, user_id: int, person: Person, urls: Iterable[str]) -> None:
    """Keep the pages as not about this person, each with the title the user's run of theirs read it under."""
    email, name = person.email, person.name
    now = utcnow()
    with Session(engine) as session, session.begin():
        known = set(session.scalars(select(ExcludedPageRow.url).where(_about(user_id, email, name))))
        for url in dict.fromkeys(urls):
            if url not in known:
                session.add(
                    ExcludedPageRow(
                        user_id=user_id,
                        person_name=name.strip().lower(),
                        person_email=email.strip().lower() if email else None,
                        url=url,
                        title=_title_read(session, user_id, url, email, name),
                        created_at=now,
                    )
                )


def _title_read(session: Session, user_id: int, url: str, email: str | None, name: str) -> str | None:
    """The page's title as the contact's newest run that read it recorded it."""
    query = (
        select(SourceRow.title)
        .join(RunRow, RunRow.id == SourceRow.run_id)
        .where(SourceRow.url == url, SourceRow.title.is_not(None), RunRow.user_id == user_id)
        .where(contact_condition(RunRow.person_email, RunRow.person_name, email, name))
        .order_by(RunRow.created_at.desc())
        .limit(1)
    )
    return session.scalars(query).first()


def put_back(engine: Engine, user_id: int, email: str | None, name: str | None, url: str) -> int:
    """Let research read a page for the contact again; returns how many marks went (0: there was none)."""
    with Session(engine) as session, session.begin():
        marks = delete(ExcludedPageRow).where(_about(user_id, email, name), ExcludedPageRow.url == url)
        gone = session.execute(marks)
        return gone.rowcount


def erase_excluded_pages(engine: Engine, user_id: int, email: str | None, name: str | None) -> int:
    """Forget every page left out for the contact (erasing them); returns how many."""
    if not (email or "").strip() and not (name or "").strip():
        return 0
    with Session(engine) as session, session.begin():
        return session.execute(delete(ExcludedPageRow).where(_about(user_id, email, name))).rowcount

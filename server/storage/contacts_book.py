"""The contact book: people the user may renew a relationship with, one per email (case-insensitive).

(storage/contacts.py is about erasing what runs stored about a contact; this is the user's list of them.)
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from sqlalchemy import (
    ColumnElement,
    Date,
    DateTime,
    Engine,
    Integer,
    Select,
    String,
    Text,
    UniqueConstraint,
    delete,
    func,
    select,
)
from sqlalchemy.orm import Mapped, Session, mapped_column

from server.records import BookedContact, Contact
from server.storage.tables import Base, OwnedByUser, utcnow

FIELDS = ("name", "company", "note")


class ContactBookRow(OwnedByUser, Base):
    __tablename__ = "contact_book"
    # One entry per address in each user's book (the addresses are stored lower-cased).
    __table_args__ = (UniqueConstraint("user_id", "email", name="uq_contact_book_user_email"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    email: Mapped[str] = mapped_column(String(320), index=True)  # lower-cased
    name: Mapped[str | None] = mapped_column(String(200), nullable=True)
    company: Mapped[str | None] = mapped_column(String(200), nullable=True)
    note: Mapped[str | None] = mapped_column(Text, nullable=True)
    last_exchange: Mapped[date | None] = mapped_column(Date, nullable=True)
    # Renewal: the run researching and drafting for them, and the day a snooze or skip ends.
    renewal_run_id: Mapped[str | None] = mapped_column(String(32), nullable=True)
    paused_until: Mapped[date | None] = mapped_column(Date, nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


def save_contacts(engine: Engine, contacts: Sequence[Contact], user_id: int) -> tuple[int, int]:
    """Add new contacts and update known ones (matched by email); returns (added, updated).

    A field the file leaves empty keeps what was stored, and the last exchange is the later of the two: an
    older export never turns back a date the extension recorded since.
    """
    now = utcnow()
    with Session(engine) as session, session.begin():
        known = _rows(session, [contact.email for contact in contacts], user_id)
        added = 0
        for contact in contacts:
            row = known.get(contact.email)
            if row is None:
                added += 1
                row = ContactBookRow(user_id=user_id, email=contact.email, created_at=now)
                session.add(row)
                known[contact.email] = row
            for key in FIELDS:
                value = getattr(contact, key)
                if value is not None:
                    setattr(row, key, value)
            row.last_exchange = _later(row.last_exchange, contact.last_exchange)
            row.updated_at = now
    return added, len(contacts) - added


def record_exchange(engine: Engine, email: str, day: date, user_id: int) -> Contact:
    """Note that the user and this address last exchanged mail on day (a later date stored stays)."""
    saved = Contact(email=email.strip().lower(), last_exchange=day)
    save_contacts(engine, [saved], user_id)
    with Session(engine) as session:
        return _contact(_rows(session, [saved.email], user_id)[saved.email])


def list_contacts(engine: Engine, user_id: int) -> list[Contact]:
    """Every contact, the longest unheard first (those with no known exchange before all)."""
    with Session(engine) as session:
        return [_contact(row) for row in session.scalars(_book_query(user_id))]


def booked_contacts(engine: Engine, user_id: int) -> list[BookedContact]:
    """Every contact with where their renewal stands, the longest unheard first."""
    with Session(engine) as session:
        return [_booked(row) for row in session.scalars(_book_query(user_id))]


def find_contact(engine: Engine, email: str, user_id: int) -> BookedContact | None:
    """The contact with this address (any capitals) and their renewal; None when not in the book."""
    address = email.strip().lower()
    with Session(engine) as session:
        row = _rows(session, [address], user_id).get(address)
        return None if row is None else _booked(row)


def erase_book_entries(engine: Engine, email: str | None, name: str | None, user_id: int) -> int:
    """Delete the contact's entry from the book: by email, or by name (any capitals) with no email given."""
    email = (email or "").strip().lower() or None
    name = (name or "").strip().lower() or None
    if not (email or name):
        return 0
    who = ContactBookRow.email == email if email else func.lower(ContactBookRow.name) == name
    with Session(engine) as session, session.begin():
        return session.execute(delete(ContactBookRow).where(_owned_by(user_id), who)).rowcount


def set_renewal(
    engine: Engine,
    email: str,
    *,
    run_id: str | None,
    paused_until: date | None,
    last_exchange: date | None = None,
    user_id: int,
) -> bool:
    """Set where a contact's renewal stands (and a later last exchange); False when there is no such one."""
    with Session(engine) as session, session.begin():
        row = _rows(session, [email], user_id).get(email)
        if row is None:
            return False
        row.renewal_run_id, row.paused_until = run_id, paused_until
        row.last_exchange = _later(row.last_exchange, last_exchange)
        row.updated_at = utcnow()
        return True


def _book_query(user_id: int) -> Select[tuple[ContactBookRow]]:
    query = select(ContactBookRow).where(_owned_by(user_id))
    order = (ContactBookRow.last_exchange.is_not(None), ContactBookRow.last_exchange, ContactBookRow.email)
    return query.order_by(*order)


def _rows(session: Session, emails: Sequence[str], user_id: int) -> dict[str, ContactBookRow]:
    found: dict[str, ContactBookRow] = {}
    unique = sorted(set(emails))
    # In slices: a large file's addresses would pass SQLite's limit of bound parameters in one IN (...).
    for start in range(0, len(unique), 500):
        chunk = unique[start : start + 500]
        query = select(ContactBookRow).where(_owned_by(user_id), ContactBookRow.email.in_(chunk))
        found |= {row.email: row for row in session.scalars(query)}
    return found


def _owned_by(user_id: int) -> ColumnElement[bool]:
    return ContactBookRow.user_id == user_id


def _later(stored: date | None, given: date | None) -> date | None:
    return max(day for day in (stored, given) if day is not None) if stored or given else None


def _contact(row: ContactBookRow) -> Contact:
    return Contact(
        email=row.email, name=row.name, company=row.company, last_exchange=row.last_exchange, note=row.note
    )


def _booked(row: ContactBookRow) -> BookedContact:
    return BookedContact(
        **_contact(row).model_dump(), renewal_run_id=row.renewal_run_id, paused_until=row.paused_until
    )

"""The contact book as the API and the CLI use it: files imported, exchanges recorded, who is due."""

from __future__ import annotations

import calendar
from datetime import date

from sqlalchemy import Engine

from server import storage
from server.errors import RapportError
from server.records import Contact, ImportReport
from server.service.contact_files import read_contacts_file


class ContactsFileTooLarge(RapportError):
    """A contacts file over the size this server reads."""


class ContactBook:
    """Each user's contacts: every call names the user whose book it reads or changes."""

    def __init__(self, engine: Engine, *, renew_after_months: int, max_file_bytes: int):
        self._engine = engine
        self._renew_after_months = renew_after_months
        self._max_file_bytes = max_file_bytes

    def import_file(self, user_id: int, data: bytes, *, today: date | None = None) -> ImportReport:
        """Read a CSV or vCard file and store its contacts, updating known ones by email.

        A file that is not one (or is too large) raises before anything is stored; bad rows are reported.
        """
        if len(data) > self._max_file_bytes:
            raise ContactsFileTooLarge(
                f"The file is {len(data)} bytes, over this server's limit of {self._max_file_bytes} bytes "
                "for a contacts file; split it and import each part."
            )
        found = read_contacts_file(data, today=today or date.today())
        added, updated = storage.save_contacts(self._engine, found.contacts, user_id)
        return ImportReport(imported=added, updated=updated, bad=found.bad)

    def record_exchange(self, user_id: int, email: str, day: date) -> Contact:
        return storage.record_exchange(self._engine, email, day, user_id)

    def contacts(self, user_id: int) -> list[Contact]:
        return storage.list_contacts(self._engine, user_id)

    def is_due(self, contact: Contact, today: date) -> bool:
        """No exchange for the renewal period, or none known."""
        last = contact.last_exchange
        return last is None or last <= months_before(today, self._renew_after_months)


def months_before(day: date, months: int) -> date:
    """The same day of the month, months earlier (the month's last day when it is shorter)."""
    years, month = divmod(day.month - 1 - months, 12)
    year = day.year + years
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))

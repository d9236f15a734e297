"""Contacts files read into contacts: a CSV from any address book's export, or vCards (3.0 and 4.0).

Pure: bytes in, contacts and the rows left out (with the line each starts on) out; nothing is stored.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date

import dateparser
import vobject

from server.errors import RapportError
from server.records import BadRow, Contact

EMAIL = re.compile(r"^[^@\s<>(),;:\"]+@[^@\s<>(),;:\"]+\.[^@\s<>(),;:\"]+$")
MAX_FIELD = {"name": 200, "company": 200, "note": 2000}

# Header words, after splitting "E-mail Address" or "last_contacted" into words. Checked in this order, so a
# date column ("Last emailed", "Date of last contact") is never taken for the address, nor "Company name"
# for the person's.
DATE_WORDS = {"contacted", "contact", "spoke", "exchange", "touch", "talked", "emailed", "met", "interaction"}
WHEN_WORDS = {"last", "date", "when", "latest"}
COMPANY_WORDS = {"company", "organization", "organisation", "org", "employer", "business", "firm", "account"}
NOTE_WORDS = {"note", "notes", "comment", "comments", "memo", "description", "remarks"}
FIRST_WORDS = {"first", "given", "forename"}
LAST_WORDS = {"last", "family", "sur"}


class NotContactsFile(RapportError):
    """The file is neither a CSV nor vCards (binary, or undecodable): nothing of it is stored."""


class NoEmailColumn(RapportError):
    """A CSV without a column for email addresses: contacts are matched by email, so none can be taken."""


@dataclass
class ContactsRead:
    """A file's contacts (one per email, the first row wins) and the rows left out."""

    contacts: list[Contact] = field(default_factory=list)
    bad: list[BadRow] = field(default_factory=list)
    _lines: dict[str, int] = field(default_factory=dict)

    def add(self, line: int, email: str, *, day: date | None = None, **texts: str | None) -> None:
        """Keep a row when its email is well formed and new in this file; else say why it is left out."""
        address = email.strip().strip("<>").lower()
        if not address:
            return self.reject(line, "no email address")
        if not EMAIL.match(address) or len(address) > 320:
            return self.reject(line, f"{email.strip()!r} is not an email address")
        if address in self._lines:
            return self.reject(line, f"{address} is already on line {self._lines[address]}")
        self._lines[address] = line
        kept = {key: _text(value, MAX_FIELD[key]) for key, value in texts.items()}
        self.contacts.append(Contact(email=address, last_exchange=day, **kept))

    def reject(self, line: int, reason: str) -> None:
        self.bad.append(BadRow(line=line, reason=reason))


def read_contacts_file(data: bytes, *, today: date) -> ContactsRead:
    """The contacts in a CSV or vCard file; rows that cannot be taken are listed with their line."""
    text = _decode(data)
    if re.match(r"\s*BEGIN:VCARD", text, re.IGNORECASE):
        return read_vcards(text)
    return read_csv(text, today=today)


def _decode(data: bytes) -> str:
    if b"\x00" in data[:4096]:
        raise NotContactsFile("This is not a CSV or vCard file (it holds binary data).")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Outlook and Excel on Windows export in the ANSI code page; cp1252 reads every byte but five.
        return data.decode("cp1252", errors="replace")


# --- CSV -----------------------------------------------------------------------------------------------


def column_of(header: str) -> str | None:
    """Which contact field a CSV header names ("E-mail Address" -> email), or None for one we do not keep."""
    words = [word for word in re.split(r"[^a-z0-9]+", _split_camel(header).lower()) if word]
    joined, kinds = "".join(words), set(words)
    if kinds & WHEN_WORDS and kinds & DATE_WORDS:
        return "last_exchange"
    if "email" in joined or "mail" in kinds:
        return "email"
    if kinds & COMPANY_WORDS:
        return "company"
    if kinds & NOTE_WORDS:
        return "note"
    if kinds & FIRST_WORDS or joined in {"firstname", "givenname"}:
        return "first_name"
    if (kinds & LAST_WORDS and "name" in kinds) or joined in {"lastname", "surname", "familyname"}:
        return "last_name"
    if "name" in kinds or joined in {"contact", "person", "fullname"}:
        return "name"
    return None


def _split_camel(header: str) -> str:
    return re.sub(r"(?<=[a-z])(?=[A-Z])", " ", header)


def read_csv(text: str, *, today: date) -> ContactsRead:
    sample = text[:8192]
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    header = next(reader, None) or []
    columns = {}
    for index, title in enumerate(header):
        kind = column_of(title)
        if kind is not None and kind not in columns:
            columns[kind] = index
    if "email" not in columns:
        raise NoEmailColumn(
            "No column of email addresses was found (the first row should name the columns, e.g. "
            f"Name,Email,Company,Last contacted,Note); the first row reads: {', '.join(header)[:200]!r}."
        )
    found = ContactsRead()
    while True:
        line = reader.line_num + 1  # the line the next row starts on (a quoted field may span lines)
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            found.reject(line, f"cannot be read as CSV: {exc}")
            break
        if not any(cell.strip() for cell in row):
            continue
        _add_row(found, line, {kind: _cell(row, index) for kind, index in columns.items()}, today)
    return found


def _cell(row: list[str], index: int) -> str:
    return row[index].strip() if index < len(row) else ""


def _add_row(found: ContactsRead, line: int, cells: dict[str, str], today: date) -> None:
    day = None
    if cells.get("last_exchange"):
        day = parse_day(cells["last_exchange"])
        if day is None:
            return found.reject(line, f"{cells['last_exchange']!r} is not a date")
        if day > today:
            return found.reject(line, f"{day.isoformat()} is a date in the future")
    name = cells.get("name") or " ".join(filter(None, (cells.get("first_name"), cells.get("last_name"))))
    found.add(line, cells["email"], day=day, name=name, company=cells.get("company"), note=cells.get("note"))


def parse_day(text: str) -> date | None:
    """A date as address books write it ("2025-03-14", "14/03/2025", "Mar 14, 2025", "3 months ago")."""
    moment = dateparser.parse(text, settings={"PREFER_DATES_FROM": "past", "PREFER_DAY_OF_MONTH": "first"})
    return moment.date() if moment else None


# --- vCard ---------------------------------------------------------------------------------------------


def read_vcards(text: str) -> ContactsRead:
    """Each BEGIN:VCARD..END:VCARD block parsed alone, so one broken card is reported and the rest read.

    vCard has no "last contacted" property: those contacts come in with no date.
    """
    found = ContactsRead()
    for line, block in _vcard_blocks(text):
        try:
            card = vobject.readOne(block)
        except Exception as exc:  # vobject raises ParseError, and ValueError or others on odd values
            found.reject(line, f"cannot be read as a vCard: {' '.join(str(exc).split())[:200]}")
            continue
        emails = [
            str(item.value) for item in sorted(card.contents.get("email", []), key=_preference) if item.value
        ]
        if not emails:
            found.reject(line, "no email address")
            continue
        name, company = _vcard_name(card), _vcard_org(card)
        found.add(line, emails[0], name=name, company=company, note=_vcard_value(card, "note"))
    return found


def _preference(item: vobject.base.ContentLine) -> int:
    """The preferred address first: PREF=1 in vCard 4.0, TYPE=pref in 3.0; else in the card's order."""
    params = {key.upper(): [str(value).lower() for value in values] for key, values in item.params.items()}
    if "pref" in params.get("TYPE", []):
        return 0
    rank = params.get("PREF", [""])[0]
    return int(rank) if rank.isdigit() else 101


def _vcard_blocks(text: str) -> list[tuple[int, str]]:
    blocks, start, lines = [], None, []
    for number, raw in enumerate(text.splitlines(), start=1):
        upper = raw.strip().upper()
        if upper == "BEGIN:VCARD":
            start, lines = number, []
        if start is not None:
            lines.append(raw)
        if upper == "END:VCARD" and start is not None:
            blocks.append((start, "\n".join(lines) + "\n"))
            start = None
    return blocks


def _vcard_value(card: vobject.base.Component, key: str) -> str | None:
    item = card.contents.get(key, [None])[0]
    return str(item.value).strip() or None if item is not None else None


def _vcard_name(card: vobject.base.Component) -> str | None:
    full = _vcard_value(card, "fn")
    if full:
        return full
    structured = card.contents.get("n", [None])[0]
    if structured is None or isinstance(structured.value, str):
        return None
    return " ".join(filter(None, (structured.value.given, structured.value.family))) or None


def _vcard_org(card: vobject.base.Component) -> str | None:
    item = card.contents.get("org", [None])[0]
    if item is None:
        return None
    parts = item.value if isinstance(item.value, list) else [item.value]
    return str(parts[0]).strip() or None if parts else None


def _text(value: str | None, limit: int) -> str | None:
    text = " ".join(str(value or "").split())
    return text[:limit] or None

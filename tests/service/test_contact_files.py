"""Contacts files read into contacts: CSV headers matched by their words, vCard 3.0 and 4.0, and every row
left out reported with the line it starts on and why."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from server.records import BadRow, Contact
from server.service.contact_files import NoEmailColumn, NotContactsFile, column_of, read_contacts_file

FILES = Path(__file__).resolve().parents[1] / "fixtures" / "contacts"
TODAY = date(2026, 12, 5)


def read(name: str) -> tuple[list[Contact], list[BadRow]]:
    found = read_contacts_file((FILES / name).read_bytes(), today=TODAY)
    return found.contacts, found.bad


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("Email", "email"),
        ("E-mail", "email"),
        ("E-mail Address", "email"),
        ("Email Address", "email"),
        ("email_address", "email"),
        ("Primary Email", "email"),
        ("Name", "name"),
        ("Full name", "name"),
        ("Display Name", "name"),
        ("First name", "first_name"),
        ("Given Name", "first_name"),
        ("Last name", "last_name"),
        ("Surname", "last_name"),
        ("Family Name", "last_name"),
        ("Organization", "company"),
        ("Organisation", "company"),
        ("Company Name", "company"),
        ("Employer", "company"),
        ("Last contacted", "last_exchange"),
        ("Last Contact Date", "last_exchange"),
        ("Date of last contact", "last_exchange"),
        ("lastEmailed", "last_exchange"),
        ("Notes", "note"),
        ("Comment", "note"),
        ("Job Title", None),
        ("Phone", None),
    ],
)
def test_a_header_is_matched_by_its_words(header: str, field: str | None) -> None:
    assert column_of(header) == field


def test_an_outlook_export_gives_its_good_rows_and_says_which_lines_are_bad_and_why() -> None:
    contacts, bad = read("outlook.csv")
    assert [(c.email, c.name, c.company, c.last_exchange) for c in contacts] == [
        ("dana.okafor@northwind.test", "Dana Okafor", "Northwind Analytics", date(2025, 3, 14)),
        ("sam.lee@atlas.test", "Sam Lee", "Atlas Advisory", date(2024, 3, 3)),
    ]
    # The quoted note keeps its comma and quotes; its line break folds to a space.
    assert contacts[0].note == 'Met at "DataConf", Berlin we spoke about streaming costs'
    # Line numbers count the file's lines: Dana's note spans lines 2 and 3, so Sam is on line 4.
    assert bad == [
        BadRow(line=5, reason="'someday soon' is not a date"),
        BadRow(line=6, reason="'ana.ruiz-at-lumen.test' is not an email address"),
        BadRow(line=7, reason="no email address"),
        BadRow(line=8, reason="dana.okafor@northwind.test is already on line 2"),
    ]


def test_a_semicolon_csv_with_a_byte_order_mark_and_a_single_name_column_is_read() -> None:
    data = "\ufeffName;Email;Organization\nBo Tran;Bo@Tran.test;Tran & Co\n".encode()
    found = read_contacts_file(data, today=TODAY)
    assert found.contacts == [Contact(email="bo@tran.test", name="Bo Tran", company="Tran & Co")]


def test_a_windows_export_in_cp1252_keeps_its_accents() -> None:
    data = "Name,Email\nJosé Núñez,jose@nunez.test\n".encode("cp1252")
    assert read_contacts_file(data, today=TODAY).contacts[0].name == "José Núñez"


def test_a_last_contact_date_in_the_future_is_a_bad_row() -> None:
    found = read_contacts_file(b"Email,Last contacted\nbo@tran.test,2027-02-01\n", today=TODAY)
    assert found.contacts == []
    assert found.bad == [BadRow(line=2, reason="2027-02-01 is a date in the future")]


def test_vcard_3_cards_give_name_company_note_and_the_card_without_email_is_reported() -> None:
    contacts, bad = read("contacts3.vcf")
    assert contacts == [
        Contact(
            email="ana.ruiz@lumen.test",
            name="Ana Ruiz",
            company="Lumen",
            note="Introduced by Sam at the 2023 offsite, wants forecasting benchmarks",
        ),
        Contact(email="kai@berg.test", name="Kai Berg"),
    ]
    assert bad == [BadRow(line=17, reason="no email address")]


def test_vcard_4_takes_the_preferred_address_and_a_name_from_n_when_there_is_no_fn() -> None:
    contacts, bad = read("contacts4.vcf")
    assert contacts == [
        Contact(email="efua@mensah.test", name="Efua Mensah", company="Mensah Logistics"),
        Contact(email="dana.okafor@northwind.test", name="Dana Okafor", note="from a vCard"),
    ]
    assert bad == []
    preferred = b"BEGIN:VCARD\nVERSION:4.0\nFN:A B\nEMAIL:a@x.test\nEMAIL;PREF=1:b@x.test\nEND:VCARD\n"
    assert read_contacts_file(preferred, today=TODAY).contacts[0].email == "b@x.test"


def test_a_broken_card_is_reported_and_the_next_one_read() -> None:
    data = b"BEGIN:VCARD\nVERSION:3.0\nthis line is no property\nEND:VCARD\nBEGIN:VCARD\nVERSION:3.0\n"
    data += b"FN:Kai Berg\nEMAIL:kai@berg.test\nEND:VCARD\n"
    found = read_contacts_file(data, today=TODAY)
    assert [contact.email for contact in found.contacts] == ["kai@berg.test"]
    assert [row.line for row in found.bad] == [1]
    assert found.bad[0].reason.startswith("cannot be read as a vCard")


def test_a_binary_file_is_not_a_contacts_file() -> None:
    with pytest.raises(NotContactsFile):
        read_contacts_file(b"PK\x03\x04\x00\x00binary zip", today=TODAY)


def test_a_csv_without_an_email_column_says_what_its_first_row_reads() -> None:
    with pytest.raises(NoEmailColumn, match="Name, Phone"):
        read_contacts_file(b"Name,Phone\nBo Tran,555\n", today=TODAY)

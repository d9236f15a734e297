"""The contact book's table: one contact per email whatever its capitals, updated by a second import without
losing what the file leaves empty, and the later last exchange kept."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Engine

from server import storage
from server.records import Contact

USER = 1  # the default user, made by the migrations
DANA = Contact(
    email="dana.okafor@northwind.test",
    name="Dana Okafor",
    company="Northwind Analytics",
    last_exchange=date(2025, 3, 14),
    note="met at DataConf",
)


def test_importing_again_updates_by_email_and_never_duplicates(engine: Engine) -> None:
    assert storage.save_contacts(engine, [DANA], USER) == (1, 0)
    again = Contact(email="dana.okafor@northwind.test", name="Dana O. Okafor", company="Northwind")
    sam = Contact(email="sam.lee@atlas.test", name="Sam Lee")
    assert storage.save_contacts(engine, [again, sam], USER) == (1, 1)
    book = {contact.email: contact for contact in storage.list_contacts(engine, USER)}
    assert sorted(book) == ["dana.okafor@northwind.test", "sam.lee@atlas.test"]
    # What the second file gave replaces; what it left empty (the date, the note) stays.
    assert book["dana.okafor@northwind.test"] == DANA.model_copy(
        update={"name": "Dana O. Okafor", "company": "Northwind"}
    )


def test_an_exchange_is_recorded_by_address_in_any_capitals_and_an_older_one_changes_nothing(
    engine: Engine,
) -> None:
    storage.save_contacts(engine, [DANA], USER)
    newer = storage.record_exchange(engine, "Dana.Okafor@NORTHWIND.test", date(2026, 11, 2), USER)
    assert newer == DANA.model_copy(update={"last_exchange": date(2026, 11, 2)})
    older = storage.record_exchange(engine, "dana.okafor@northwind.test", date(2024, 1, 1), USER)
    assert older.last_exchange == date(2026, 11, 2)
    # An older export imported afterwards does not turn the date back either.
    storage.save_contacts(engine, [DANA], USER)
    assert [contact.last_exchange for contact in storage.list_contacts(engine, USER)] == [date(2026, 11, 2)]


def test_an_exchange_with_someone_not_yet_in_the_book_adds_them_by_address(engine: Engine) -> None:
    contact = storage.record_exchange(engine, "kai@berg.test", date(2026, 10, 1), USER)
    assert contact == Contact(email="kai@berg.test", last_exchange=date(2026, 10, 1))
    # Imported later, they get their name and keep the date.
    storage.save_contacts(engine, [Contact(email="kai@berg.test", name="Kai Berg")], USER)
    assert storage.list_contacts(engine, USER) == [contact.model_copy(update={"name": "Kai Berg"})]


def test_the_book_lists_the_longest_unheard_first_and_those_never_heard_before_all(engine: Engine) -> None:
    storage.save_contacts(
        engine,
        [
            Contact(email="recent@x.test", last_exchange=date(2026, 11, 1)),
            Contact(email="old@x.test", last_exchange=date(2023, 1, 1)),
            Contact(email="never@x.test"),
        ],
        USER,
    )
    assert [contact.email for contact in storage.list_contacts(engine, USER)] == [
        "never@x.test",
        "old@x.test",
        "recent@x.test",
    ]


def test_a_large_file_is_saved_and_updated_in_one_go(engine: Engine) -> None:
    # More addresses than SQLite binds in one statement: they are looked up in slices.
    many = [Contact(email=f"person{number}@example.test") for number in range(1200)]
    assert storage.save_contacts(engine, many, USER) == (1200, 0)
    assert storage.save_contacts(engine, many, USER) == (0, 1200)
    assert storage.find_contact(engine, "PERSON1199@example.test", USER) is not None


def test_a_renewal_is_set_and_found_and_an_erased_contact_is_gone(engine: Engine) -> None:
    storage.save_contacts(engine, [DANA], USER)
    assert storage.set_renewal(engine, DANA.email, run_id="r1", paused_until=date(2027, 1, 1), user_id=USER)
    found = storage.find_contact(engine, DANA.email, USER)
    assert found is not None and (found.renewal_run_id, found.paused_until) == ("r1", date(2027, 1, 1))
    assert not storage.set_renewal(engine, "nobody@x.test", run_id=None, paused_until=None, user_id=USER)
    assert storage.erase_book_entries(engine, None, "DANA OKAFOR", USER) == 1
    assert storage.find_contact(engine, DANA.email, USER) is None


def test_each_user_has_a_book_of_their_own(engine: Engine) -> None:
    teammate = storage.user_for_token(engine, storage.add_user(engine, "sam"))
    assert teammate is not None and teammate != USER
    storage.save_contacts(engine, [DANA], USER)
    storage.save_contacts(engine, [DANA.model_copy(update={"note": "Sam's client"})], teammate)
    assert [c.note for c in storage.list_contacts(engine, USER)] == ["met at DataConf"]
    assert [c.note for c in storage.list_contacts(engine, teammate)] == ["Sam's client"]
    assert storage.erase_book_entries(engine, DANA.email, None, teammate) == 1
    assert storage.find_contact(engine, DANA.email, teammate) is None
    assert storage.find_contact(engine, DANA.email, USER) is not None

"""The contact book through the API: a file imported with its bad rows reported, imported again without
duplicates, refused whole when it is no contacts file, exchanges recorded from the panel, and who is due."""

from __future__ import annotations

import io
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from server.config import Settings
from tests.support.fixture_types import AssertError

FILES = Path(__file__).resolve().parents[1] / "fixtures" / "contacts"


@pytest.fixture
def app(make_app: Any, no_research: Any, settings: Settings) -> Flask:
    small = settings.replace(max_contacts_file_bytes=4000)
    return make_app(RESEARCH=no_research, SETTINGS=small)


def upload(client: FlaskClient, auth: dict[str, str], data: bytes, filename: str) -> TestResponse:
    return client.post("/api/v1/contacts/import", data={"file": (io.BytesIO(data), filename)}, headers=auth)


def book(client: FlaskClient, auth: dict[str, str]) -> dict[str, dict[str, Any]]:
    resp = client.get("/api/v1/contacts", headers=auth)
    assert resp.status_code == 200
    return {entry["email"]: entry for entry in resp.get_json()["contacts"]}


def test_a_csv_is_imported_with_its_bad_rows_reported_by_line(
    client: FlaskClient, auth: dict[str, str]
) -> None:
    resp = upload(client, auth, (FILES / "outlook.csv").read_bytes(), "outlook.csv")
    assert resp.status_code == 200
    report = resp.get_json()
    assert (report["imported"], report["updated"]) == (2, 0)
    assert [(row["line"], row["reason"]) for row in report["bad"]] == [
        (5, "'someday soon' is not a date"),
        (6, "'ana.ruiz-at-lumen.test' is not an email address"),
        (7, "no email address"),
        (8, "dana.okafor@northwind.test is already on line 2"),
    ]
    assert sorted(book(client, auth)) == ["dana.okafor@northwind.test", "sam.lee@atlas.test"]


def test_a_vcard_file_imported_over_a_csv_updates_the_contact_they_share(
    client: FlaskClient, auth: dict[str, str]
) -> None:
    upload(client, auth, (FILES / "outlook.csv").read_bytes(), "outlook.csv")
    resp = upload(client, auth, (FILES / "contacts4.vcf").read_bytes(), "contacts.vcf")
    assert resp.get_json() == {"imported": 1, "updated": 1, "bad": []}
    dana = book(client, auth)["dana.okafor@northwind.test"]
    # The vCard has no date and no company: the CSV's stay; its note replaces the CSV's.
    assert (dana["last_exchange"], dana["company"], dana["note"]) == (
        "2025-03-14",
        "Northwind Analytics",
        "from a vCard",
    )
    assert len(book(client, auth)) == 3


@pytest.mark.parametrize(
    ("data", "status", "code"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", 415, "not_a_contacts_file"),
        (b"Name,Phone\nDana Okafor,555 0100\n", 422, "no_email_column"),
        (b"Name,Email\n" + b"Dana Okafor,dana@northwind.test\n" * 200, 413, "payload_too_large"),
    ],
    ids=["binary", "no-email-column", "too-large"],
)
def test_a_file_that_is_no_contacts_file_is_refused_and_nothing_of_it_stored(
    client: FlaskClient, auth: dict[str, str], assert_error: AssertError, data: bytes, status: int, code: str
) -> None:
    upload(client, auth, b"Email\nkept@x.test\n", "kept.csv")
    assert_error(upload(client, auth, data, "contacts.csv"), status, code)
    assert list(book(client, auth)) == ["kept@x.test"]


def test_the_file_goes_as_a_multipart_form(
    client: FlaskClient, auth: dict[str, str], assert_error: AssertError
) -> None:
    as_json = client.post("/api/v1/contacts/import", json={"file": "Email\na@x.test"}, headers=auth)
    assert "multipart/form-data" in assert_error(as_json, 415, "unsupported_media_type")
    no_file = client.post(
        "/api/v1/contacts/import", data={"other": "x"}, headers=auth, content_type="multipart/form-data"
    )
    assert "'file'" in assert_error(no_file, 422, "invalid_request")


def test_the_panel_records_the_last_exchange_and_the_contact_falls_due_after_six_months(
    client: FlaskClient, auth: dict[str, str], assert_error: AssertError
) -> None:
    upload(client, auth, b"Name,Email\nSam Lee,sam.lee@atlas.test\n", "one.csv")
    assert book(client, auth)["sam.lee@atlas.test"]["due"] is True  # no exchange known: due
    recent = (date.today() - timedelta(days=30)).isoformat()
    resp = client.post(
        "/api/v1/contacts/exchanges",
        json={"email": "Sam.Lee@atlas.test", "last_exchange": recent},
        headers=auth,
    )
    assert resp.status_code == 200
    assert resp.get_json()["last_exchange"] == recent
    assert book(client, auth)["sam.lee@atlas.test"]["due"] is False
    old = (date.today() - timedelta(days=200)).isoformat()
    client.post(
        "/api/v1/contacts/exchanges", json={"email": "kai@berg.test", "last_exchange": old}, headers=auth
    )
    assert book(client, auth)["kai@berg.test"]["due"] is True
    bad = client.post("/api/v1/contacts/exchanges", json={"email": "kai", "last_exchange": old}, headers=auth)
    assert_error(bad, 422, "invalid_request")


def test_erasing_a_contact_takes_them_out_of_the_book_too(client: FlaskClient, auth: dict[str, str]) -> None:
    upload(client, auth, (FILES / "outlook.csv").read_bytes(), "outlook.csv")
    erased = client.delete("/api/v1/contacts?email=Dana.Okafor@northwind.test", headers=auth)
    assert erased.status_code == 200
    assert erased.get_json()["erased"]["contacts"] == 1
    assert list(book(client, auth)) == ["sam.lee@atlas.test"]
    by_name = client.delete("/api/v1/contacts?name=sam%20lee", headers=auth)
    assert by_name.get_json()["erased"]["contacts"] == 1
    assert book(client, auth) == {}

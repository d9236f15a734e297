"""The contact book and renewals under /api/v1: import a file, record an exchange, list who is due, start
renewals in the background, and the user's word on each (snooze, skip, done)."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import Blueprint, current_app, g, request
from pydantic import BaseModel, Field
from spectree import Response as Documented

from server.records import Contact, ExchangeSeen, ImportReport, Renewal, RenewalDecision, RenewalsStarted
from server.service.api import parse_json, render, require_token
from server.service.contact_book import ContactBook
from server.service.errors import ApiError
from server.service.openapi import CONTACTS, error_responses, spec
from server.service.renewals import Renewals


class ContactsUpload(BaseModel):
    """A contacts file, sent as the multipart form field `file`."""

    file: bytes = Field(description="a CSV (a header row naming the columns) or a vCard file (3.0 or 4.0)")


class BookEntry(Contact):
    """A contact, and whether they are due for renewal (no exchange for the renewal period, or none known)."""

    due: bool


class ContactBookList(BaseModel):
    renew_after_months: int
    contacts: list[BookEntry]


class RenewalList(BaseModel):
    renew_after_months: int
    renewals: list[Renewal]


bp = Blueprint("contacts", __name__, url_prefix="/api/v1")
bp.before_request(require_token)


def _book() -> ContactBook:
    return current_app.extensions["rapport.contacts"]


def _renewals() -> RenewalList:
    months = current_app.config["SETTINGS"].renew_after_months
    renewals: Renewals = current_app.extensions["rapport.renewals"]
    return RenewalList(renew_after_months=months, renewals=renewals.list(g.user_id))


@bp.get("/contacts")
@spec.validate(resp=Documented(HTTP_200=ContactBookList, **error_responses(401)), tags=[CONTACTS])
def list_contacts() -> Any:
    """The contact book, the longest unheard first, each saying whether they are due for renewal."""
    book, today = _book(), date.today()
    entries = [
        BookEntry(**entry.model_dump(), due=book.is_due(entry, today)) for entry in book.contacts(g.user_id)
    ]
    months = current_app.config["SETTINGS"].renew_after_months
    return render(ContactBookList(renew_after_months=months, contacts=entries))


@bp.post("/contacts/import")
@spec.validate(
    form=ContactsUpload,
    resp=Documented(HTTP_200=ImportReport, **error_responses(401, 413, 415, 422)),
    tags=[CONTACTS],
)
def import_contacts() -> Any:
    """Import a CSV or vCard file: new contacts added, known ones (by email) updated, bad rows listed.

    CSV columns are found by their header's words ("E-mail Address", "Full name", "First name" and "Last
    name", "Organization", "Last contacted", "Notes"...). A file that is neither is refused (415, or 422 for
    a CSV with no email column) and nothing of it is stored.
    """
    if request.mimetype != "multipart/form-data":
        raise ApiError(
            415, "unsupported_media_type", "Send the file as multipart/form-data, in the form field 'file'."
        )
    upload = request.files.get("file")
    if upload is None:
        raise ApiError(422, "invalid_request", "No file: send it in the form field 'file'.")
    try:
        data = upload.read()
    finally:
        upload.close()  # a large part is spooled to a temporary file: closed now, not at collection
    return render(_book().import_file(g.user_id, data))


@bp.post("/contacts/exchanges")
@spec.validate(
    json=ExchangeSeen,
    resp=Documented(HTTP_200=Contact, **error_responses(400, 401, 415, 422)),
    tags=[CONTACTS],
)
def record_exchange() -> Any:
    """Record the date of the last message of a thread the user opened with this address (nothing else)."""
    seen = parse_json(ExchangeSeen)
    return render(_book().record_exchange(g.user_id, seen.email, seen.last_exchange))


@bp.get("/renewals")
@spec.validate(resp=Documented(HTTP_200=RenewalList, **error_responses(401)), tags=[CONTACTS])
def list_renewals() -> Any:
    """Contacts due for renewal, longest unheard first: each one's state, and the draft once it is ready.

    Snoozed and skipped contacts are left out until their pause ends; one marked done is not due again for
    the renewal period.
    """
    return render(_renewals())


@bp.post("/renewals/start")
@spec.validate(resp=Documented(HTTP_202=RenewalsStarted, **error_responses(401)), tags=[CONTACTS])
def start_renewals() -> Any:
    """Research and draft for every due contact in the background, a few at a time (RAPPORT_RENEWAL_WORKERS).

    Each is a run like a panel run (stored, with its events). A contact whose run is working or waiting, or
    whose draft is ready, is not queued again; nothing is ever sent.
    """
    return render(current_app.extensions["rapport.renewals"].start(g.user_id), 202)


@bp.post("/renewals/decision")
@spec.validate(
    json=RenewalDecision,
    resp=Documented(HTTP_200=RenewalList, **error_responses(400, 401, 404, 415, 422)),
    tags=[CONTACTS],
)
def decide_renewal() -> Any:
    """Snooze a renewal some days (its draft kept), skip it this round, or mark it done (written today)."""
    decision = parse_json(RenewalDecision)
    current_app.extensions["rapport.renewals"].decide(g.user_id, decision)
    return render(_renewals())

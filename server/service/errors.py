"""The API's one error shape, {"error": {"code", "message"}}, and the one handler for every failure."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from flask import Flask, current_app, jsonify
from flask.typing import ResponseReturnValue
from pydantic import BaseModel, ValidationError
from werkzeug.exceptions import HTTPException

from server import storage
from server.errors import DraftingError, RapportError, StorageUnavailable
from server.research.fetch import FetchError
from server.research.search import SearchError
from server.service.contact_book import ContactsFileTooLarge
from server.service.contact_files import NoEmailColumn, NotContactsFile
from server.service.renewals import ContactNotFound
from server.service.runs import ContactBusy, ExclusionNotFound, RunBusy, RunNotFound
from server.writing.llm import LLMError
from server.writing.prompts import PromptError
from server.writing.refine import RefineRejected, RefineUnavailable

log = logging.getLogger(__name__)


class ApiError(Exception):
    """A failure the client should see: HTTP status, a stable machine code, a sentence for people."""

    def __init__(self, status: int, code: str, message: str, headers: dict[str, str] | None = None):
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers or {}


class ErrorDetail(BaseModel):
    code: str
    message: str


class ErrorBody(BaseModel):
    """Every non-2xx answer of the API has this shape."""

    error: ErrorDetail


@dataclass(frozen=True)
class Answer:
    """How one kind of RapportError answers: status, code, and what leads its reason (None: say nothing)."""

    status: int
    code: str
    lead: str | None = ""


INTERNAL_ERROR = "Something went wrong on the server; the details are in its log."

# Every RapportError is raised where it happens (research, writing and service know nothing of HTTP) and
# mapped here, once; the first row it is an instance of wins.
# - 4xx: the client asked for what cannot be done (now, or at all); the reason says what, as it stands.
# - LLMError, SearchError, FetchError: a service Rapport depends on (the LLM server, the search service, a
#   web site) failed. Drafting and research absorb these (the offline writer, a warning, a failed source), so
#   one reaching the API is a slip; 502 puts the fault upstream, and their reasons are written for users.
# - StorageUnavailable (and any error of the database connection): 503, the database restarting or cut off.
# - PromptError: a malformed prompt file is this install's fault, not the client's, and its reason names
#   files on the server: a plain 500, the reason only in the log.
# - Anything else, a RapportError missing here included: 500 internal_error, the details only in the log.
ERROR_ANSWERS: dict[type[RapportError], Answer] = {
    RunNotFound: Answer(404, "run_not_found"),
    RunBusy: Answer(409, "run_busy"),
    ContactBusy: Answer(409, "contact_busy"),
    ExclusionNotFound: Answer(404, "exclusion_not_found"),
    DraftingError: Answer(422, "invalid_request"),
    ContactsFileTooLarge: Answer(413, "payload_too_large"),
    NotContactsFile: Answer(415, "not_a_contacts_file"),
    NoEmailColumn: Answer(422, "no_email_column"),
    ContactNotFound: Answer(404, "contact_not_found"),
    RefineUnavailable: Answer(409, "llm_not_configured"),
    RefineRejected: Answer(422, "refine_refused"),
    LLMError: Answer(502, "llm_failed", "The LLM could not answer"),
    SearchError: Answer(502, "search_failed", "Web search failed"),
    FetchError: Answer(502, "fetch_failed", "A page could not be read"),
    PromptError: Answer(500, "internal_error", None),
    StorageUnavailable: Answer(503, "storage_unavailable", "The database could not be reached"),
}
UNEXPECTED = Answer(500, "internal_error", None)

# werkzeug's HTTP exceptions (routing, size limit, bad JSON) get stable codes the extension can switch on.
HTTP_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    413: "payload_too_large",
    415: "unsupported_media_type",
    429: "too_many_requests",
    431: "headers_too_large",
}


def validation_message(error: ValidationError, limit: int = 5) -> str:
    """Say which fields are wrong and why, in one line (the first few problems)."""
    problems = []
    for item in error.errors(include_url=False)[:limit]:
        where = ".".join(str(part) for part in item["loc"]) or "body"
        problems.append(f"{where}: {item['msg']}")
    more = len(error.errors()) - limit
    return "; ".join(problems) + (f"; and {more} more" if more > 0 else "")


def too_large_message(limit: int) -> str:
    return f"The request body is over this server's limit of {limit} bytes."


def to_api_error(exc: Exception) -> ApiError:
    """Map any exception to the ApiError the client sees."""
    if isinstance(exc, ApiError):
        return exc
    if isinstance(exc, ValidationError):
        return ApiError(422, "invalid_request", validation_message(exc))
    if isinstance(exc, HTTPException):
        status = exc.code or 500
        headers = {k: v for k, v in exc.get_headers() if k.lower() in ("allow", "www-authenticate")}
        message = exc.description or exc.name
        if status == 413:
            message = too_large_message(current_app.config["MAX_CONTENT_LENGTH"])
        return ApiError(status, HTTP_CODES.get(status, "http_error"), message, headers)
    if storage.unreachable(exc) and not isinstance(exc, StorageUnavailable):
        # Raised by SQLAlchemy anywhere a request stores or reads: nothing was stored, asking again is safe.
        exc = StorageUnavailable("nothing was changed; try again in a moment.")
    answer = next((row for kind, row in ERROR_ANSWERS.items() if isinstance(exc, kind)), UNEXPECTED)
    if answer.status >= 500:
        log.exception("unhandled error", exc_info=exc)
    if answer.lead is None or not isinstance(exc, RapportError):
        return ApiError(answer.status, answer.code, INTERNAL_ERROR)
    message = f"{answer.lead}: {exc.reason}" if answer.lead else exc.reason
    return ApiError(answer.status, answer.code, message)


def render_error(exc: Exception) -> ResponseReturnValue:
    """The one error handler: every failure, 404/405/413/500 and validation included, in the one shape."""
    error = to_api_error(exc)
    body = ErrorBody(error=ErrorDetail(code=error.code, message=error.message))
    return jsonify(body.model_dump()), error.status, error.headers


def register_error_handler(app: Flask) -> None:
    """Route every exception (HTTPException is one) to render_error."""
    app.register_error_handler(Exception, render_error)

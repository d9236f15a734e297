"""The one error shape, {"error": {"code", "message"}}, over every kind of failure the API gives.

Research and drafting are stood in for by plain functions (the app's RESEARCH and DRAFT), so each failure is
met through a real route; the domain errors are the project's own.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from werkzeug.test import TestResponse

from server.cli import main
from server.errors import DraftingError, RapportError
from server.models import Dossier, Packet, ResearchRequest, RunRequest
from server.research.fetch import FetchError
from server.research.search import SearchError
from server.service.contact_book import ContactsFileTooLarge
from server.service.contact_files import NoEmailColumn, NotContactsFile
from server.service.renewals import ContactNotFound
from server.service.runs import ContactBusy, RunBusy, RunNotFound
from server.writing import Drafting, draft_from_dossier
from server.writing.llm import LLMError
from server.writing.prompts import PromptError
from tests.support.fixture_types import AssertError, Research, WaitUntilFinished
from tests.support.persona import DANA

DraftStep = Callable[..., Drafting]

SECRET = "secret detail from deep inside"


def around_a_fact_not_found(
    request: RunRequest,
    dossier: Dossier,
    emit: Any,
    *,
    packet: int | None = None,
    tone: str | None = None,
    packets: list[Packet] | None = None,
) -> Drafting:
    """The real drafting, around a packet resting on a fact the research does not hold."""
    ghost = Packet(kind="congratulate", text="Congratulate Dana on the launch", fact_ids=["f404"])
    return draft_from_dossier(
        dossier, None, None, packet=packet, tone=tone or "warm", llm=None, today=date.today(), packets=[ghost]
    )


def failing_with(error: Exception) -> DraftStep:
    """A drafting step that fails as given: how an error no stage caught would reach the API."""

    def draft(*args: Any, **kwargs: Any) -> Drafting:
        raise error

    return draft


class Api:
    """One app through its test client: the token, and runs to ask about."""

    def __init__(self, app: Flask, gate: threading.Event, wait_until_finished: WaitUntilFinished):
        self.app = app
        self.client = app.test_client()
        self.auth = {"Authorization": f"Bearer {app.extensions['rapport.token']}"}
        self._gate = gate
        self._wait_until_finished = wait_until_finished

    def start(self, **body: Any) -> str:
        resp = self.client.post("/api/v1/runs", json={"person": DANA, **body}, headers=self.auth)
        assert resp.status_code == 202, resp.get_data(as_text=True)
        return resp.get_json()["run_id"]

    def finished_run(self) -> str:
        """A run whose research is done and which drafted nothing (so a re-draft runs DRAFT afresh)."""
        self._gate.set()
        run_id = self.start(draft=False)
        run = self._wait_until_finished(self.app, run_id)
        assert run["status"] == "done", run
        return run_id

    def redraft(self, run_id: str, **body: Any) -> TestResponse:
        return self.client.post(
            f"/api/v1/runs/{run_id}/drafts", json={"packet": 0, **body}, headers=self.auth
        )

    def redraft_finished(self, **body: Any) -> TestResponse:
        return self.redraft(self.finished_run(), **body)


@dataclass(frozen=True)
class Failure:
    call: Callable[[Api], TestResponse]
    status: int
    code: str
    says: str  # a part of the message
    draft: DraftStep | None = None  # stands in for drafting; None: the real drafting
    held: bool = False  # research waits until the test ends, so the run stays busy


def bad_json(api: Api) -> TestResponse:
    return api.client.post(
        "/api/v1/runs", data='{"person": {"name": "Dana"', headers=api.auth, content_type="application/json"
    )


def bad_header(api: Api) -> TestResponse:
    headers = {**api.auth, "Last-Event-ID": "seven"}
    return api.client.get(f"/api/v1/runs/{api.finished_run()}/events", headers=headers)


def deep_json(api: Api) -> TestResponse:
    deep = "[" * 100_000 + "]" * 100_000
    return api.client.post("/api/v1/runs", data=deep, headers=api.auth, content_type="application/json")


def events_after(header: str | None = None, query: str | None = None) -> Callable[[Api], TestResponse]:
    """Ask a finished run's events after this Last-Event-ID header or ?last_event_id= value."""

    def call(api: Api) -> TestResponse:
        headers = {**api.auth, **({"Last-Event-ID": header} if header is not None else {})}
        params = {"last_event_id": query} if query is not None else {}
        url = f"/api/v1/runs/{api.finished_run()}/events"
        return api.client.get(url, headers=headers, query_string=params)

    return call


def too_large(api: Api) -> TestResponse:
    limit = api.app.config["MAX_CONTENT_LENGTH"]
    return api.client.post(
        "/api/v1/runs", data=b"x" * (limit + 1), headers=api.auth, content_type="application/json"
    )


def not_json(api: Api) -> TestResponse:
    return api.client.post(
        "/api/v1/runs", data="name=Dana", headers=api.auth, content_type="application/x-www-form-urlencoded"
    )


def erase_busy_contact(api: Api) -> TestResponse:
    api.start()
    return api.client.delete(f"/api/v1/contacts?email={DANA['email']}", headers=api.auth)


def import_contacts(data: bytes) -> Callable[[Api], TestResponse]:
    # The multipart body written out here: the test client spools a large file it encodes to a temporary
    # file it never closes.
    boundary = "rapport-test-boundary"
    head = f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="contacts.csv"\r\n\r\n'
    body = head.encode() + data + f"\r\n--{boundary}--\r\n".encode()

    def upload(api: Api) -> TestResponse:
        return api.client.post(
            "/api/v1/contacts/import",
            data=body,
            headers=api.auth,
            content_type=f"multipart/form-data; boundary={boundary}",
        )

    return upload


def decide_about_a_stranger(api: Api) -> TestResponse:
    body = {"email": "stranger@nowhere.test", "decision": "skip"}
    return api.client.post("/api/v1/renewals/decision", json=body, headers=api.auth)


INTERNAL = "Something went wrong on the server"

FAILURES = {
    "bad-json": Failure(bad_json, 400, "invalid_json", "not valid JSON"),
    "bad-header": Failure(bad_header, 400, "bad_request", "Last-Event-ID"),
    # Each of these was a 500 (a RecursionError; int('²') failing after isdigit() passed it; an id past
    # SQLite's 64-bit integers, an OverflowError after the stream had begun with 200).
    "json-nested-too-deep": Failure(deep_json, 400, "invalid_json", "nested too deeply"),
    "last-event-id-a-superscript-digit": Failure(events_after(header="²"), 400, "bad_request", "'²'"),
    "last-event-id-query-an-arabic-digit": Failure(events_after(query="٣"), 400, "bad_request", "'٣'"),
    "last-event-id-past-64-bits": Failure(events_after(header="9" * 40), 400, "bad_request", "Last-Event-ID"),
    "no-token": Failure(lambda api: api.client.get("/api/v1/runs/x"), 401, "unauthorized", "API token"),
    "wrong-token": Failure(
        lambda api: api.client.get("/api/v1/runs/x", headers={"Authorization": "Bearer wrong"}),
        401,
        "unauthorized",
        "API token",
    ),
    "unknown-route": Failure(
        lambda api: api.client.get("/api/v1/nothing-here", headers=api.auth), 404, "not_found", "not found"
    ),
    "unknown-run": Failure(
        lambda api: api.client.get("/api/v1/runs/nope", headers=api.auth), 404, "run_not_found", "'nope'"
    ),
    "redraft-unknown-run": Failure(lambda api: api.redraft("nope"), 404, "run_not_found", "'nope'"),
    "wrong-method": Failure(
        lambda api: api.client.delete("/api/v1/health", headers=api.auth), 405, "method_not_allowed", "method"
    ),
    "run-busy": Failure(
        lambda api: api.redraft(api.start()), 409, "run_busy", "still researching", held=True
    ),
    "contact-busy": Failure(
        erase_busy_contact,
        409,
        "contact_busy",
        "still working",
        held=True,
    ),
    "too-large": Failure(too_large, 413, "payload_too_large", "limit"),
    "contacts-file-too-large": Failure(
        import_contacts(b"Email\n" + b"someone@example.test\n" * 150_000),
        413,
        "payload_too_large",
        "split it",
    ),
    "not-a-contacts-file": Failure(
        import_contacts(b"\x89PNG\r\n\x1a\n\x00\x00"), 415, "not_a_contacts_file", "not a CSV or vCard"
    ),
    "no-email-column": Failure(import_contacts(b"Name,Phone\n"), 422, "no_email_column", "email"),
    "renewal-of-a-stranger": Failure(
        decide_about_a_stranger, 404, "contact_not_found", "not in your contacts"
    ),
    "not-json": Failure(not_json, 415, "unsupported_media_type", "JSON"),
    "validation": Failure(
        lambda api: api.client.post("/api/v1/runs", json={}, headers=api.auth),
        422,
        "invalid_request",
        "person",
    ),
    "redraft-validation": Failure(
        lambda api: api.redraft_finished(tone="pushy"), 422, "invalid_request", "tone"
    ),
    "no-such-packet": Failure(
        lambda api: api.redraft_finished(packet=3), 422, "invalid_request", "this run has 0 packet(s)"
    ),
    "no-usable-fact": Failure(
        Api.redraft_finished, 422, "invalid_request", "rests on no usable fact", draft=around_a_fact_not_found
    ),
    "llm-error": Failure(
        Api.redraft_finished,
        502,
        "llm_failed",
        "The LLM could not answer: the LLM server could not be reached",
        draft=failing_with(LLMError("the LLM server could not be reached")),
    ),
    "search-error": Failure(
        Api.redraft_finished,
        502,
        "search_failed",
        "Web search failed: the search service answered HTTP 503",
        draft=failing_with(SearchError("the search service answered HTTP 503")),
    ),
    "fetch-error": Failure(
        Api.redraft_finished,
        502,
        "fetch_failed",
        "A page could not be read: HTTP 404",
        draft=failing_with(FetchError("failed", "http://danaokafor.test/gone", "HTTP 404")),
    ),
    "prompt-error": Failure(
        Api.redraft_finished,
        500,
        "internal_error",
        INTERNAL,
        draft=failing_with(PromptError(f"prompt 'draft': no file /srv/{SECRET}.md")),
    ),
    "unexpected": Failure(
        Api.redraft_finished, 500, "internal_error", INTERNAL, draft=failing_with(RuntimeError(SECRET))
    ),
}


@pytest.fixture
def api_for(
    make_app: Callable[..., Flask], no_research: Research, wait_until_finished: WaitUntilFinished
) -> Iterator[Callable[[Failure], Api]]:
    """An app set up for one failure; research held, when asked, until the test ends."""
    gate = threading.Event()

    def research(request: ResearchRequest, emit: Any) -> Dossier:
        assert gate.wait(10), "the test never let the research go on"
        return no_research(request, emit)

    def build(failure: Failure) -> Api:
        if not failure.held:
            gate.set()
        return Api(make_app(RESEARCH=research, DRAFT=failure.draft), gate, wait_until_finished)

    try:
        yield build
    finally:
        gate.set()


@pytest.mark.parametrize("failure", FAILURES.values(), ids=FAILURES.keys())
def test_every_failure_answers_in_the_one_shape(
    api_for: Callable[[Failure], Api], assert_error: AssertError, failure: Failure
) -> None:
    resp = failure.call(api_for(failure))
    message = assert_error(resp, failure.status, failure.code)
    assert failure.says in message
    assert SECRET not in message
    assert "Traceback" not in message


@pytest.mark.parametrize("name", ["prompt-error", "unexpected"])
def test_a_500_says_nothing_of_the_exception_but_logs_it(
    api_for: Callable[[Failure], Api], assert_error: AssertError, caplog: pytest.LogCaptureFixture, name: str
) -> None:
    failure = FAILURES[name]
    message = assert_error(failure.call(api_for(failure)), 500, "internal_error")
    assert message == "Something went wrong on the server; the details are in its log."
    assert SECRET in caplog.text  # the traceback goes to the log instead


# --- The vocabulary ----------------------------------------------------------------------------------------

DOMAIN_ERRORS = {
    "fetch": FetchError("blocked", "http://127.0.0.1/", "refused: 127.0.0.1 is a loopback address"),
    "search": SearchError("the search service did not answer with JSON"),
    "llm": LLMError("the answer was cut off at the model's token limit"),
    "prompt": PromptError("prompt 'draft' needs variables that were not given: facts"),
    "drafting": DraftingError("packet 3 does not exist; this run has 2 packet(s)"),
    "run-not-found": RunNotFound("nope"),
    "run-busy": RunBusy("This run is still researching; draft again once it is done."),
    "contact-busy": ContactBusy("1 run(s) about this contact are still working; erase again once they end."),
    "not-a-contacts-file": NotContactsFile("This is not a CSV or vCard file (it holds binary data)."),
    "no-email-column": NoEmailColumn("No column of email addresses was found."),
    "contacts-file-too-large": ContactsFileTooLarge("The file is over this server's limit."),
    "contact-not-found": ContactNotFound("stranger@nowhere.test is not in your contacts."),
}


@pytest.mark.parametrize("error", DOMAIN_ERRORS.values(), ids=DOMAIN_ERRORS.keys())
def test_every_domain_error_is_a_rapport_error_with_a_reason(error: RapportError) -> None:
    assert isinstance(error, RapportError)
    assert error.reason.strip() and "\n" not in error.reason
    assert error.reason in str(error)


def test_a_fetch_error_keeps_its_kind_and_url() -> None:
    error = DOMAIN_ERRORS["fetch"]
    assert isinstance(error, FetchError)
    assert (error.kind, error.url) == ("blocked", "http://127.0.0.1/")
    assert str(error) == "http://127.0.0.1/: refused: 127.0.0.1 is a loopback address"


def test_the_command_line_says_the_reason_in_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for key in os.environ:
        if key.startswith(("RAPPORT_", "OPENAI_", "DATABASE_URL", "BRAVE_API_KEY")):
            monkeypatch.delenv(key)
    monkeypatch.setenv("RAPPORT_HOME", str(tmp_path / "instance"))
    # No email and no pages: research finds nothing, so there is no packet 3 to draft around.
    assert main(["draft", "--name", "Dana Okafor", "--packet", "3"]) == 2  # the packet asked for: usage
    out, err = capsys.readouterr()
    assert out == ""
    assert (
        err == ".venv/bin/python -m server draft: error: packet 3 does not exist; this run has 0 packet(s)\n"
    )

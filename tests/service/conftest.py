"""The service's fixtures: research stood in for, runs started and waited on, and the run contract."""

from __future__ import annotations

import os
import re
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import Engine
from waitress import wasyncore

from server.events import (
    DiscoverStarted,
    DiscoverStartedData,
    Event,
    PageExtracted,
    PageExtractedData,
    PageFacts,
    PageFactsData,
    PageJudged,
    PageJudgedData,
    PageRead,
    PageReadData,
    RunStarted,
    RunStartedData,
)
from server.models import Dossier, Fact, ResearchRequest, Source
from server.service.serving import make_server
from tests.support.fixture_types import (
    AssertRunContract,
    Bearer,
    Research,
    RunJSON,
    Serving,
    StartRun,
    WaitUntilFinished,
)
from tests.support.team import fresh_database

Emit = Callable[[Event], None]


def _no_research(request: ResearchRequest, emit: Emit) -> Dossier:
    return Dossier(person=request.person)


@pytest.fixture(scope="session")
def no_research() -> Research:
    """Research that finds nothing at once, for tests about HTTP rather than the pipeline."""
    return _no_research


def _quick_research(request: ResearchRequest, emit: Emit) -> Dossier:
    emit(RunStarted(message=f"Researching {request.person.name}", data=RunStartedData(person=request.person)))
    url = "http://northwind.test/team"
    discovered = DiscoverStartedData(urls=[url], captured=[])
    emit(DiscoverStarted(message="Starting from 1 page(s)", data=discovered))
    emit(PageRead(message=f"fetch {url}", data=PageReadData(url=url, from_cache=False, hop=0)))
    extracted = PageExtractedData(url=url, title="Team", published=None, links=0)
    emit(PageExtracted(message=f"extract {url}", data=extracted))
    emit(
        PageJudged(message=f"identify {url}", data=PageJudgedData(url=url, subject="person", confidence=0.9))
    )
    emit(PageFacts(message=f"facts {url}", data=PageFactsData(url=url, facts=[])))
    fact = Fact(
        id="f1",
        kind="role",
        text="Dana Okafor is VP of Data Engineering at Northwind Analytics.",
        quote="Dana Okafor, VP of Data Engineering",
        source_url=url,
        date="2026-10-01",
        confidence=0.9,
    )
    return Dossier(
        person=request.person.model_copy(update={"title": "VP of Data Engineering"}),
        facts=[fact],
        sources=[
            Source(url=url, title="Team", status="used", reason="names Dana Okafor"),
            Source(url="http://sweetcrumb.test/about", status="not_about_person", reason="a pastry chef"),
        ],
    )


@pytest.fixture(scope="session")
def quick_research() -> Research:
    """Research that needs no web: each stage's events in pipeline order, and one fact from one page."""
    return _quick_research


def _bearer(app: Flask) -> dict[str, str]:
    return {"Authorization": f"Bearer {app.extensions['rapport.token']}"}


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    """A test client of the module's `app`."""
    return app.test_client()


@pytest.fixture
def auth(app: Flask) -> dict[str, str]:
    """The headers that carry the module's `app`'s token."""
    return _bearer(app)


@pytest.fixture(scope="session")
def bearer() -> Bearer:
    """The headers that carry an app's token."""
    return _bearer


def _start_run(app: Flask, body: dict[str, Any]) -> str:
    resp = app.test_client().post("/api/v1/runs", json=body, headers=_bearer(app))
    assert resp.status_code == 202, resp.get_data(as_text=True)
    return resp.get_json()["run_id"]


@pytest.fixture(scope="session")
def start_run() -> StartRun:
    """Start a run through the API as a client would; returns its id."""
    return _start_run


def _wait_until_finished(app: Flask, run_id: str, timeout: float = 20) -> RunJSON:
    client = app.test_client()
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        run = client.get(f"/api/v1/runs/{run_id}", headers=_bearer(app)).get_json()
        if run["status"] in ("done", "failed"):
            return run
        time.sleep(0.02)
    raise AssertionError(f"run {run_id} did not finish in {timeout}s")


@pytest.fixture(scope="session")
def wait_until_finished() -> WaitUntilFinished:
    """Poll a run through the API until it is done or failed; returns the run JSON."""
    return _wait_until_finished


FACT_KINDS = {
    "role",
    "employer",
    "article",
    "talk",
    "podcast",
    "award",
    "milestone",
    "interest",
    "company_news",
    "company_goal",
    "education",
    "other",
}
SOURCE_STATUSES = {"used", "not_about_person", "failed", "blocked", "skipped"}


# The contract in our own words. A run has: run_id (text); status (queued, running, done or failed); person
# (name as text; email, title and company as text or null); facts (each: id, text and quote as non-empty
# text, kind from the fixed list, source_url an http(s) URL, date YYYY-MM-DD or null, confidence between 0
# and 1); sources (each: url, status from the fixed list, title and reason as text or null); generosity (a
# list of packets: kind, text, fact_ids, professional); draft (null, or subject, body, fact_ids, engine
# openai|offline, and checks with a score and issues of code and message); warnings (a list of text).
def _assert_run_contract(run: RunJSON) -> None:
    assert isinstance(run["run_id"], str) and run["run_id"]
    assert run["status"] in {"queued", "running", "done", "failed"}
    person = run["person"]
    assert isinstance(person["name"], str) and person["name"]
    for key in ("email", "title", "company"):
        assert person[key] is None or isinstance(person[key], str)
    for fact in run["facts"]:
        assert isinstance(fact["id"], str) and fact["id"]
        assert fact["kind"] in FACT_KINDS
        assert isinstance(fact["text"], str) and fact["text"]
        assert isinstance(fact["quote"], str) and fact["quote"]
        assert re.match(r"https?://", fact["source_url"])
        assert fact["date"] is None or re.fullmatch(r"\d{4}-\d{2}-\d{2}", fact["date"])
        assert isinstance(fact["confidence"], int | float) and 0 <= fact["confidence"] <= 1
    for source in run["sources"]:
        assert isinstance(source["url"], str) and source["url"]
        assert source["status"] in SOURCE_STATUSES
        assert source["title"] is None or isinstance(source["title"], str)
        assert source["reason"] is None or isinstance(source["reason"], str)
    for packet in run["generosity"]:
        assert isinstance(packet["kind"], str) and isinstance(packet["text"], str)
        assert isinstance(packet["fact_ids"], list) and isinstance(packet["professional"], bool)
    draft = run["draft"]
    if draft is not None:
        assert isinstance(draft["subject"], str) and isinstance(draft["body"], str)
        assert isinstance(draft["fact_ids"], list)
        assert draft["engine"] in {"openai", "offline"}
        assert isinstance(draft["checks"]["score"], int | float)
        for issue in draft["checks"]["issues"]:
            assert isinstance(issue["code"], str) and isinstance(issue["message"], str)
    assert isinstance(run["warnings"], list) and all(isinstance(w, str) for w in run["warnings"])


@pytest.fixture(scope="session")
def assert_run_contract() -> AssertRunContract:
    """The run JSON the extension and the CLI rely on, checked field by field."""
    return _assert_run_contract


@contextmanager
def _serving(app: Flask, threads: int = 4) -> Iterator[str]:
    """The app behind a real waitress server on 127.0.0.1, built as `python -m server serve` builds it."""
    sockets: dict[int, Any] = {}
    server = make_server(app, "127.0.0.1", 0, threads=threads, map=sockets)
    stop = threading.Event()

    def run() -> None:
        # waitress's own run() is this loop without an end; ending it here, and closing the sockets on this
        # same thread, never races its select() (closing them from the test's thread fails with EBADF).
        while not stop.is_set() and sockets:
            wasyncore.loop(timeout=0.05, map=sockets, count=1, use_poll=True)
        wasyncore.close_all(sockets)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.effective_port}"
    finally:
        server.task_dispatcher.shutdown()
        stop.set()
        thread.join(5)
        assert not thread.is_alive()


@pytest.fixture(scope="session")
def serving() -> Serving:
    """Serve an app over real HTTP for the length of a `with` block; the block gets its base URL."""
    return _serving


# --- The team deployment's database ------------------------------------------------------------------------

DATABASE = f"rapport_team_queue_{os.getpid()}"  # two test runs on one server keep apart


@pytest.fixture
def database_url(postgres_admin: Engine) -> Iterator[str]:
    """A database of its own on the test Postgres, made afresh for each test (the storage tests' database is
    left alone): the team deployment's tests start worker processes on it."""
    with fresh_database(postgres_admin.url.render_as_string(hide_password=False), DATABASE) as url:
        yield url

"""Renewals in the background (the embedded default): the due contacts of a book researched on the fixture
web and drafted, a bounded number at a time, each as a stored run with its events; starting again queues no
one twice; snooze, skip and done take a contact off the list. Nothing is sent: there is no way to."""

from __future__ import annotations

import io
import time
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session

from server.app import create_app, shutdown
from server.storage.tables import RunEventRow, RunRow
from tests.fixture_web import FixtureWeb
from tests.support.fixture_types import AssertError

RECENT = (date.today() - timedelta(days=20)).isoformat()
# Six people of the fixture web, each found from their work address; one written to last month (not due);
# one known by address only (no name to research).
BOOK = f"""Name,Email,Company,Last contacted
Dana Okafor,dana.okafor@northwind.test,Northwind Analytics,2025-01-10
Priya Raman,priya@fernhill.test,Fernhill Robotics,2024-11-02
Katrin Vogel,katrin.vogel@elbwerk.test,,
Helene Marchand,helene.marchand@lumiflux.test,,2025-02-01
Keiko Tanaka,keiko.tanaka@harborpine.test,,
Tomas Rivera,tomas.rivera@larkspurfreight.test,,2024-06-30
Joost Bakker,joost@bakker-warmte.test,Bakker Warmteadvies,{RECENT}
,someone@nowhere.test,,
"""
DUE = 6
WORKERS = 2


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    """The real pipeline on a fixture web answering in 50 ms, two renewals at a time."""
    with FixtureWeb(latency=0.05) as web:
        settings = web.settings(tmp_path_factory.mktemp("renewals") / "instance", renewal_workers=WORKERS)
        app = create_app({"SETTINGS": settings})
        yield app
        shutdown(app)


@pytest.fixture(scope="module")
def auth(app: Flask) -> dict[str, str]:
    return {"Authorization": f"Bearer {app.extensions['rapport.token']}"}


@pytest.fixture(scope="module")
def started(app: Flask, auth: dict[str, str]) -> dict[str, Any]:
    """The book imported, renewals started, then started again at once; the two answers."""
    client = app.test_client()
    data = {"file": (io.BytesIO(BOOK.encode()), "book.csv")}
    assert client.post("/api/v1/contacts/import", data=data, headers=auth).status_code == 200
    first = client.post("/api/v1/renewals/start", headers=auth)
    again = client.post("/api/v1/renewals/start", headers=auth)
    assert first.status_code == again.status_code == 202
    return {"first": first.get_json(), "again": again.get_json()}


@pytest.fixture(scope="module")
def finished(app: Flask, auth: dict[str, str], started: dict[str, Any]) -> list[dict[str, Any]]:
    """The renewals once none is waiting or researching."""
    client, deadline = app.test_client(), time.monotonic() + 180
    while time.monotonic() < deadline:
        renewals = client.get("/api/v1/renewals", headers=auth).get_json()["renewals"]
        if not any(r["state"] in ("waiting", "researching") for r in renewals):
            return renewals
        time.sleep(0.2)
    pytest.fail(f"renewals still working after 3 minutes: {[r['state'] for r in renewals]}")


def test_starting_queues_each_due_named_contact_once(started: dict[str, Any]) -> None:
    assert started["first"] == {"queued": DUE, "in_progress": 0, "ready": 0, "no_name": 1}
    assert started["again"] == {"queued": 0, "in_progress": DUE, "ready": 0, "no_name": 1}


def test_every_due_contact_gets_a_draft_from_a_stored_run_with_its_events(
    app: Flask, auth: dict[str, str], finished: list[dict[str, Any]]
) -> None:
    ready = [r for r in finished if r["state"] == "ready"]
    assert len(ready) == DUE, [(r["contact"]["email"], r["state"], r["error"]) for r in finished]
    assert "joost@bakker-warmte.test" not in {r["contact"]["email"] for r in finished}  # written to lately
    assert [r["state"] for r in finished if r["contact"]["email"] == "someone@nowhere.test"] == ["no_name"]
    client = app.test_client()
    for renewal in ready:
        assert renewal["subject"] and renewal["body"] and renewal["idea"]
        run = client.get(f"/api/v1/runs/{renewal['run_id']}", headers=auth).get_json()
        assert run["status"] == "done"
        assert run["person"]["email"] == renewal["contact"]["email"]
        assert run["draft"]["body"] == renewal["body"]
    # What the book knows of the relationship goes in as a panel user's context would.
    dana = next(r for r in ready if r["contact"]["email"] == "dana.okafor@northwind.test")
    given = client.get(f"/api/v1/runs/{dana['run_id']}", headers=auth).get_json()["given"]
    assert given["context"] == "We last spoke on January 10, 2025."
    with Session(app.extensions["rapport.engine"]) as session:
        with_events = set(session.scalars(select(RunEventRow.run_id).distinct()))
    assert {r["run_id"] for r in ready} <= with_events


def test_no_more_renewals_research_at_once_than_the_setting_allows(
    app: Flask, finished: list[dict[str, Any]]
) -> None:
    with Session(app.extensions["rapport.engine"]) as session:
        spans = [(row.created_at, row.updated_at) for row in session.scalars(select(RunRow))]
    assert len(spans) == DUE
    # Each run from its creation to its end; at a start, how many others have started and not yet ended.
    at_once = max(sum(s <= start < e for s, e in spans) for start, _ in spans)
    assert at_once == WORKERS


def test_starting_again_once_drafts_are_ready_queues_no_one(
    app: Flask, auth: dict[str, str], finished: list[dict[str, Any]]
) -> None:
    again = app.test_client().post("/api/v1/renewals/start", headers=auth).get_json()
    assert again == {"queued": 0, "in_progress": 0, "ready": DUE, "no_name": 1}


def test_snooze_skip_and_done_take_a_contact_off_the_list(
    app: Flask, auth: dict[str, str], finished: list[dict[str, Any]], assert_error: AssertError
) -> None:
    client = app.test_client()

    def decide(email: str, decision: str, **more: Any) -> list[str]:
        body = {"email": email, "decision": decision, **more}
        resp = client.post("/api/v1/renewals/decision", json=body, headers=auth)
        assert resp.status_code == 200, resp.get_data(as_text=True)
        return [r["contact"]["email"] for r in resp.get_json()["renewals"]]

    assert "dana.okafor@northwind.test" not in decide("Dana.Okafor@northwind.test", "snooze", days=14)
    assert "priya@fernhill.test" not in decide("priya@fernhill.test", "skip")
    assert "keiko.tanaka@harborpine.test" not in decide("keiko.tanaka@harborpine.test", "done")
    book = {c["email"]: c for c in client.get("/api/v1/contacts", headers=auth).get_json()["contacts"]}
    keiko = book["keiko.tanaka@harborpine.test"]
    assert (keiko["last_exchange"], keiko["due"]) == (date.today().isoformat(), False)
    # Snoozed and skipped, they are still in the book, and still due once the pause ends.
    assert book["dana.okafor@northwind.test"]["due"] and book["priya@fernhill.test"]["due"]
    resp = client.post(
        "/api/v1/renewals/decision", json={"email": "nobody@x.test", "decision": "skip"}, headers=auth
    )
    assert_error(resp, 404, "contact_not_found")

"""One account per person: every route acts for the user whose token asks, and one user can never read,
list, stream, re-draft, refine, check against, leave out, put back or erase what another stored.

The routes are taken from the OpenAPI document itself: a route added without a case here fails."""

from __future__ import annotations

import io
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from server import storage
from server.app import create_app, shutdown
from server.config import Settings
from tests.support.fixture_types import AssertError, CountRows, Research, StartRun, WaitUntilFinished
from tests.support.persona import DANA

NAMESAKE = "http://sweetcrumb.test/about"
DANA_EMAIL = DANA["email"]
SAM = {"name": "Sam Lee", "company": "Atlas Advisory", "offer": "benchmarks for data leaders"}


@dataclass
class TwoUsers:
    """Ana (the default user: the instance token) with a finished run, a profile, a page left out and
    feedback; Ben (added as `users add` adds) with nothing yet."""

    app: Flask
    client: FlaskClient
    ana: dict[str, str]
    ben: dict[str, str]
    ana_run: str

    def as_ana(self, method: str, path: str, **kwargs: Any) -> TestResponse:
        return self.client.open(path, method=method, headers=self.ana, **kwargs)

    def as_ben(self, method: str, path: str, **kwargs: Any) -> TestResponse:
        return self.client.open(path, method=method, headers=self.ben, **kwargs)

    def anas_run(self) -> dict[str, Any]:
        resp = self.as_ana("GET", f"/api/v1/runs/{self.ana_run}")
        assert resp.status_code == 200
        return resp.get_json()


@pytest.fixture
def users(
    db_settings: Settings,
    quick_research: Research,
    start_run: StartRun,
    wait_until_finished: WaitUntilFinished,
) -> Iterator[TwoUsers]:
    app = create_app({"SETTINGS": db_settings, "RESEARCH": quick_research})
    client = app.test_client()
    ana = {"Authorization": f"Bearer {app.extensions['rapport.token']}"}
    ben = {"Authorization": f"Bearer {storage.add_user(app.extensions['rapport.engine'], 'ben')}"}
    assert client.put("/api/v1/profile", json=SAM, headers=ana).status_code == 200
    run_id = start_run(app, {"person": DANA, "exclude_urls": [NAMESAKE], "context": "met at the summit"})
    assert wait_until_finished(app, run_id)["draft"] is not None
    sent = {"subject": "Your new role", "body": "Hi Dana, congratulations on the new role."}
    assert client.post(f"/api/v1/runs/{run_id}/feedback", json=sent, headers=ana).status_code == 201
    assert import_contacts(client, ana, "met at the summit").get_json()["imported"] == 1
    yield TwoUsers(app, client, ana, ben, run_id)
    shutdown(app)


def import_contacts(client: FlaskClient, who: dict[str, str], note: str) -> TestResponse:
    """A contacts file with Dana in it, last written to long ago (so due for renewal)."""
    csv = f"Name,Email,Last contacted,Notes\nDana Okafor,{DANA_EMAIL},2024-01-15,{note}\n".encode()
    files = {"file": (io.BytesIO(csv), "contacts.csv")}
    return client.post("/api/v1/contacts/import", data=files, headers=who, content_type="multipart/form-data")


def anas_book(users: TwoUsers) -> list[dict[str, Any]]:
    return users.as_ana("GET", "/api/v1/contacts").get_json()["contacts"]


def _health(users: TwoUsers, assert_error: AssertError, count_rows: CountRows) -> None:
    # Public and about no one: the same answer for anyone.
    assert (
        users.as_ben("GET", "/api/v1/health").get_json() == users.as_ana("GET", "/api/v1/health").get_json()
    )


def _openapi(users: TwoUsers, assert_error: AssertError, count_rows: CountRows) -> None:
    doc = users.as_ben("GET", "/api/v1/openapi.json")
    assert doc.status_code == 200 and doc.get_json() == users.as_ana("GET", "/api/v1/openapi.json").get_json()


def _start_run(users: TwoUsers, assert_error: AssertError, count_rows: CountRows) -> None:
    # Ben researching the same person starts from scratch: Ana's page left out is hers, and the run is his.
    resp = users.as_ben("POST", "/api/v1/runs", json={"person": DANA})
    assert resp.status_code == 202
    bens_run = resp.get_json()["run_id"]
    assert users.as_ben("GET", f"/api/v1/runs/{bens_run}").get_json()["given"]["exclude_urls"] == []
    assert users.anas_run()["given"]["exclude_urls"] == [NAMESAKE]
    assert_error(users.as_ana("GET", f"/api/v1/runs/{bens_run}"), 404, "run_not_found")
    anas = users.as_ana("GET", "/api/v1/runs").get_json()["runs"]
    assert [run["run_id"] for run in anas] == [users.ana_run]


def _list_runs(users: TwoUsers, assert_error: AssertError, count_rows: CountRows) -> None:
    for query in ("", f"?email={DANA_EMAIL}", "?name=Dana%20Okafor"):
        assert users.as_ben("GET", f"/api/v1/runs{query}").get_json() == {"runs": []}
        assert len(users.as_ana("GET", f"/api/v1/runs{query}").get_json()["runs"]) == 1


def _get_run(users: TwoUsers, assert_error: AssertError, count_rows: CountRows) -> None:
    # 404 as for a run that never was, not 403: the answer does not tell that the id exists.
    message = assert_error(users.as_ben("GET", f"/api/v1/runs/{users.ana_run}"), 404, "run_not_found")
    never = assert_error(users.as_ben("GET", "/api/v1/runs/0123abcd"), 404, "run_not_found")
    assert message.replace(users.ana_run, "ID") == never.replace("0123abcd", "ID")


def _events(users: TwoUsers, assert_error: AssertError, count_rows: CountRows) -> None:
    assert_error(users.as_ben("GET", f"/api/v1/runs/{users.ana_run}/events"), 404, "run_not_found")
    assert users.as_ana("GET", f"/api/v1/runs/{users.ana_run}/events").status_code == 200


def _redraft(users: TwoUsers, assert_error: AssertError, count_rows: CountRows) -> None:
    before = users.anas_run()
    asked = {"packet": 0, "tone": "brief"}
    assert_error(
        users.as_ben("POST", f"/api/v1/runs/{users.ana_run}/drafts", json=asked), 404, "run_not_found"
    )
    assert users.anas_run() == before


def _refine(users: TwoUsers, assert_error: AssertError, count_rows: CountRows) -> None:
    # Ownership is checked before anything else: even on a server without an LLM (Ana would get a 409).
    asked = {"subject": "Hi", "body": "Hi Dana, congratulations.", "change": "shorter"}
    assert_error(
        users.as_ben("POST", f"/api/v1/runs/{users.ana_run}/refine", json=asked), 404, "run_not_found"
    )


def _check(users: TwoUsers, assert_error: AssertError, count_rows: CountRows) -> None:
    asked = {"subject": "Hi", "body": "Hi Dana, congratulations.", "run_id": users.ana_run}
    assert_error(users.as_ben("POST", "/api/v1/checks", json=asked), 404, "run_not_found")
    assert users.as_ana("POST", "/api/v1/checks", json=asked).status_code == 200


def _feedback(users: TwoUsers, assert_error: AssertError, count_rows: CountRows) -> None:
    engine = users.app.extensions["rapport.engine"]
    kept = count_rows(engine)["feedback"]
    sent = {"subject": "Hi", "body": "Hi Dana"}
    assert_error(
        users.as_ben("POST", f"/api/v1/runs/{users.ana_run}/feedback", json=sent), 404, "run_not_found"
    )
    assert count_rows(engine)["feedback"] == kept == 1


def _get_profile(users: TwoUsers, assert_error: AssertError, count_rows: CountRows) -> None:
    assert_error(users.as_ben("GET", "/api/v1/profile"), 404, "profile_not_found")
    assert users.as_ana("GET", "/api/v1/profile").get_json()["name"] == "Sam Lee"


def _put_profile(users: TwoUsers, assert_error: AssertError, count_rows: CountRows) -> None:
    assert users.as_ben("PUT", "/api/v1/profile", json={"name": "Ben Ito"}).status_code == 200
    assert users.as_ben("GET", "/api/v1/profile").get_json()["name"] == "Ben Ito"
    assert users.as_ana("GET", "/api/v1/profile").get_json()["name"] == "Sam Lee"


def _read_gifts(users: TwoUsers, assert_error: AssertError, count_rows: CountRows) -> None:
    # Reads only the offer it is sent: nothing of Ana's profile comes into Ben's answer, nothing is stored.
    asked = {"offer": "I can share our benchmark"}
    bens = users.as_ben("POST", "/api/v1/profile/gifts", json=asked)
    assert (
        bens.status_code == 200
        and bens.get_json() == users.as_ana("POST", "/api/v1/profile/gifts", json=asked).get_json()
    )
    assert "benchmarks for data leaders" not in bens.get_data(as_text=True)
    assert_error(users.as_ben("GET", "/api/v1/profile"), 404, "profile_not_found")


def _exclusions(users: TwoUsers, assert_error: AssertError, count_rows: CountRows) -> None:
    assert users.as_ben("GET", f"/api/v1/exclusions?email={DANA_EMAIL}").get_json() == {"excluded": []}
    anas = users.as_ana("GET", f"/api/v1/exclusions?email={DANA_EMAIL}").get_json()["excluded"]
    assert [page["url"] for page in anas] == [NAMESAKE]


def _put_back(users: TwoUsers, assert_error: AssertError, count_rows: CountRows) -> None:
    path = f"/api/v1/exclusions?email={DANA_EMAIL}&url={NAMESAKE}"
    assert_error(users.as_ben("DELETE", path), 404, "exclusion_not_found")
    anas = users.as_ana("GET", f"/api/v1/exclusions?email={DANA_EMAIL}").get_json()["excluded"]
    assert [page["url"] for page in anas] == [NAMESAKE]


def _erase_contact(users: TwoUsers, assert_error: AssertError, count_rows: CountRows) -> None:
    for query in (f"email={DANA_EMAIL}", "name=Dana%20Okafor", f"email={DANA_EMAIL}&name=Dana%20Okafor"):
        erased = users.as_ben("DELETE", f"/api/v1/contacts?{query}").get_json()["erased"]
        assert erased["runs"] == erased["excluded_pages"] == erased["feedback"] == erased["contacts"] == 0
    assert users.anas_run()["draft"] is not None
    assert [contact["email"] for contact in anas_book(users)] == [DANA_EMAIL]
    assert len(users.as_ana("GET", f"/api/v1/exclusions?email={DANA_EMAIL}").get_json()["excluded"]) == 1


def _list_contacts(users: TwoUsers, assert_error: AssertError, count_rows: CountRows) -> None:
    assert users.as_ben("GET", "/api/v1/contacts").get_json()["contacts"] == []
    assert [contact["email"] for contact in anas_book(users)] == [DANA_EMAIL]


def _import_contacts(users: TwoUsers, assert_error: AssertError, count_rows: CountRows) -> None:
    # The same address in Ben's file is a new entry in his book, not an update of Ana's.
    report = import_contacts(users.client, users.ben, "Ben's client").get_json()
    assert (report["imported"], report["updated"]) == (1, 0)
    assert [contact["note"] for contact in anas_book(users)] == ["met at the summit"]


def _record_exchange(users: TwoUsers, assert_error: AssertError, count_rows: CountRows) -> None:
    seen = {"email": DANA_EMAIL, "last_exchange": "2026-11-30"}
    assert users.as_ben("POST", "/api/v1/contacts/exchanges", json=seen).status_code == 200
    assert [contact["last_exchange"] for contact in anas_book(users)] == ["2024-01-15"]


def _list_renewals(users: TwoUsers, assert_error: AssertError, count_rows: CountRows) -> None:
    assert users.as_ben("GET", "/api/v1/renewals").get_json()["renewals"] == []
    anas = users.as_ana("GET", "/api/v1/renewals").get_json()["renewals"]
    assert [(r["contact"]["email"], r["state"]) for r in anas] == [(DANA_EMAIL, "due")]


def _start_renewals(users: TwoUsers, assert_error: AssertError, count_rows: CountRows) -> None:
    started = users.as_ben("POST", "/api/v1/renewals/start").get_json()
    assert started["queued"] == 0  # nothing is due in Ben's book: Ana's contacts are not his to research
    anas = users.as_ana("GET", "/api/v1/renewals").get_json()["renewals"]
    assert [(r["state"], r["run_id"]) for r in anas] == [("due", None)]


def _decide_renewal(users: TwoUsers, assert_error: AssertError, count_rows: CountRows) -> None:
    done = {"email": DANA_EMAIL, "decision": "done"}
    assert_error(users.as_ben("POST", "/api/v1/renewals/decision", json=done), 404, "contact_not_found")
    assert [contact["due"] for contact in anas_book(users)] == [True]


Case = Callable[[TwoUsers, AssertError, CountRows], None]
CASES: dict[tuple[str, str], Case] = {
    ("GET", "/api/v1/health"): _health,
    ("GET", "/api/v1/openapi.json"): _openapi,
    ("POST", "/api/v1/runs"): _start_run,
    ("GET", "/api/v1/runs"): _list_runs,
    ("GET", "/api/v1/runs/{run_id}"): _get_run,
    ("GET", "/api/v1/runs/{run_id}/events"): _events,
    ("POST", "/api/v1/runs/{run_id}/drafts"): _redraft,
    ("POST", "/api/v1/runs/{run_id}/refine"): _refine,
    ("POST", "/api/v1/checks"): _check,
    ("POST", "/api/v1/runs/{run_id}/feedback"): _feedback,
    ("GET", "/api/v1/profile"): _get_profile,
    ("PUT", "/api/v1/profile"): _put_profile,
    ("POST", "/api/v1/profile/gifts"): _read_gifts,
    ("GET", "/api/v1/exclusions"): _exclusions,
    ("DELETE", "/api/v1/exclusions"): _put_back,
    ("DELETE", "/api/v1/contacts"): _erase_contact,
    ("GET", "/api/v1/contacts"): _list_contacts,
    ("POST", "/api/v1/contacts/import"): _import_contacts,
    ("POST", "/api/v1/contacts/exchanges"): _record_exchange,
    ("GET", "/api/v1/renewals"): _list_renewals,
    ("POST", "/api/v1/renewals/start"): _start_renewals,
    ("POST", "/api/v1/renewals/decision"): _decide_renewal,
}


def documented_routes(users: TwoUsers) -> set[tuple[str, str]]:
    doc = users.as_ana("GET", "/api/v1/openapi.json").get_json()
    return {(method.upper(), path) for path, methods in doc["paths"].items() for method in methods}


def test_every_route_in_the_api_document_has_an_isolation_case(users: TwoUsers) -> None:
    assert documented_routes(users) == set(CASES)


@pytest.mark.parametrize("route", list(CASES), ids=[f"{method} {path}" for method, path in CASES])
def test_one_user_never_sees_or_changes_anothers_data(
    users: TwoUsers, route: tuple[str, str], assert_error: AssertError, count_rows: CountRows
) -> None:
    CASES[route](users, assert_error, count_rows)


def fill_in(path: str, run_id: str) -> str:
    return path.replace("{run_id}", run_id)


def test_a_revoked_or_unknown_token_is_refused_on_every_route_but_health(
    users: TwoUsers, assert_error: AssertError
) -> None:
    storage.revoke_user(users.app.extensions["rapport.engine"], "ben")
    for method, path in documented_routes(users) - {("GET", "/api/v1/health")}:
        for who in (users.ben, {"Authorization": "Bearer not-anyones-token"}):
            resp = users.client.open(fill_in(path, users.ana_run), method=method, headers=who, json={})
            assert "revoked" in assert_error(resp, 401, "unauthorized")
    assert users.as_ana("GET", "/api/v1/runs").status_code == 200  # Ana's token still works


def test_the_database_holds_a_hash_of_each_token_never_the_token(users: TwoUsers) -> None:
    engine = users.app.extensions["rapport.engine"]
    tokens = [users.app.extensions["rapport.token"], users.ben["Authorization"].removeprefix("Bearer ")]
    with engine.connect() as connection:
        stored = "\n".join(str(row) for row in connection.exec_driver_sql("SELECT * FROM users"))
    for token in tokens:
        assert token not in stored and storage.token_hash(token) in stored
    if engine.dialect.name == "sqlite":  # nor anywhere in the database's files
        database = users.app.config["SETTINGS"].home / "rapport.db"
        files = [database, database.with_name("rapport.db-wal")]
        content = b"".join(path.read_bytes() for path in files if path.exists())
        assert not [token for token in tokens if token.encode() in content]


def test_each_users_drafts_are_written_as_their_own_sender(users: TwoUsers) -> None:
    assert users.as_ben("PUT", "/api/v1/profile", json={"name": "Ben Ito"}).status_code == 200
    bens_run = users.as_ben("POST", "/api/v1/runs", json={"person": DANA}).get_json()["run_id"]
    deadline = time.monotonic() + 20
    while (run := users.as_ben("GET", f"/api/v1/runs/{bens_run}").get_json())["status"] not in (
        "done",
        "failed",
    ):
        assert time.monotonic() < deadline, run
        time.sleep(0.02)
    assert "Ben Ito" in run["draft"]["body"] and "Sam Lee" not in run["draft"]["body"]
    assert "Sam Lee" in users.anas_run()["draft"]["body"]
    redrafted = users.as_ben("POST", f"/api/v1/runs/{bens_run}/drafts", json={"packet": 0, "tone": "brief"})
    assert "Ben Ito" in redrafted.get_json()["draft"]["body"]

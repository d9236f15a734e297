"""What the panel reopens: a contact's runs newest first, what each run was given, and the pages left out
for a contact, which stay out of their research until put back."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from server.models import Dossier, ResearchRequest
from tests.support.fixture_types import AssertError, WaitUntilFinished
from tests.support.persona import DANA, DANA_EMAIL

MIGUEL = {"name": "Miguel Santos", "email": "miguel.santos.ops@gmail.com"}
NAMESAKE = "http://sweetcrumb.test/about"
SEEN: list[ResearchRequest] = []


def _research(request: ResearchRequest, emit: Callable[..., None]) -> Dossier:
    """Research that finds nothing, and keeps what it was asked (the pages to leave out) to be read."""
    SEEN.append(request)
    return Dossier(person=request.person)


@pytest.fixture
def app(make_app: Callable[..., Flask]) -> Flask:
    SEEN.clear()
    return make_app(RESEARCH=_research)


@pytest.fixture
def run(app: Flask, client: FlaskClient, auth: dict[str, str], wait_until_finished: WaitUntilFinished):
    def start(body: dict[str, Any]) -> dict[str, Any]:
        created = client.post("/api/v1/runs", json={"draft": False, **body}, headers=auth)
        assert created.status_code == 202, created.get_data(as_text=True)
        return wait_until_finished(app, created.get_json()["run_id"])

    return start


# --- Runs, newest first ---------------------------------------------------------------------------------


def test_recent_runs_are_listed_newest_first_and_by_contact(
    client: FlaskClient, auth: dict[str, str], run: Callable[[dict[str, Any]], dict[str, Any]]
) -> None:
    first, other, last = run({"person": DANA}), run({"person": MIGUEL}), run({"person": DANA})
    everyone = client.get("/api/v1/runs", headers=auth).get_json()["runs"]
    assert [r["run_id"] for r in everyone] == [last["run_id"], other["run_id"], first["run_id"]]
    assert everyone[0] | {"created_at": None} == {
        "run_id": last["run_id"],
        "status": "done",
        "name": DANA["name"],
        "email": DANA_EMAIL,
        "company": None,
        "created_at": None,
        "error": None,
    }
    danas = client.get(f"/api/v1/runs?email={DANA_EMAIL.upper()}&limit=1", headers=auth).get_json()["runs"]
    assert [r["run_id"] for r in danas] == [last["run_id"]]


@pytest.mark.parametrize("query", ["limit=0", "limit=51", "limit=ten", "mail=dana@example.com"])
def test_a_bad_runs_query_is_a_422_naming_the_field(
    client: FlaskClient, auth: dict[str, str], assert_error: AssertError, query: str
) -> None:
    message = assert_error(client.get(f"/api/v1/runs?{query}", headers=auth), 422, "invalid_request")
    assert query.split("=")[0] in message


def test_a_run_says_what_it_was_given_so_a_panel_can_show_it_again(
    run: Callable[[dict[str, Any]], dict[str, Any]],
) -> None:
    given = run(
        {
            "person": DANA,
            "urls": ["http://danaokafor.test/"],
            "pages": [{"url": "http://datasummit.test/2026/speakers", "html": "<p>Dana Okafor</p>"}],
            "context": "we met at DataSummit",
            "tone": "brief",
        }
    )["given"]
    assert given == {
        "person": DANA | {"title": None, "company": None, "title_since": None},
        "urls": ["http://danaokafor.test/"],
        "pages": ["http://datasummit.test/2026/speakers"],  # by address: the page itself is not sent back
        "exclude_urls": [],
        "context": "we met at DataSummit",
        "tone": "brief",
    }


# --- Pages left out ------------------------------------------------------------------------------------


def test_a_page_marked_not_this_person_stays_out_until_put_back(
    client: FlaskClient, auth: dict[str, str], run: Callable[[dict[str, Any]], dict[str, Any]]
) -> None:
    marked = run({"person": DANA, "exclude_urls": [NAMESAKE]})
    listed = client.get(f"/api/v1/exclusions?email={DANA_EMAIL}", headers=auth).get_json()["excluded"]
    assert [page["url"] for page in listed] == [NAMESAKE]
    assert client.get("/api/v1/exclusions?name=Miguel%20Santos", headers=auth).get_json() == {"excluded": []}

    # The next run about them leaves the page out though the panel no longer sends it.
    again = run({"person": DANA})
    assert SEEN[-1].exclude_urls == [NAMESAKE]
    assert again["given"]["exclude_urls"] == [NAMESAKE]

    put_back = client.delete(f"/api/v1/exclusions?email={DANA_EMAIL}&url={NAMESAKE}", headers=auth)
    assert put_back.status_code == 200
    assert put_back.get_json() == {"excluded": []}
    run({"person": DANA})
    assert SEEN[-1].exclude_urls == []
    # Nothing else went with it: both runs are still there.
    for earlier in (marked, again):
        assert client.get(f"/api/v1/runs/{earlier['run_id']}", headers=auth).status_code == 200


def test_putting_back_a_page_that_was_not_left_out_is_a_404_and_loses_nothing(
    client: FlaskClient,
    auth: dict[str, str],
    assert_error: AssertError,
    run: Callable[[dict[str, Any]], dict[str, Any]],
) -> None:
    run({"person": DANA, "exclude_urls": [NAMESAKE]})
    other = "http://northwind.test/team"
    resp = client.delete(f"/api/v1/exclusions?email={DANA_EMAIL}&url={other}", headers=auth)
    assert other in assert_error(resp, 404, "exclusion_not_found")
    # Another contact's mark is not theirs to put back.
    resp = client.delete(f"/api/v1/exclusions?email={MIGUEL['email']}&url={NAMESAKE}", headers=auth)
    assert_error(resp, 404, "exclusion_not_found")
    listed = client.get(f"/api/v1/exclusions?email={DANA_EMAIL}", headers=auth).get_json()["excluded"]
    assert [page["url"] for page in listed] == [NAMESAKE]


@pytest.mark.parametrize(
    ("method", "query", "named"),
    [
        ("GET", "", "email or name"),
        ("DELETE", f"url={NAMESAKE}", "email or name"),
        ("DELETE", f"email={DANA_EMAIL}", "url"),
        ("DELETE", f"email={DANA_EMAIL}&url=", "url"),
    ],
)
def test_exclusions_need_a_contact_and_putting_back_a_page(
    client: FlaskClient, auth: dict[str, str], assert_error: AssertError, method: str, query: str, named: str
) -> None:
    resp = client.open(f"/api/v1/exclusions?{query}", method=method, headers=auth)
    assert named in assert_error(resp, 422, "invalid_request")

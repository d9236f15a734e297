"""Drafting through the real app: packets and a draft after research, re-drafts, checks, profile, feedback."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from server.app import create_app, shutdown
from server.models import Dossier, ResearchRequest, RunRequest
from server.service.drafter import drafter
from server.writing import Drafting
from tests.fixture_web import FixtureWeb
from tests.support.fixture_types import (
    AssertError,
    AssertRunContract,
    Bearer,
    CountRows,
    Research,
    StartRun,
    WaitUntilFinished,
)
from tests.support.persona import DANA, DANA_EMAIL, DANA_RUN, SAM

SALESY = "Just circling back to see if you have 15 minutes for a quick call about our solution"


@dataclass
class DanaRun:
    """One real run for Dana, shared by the tests that only read it or add to it."""

    app: Flask
    auth: dict[str, str]
    run_id: str
    run: dict[str, Any]  # the run JSON as it finished, before any re-draft
    facts_stored_when_drafting_began: int

    @property
    def client(self) -> FlaskClient:
        return self.app.test_client()


@pytest.fixture(scope="module")
def dana(
    tmp_path_factory: pytest.TempPathFactory,
    web: FixtureWeb,
    count_rows: CountRows,
    bearer: Bearer,
    start_run: StartRun,
    wait_until_finished: WaitUntilFinished,
) -> Iterator[DanaRun]:
    """Research and drafting for Dana on the fixture web, offline engine, no sender profile (~4 s, once)."""
    # The `settings` fixture is per test; this run is paid for once per module, so it builds its own.
    settings = web.settings(tmp_path_factory.mktemp("dana") / "instance")
    stored: list[int] = []

    def drafting_after_counting_facts(
        request: RunRequest, dossier: Dossier, emit: Any, **asked: Any
    ) -> Drafting:
        """The app's own drafting step, once it has noted how many facts storage holds."""
        engine = app.extensions["rapport.engine"]
        stored.append(count_rows(engine)["facts"])
        return drafter(app.extensions["rapport.llm"])(request, dossier, emit, **asked)

    app = create_app({"SETTINGS": settings, "DRAFT": drafting_after_counting_facts})
    try:
        run_id = start_run(app, DANA_RUN)
        run = wait_until_finished(app, run_id, timeout=60)
        assert len(stored) == 1, "a run should draft exactly once"
        yield DanaRun(app, bearer(app), run_id, run, stored[0])
    finally:
        shutdown(app)


@pytest.fixture
def held_app(make_app: Callable[..., Flask]) -> Iterator[tuple[Flask, threading.Event]]:
    """An app whose research waits until the test sets the gate."""
    gate = threading.Event()

    def held_research(request: ResearchRequest, emit: Any) -> Dossier:
        assert gate.wait(10), "the test never let the research go on"
        return Dossier(person=request.person)

    app = make_app(RESEARCH=held_research)
    try:
        yield app, gate
    finally:
        gate.set()


@pytest.fixture
def quick_app(make_app: Callable[..., Flask], no_research: Research) -> Flask:
    """An app whose research answers at once, finding nothing: for the profile and the token."""
    return make_app(RESEARCH=no_research)


# --- A run drafts after research -----------------------------------------------------------------------


def test_dana_run_ends_with_packets_and_a_grounded_offline_draft(
    dana: DanaRun, assert_run_contract: AssertRunContract
) -> None:
    run = dana.run
    assert_run_contract(run)
    assert (run["status"], run["error"]) == ("done", None)

    assert 3 <= len(run["generosity"]) <= 5
    assert any(packet["professional"] for packet in run["generosity"])
    fact_ids = {fact["id"] for fact in run["facts"]}
    for packet in run["generosity"]:
        assert set(packet["fact_ids"]) <= fact_ids, packet

    draft = run["draft"]
    assert draft["engine"] == "offline"
    assert draft["subject"].strip() and "Dana" in draft["body"]
    assert draft["fact_ids"] and set(draft["fact_ids"]) <= fact_ids
    assert set(run["generosity"][0]["fact_ids"]) <= set(draft["fact_ids"])
    assert 0 <= draft["checks"]["score"] <= 100
    assert (run["selected_packet"], run["tone"]) == (0, "warm")
    assert run["usage"] == {"calls": 0, "input_tokens": 0, "output_tokens": 0, "estimated": False}


def test_research_is_stored_before_drafting_begins(dana: DanaRun) -> None:
    assert dana.run["facts"]
    assert dana.facts_stored_when_drafting_began == len(dana.run["facts"])


# --- Re-drafting ---------------------------------------------------------------------------------------


def test_redrafting_another_packet_in_another_tone_fetches_nothing(
    dana: DanaRun, web: FixtureWeb, assert_run_contract: AssertRunContract
) -> None:
    before = dana.client.get(f"/api/v1/runs/{dana.run_id}", headers=dana.auth).get_json()
    requests_before = len(web.requested())

    resp = dana.client.post(
        f"/api/v1/runs/{dana.run_id}/drafts", json={"packet": 1, "tone": "formal"}, headers=dana.auth
    )

    assert resp.status_code == 200, resp.get_data(as_text=True)
    assert len(web.requested()) == requests_before
    run = resp.get_json()
    assert_run_contract(run)
    assert (run["selected_packet"], run["tone"]) == (1, "formal")
    assert run["draft"]["engine"] == "offline"
    assert run["draft"]["body"] != dana.run["draft"]["body"]
    assert set(run["generosity"][1]["fact_ids"]) <= set(run["draft"]["fact_ids"])
    # The same research and the same packets: only the draft changed.
    assert (run["facts"], run["sources"], run["generosity"]) == (
        before["facts"],
        before["sources"],
        before["generosity"],
    )
    assert run["usage"]["calls"] == 0
    assert dana.client.get(f"/api/v1/runs/{dana.run_id}", headers=dana.auth).get_json() == run


@pytest.mark.parametrize(
    ("body", "says"),
    [
        ({"packet": 9, "tone": "warm"}, "packet 9 does not exist"),
        ({"packet": 21}, "packet"),
        ({"packet": -1}, "packet"),
        ({"packet": 1, "tone": "shouty"}, "tone"),
        ({"tone": "warm"}, "packet"),
    ],
    ids=["past-the-packets", "past-the-limit", "negative", "unknown-tone", "no-packet"],
)
def test_a_redraft_asked_wrongly_is_a_422_and_changes_nothing(
    dana: DanaRun, body: dict[str, Any], says: str, assert_error: AssertError
) -> None:
    before = dana.client.get(f"/api/v1/runs/{dana.run_id}", headers=dana.auth).get_json()
    resp = dana.client.post(f"/api/v1/runs/{dana.run_id}/drafts", json=body, headers=dana.auth)
    message = assert_error(resp, 422, "invalid_request")
    assert says in message
    assert dana.client.get(f"/api/v1/runs/{dana.run_id}", headers=dana.auth).get_json() == before


def test_a_packet_past_the_last_one_is_refused_naming_how_many_there_are(
    dana: DanaRun, assert_error: AssertError
) -> None:
    count = len(dana.run["generosity"])
    resp = dana.client.post(f"/api/v1/runs/{dana.run_id}/drafts", json={"packet": count}, headers=dana.auth)
    assert f"this run has {count} packet(s)" in assert_error(resp, 422, "invalid_request")


def test_redrafting_an_unknown_run_is_a_404(dana: DanaRun, assert_error: AssertError) -> None:
    resp = dana.client.post("/api/v1/runs/no-such-run/drafts", json={"packet": 0}, headers=dana.auth)
    assert_error(resp, 404, "run_not_found")


def test_redrafting_while_the_run_still_researches_is_a_409(
    held_app: tuple[Flask, threading.Event],
    assert_error: AssertError,
    wait_until_finished: WaitUntilFinished,
    bearer: Bearer,
    start_run: StartRun,
) -> None:
    app, gate = held_app
    client = app.test_client()
    run_id = start_run(app, {"person": DANA})

    resp = client.post(f"/api/v1/runs/{run_id}/drafts", json={"packet": 0}, headers=bearer(app))
    assert "still researching" in assert_error(resp, 409, "run_busy")

    gate.set()
    run = wait_until_finished(app, run_id)
    assert (run["status"], run["draft"], run["generosity"]) == ("done", None, [])
    # Research that found nothing leaves nothing to draft around, and says so.
    again = client.post(f"/api/v1/runs/{run_id}/drafts", json={"packet": 0}, headers=bearer(app))
    assert "this run has 0 packet(s)" in assert_error(again, 422, "invalid_request")


# --- Checking edited text ------------------------------------------------------------------------------


def check(dana: DanaRun, **body: Any) -> dict[str, Any]:
    resp = dana.client.post("/api/v1/checks", json=body, headers=dana.auth)
    assert resp.status_code == 200, resp.get_data(as_text=True)
    return resp.get_json()


def codes(checks: dict[str, Any]) -> list[str]:
    return [issue["code"] for issue in checks["issues"]]


def test_a_salesy_text_scores_below_the_runs_own_draft(dana: DanaRun) -> None:
    draft = dana.run["draft"]
    salesy = check(dana, subject="Quick question", body=SALESY)
    ours = check(dana, subject=draft["subject"], body=draft["body"])

    assert "salesy_phrase" in codes(salesy)
    assert all(set(issue) == {"code", "message"} for issue in salesy["issues"])
    assert salesy["score"] < ours["score"]
    assert ours["score"] == draft["checks"]["score"]


@pytest.mark.parametrize(
    "ask", [SALESY, "Do you have 15 minutes this week?"], ids=["salesy-text", "fifteen-minutes-this-week"]
)
def test_hard_ask_missed_fifteen_minutes_of_their_day_is_a_hard_ask(dana: DanaRun, ask: str) -> None:
    assert "hard_ask" in codes(check(dana, body=ask))


INVENTED = "Hi Dana,\n\nCongrats on the Series C.\n\nBest,\nSam"
GROUNDED = "Hi Dana,\n\nCongrats on the Series B.\n\nBest,\nSam"


@pytest.mark.parametrize(
    ("body", "ungrounded"),
    [(INVENTED, ["Series C"]), (GROUNDED, [])],
    ids=["invented-round", "the-real-round"],
)
def test_with_a_run_a_claim_the_research_does_not_hold_is_ungrounded(
    dana: DanaRun, body: str, ungrounded: list[str]
) -> None:
    checks = check(dana, subject="Congrats", body=body, run_id=dana.run_id)
    flagged = [issue["message"] for issue in checks["issues"] if issue["code"] == "ungrounded"]
    assert len(flagged) == len(ungrounded)
    for claim, message in zip(ungrounded, flagged, strict=True):
        assert f'"{claim}"' in message


def test_without_a_run_there_is_nothing_to_ground_against_so_nothing_is_ungrounded(dana: DanaRun) -> None:
    with_run = check(dana, subject="Congrats", body=INVENTED, run_id=dana.run_id)
    without = check(dana, subject="Congrats", body=INVENTED)
    assert "ungrounded" not in codes(without)
    # Everything else is judged the same way, so the score is higher by exactly what grounding took off.
    assert codes(without) == [code for code in codes(with_run) if code != "ungrounded"]
    assert without["score"] > with_run["score"]


def test_false_ungrounded_a_stored_profile_alone_grounds_nothing_about_the_recipient(
    quick_app: Flask,
    bearer: Bearer,
) -> None:
    client = quick_app.test_client()
    assert client.put("/api/v1/profile", json=SAM, headers=bearer(quick_app)).status_code == 200
    resp = client.post(
        "/api/v1/checks", json={"subject": "Congrats", "body": INVENTED}, headers=bearer(quick_app)
    )
    assert resp.status_code == 200
    assert "ungrounded" not in codes(resp.get_json())


@pytest.mark.parametrize(
    ("postscript", "code"),
    [
        ("P.S. Hope your recovery from spinal surgery is going well.", "sensitive"),
        ("P.S. Congrats on the Series C!", "ungrounded"),
    ],
    ids=["sensitive", "ungrounded"],
)
def test_postscript_escaped_checks_a_postscript_after_the_sign_off_is_checked_like_the_prose(
    dana: DanaRun, postscript: str, code: str
) -> None:
    body = f"{GROUNDED}\n\n{postscript}"
    assert code in codes(check(dana, subject="Congrats", body=body, run_id=dana.run_id))


PASTED = (
    "Hi Dana,\n\nI saw that Northwind Analytics today announced that Okafor will lead data engineering. "
    "What's next for the team?\n\nBest,\nSam"
)
OWN_WORDS = (
    "Hi Dana,\n\nI saw that you now lead data engineering at Northwind Analytics. "
    "How is the move to streaming going?\n\nBest,\nSam"
)


def test_edited_text_is_read_as_its_recipient_would_press_release_third_person_and_stock_lines(
    dana: DanaRun,
) -> None:
    pasted = codes(check(dana, subject="Congrats", body=PASTED, run_id=dana.run_id))
    assert {"press_release", "third_person", "stock_closer"} <= set(pasted)
    own = codes(check(dana, subject="Congrats", body=OWN_WORDS, run_id=dana.run_id))
    assert not {"press_release", "third_person", "stock_closer"} & set(own)


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({"subject": "Hello"}, 422, "invalid_request"),
        ({"body": "Hi Dana", "run_id": "no-such-run"}, 404, "run_not_found"),
        ({"body": "Hi Dana", "tone": "warm"}, 422, "invalid_request"),
    ],
    ids=["no-body", "unknown-run", "unknown-field"],
)
def test_checks_asked_wrongly(
    dana: DanaRun, body: dict[str, Any], status: int, code: str, assert_error: AssertError
) -> None:
    assert_error(dana.client.post("/api/v1/checks", json=body, headers=dana.auth), status, code)


# --- The sender profile --------------------------------------------------------------------------------


BAD_PROFILES = [
    {key: value for key, value in SAM.items() if key != "name"},
    {**SAM, "name": ""},
    {**SAM, "resources": [{"title": "Streaming cost benchmark"}]},
    {**SAM, "nmae": "Sam"},
]


def test_profile_is_missing_until_put_then_read_back(
    quick_app: Flask, assert_error: AssertError, bearer: Bearer
) -> None:
    client, auth = quick_app.test_client(), bearer(quick_app)
    assert "PUT one" in assert_error(client.get("/api/v1/profile", headers=auth), 404, "profile_not_found")

    put = client.put("/api/v1/profile", json=SAM, headers=auth)
    assert put.status_code == 200
    stored = client.get("/api/v1/profile", headers=auth)
    assert stored.status_code == 200
    assert stored.get_json() == put.get_json()
    assert {key: stored.get_json()[key] for key in SAM} == SAM


@pytest.mark.parametrize("bad", BAD_PROFILES, ids=["no-name", "blank-name", "resource-without-url", "typo"])
def test_a_bad_profile_is_a_422_and_the_stored_one_is_kept(
    quick_app: Flask, bad: dict[str, Any], assert_error: AssertError, bearer: Bearer
) -> None:
    client, auth = quick_app.test_client(), bearer(quick_app)
    client.put("/api/v1/profile", json=SAM, headers=auth)
    before = client.get("/api/v1/profile", headers=auth).get_json()

    assert_error(client.put("/api/v1/profile", json=bad, headers=auth), 422, "invalid_request")
    assert client.get("/api/v1/profile", headers=auth).get_json() == before


def test_a_run_after_the_profile_shares_its_resource_and_signs_with_its_name(
    make_app: Callable[..., Flask],
    wait_until_finished: WaitUntilFinished,
    bearer: Bearer,
    start_run: StartRun,
) -> None:
    app = make_app()
    client, auth = app.test_client(), bearer(app)
    assert client.put("/api/v1/profile", json=SAM, headers=auth).status_code == 200

    run = wait_until_finished(app, start_run(app, DANA_RUN), timeout=60)

    assert run["status"] == "done"
    resource = SAM["resources"][0]
    shares = [p for p in run["generosity"] if p["kind"] == "share_resource"]
    assert shares, [p["kind"] for p in run["generosity"]]
    assert shares[0]["resource"] == resource
    assert resource["title"] in shares[0]["text"]
    assert run["draft"]["body"].rstrip().splitlines()[-1] == SAM["name"]
    assert "No sender profile" not in " ".join(run["warnings"])


# --- Feedback ------------------------------------------------------------------------------------------


def test_feedback_is_stored_with_how_it_checks(dana: DanaRun) -> None:
    # What the user sent: our draft with a line of their own that the research does not hold.
    body = dana.run["draft"]["body"].replace("\n\n", "\n\nCongrats on the Series C, too. ", 1)
    sent = {"subject": "Congrats on the VP role", "body": body}
    resp = dana.client.post(f"/api/v1/runs/{dana.run_id}/feedback", json=sent, headers=dana.auth)
    assert resp.status_code == 201, resp.get_data(as_text=True)
    body = resp.get_json()
    assert body == {"run_id": dana.run_id, "checks": check(dana, **sent, run_id=dana.run_id)}
    assert "ungrounded" in codes(body["checks"])


@pytest.mark.parametrize(
    ("run_id", "body", "status", "code"),
    [
        (None, {"subject": "Hi", "body": ""}, 422, "invalid_request"),
        (None, {"subject": "Hi"}, 422, "invalid_request"),
        ("no-such-run", {"subject": "Hi", "body": "Hi Dana"}, 404, "run_not_found"),
    ],
    ids=["empty-body", "no-body", "unknown-run"],
)
def test_feedback_asked_wrongly(
    dana: DanaRun, run_id: str | None, body: dict[str, Any], status: int, code: str, assert_error: AssertError
) -> None:
    path = f"/api/v1/runs/{run_id or dana.run_id}/feedback"
    assert_error(dana.client.post(path, json=body, headers=dana.auth), status, code)


def test_feedback_is_erased_with_the_contact(
    make_app: Callable[..., Flask],
    assert_error: AssertError,
    count_rows: CountRows,
    wait_until_finished: WaitUntilFinished,
    quick_research: Research,
    bearer: Bearer,
    start_run: StartRun,
) -> None:
    app = make_app(RESEARCH=quick_research)
    client, auth = app.test_client(), bearer(app)
    run_id = start_run(app, {"person": DANA})
    wait_until_finished(app, run_id)
    sent = client.post(f"/api/v1/runs/{run_id}/feedback", json={"body": "Hi Dana, congrats"}, headers=auth)
    assert sent.status_code == 201
    assert count_rows(app.extensions["rapport.engine"])["feedback"] == 1

    erased = client.delete(f"/api/v1/contacts?email={DANA_EMAIL}", headers=auth)

    assert erased.status_code == 200
    assert erased.get_json()["erased"]["feedback"] == 1
    assert count_rows(app.extensions["rapport.engine"])["feedback"] == 0
    again = client.post(f"/api/v1/runs/{run_id}/feedback", json={"body": "Hi Dana"}, headers=auth)
    assert_error(again, 404, "run_not_found")


# --- The token -----------------------------------------------------------------------------------------


DRAFTING_ROUTES = [
    ("POST", "/api/v1/runs/0123/drafts", {"packet": 0, "tone": "warm"}),
    ("POST", "/api/v1/checks", {"subject": "Hi", "body": "Hi Dana"}),
    ("POST", "/api/v1/runs/0123/feedback", {"subject": "Hi", "body": "Hi Dana"}),
    ("GET", "/api/v1/profile", None),
    ("PUT", "/api/v1/profile", SAM),
]


@pytest.mark.parametrize(
    ("method", "path", "body"),
    DRAFTING_ROUTES,
    ids=["redraft", "check", "feedback", "get-profile", "put-profile"],
)
@pytest.mark.parametrize("authorization", [None, "Bearer wrong-token"], ids=["missing", "wrong"])
def test_every_drafting_route_needs_the_token(
    quick_app: Flask,
    method: str,
    path: str,
    body: dict[str, Any] | None,
    authorization: str | None,
    assert_error: AssertError,
    bearer: Bearer,
) -> None:
    client = quick_app.test_client()
    headers = {"Authorization": authorization} if authorization else {}
    resp = client.open(path, method=method, json=body, headers=headers)
    assert "`make token`" in assert_error(resp, 401, "unauthorized")
    # A refused PUT stored nothing.
    assert_error(client.get("/api/v1/profile", headers=bearer(quick_app)), 404, "profile_not_found")

"""Refining a run's draft through the real app and the real openai client, against the tests' local LLM
server: shorter, warmer or more formal, checked like any draft, refused when the rewrite adds what the checks
refuse."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from server.app import create_app, shutdown
from server.models import Dossier, RunRequest
from server.service.drafter import drafter
from server.writing import Drafting
from tests.fake_llm import FakeLLM, answer, error
from tests.fixture_web import FixtureWeb
from tests.support.fixture_types import AssertError, Bearer, Research, StartRun, WaitUntilFinished
from tests.support.persona import DANA

# The user's version of the draft: the offline draft, then their own words added at the end.
USERS_EDIT = " I still use the pipeline notes you shared at the offsite."
SHORTER = (
    "Hi Dana,\n\nCongratulations on leading data engineering at Northwind Analytics as VP of Data "
    "Engineering. The work your team does shows in how people talk about it, and I still use the pipeline "
    "notes you shared at the offsite. If a second pair of eyes on a migration plan would ever help, I would "
    "be glad to read one.\n\nBest,\nAlex"
)
INVENTED = SHORTER.replace("Congratulations on", "Congratulations on the $90 million Series D by Sequoia and")


@pytest.fixture
def llm_app(
    tmp_path: Path, web: FixtureWeb, fake_llm: FakeLLM, quick_research: Research
) -> Callable[..., Flask]:
    """Apps whose research answers at once with one fact and whose runs draft offline; the LLM is the fake's
    when asked for, so only refining talks to it."""
    apps: list[Flask] = []

    def make(*, llm: bool = True) -> Flask:
        reach = {"openai_base_url": fake_llm.base_url, "openai_api_key": fake_llm.api_key} if llm else {}
        settings = web.settings(tmp_path / f"instance-{len(apps)}", llm_timeout=5.0, **reach)

        def offline(request: RunRequest, dossier: Dossier, emit: Any, **asked: Any) -> Drafting:
            return drafter(None)(request, dossier, emit, **asked)

        app = create_app({"SETTINGS": settings, "RESEARCH": quick_research, "DRAFT": offline})
        apps.append(app)
        return app

    yield make
    for app in apps:
        shutdown(app)


def finished_run(app: Flask, start_run: StartRun, wait_until_finished: WaitUntilFinished) -> dict[str, Any]:
    run = wait_until_finished(app, start_run(app, {"person": DANA, "context": "We met at the 2025 offsite."}))
    assert run["status"] == "done" and run["draft"], run
    return run


@pytest.fixture
def refinable(
    llm_app: Callable[..., Flask], start_run: StartRun, wait_until_finished: WaitUntilFinished
) -> tuple[Flask, dict[str, Any]]:
    """An app with the fake LLM, and a finished run of it with a draft to refine."""
    app = llm_app()
    return app, finished_run(app, start_run, wait_until_finished)


def refine(app: Flask, bearer: Bearer, run_id: str, **body: Any) -> Any:
    return app.test_client().post(f"/api/v1/runs/{run_id}/refine", json=body, headers=bearer(app))


def test_refining_rewrites_the_users_own_draft_through_the_llm_and_checks_it(
    refinable: tuple[Flask, dict[str, Any]], fake_llm: FakeLLM, bearer: Bearer
) -> None:
    app, run = refinable
    edited = run["draft"]["body"] + USERS_EDIT
    fake_llm.script(answer({"subject": "Your new role", "body": SHORTER, "fact_ids": ["f1", "f9"]}))

    resp = refine(app, bearer, run["run_id"], subject=run["draft"]["subject"], body=edited, change="shorter")

    assert resp.status_code == 200, resp.get_data(as_text=True)
    refined = resp.get_json()
    assert (refined["subject"], refined["body"], refined["engine"]) == ("Your new role", SHORTER, "openai")
    assert refined["fact_ids"] == ["f1"]  # an id it was never given is dropped
    assert not [i for i in refined["checks"]["issues"] if i["code"] in ("ungrounded", "sensitive")]
    # The LLM saw the drafting rules, then the user's version as it stands, then the change asked.
    (sent,) = fake_llm.requests
    roles = [message["role"] for message in sent["messages"]]
    assert roles == ["system", "user", "assistant", "user"]
    assert json.loads(sent["messages"][2]["content"])["body"] == edited
    assert "this change: shorter." in sent["messages"][3]["content"]
    # Nothing is stored: the run's draft is the one it had.
    stored = app.test_client().get(f"/api/v1/runs/{run['run_id']}", headers=bearer(app)).get_json()
    assert stored["draft"] == run["draft"]


def test_a_rewrite_that_adds_an_unsupported_claim_is_refused_and_the_draft_stands(
    refinable: tuple[Flask, dict[str, Any]], fake_llm: FakeLLM, bearer: Bearer, assert_error: AssertError
) -> None:
    app, run = refinable
    fake_llm.script(answer({"subject": "Your new role", "body": INVENTED, "fact_ids": ["f1"]}))

    resp = refine(app, bearer, run["run_id"], subject="Hello", body=run["draft"]["body"], change="warmer")

    message = assert_error(resp, 422, "refine_refused")
    assert "your draft is kept as it was" in message
    assert "Sequoia" in message or "90" in message


def test_refining_on_a_server_without_an_llm_is_a_409_that_says_what_to_set(
    llm_app: Callable[..., Flask],
    bearer: Bearer,
    start_run: StartRun,
    wait_until_finished: WaitUntilFinished,
    assert_error: AssertError,
) -> None:
    app = llm_app(llm=False)
    run = finished_run(app, start_run, wait_until_finished)
    resp = refine(app, bearer, run["run_id"], body=run["draft"]["body"], change="more_formal")
    assert "OPENAI_BASE_URL" in assert_error(resp, 409, "llm_not_configured")


def test_an_llm_that_fails_is_a_502(
    refinable: tuple[Flask, dict[str, Any]], fake_llm: FakeLLM, bearer: Bearer, assert_error: AssertError
) -> None:
    app, run = refinable
    fake_llm.script(error(500, "the model is loading", x_should_retry="false"))
    resp = refine(app, bearer, run["run_id"], body=run["draft"]["body"], change="shorter")
    assert assert_error(resp, 502, "llm_failed").startswith("The LLM could not answer")


@pytest.mark.parametrize(
    ("run_id", "body", "status", "code"),
    [
        ("no-such-run", {"body": "Hi", "change": "shorter"}, 404, "run_not_found"),
        (None, {"body": "Hi", "change": "louder"}, 422, "invalid_request"),
        (None, {"body": "", "change": "shorter"}, 422, "invalid_request"),
    ],
    ids=["unknown-run", "unknown-change", "empty-body"],
)
def test_a_refinement_asked_wrongly_says_why(
    refinable: tuple[Flask, dict[str, Any]],
    fake_llm: FakeLLM,
    bearer: Bearer,
    assert_error: AssertError,
    run_id: str | None,
    body: dict[str, Any],
    status: int,
    code: str,
) -> None:
    app, run = refinable
    assert_error(refine(app, bearer, run_id or run["run_id"], **body), status, code)
    assert fake_llm.requests == []

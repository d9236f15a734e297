"""The team deployment's queue on a real PostgreSQL (RAPPORT_TEST_POSTGRES_URL; skipped without one): runs
deferred by the web app as jobs, worked by `python -m server worker` processes on the fixture web, their
events streamed by the web app from the database; a worker killed with SIGKILL mid-run leaves its run to
another, finished once (no fact or draft twice); and (on SQLite, no queue needed) a run worked again goes on
from the steps stored before."""

from __future__ import annotations

import io
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from server.app import create_app, shutdown
from server.storage.tables import DraftRow, RunEventRow, RunRow
from tests.fixture_web import FixtureWeb
from tests.support.command_line import ROOT, environment
from tests.support.team import (
    BATCH,
    Workers,
    assert_finished_once,
    auth,
    start_run,
    stream,
    team,
    team_settings,
    wait_for,
)


def test_a_run_deferred_to_the_queue_is_finished_by_a_worker_and_streamed_by_the_web_app(
    tmp_path: Path, database_url: str
) -> None:
    with team(0.02, tmp_path, database_url) as (app, start_workers):
        start_workers(1)
        run_id = start_run(app, "Dana Okafor", "dana.okafor@northwind.test")
        frames = stream(app, run_id)
        assert frames[-1] == {"event": "end", "data": {"run_id": run_id, "status": "done"}}
        assert [f["data"]["seq"] for f in frames[:-1]] == list(range(1, len(frames)))
        assert {"discover", "fetch", "facts", "draft"} <= {f["data"]["stage"] for f in frames[:-1]}
        run = app.test_client().get(f"/api/v1/runs/{run_id}", headers=auth(app)).get_json()
        assert run["facts"] and run["draft"]["body"]
        assert_finished_once(app.extensions["rapport.engine"], run_id)
        assert app.extensions["rapport.runs"]._flights == {}  # nothing of it ran in the web's process


def test_two_workers_finish_a_batch_of_due_contacts_though_one_is_killed_mid_batch(
    tmp_path: Path, database_url: str
) -> None:
    book = "Name,Email\n" + "".join(f"{name},{email}\n" for name, email in BATCH)
    with team(0.02, tmp_path, database_url) as (app, start_workers):
        client, headers = app.test_client(), auth(app)
        data = {"file": (io.BytesIO(book.encode()), "book.csv")}
        assert client.post("/api/v1/contacts/import", data=data, headers=headers).status_code == 200
        started = client.post("/api/v1/renewals/start", headers=headers).get_json()
        assert started["queued"] == len(BATCH)
        waiting = client.get("/api/v1/renewals", headers=headers).get_json()["renewals"]
        assert [r["state"] for r in waiting] == ["waiting"] * len(BATCH)  # no worker yet: all kept queued
        killed, _ = start_workers(2, concurrency=4)

        def states() -> list[str]:
            return [
                r["state"] for r in client.get("/api/v1/renewals", headers=headers).get_json()["renewals"]
            ]

        wait_for("a tenth of the batch", lambda: states().count("ready") >= len(BATCH) // 10, timeout=120)
        killed.send_signal(signal.SIGKILL)  # with runs of its own under way
        assert states().count("ready") < len(BATCH) // 2, "the kill should come early in the batch"
        wait_for("the batch", lambda: not {"waiting", "researching"} & set(states()), timeout=300)

        finished = client.get("/api/v1/renewals", headers=headers).get_json()["renewals"]
        assert [r["state"] for r in finished] == ["ready"] * len(BATCH), [r["error"] for r in finished]
        for renewal in finished:
            assert_finished_once(app.extensions["rapport.engine"], renewal["run_id"])
    worked = [(tmp_path / f"worker-{n}.log").read_text().count("Starting job rapport.run[") for n in range(2)]
    assert all(worked), f"each worker should have worked some of the batch: {worked}"


def a_run_under_way(app: Flask, start_workers: Workers) -> tuple[subprocess.Popen[bytes], str]:
    """A worker of its own working a run, some of whose events are stored already."""
    (worker,) = start_workers(1, concurrency=1)
    run_id = start_run(app, "Dana Okafor", "dana.okafor@northwind.test")

    def events() -> int:
        with Session(app.extensions["rapport.engine"]) as session:
            return session.scalar(select(func.count()).where(RunEventRow.run_id == run_id)) or 0

    wait_for("the run to be under way", lambda: events() >= 3)
    return worker, run_id


def test_a_run_of_a_worker_killed_mid_run_is_finished_once_by_another(
    tmp_path: Path, database_url: str
) -> None:
    with team(0.3, tmp_path, database_url) as (app, start_workers):
        engine = app.extensions["rapport.engine"]
        first, run_id = a_run_under_way(app, start_workers)
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=10)
        assert (
            app.test_client().get(f"/api/v1/runs/{run_id}", headers=auth(app)).get_json()["status"]
            == "running"
        )
        start_workers(1, concurrency=1)
        frames = stream(app, run_id)
        assert frames[-1]["data"]["status"] == "done"
        assert_finished_once(engine, run_id)


def test_a_worker_silent_past_the_stalled_timeout_stores_nothing_more_once_another_has_its_run(
    tmp_path: Path, database_url: str
) -> None:
    """Paused (SIGSTOP), not dead: its job is queued again and another worker finishes the run; woken, the
    first finds the run claimed by the other and stores nothing of its own (no second draft or end)."""
    with team(0.3, tmp_path, database_url) as (app, start_workers):
        engine = app.extensions["rapport.engine"]
        first, run_id = a_run_under_way(app, start_workers)
        first.send_signal(signal.SIGSTOP)
        start_workers(1, concurrency=1)
        assert stream(app, run_id)[-1]["data"]["status"] == "done"
        first.send_signal(signal.SIGCONT)
        first_log = tmp_path / "worker-0.log"
        wait_for(
            "the first worker to leave the run", lambda: "another worker has it now" in first_log.read_text()
        )
        assert_finished_once(engine, run_id)


def test_a_worker_without_the_postgres_queue_refuses_in_one_line(tmp_path: Path) -> None:
    with FixtureWeb() as web:
        done = subprocess.run(
            [sys.executable, "-m", "server", "worker"],
            cwd=ROOT,
            env=environment(tmp_path / "instance", web),
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert done.returncode == 2
    assert "server worker: error: a worker works the team deployment's queue: set" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize("stored", ["research", "research and draft"])
def test_a_run_worked_again_goes_on_from_its_stored_steps(
    make_app: Callable[..., Flask],
    quick_research: Callable[..., Any],
    start_run: Callable[..., str],
    wait_until_finished: Callable[..., dict[str, Any]],
    stored: str,
) -> None:
    """What a worker killed after storing these steps leaves (status running, no run end): the job worked
    again by another worker neither researches again nor writes a second draft."""
    researched: list[str] = []

    def research(request: Any, emit: Any) -> Any:
        researched.append(request.person.name)
        return quick_research(request, emit)

    app = make_app(RESEARCH=research)
    run_id = start_run(app, {"person": {"name": "Dana Okafor", "email": "dana.okafor@northwind.test"}})
    first = wait_until_finished(app, run_id)
    engine = app.extensions["rapport.engine"]
    with Session(engine) as session, session.begin():
        session.execute(update(RunRow).where(RunRow.id == run_id).values(status="running"))
        last = session.scalar(select(func.max(RunEventRow.seq)).where(RunEventRow.run_id == run_id))
        session.execute(delete(RunEventRow).where(RunEventRow.run_id == run_id, RunEventRow.seq == last))
        if stored == "research":
            session.execute(delete(DraftRow).where(DraftRow.run_id == run_id))

    app.extensions["rapport.runs"].work(run_id, claim="another-worker")

    assert researched == ["Dana Okafor"]
    again = app.test_client().get(f"/api/v1/runs/{run_id}", headers=auth(app)).get_json()
    assert again["facts"] == first["facts"] and again["draft"]["body"] == first["draft"]["body"]
    assert_finished_once(engine, run_id)


def test_the_default_users_token_is_the_first_process_s_and_no_other_instance_folder_takes_it(
    tmp_path: Path, database_url: str
) -> None:
    """Web processes and workers on other machines have instance folders (and tokens) of their own: the
    first to start sets the default user's token, and the others neither replace it nor hand out theirs."""
    with FixtureWeb() as web:

        def token_command(home: Path) -> subprocess.CompletedProcess[str]:
            env = environment(home, web) | {"DATABASE_URL": database_url, "RAPPORT_QUEUE": "postgres"}
            command = [sys.executable, "-m", "server", "token"]
            return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)

        first = token_command(tmp_path / "first")
        assert first.returncode == 0, first.stderr
        other = token_command(tmp_path / "other")
        assert other.returncode == 3
        assert "is not the default user's" in other.stderr and other.stdout == ""

        app = create_app({"SETTINGS": team_settings(web, tmp_path / "other", database_url)})
        try:
            client = app.test_client()
            for token, status in ((first.stdout.strip(), 200), (app.extensions["rapport.token"], 401)):
                answer = client.get("/api/v1/runs", headers={"Authorization": f"Bearer {token}"})
                assert answer.status_code == status
        finally:
            shutdown(app)

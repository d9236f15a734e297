"""The team deployment's queue on a real PostgreSQL (RAPPORT_TEST_POSTGRES_URL; skipped without one): runs
deferred by the web app as jobs, worked by `python -m server worker` processes on the fixture web, their
events streamed by the web app from the database; a worker killed with SIGKILL mid-run leaves its run to
another, finished once (no fact or draft twice); and (on SQLite, no queue needed) a run worked again goes on
from the steps stored before."""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import Engine, create_engine, delete, func, select, update
from sqlalchemy import text as sql
from sqlalchemy.orm import Session

from server.app import create_app, shutdown
from server.config import Settings
from server.storage.tables import DraftRow, FactRow, RunEventRow, RunRow
from tests.fixture_web import CLOSED_PORT, FixtureWeb
from tests.support.command_line import ROOT, environment

DATABASE = f"rapport_team_queue_{os.getpid()}"  # two test runs on one server keep apart
HEARTBEAT, STALLED = 0.5, 2.0  # seconds: a killed worker's run is queued again within ~3 s
# Five people of the fixture web, each found from their work address; four book entries each (plus
# addresses), so the batch is 20 due contacts.
PEOPLE = [
    ("Dana Okafor", "dana.okafor", "northwind.test"),
    ("Priya Raman", "priya", "fernhill.test"),
    ("Katrin Vogel", "katrin.vogel", "elbwerk.test"),
    ("Helene Marchand", "helene.marchand", "lumiflux.test"),
    ("Tomas Rivera", "tomas.rivera", "larkspurfreight.test"),
]
BATCH = [(name, f"{local}+{n}@{domain}") for n in range(4) for name, local, domain in PEOPLE]

Workers = Callable[..., list[subprocess.Popen[bytes]]]


@pytest.fixture
def database_url(postgres_admin: Engine) -> Iterator[str]:
    """A database of its own, made afresh for each test (the storage tests' database is left alone)."""
    admin = create_engine(postgres_admin.url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sql(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)"))
        conn.execute(sql(f"CREATE DATABASE {DATABASE}"))
    yield postgres_admin.url.set(database=DATABASE).render_as_string(hide_password=False)
    with admin.connect() as conn:
        conn.execute(sql(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)"))
    admin.dispose()


def team_settings(web: FixtureWeb, home: Path, database_url: str) -> Settings:
    """The web app's settings: the queue in Postgres, the fixture web reached as every test reaches it."""
    return web.settings(
        home,
        database_url=database_url,
        queue="postgres",
        queue_heartbeat_seconds=HEARTBEAT,
        queue_stalled_seconds=STALLED,
        run_poll_seconds=0.2,
    )


def worker_environment(web: FixtureWeb, home: Path, database_url: str, concurrency: int) -> dict[str, str]:
    """The same settings as environment variables, for `python -m server worker`."""
    return environment(home, web) | {
        "DATABASE_URL": database_url,
        "RAPPORT_QUEUE": "postgres",
        "RAPPORT_WORKER_CONCURRENCY": str(concurrency),
        "RAPPORT_QUEUE_HEARTBEAT": str(HEARTBEAT),
        "RAPPORT_QUEUE_STALLED_AFTER": str(STALLED),
        "RAPPORT_CONNECT_TO": f"{web.connect_to},{CLOSED_PORT}",
        "RAPPORT_CONNECT_TIMEOUT": "2",
        "RAPPORT_FETCH_TIMEOUT": "5",
    }


@contextmanager
def team(
    latency: float, tmp_path: Path, database_url: str, web: FixtureWeb | None = None
) -> Iterator[tuple[Flask, Workers]]:
    """The fixture web (or `web`, the caller's, started), the web app (in this process) and a way to start
    workers; all stopped after."""
    home, processes = tmp_path / "instance", []
    with nullcontext(web) if web is not None else FixtureWeb(latency=latency) as web:
        app = create_app({"SETTINGS": team_settings(web, home, database_url)})

        def start_workers(count: int, concurrency: int = 2) -> list[subprocess.Popen[bytes]]:
            env = worker_environment(web, home, database_url, concurrency)
            started = []
            for n in range(count):
                with (tmp_path / f"worker-{len(processes) + n}.log").open("wb") as log:
                    command = [sys.executable, "-m", "server", "worker"]
                    started.append(subprocess.Popen(command, cwd=ROOT, env=env, stderr=log))
            processes.extend(started)
            return started

        try:
            yield app, start_workers
        finally:
            for process in processes:
                if process.poll() is None:
                    process.send_signal(signal.SIGTERM)
            for process in processes:
                try:
                    process.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    process.kill()
            shutdown(app)


def auth(app: Flask) -> dict[str, str]:
    return {"Authorization": f"Bearer {app.extensions['rapport.token']}"}


def start_run(app: Flask, name: str, email: str) -> str:
    body = {"person": {"name": name, "email": email}}
    answer = app.test_client().post("/api/v1/runs", json=body, headers=auth(app))
    assert answer.status_code == 202, answer.get_json()
    return answer.get_json()["run_id"]


def stream(app: Flask, run_id: str, timeout: float = 40) -> list[dict[str, Any]]:
    """The run's event stream as the web app serves it, read until it ends: each frame's event and data.

    Read on a thread of its own, so a run that never ends fails the test instead of hanging it."""
    url, body = f"/api/v1/runs/{run_id}/events", []
    reader = threading.Thread(
        target=lambda: body.append(app.test_client().get(url, headers=auth(app)).get_data(as_text=True)),
        daemon=True,
    )
    reader.start()
    reader.join(timeout)
    if not body:
        pytest.fail(f"the run's event stream had not ended after {timeout} s")
    frames = []
    for frame in body[0].split("\n\n"):
        fields = dict(line.split(": ", 1) for line in frame.splitlines() if not line.startswith(":"))
        if "event" in fields:
            frames.append({"event": fields["event"], "data": json.loads(fields["data"])})
    return frames


def wait_for(what: str, ready: Callable[[], bool], timeout: float = 40) -> None:
    deadline = time.monotonic() + timeout
    while not ready():
        if time.monotonic() > deadline:
            pytest.fail(f"still waiting after {timeout} s for {what}")
        time.sleep(0.1)


def assert_finished_once(engine: Engine, run_id: str) -> None:
    """Done, with one draft, each fact once, and its events numbered 1..n ending with one run end."""
    with Session(engine) as session:
        assert session.scalar(select(RunRow.status).where(RunRow.id == run_id)) == "done"
        assert session.scalar(select(func.count()).where(DraftRow.run_id == run_id)) == 1
        facts = list(session.execute(select(FactRow.position, FactRow.text).where(FactRow.run_id == run_id)))
        assert facts and sorted(position for position, _ in facts) == list(range(len(facts)))
        assert len({text for _, text in facts}) == len(facts)
        events = list(
            session.execute(
                select(RunEventRow.seq, RunEventRow.stage, RunEventRow.type).where(
                    RunEventRow.run_id == run_id
                )
            )
        )
    assert sorted(seq for seq, _, _ in events) == list(range(1, len(events) + 1))
    assert [kind for _, stage, kind in events if stage == "run" and kind != "started"] == ["done"]


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


def test_two_workers_finish_a_batch_of_due_contacts(tmp_path: Path, database_url: str) -> None:
    book = "Name,Email\n" + "".join(f"{name},{email}\n" for name, email in BATCH)
    with team(0.02, tmp_path, database_url) as (app, start_workers):
        client, headers = app.test_client(), auth(app)
        data = {"file": (io.BytesIO(book.encode()), "book.csv")}
        assert client.post("/api/v1/contacts/import", data=data, headers=headers).status_code == 200
        started = client.post("/api/v1/renewals/start", headers=headers).get_json()
        assert started["queued"] == len(BATCH)
        waiting = client.get("/api/v1/renewals", headers=headers).get_json()["renewals"]
        assert [r["state"] for r in waiting] == ["waiting"] * len(BATCH)  # no worker yet: all kept queued
        start_workers(2)

        def renewals() -> list[dict[str, Any]]:
            return client.get("/api/v1/renewals", headers=headers).get_json()["renewals"]

        wait_for("the batch", lambda: all(r["state"] not in ("waiting", "researching") for r in renewals()))
        finished = renewals()
        assert [r["state"] for r in finished] == ["ready"] * len(BATCH), [r["error"] for r in finished]
        for renewal in finished:
            assert_finished_once(app.extensions["rapport.engine"], renewal["run_id"])
    worked = [(tmp_path / f"worker-{n}.log").read_text().count("Starting job rapport.run[") for n in range(2)]
    assert all(worked), f"each worker should have worked some of the batch: {worked}"


def test_a_run_of_a_worker_killed_mid_run_is_finished_once_by_another(
    tmp_path: Path, database_url: str
) -> None:
    with team(0.3, tmp_path, database_url) as (app, start_workers):
        engine = app.extensions["rapport.engine"]
        (first,) = start_workers(1, concurrency=1)
        run_id = start_run(app, "Dana Okafor", "dana.okafor@northwind.test")

        def events() -> int:
            with Session(engine) as session:
                return session.scalar(select(func.count()).where(RunEventRow.run_id == run_id)) or 0

        wait_for("the run to be under way", lambda: events() >= 3)
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

    app.extensions["rapport.runs"].work(run_id)

    assert researched == ["Dana Okafor"]
    again = app.test_client().get(f"/api/v1/runs/{run_id}", headers=auth(app)).get_json()
    assert again["facts"] == first["facts"] and again["draft"]["body"] == first["draft"]["body"]
    assert_finished_once(engine, run_id)

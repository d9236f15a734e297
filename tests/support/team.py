"""The team deployment in a test: the web app in the test's process on a PostgreSQL database, the fixture web,
and `python -m server worker` processes started as the test asks, all stopped after; and what the tests
read of it (a run's event stream as the web app serves it, whether a run finished exactly once)."""

from __future__ import annotations

import json
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
from sqlalchemy import Engine, create_engine, func, select
from sqlalchemy import text as sql
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from server.app import create_app, shutdown
from server.config import Settings
from server.storage.tables import DraftRow, FactRow, RunEventRow, RunRow
from tests.fixture_web import CLOSED_PORT, FixtureWeb
from tests.support.command_line import ROOT, environment

HEARTBEAT, STALLED = 1.0, 5.0  # seconds: a killed worker's run is queued again within ~6 s
# Five people of the fixture web, each found from their work address; twenty book entries each (plus
# addresses), so the batch is 100 due contacts.
PEOPLE = [
    ("Dana Okafor", "dana.okafor", "northwind.test"),
    ("Priya Raman", "priya", "fernhill.test"),
    ("Katrin Vogel", "katrin.vogel", "elbwerk.test"),
    ("Helene Marchand", "helene.marchand", "lumiflux.test"),
    ("Tomas Rivera", "tomas.rivera", "larkspurfreight.test"),
]
BATCH = [(name, f"{local}+{n}@{domain}") for n in range(20) for name, local, domain in PEOPLE]

Workers = Callable[..., list[subprocess.Popen[bytes]]]


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
            stop_processes(processes, timeout=20)
            shutdown(app)


def stop_processes(processes: list[subprocess.Popen[bytes]], timeout: float) -> None:
    """SIGTERM to each (a worker lets its working runs finish), then SIGKILL to one not gone by timeout."""
    for process in processes:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
    for process in processes:
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextmanager
def fresh_database(admin_url: str, name: str) -> Iterator[str]:
    """A database of its own on the server of admin_url, made afresh (dropped first if a run before left
    it) and dropped after; its URL."""
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        conn.execute(sql(f"CREATE DATABASE {name}"))
    try:
        yield make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        admin.dispose()


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

"""The team deployment through a restart of its database (the queue's server too: procrastinate keeps its jobs
in it): on a PostgreSQL cluster of the test's own, restarted mid-batch, every queued and running run is still
finished, once; the workers serve on rather than exit; and while the database is down the API answers 503
and stores nothing half-way. Skipped where PostgreSQL is not installed."""

from __future__ import annotations

import io
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from tests.support.postgres_cluster import Cluster, binaries, unavailable
from tests.support.team import BATCH, STALLED, assert_finished_once, auth, start_run, stream, team, wait_for

DUE = BATCH[:30]


@pytest.fixture
def cluster() -> Iterator[Cluster]:
    reason = unavailable()
    if reason:
        pytest.skip(f"a database restart needs a PostgreSQL cluster of the test's own: {reason}")
    bin_dir = binaries()
    assert bin_dir is not None
    made = Cluster(bin_dir)
    made.start()
    yield made
    made.remove()


def renewals(app: Flask) -> list[dict[str, Any]] | None:
    """The renewals as the panel reads them; None while the database is down (the API answers 503)."""
    answer = app.test_client().get("/api/v1/renewals", headers=auth(app))
    if answer.status_code == 503:
        return None
    assert answer.status_code == 200, answer.get_json()
    return answer.get_json()["renewals"]


def states(app: Flask) -> list[str]:
    return [r["state"] for r in renewals(app) or []]


def test_a_restart_of_the_database_mid_batch_loses_no_run(tmp_path: Path, cluster: Cluster) -> None:
    book = "Name,Email\n" + "".join(f"{name},{email}\n" for name, email in DUE)
    with team(0.1, tmp_path, cluster.url) as (app, start_workers):
        client, headers = app.test_client(), auth(app)
        data = {"file": (io.BytesIO(book.encode()), "book.csv")}
        assert client.post("/api/v1/contacts/import", data=data, headers=headers).status_code == 200
        assert client.post("/api/v1/renewals/start", headers=headers).get_json()["queued"] == len(DUE)
        workers = start_workers(2, concurrency=2)
        wait_for("the first runs to be ready", lambda: states(app).count("ready") >= 3, timeout=120)
        assert states(app).count("ready") < len(DUE), "the restart should come while runs are still to do"

        # Down for longer than the stalled timeout: runs are queued again as the workers' heartbeats lapse.
        cluster.stop()
        at_restart = states(app)
        time.sleep(STALLED)
        cluster.start()
        wait_for(
            "the batch",
            lambda: (
                (found := renewals(app)) is not None
                and all(r["state"] not in ("waiting", "researching") for r in found)
            ),
            timeout=240,
        )

        finished = renewals(app)
        assert finished is not None
        assert [r["state"] for r in finished] == ["ready"] * len(DUE), [r["error"] for r in finished]
        for renewal in finished:
            assert_finished_once(app.extensions["rapport.engine"], renewal["run_id"])
        assert [worker.poll() for worker in workers] == [None, None]  # they served on, not exited
    assert at_restart == [], "the API answers 503 while the database is down"


def test_while_the_database_is_down_the_api_answers_503_and_an_idle_worker_serves_again_after(
    tmp_path: Path, cluster: Cluster
) -> None:
    with team(0.0, tmp_path, cluster.url) as (app, start_workers):
        (worker,) = start_workers(1)
        worker_log = tmp_path / "worker-0.log"
        wait_for("the worker to serve the queue", lambda: "Starting worker" in worker_log.read_text())
        cluster.stop()
        client, headers = app.test_client(), auth(app)
        body = {"person": {"name": "Dana Okafor", "email": "dana.okafor@northwind.test"}}
        for answer in (
            client.post("/api/v1/runs", json=body, headers=headers),
            client.get("/api/v1/renewals", headers=headers),
        ):
            assert answer.status_code == 503, answer.get_json()
            error = answer.get_json()["error"]
            assert error["code"] == "storage_unavailable"
            assert error["message"].startswith("The database could not be reached")

        # Its poll and heartbeat fail (no connection within the stalled timeout): it stops, and starts again.
        wait_for(
            "the worker to lose the database", lambda: "serving the queue again" in worker_log.read_text()
        )
        cluster.start()
        run_id = start_run(app, "Dana Okafor", "dana.okafor@northwind.test")
        assert stream(app, run_id)[-1]["data"]["status"] == "done"
        assert worker.poll() is None
        recent = client.get("/api/v1/runs", headers=headers).get_json()
        assert [run["run_id"] for run in recent["runs"]] == [run_id]  # nothing of the refused one was kept

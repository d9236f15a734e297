"""`make team` as an operator starts it (deploy/team), on loopback: a PostgreSQL cluster of its own, the web
tier under gunicorn with three processes, two queue workers. A run asked of the web tier is worked by a
worker, its events streamed by whichever web process takes the request, and Ctrl-C stops them all, the
database too. Skipped where PostgreSQL or gunicorn is not installed."""

from __future__ import annotations

import importlib.util
import os
import signal
import subprocess
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.fixture_web import FixtureWeb, free_port
from tests.support.command_line import ROOT, environment
from tests.support.postgres_cluster import unavailable
from tests.support.team import wait_for

WEB_PROCESSES = 3


class Team:
    """deploy/team running, its output collected line by line."""

    def __init__(self, env: dict[str, str]):
        self.lines: list[str] = []
        # A session of its own: Ctrl-C at a terminal reaches the script and nothing of the test.
        self.process = subprocess.Popen(
            ["deploy/team"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
        )
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.append(line.rstrip("\n"))

    def close(self) -> None:
        """After the process has ended: the rest of its output read, the pipe closed."""
        self._reader.join(timeout=10)
        if self.process.stdout is not None:
            self.process.stdout.close()

    def said(self, start: str) -> str | None:
        return next((line for line in self.lines if line.startswith(start)), None)


@pytest.fixture
def team_running(tmp_path: Path, web: FixtureWeb) -> Iterator[tuple[Team, str, int]]:
    reason = unavailable()
    if reason:
        pytest.skip(f"make team needs PostgreSQL: {reason}")
    if importlib.util.find_spec("gunicorn") is None:
        pytest.skip("make team needs the team deployment's packages: pip install -e '.[postgres]'")
    # The cluster's folder under /tmp, reachable by the postgres user that runs the server when root runs us.
    folder = Path(tempfile.mkdtemp(prefix="rapport-test-team-"))
    folder.chmod(0o755)
    port = free_port()
    env = environment(tmp_path / "instance", web) | {
        "RAPPORT_TEAM_PG_DATA": str(folder / "postgres"),
        "RAPPORT_TEAM_PG_PORT": str(free_port()),
        "RAPPORT_PORT": str(port),
        "RAPPORT_WEB_PROCESSES": str(WEB_PROCESSES),
        "RAPPORT_QUEUE_HEARTBEAT": "1",
        "RAPPORT_QUEUE_STALLED_AFTER": "5",
        "RAPPORT_RUN_POLL": "0.2",
    }
    team = Team(env)
    try:
        up = lambda: team.said("team: http://") is not None or team.process.poll() is not None  # noqa: E731
        wait_for("the team to be up", up, timeout=120)
        assert team.process.poll() is None, "\n".join(team.lines)
        token_line = team.said("team: API token")
        assert token_line is not None, "\n".join(team.lines)
        yield team, token_line.rsplit(" ", 1)[1], port
    finally:
        if team.process.poll() is None:
            os.killpg(team.process.pid, signal.SIGINT)  # Ctrl-C at the terminal
        try:
            team.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(team.process.pid, signal.SIGKILL)
            team.process.wait()
        team.close()
        subprocess.run(["rm", "-rf", str(folder)], check=False)


def test_make_team_works_a_run_and_streams_it_from_its_web_processes(
    team_running: tuple[Team, str, int],
) -> None:
    team, token, port = team_running
    headers = {"Authorization": f"Bearer {token}"}
    with httpx.Client(base_url=f"http://127.0.0.1:{port}/api/v1", headers=headers, timeout=30) as client:
        wait_for("the web tier", lambda: _healthy(client), timeout=60)
        body = {"person": {"name": "Dana Okafor", "email": "dana.okafor@northwind.test"}}
        answer = client.post("/runs", json=body)
        assert answer.status_code == 202, answer.text
        run_id = answer.json()["run_id"]
        with client.stream("GET", f"/runs/{run_id}/events", timeout=60) as stream:
            frames = [line for line in stream.iter_lines() if line.startswith("event: ")]
        assert frames[-1] == "event: end"
        run = client.get(f"/runs/{run_id}").json()
        assert run["status"] == "done" and run["facts"] and run["draft"]["body"]
        # Any web process answers for the run: each request here may be taken by another of them.
        assert {client.get(f"/runs/{run_id}").json()["status"] for _ in range(2 * WEB_PROCESSES)} == {"done"}
    assert f"({WEB_PROCESSES} web processes, 2 workers" in (team.said("team: http://") or "")


def test_ctrl_c_stops_the_whole_team(team_running: tuple[Team, str, int]) -> None:
    team, _, port = team_running
    os.killpg(team.process.pid, signal.SIGINT)
    assert team.process.wait(timeout=60) is not None
    with pytest.raises(httpx.ConnectError):
        httpx.get(f"http://127.0.0.1:{port}/api/v1/health", timeout=5)
    postgres = subprocess.run(["pgrep", "-f", "rapport-test-team-"], capture_output=True, text=True)
    assert postgres.stdout == "", "the team's PostgreSQL should have stopped with it"


def _healthy(client: httpx.Client) -> bool:
    try:
        return client.get("/health").status_code == 200
    except httpx.TransportError:
        return False

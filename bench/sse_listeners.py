"""Many listeners on runs' event streams: how soon each gets its first byte; how /health answers meanwhile.

    python bench/sse_listeners.py [--listeners 100] [--runs 4] [--latency 0.5]

`python -m server serve` runs as a user runs it (its own process, on 127.0.0.1), researching over the fixture
web of tests/ with latency added per request, so runs last a while. The bench starts the runs, opens the
listeners on their event streams all at once (spread over the runs) and reads each to its end, while it
asks GET /health every quarter second. Every request goes to 127.0.0.1; nothing leaves the machine, and the
bench stops by itself (a deadline bounds every wait).
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.spread import spread  # noqa: E402
from tests.fixture_web import CLOSED_PORT, FixtureWeb  # noqa: E402

DANA = {
    "person": {"name": "Dana Okafor", "email": "dana.okafor@northwind.test"},
    "urls": [
        "http://danaokafor.test/",
        "http://datasummit.test/2026/speakers",
        "http://sweetcrumb.test/about",
    ],
}
# The warm-up run's person: other sites, so the timed runs find nothing of theirs in the page cache.
PRIYA = {"person": {"name": "Priya Raman"}, "urls": ["http://priyaraman.test/talks"]}
DEADLINE_S = 240


@dataclass
class Listened:
    status: int
    first_byte_s: float
    ended_s: float


def serve(home: Path, web: FixtureWeb) -> tuple[subprocess.Popen[str], str]:
    """`python -m server serve --port 0` on the fixture web; its process and base URL."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("RAPPORT_", "OPENAI_", "DATABASE_URL"))}
    env |= {
        "RAPPORT_HOME": str(home),
        "RAPPORT_FETCH_ALLOWLIST": "127.0.0.1",
        "RAPPORT_CONNECT_TO": f"{web.connect_to},{CLOSED_PORT}",
        "PYTHONUNBUFFERED": "1",
    }
    command = [sys.executable, "-m", "server", "serve", "--host", "127.0.0.1", "--port", "0"]
    process = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
    )
    assert process.stdout is not None
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if match := re.search(r"(http://127\.0\.0\.1:\d+)/api/v1", line):
            # The rest of what it prints is not read: drained, so a full pipe never blocks the server.
            threading.Thread(target=process.stdout.read, daemon=True).start()
            return process, match.group(1)
        if not line:
            break
    process.kill()
    raise RuntimeError("the server did not say where it listens")


def listen(client: httpx.Client, base: str, run_id: str, headers: dict[str, str], started: float) -> Listened:
    """Open a run's event stream and read it to its end; when its first byte came and when it ended."""
    sent = time.perf_counter()
    try:
        with client.stream("GET", f"{base}/api/v1/runs/{run_id}/events", headers=headers) as resp:
            chunks = resp.iter_raw()
            next(chunks, b"")
            first = time.perf_counter() - sent
            for _ in chunks:
                pass
            return Listened(resp.status_code, first, time.perf_counter() - started)
    except httpx.HTTPError:
        elapsed = time.perf_counter() - sent
        return Listened(0, elapsed, time.perf_counter() - started)


def probe_health(base: str, stop: threading.Event, latencies: list[float]) -> None:
    """GET /health every quarter second until told to stop; each answer's latency."""
    deadline = time.monotonic() + DEADLINE_S
    with httpx.Client(timeout=DEADLINE_S) as client:
        while not stop.is_set() and time.monotonic() < deadline:
            ask_health(client, base, latencies)
            stop.wait(0.25)


def ask_health(client: httpx.Client, base: str, latencies: list[float]) -> None:
    sent = time.perf_counter()
    try:
        client.get(f"{base}/api/v1/health").raise_for_status()
    except httpx.HTTPError:
        latencies.append(float("inf"))
    else:
        latencies.append(time.perf_counter() - sent)


def measure(listeners: int, runs: int, latency: float) -> None:
    with FixtureWeb(latency=latency) as web, tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        process, base = serve(home, web)
        # One client for all listeners: a client per listener would time the bench making 100 clients.
        limits = httpx.Limits(max_connections=listeners + runs + 1, max_keepalive_connections=0)
        client = httpx.Client(timeout=DEADLINE_S, limits=limits)
        try:
            headers = {"Authorization": f"Bearer {(home / 'token').read_text().strip()}"}
            # One run first, read to its end: the server's start-up work (language data, first imports)
            # is done before anything is timed.
            first = client.post(f"{base}/api/v1/runs", json=PRIYA, headers=headers).json()["run_id"]
            listen(client, base, first, headers, time.perf_counter())
            started = time.perf_counter()
            run_ids = [
                client.post(f"{base}/api/v1/runs", json=DANA, headers=headers).json()["run_id"]
                for _ in range(runs)
            ]
            health: list[float] = []
            stop = threading.Event()
            prober = threading.Thread(target=probe_health, args=(base, stop, health))
            prober.start()
            results: list[Listened] = []

            def listener(index: int) -> None:
                results.append(listen(client, base, run_ids[index % runs], headers, started))

            threads = [threading.Thread(target=listener, args=(i,)) for i in range(listeners)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(DEADLINE_S)
            stop.set()
            prober.join(DEADLINE_S)
        finally:
            client.close()
            process.send_signal(signal.SIGINT)
            try:
                process.wait(30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
    report(listeners, runs, latency, results, health)
    # The server is the only child process the bench waits for: its CPU time and peak memory.
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(f"server: {usage.ru_utime + usage.ru_stime:.1f} s CPU, peak RSS {usage.ru_maxrss / 1024:.0f} MB")


def report(listeners: int, runs: int, latency: float, results: list[Listened], health: list[float]) -> None:
    web = f"fixture web with {latency * 1000:.0f} ms per request"
    print(f"{listeners} listeners on {runs} runs' event streams; {web}")
    statuses = Counter(r.status for r in results)
    print("answers: " + ", ".join(f"{code or 'failed'}: {n}" for code, n in sorted(statuses.items())))
    print(f"first byte, s:       {figures([r.first_byte_s for r in results])}")
    print(f"/health meanwhile, s: {figures(health)} ({len(health)} asked)")
    print(f"last stream ended after {max((r.ended_s for r in results), default=0):.1f} s")


def figures(values: list[float]) -> str:
    if not values:
        return "none"
    median, p95, most = spread(values)
    return f"median {median:.3f}  p95 {p95:.3f}  max {most:.3f}"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--listeners", type=int, default=100, help="event-stream listeners at once")
    parser.add_argument("--runs", type=int, default=4, help="runs the listeners are spread over")
    parser.add_argument("--latency", type=float, default=0.5, help="seconds added to every fixture request")
    args = parser.parse_args()
    measure(args.listeners, args.runs, args.latency)


if __name__ == "__main__":
    main()

"""Politeness across the team deployment's processes, on a real PostgreSQL (RAPPORT_TEST_POSTGRES_URL; skipped
without one): two processes' fetchers (each built by its own app, sharing nothing in memory) never have more
than the per-host limit in flight to one host between them, and read an origin's robots.txt once between them;
a slot held by a process killed mid-fetch comes back when its lease expires; and worker processes working a
batch read each origin's robots.txt once."""

from __future__ import annotations

import io
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

import pytest

from server.app import create_app, shutdown
from server.research.fetch import Fetcher, FetchError
from tests.fixture_web import FixtureWeb, Reply
from tests.support.command_line import ROOT
from tests.support.team import PEOPLE, auth, team, wait_for, worker_environment

# A process of the deployment fetching a page (argv[1]) with its app's fetcher, as a worker does.
FETCH_IN_A_PROCESS = (
    "import sys; from server.app import create_app; "
    "create_app().extensions['rapport.fetcher'].fetch(sys.argv[1])"
)
LIMIT = 2  # requests in flight to one host, across the deployment
LATENCY = 0.2
HOST = "busy.test"


@contextmanager
def processes_fetchers(
    web: FixtureWeb, tmp_path: Path, database_url: str, count: int = 2, **overrides: Any
) -> Iterator[list[Fetcher]]:
    """The fetchers `count` processes sharing the database would have: each of its own app (its own engine,
    semaphores and robots.txt cache)."""
    values = {"database_url": database_url, "per_host_concurrency": LIMIT} | overrides
    settings = web.settings(tmp_path / "instance", **values)
    with ExitStack() as stack:
        apps = [create_app({"SETTINGS": settings}) for _ in range(count)]
        for app in apps:
            stack.callback(shutdown, app)
        yield [app.extensions["rapport.fetcher"] for app in apps]


def fetch_all(fetcher: Fetcher, urls: list[str]) -> list[str]:
    """Each URL fetched on a thread of its own, all at once: what each fetch ended with."""

    def outcome(url: str) -> str:
        try:
            return fetcher.fetch(url).text
        except FetchError as exc:
            return exc.reason

    with ThreadPoolExecutor(max_workers=len(urls)) as pool:
        return list(pool.map(outcome, urls))


def fetch_together(fetchers: list[Fetcher], urls: list[str]) -> list[list[str]]:
    with ThreadPoolExecutor(max_workers=len(fetchers)) as pool:
        return list(pool.map(lambda fetcher: fetch_all(fetcher, urls), fetchers))


def test_two_processes_never_have_more_than_the_per_host_limit_in_flight_to_a_host(
    tmp_path: Path, database_url: str
) -> None:
    with FixtureWeb(latency=LATENCY) as web, processes_fetchers(web, tmp_path, database_url) as fetchers:
        for n in range(8):
            web.route(HOST, f"/page-{n}", Reply(200, f"<p>page {n}</p>"))
        # Each process asks for the same eight pages at once; the page cache is shared too, so a page may
        # come from the other's fetch: what counts is what the host sees.
        outcomes = fetch_together(fetchers, [f"http://{HOST}/page-{n}" for n in range(8)])
        assert outcomes == [[f"<p>page {n}</p>" for n in range(8)]] * 2
        assert web.most_in_flight(HOST) == LIMIT


def test_two_processes_read_an_origin_s_robots_txt_once_and_both_keep_its_rules(
    tmp_path: Path, database_url: str
) -> None:
    hosts = ["one.test", "two.test", "three.test"]
    with FixtureWeb(latency=LATENCY) as web, processes_fetchers(web, tmp_path, database_url) as fetchers:
        for host in hosts:
            web.route(host, "/robots.txt", Reply(200, "User-agent: *\nDisallow: /private\n"))
            web.route(host, "/news", Reply(200, f"<p>news of {host}</p>"))
        outcomes = fetch_together(fetchers, [f"http://{host}/news" for host in hosts])
        assert outcomes == [[f"<p>news of {host}</p>" for host in hosts]] * 2
        with pytest.raises(FetchError, match="disallowed by robots.txt"):
            fetchers[1].fetch("http://one.test/private")
        assert {host: web.requested(host).count("/robots.txt") for host in hosts} == dict.fromkeys(hosts, 1)
        assert "/private" not in web.requested("one.test")


def test_a_slot_held_by_a_process_killed_mid_fetch_is_free_again_once_its_lease_expires(
    tmp_path: Path, database_url: str
) -> None:
    deadline = 3.0  # seconds: a lease lasts twice as long
    with FixtureWeb() as web:
        web.route(HOST, "/slow", Reply(200, "<p>slow</p>", delay=60))
        web.route(HOST, "/quick", Reply(200, "<p>quick</p>"))
        env = worker_environment(web, tmp_path / "instance", database_url, 1) | {
            "RAPPORT_PER_HOST_CONCURRENCY": "1",
            "RAPPORT_FETCH_DEADLINE": str(deadline),
        }
        command = [sys.executable, "-c", FETCH_IN_A_PROCESS, f"http://{HOST}/slow"]
        dying = subprocess.Popen(command, cwd=ROOT, env=env)
        try:
            wait_for("the slow page to be asked for", lambda: "/slow" in web.requested(HOST))
            leased_by = time.monotonic() + 2 * deadline  # the lease was taken before the page was asked for
        finally:
            dying.send_signal(signal.SIGKILL)
            dying.wait(timeout=10)
        overrides = {"per_host_concurrency": 1, "fetch_deadline": deadline}
        with processes_fetchers(web, tmp_path, database_url, count=1, **overrides) as (fetcher,):
            with pytest.raises(FetchError, match="3s fetch deadline"):
                fetcher.fetch(f"http://{HOST}/quick")  # the dead process's lease still holds the one slot
            time.sleep(max(0.0, leased_by - time.monotonic()))
            assert fetcher.fetch(f"http://{HOST}/quick").text == "<p>quick</p>"
        assert web.requested(HOST).count("/quick") == 1


def test_workers_working_a_batch_read_each_origin_s_robots_txt_once(
    tmp_path: Path, database_url: str
) -> None:
    # Five people, each at two addresses one after the other: the two workers research each person at once
    # (a page one has cached, the other reads from the cache without asking robots.txt).
    batch = [(name, f"{local}+{n}@{domain}") for name, local, domain in PEOPLE for n in range(2)]
    book = "Name,Email\n" + "".join(f"{name},{email}\n" for name, email in batch)
    with FixtureWeb(latency=0.05) as web, team(0.05, tmp_path, database_url, web) as (app, start_workers):
        client, headers = app.test_client(), auth(app)
        data = {"file": (io.BytesIO(book.encode()), "book.csv")}
        assert client.post("/api/v1/contacts/import", data=data, headers=headers).status_code == 200
        assert client.post("/api/v1/renewals/start", headers=headers).get_json()["queued"] == len(batch)
        start_workers(2, concurrency=1)

        def states() -> list[str]:
            renewals = client.get("/api/v1/renewals", headers=headers).get_json()["renewals"]
            return [renewal["state"] for renewal in renewals]

        wait_for("the batch", lambda: all(state not in ("waiting", "researching") for state in states()))
        assert states() == ["ready"] * len(batch)
        robots = Counter(host for host, path in web.requests if path == "/robots.txt")
    assert robots and set(robots.values()) == {1}, robots

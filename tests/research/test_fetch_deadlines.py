"""Total deadlines: a server trickling its answer a byte at a time cannot hold a fetch, nor a research run,
past its deadline. Every server here is the fixture web on 127.0.0.1, with deadlines of a second or less."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Literal

import pytest

from server.config import Settings
from server.models import Dossier, Person, ResearchRequest
from server.research import ResearchDeps, research
from server.research.fetch import Deadline, Fetcher, FetchError
from tests.fixture_web import FixtureWeb, Reply

# Long enough that trickled at 20 bytes a second it would take minutes.
SLOW_PAGE = "<html><head><title>Slow</title></head><body><p>" + "x" * 4000 + "</p></body></html>"
DANA = Person(name="Dana Okafor", company="Northwind Analytics")  # no email: only the sites given


def trickled(part: Literal["head", "body"] = "body") -> Reply:
    return Reply(body=SLOW_PAGE, trickle=0.05, trickle_from=part)


def failure(fetcher: Fetcher, url: str, until: Deadline | None = None) -> tuple[FetchError, float]:
    started = time.monotonic()
    with pytest.raises(FetchError) as caught:
        fetcher.fetch(url, until=until)
    return caught.value, time.monotonic() - started


# --- one fetch ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("part", ["head", "body"])
def test_a_server_trickling_its_answer_is_cut_at_the_fetch_deadline(
    part: Literal["head", "body"], site_settings: Settings, fresh_web: FixtureWeb
) -> None:
    """Timeouts applied to each read, so a byte every 0.05 s (headers or body) held a fetch for minutes."""
    fresh_web.route("slow.test", "/", trickled(part))
    with Fetcher(site_settings.replace(fetch_deadline=0.5)) as fetcher:
        error, took = failure(fetcher, "http://slow.test/")
        assert (error.kind, error.reason) == ("failed", "no complete answer within the 0.5s fetch deadline")
        assert 0.5 <= took < 1.2
        # The connection cut mid-answer is closed, not handed to the next request half read.
        fresh_web.route("slow.test", "/next", Reply(body="<html><head><title>Next</title></head></html>"))
        assert "Next" in fetcher.fetch("http://slow.test/next").text


def test_retries_end_at_the_fetch_deadline(site_settings: Settings, fresh_web: FixtureWeb) -> None:
    """Each attempt had its own timeouts: five retries of a 0.3 s read timeout took well over two seconds."""
    calls: list[str] = []

    def late(host: str, path: str) -> Reply:
        calls.append(path)
        return Reply(body="late", delay=1.0)

    fresh_web.route("slow.test", "/late", late)
    limits = site_settings.replace(fetch_deadline=0.8, read_timeout=0.3, fetch_retries=5)
    with Fetcher(limits) as fetcher:
        error, took = failure(fetcher, "http://slow.test/late")
    assert error.reason == "no complete answer within the 0.8s fetch deadline"
    assert took < 1.2
    assert 1 <= len(calls) <= 3


@pytest.mark.parametrize("waits_for", ["a connection", "robots.txt"])
def test_a_fetch_queued_behind_a_trickling_host_gives_up_at_its_deadline(
    waits_for: str, site_settings: Settings, fresh_web: FixtureWeb
) -> None:
    """Waiting for one of a host's connections, or for another fetch reading the host's robots.txt, had no
    bound at all."""
    quick = Reply(body="<html><head><title>Quick</title></head></html>")
    fresh_web.route("slow.test", "/quick", quick)
    one_at_a_time = site_settings.replace(per_host_concurrency=1, fetch_deadline=1.0)
    with Fetcher(one_at_a_time) as fetcher:
        if waits_for == "robots.txt":
            fresh_web.route("slow.test", "/robots.txt", trickled())
            fresh_web.route("slow.test", "/", quick)
        else:
            fresh_web.route("slow.test", "/", trickled())
            fetcher.fetch("http://slow.test/quick")  # robots.txt known: the fetches below wait for the slot
        held: list[str] = []

        def hold() -> None:
            try:
                fetcher.fetch("http://slow.test/")
            except FetchError as error:
                held.append(error.reason)

        holder = threading.Thread(target=hold)
        holder.start()
        time.sleep(0.1)
        run_ends = Deadline.after(0.3, "the run's deadline")
        error, took = failure(fetcher, "http://slow.test/quick", until=run_ends)
        holder.join()
    assert error.reason == "the run's deadline"
    assert took < 0.6
    assert held == ["no complete answer within the 1s fetch deadline"]


# --- a research run -------------------------------------------------------------------------------------


def home(title: str, links: str) -> Reply:
    return Reply(
        body=f"<html><head><title>{title}</title></head><body><main><h1>Dana Okafor</h1>"
        "<p>Dana Okafor is VP of Data Engineering at Northwind Analytics.</p>"
        f"<ul>{links}</ul></main></body></html>"
    )


# Two styles of site: her blog, whose posts trickle, and a company's team page, whose profile pages do.
SITES = {
    "blog": ("dana-writes.test", "/posts/", "Dana Okafor's notes"),
    "team page": ("okafor-data.test", "/team/", "Team – Okafor Data"),
}


def run(web: FixtureWeb, tmp: Path, site: str, **limits: float) -> tuple[Dossier, float]:
    host, section, title = SITES[site]
    links = "".join(f'<li><a href="{section}{n}">Dana Okafor on streaming {n}</a></li>' for n in range(3))
    web.route(host, "/", home(title, links))
    for n in range(3):
        web.route(host, f"{section}{n}", trickled())
    settings = web.settings(tmp, **limits)
    started = time.monotonic()
    with Fetcher(settings) as fetcher:
        dossier = research(
            ResearchRequest(person=DANA, urls=[f"http://{host}/"]),
            ResearchDeps(settings=settings, fetcher=fetcher),
            lambda _: None,
        )
    return dossier, time.monotonic() - started


@pytest.mark.parametrize("site", SITES)
def test_trickled_pages_fail_at_the_fetch_deadline_and_the_run_goes_on(
    site: str, fresh_web: FixtureWeb, tmp_path: Path
) -> None:
    dossier, took = run(fresh_web, tmp_path, site, fetch_deadline=0.5)
    host, section, _ = SITES[site]
    statuses = {source.url: (source.status, source.reason) for source in dossier.sources}
    assert statuses[f"http://{host}/"][0] == "used"
    for n in range(3):
        assert statuses[f"http://{host}{section}{n}"] == (
            "failed",
            "no complete answer within the 0.5s fetch deadline",
        )
    assert dossier.person.title == "VP of Data Engineering"
    assert not any("deadline" in warning for warning in dossier.warnings)
    assert took < 3.0


@pytest.mark.parametrize("site", SITES)
def test_a_trickling_server_cannot_hold_a_run_past_its_deadline(
    site: str, fresh_web: FixtureWeb, tmp_path: Path
) -> None:
    """A run waited on every trickled page for as long as its server liked; it now ends at its deadline
    with what it found by then, and says so."""
    dossier, took = run(fresh_web, tmp_path, site, research_deadline=1.0, fetch_deadline=60.0)
    host, _, _ = SITES[site]
    assert 1.0 <= took < 2.5
    used = [source.url for source in dossier.sources if source.status == "used"]
    assert used == [f"http://{host}/"]
    assert dossier.person.title == "VP of Data Engineering"
    stopped = [source for source in dossier.sources if source.status == "failed"]
    assert [source.reason for source in stopped] == ["research stopped at its 1s deadline"]
    assert any(
        warning.startswith("Research stopped at its deadline (1s, RAPPORT_RESEARCH_DEADLINE)")
        for warning in dossier.warnings
    )

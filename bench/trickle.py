"""Servers trickling their answers a byte at a time: a fetch's and a run's wall time against its deadline.

    python bench/trickle.py [--trickle 0.5] [--fetch-deadline 2] [--research-deadline 5] [--defaults]

Every request goes to the fixture web of tests/ on 127.0.0.1; nothing leaves the machine. The trickling pages
send one byte every --trickle seconds (issue 10's half second), so each would hold a reader for hours if
nothing cut it off. Four scenarios:
  - one fetch whose status line and headers trickle, and one whose body does: wall time against the fetch
    deadline;
  - a research run from Dana Okafor's blog front page (fast, with her title on it) whose three posts trickle,
    once with the fetch deadline below the research deadline (the posts fail, the run goes on) and once
    above it (the run itself stops at its deadline, with a warning): wall time against the deadline that
    ended it, the sources failed and the facts kept.
--defaults measures with the shipped deadlines (RAPPORT_FETCH_DEADLINE, RAPPORT_RESEARCH_DEADLINE), which
takes a few minutes; the small ones given by default keep the figures quick and show the same thing.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from server.config import Settings  # noqa: E402
from server.models import Person, ResearchRequest  # noqa: E402
from server.research import ResearchDeps, research  # noqa: E402
from server.research.fetch import Fetcher, FetchError  # noqa: E402
from tests.fixture_web import FixtureWeb, Reply  # noqa: E402

PAGE = "<html><head><title>Slow</title></head><body><p>" + "x" * 4000 + "</p></body></html>"
HOME = (
    "<html><head><title>Dana Okafor's notes</title></head><body><main><h1>Dana Okafor</h1>"
    "<p>Dana Okafor is VP of Data Engineering at Northwind Analytics.</p><ul>"
    + "".join(f'<li><a href="/posts/{n}">Dana Okafor on streaming, part {n}</a></li>' for n in range(3))
    + "</ul></main></body></html>"
)
DANA = Person(name="Dana Okafor", company="Northwind Analytics")


def serve(web: FixtureWeb, trickle: float) -> None:
    web.route("slow.test", "/head", Reply(body=PAGE, trickle=trickle, trickle_from="head"))
    web.route("slow.test", "/body", Reply(body=PAGE, trickle=trickle, trickle_from="body"))
    web.route("dana-writes.test", "/", Reply(body=HOME))
    for n in range(3):
        web.route("dana-writes.test", f"/posts/{n}", Reply(body=PAGE, trickle=trickle))


def one_fetch(settings: Settings, url: str) -> tuple[float, str]:
    started = time.monotonic()
    with Fetcher(settings) as fetcher:
        try:
            fetcher.fetch(url)
            outcome = "read in full"
        except FetchError as error:
            outcome = f"{error.kind}: {error.reason}"
    return time.monotonic() - started, outcome


def one_run(settings: Settings) -> tuple[float, int, int, list[str]]:
    started = time.monotonic()
    with Fetcher(settings) as fetcher:
        dossier = research(
            ResearchRequest(person=DANA, urls=["http://dana-writes.test/"]),
            ResearchDeps(settings=settings, fetcher=fetcher),
            lambda _: None,
        )
    failed = sum(source.status == "failed" for source in dossier.sources)
    warnings = [w for w in dossier.warnings if "deadline" in w]
    return time.monotonic() - started, failed, len(dossier.facts), warnings


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--trickle", type=float, default=0.5, help="seconds between one byte and the next")
    parser.add_argument("--fetch-deadline", type=float, default=2.0)
    parser.add_argument("--research-deadline", type=float, default=5.0)
    parser.add_argument("--defaults", action="store_true", help="the shipped deadlines instead")
    args = parser.parse_args()
    shipped = Settings()
    fetch_deadline = shipped.fetch_deadline if args.defaults else args.fetch_deadline
    research_deadline = shipped.research_deadline if args.defaults else args.research_deadline

    with FixtureWeb() as web, tempfile.TemporaryDirectory() as home:
        serve(web, args.trickle)
        timeouts = {"read_timeout": shipped.read_timeout, "connect_timeout": shipped.connect_timeout}
        base = web.settings(Path(home), **timeouts)
        whole = (len(PAGE) + 100) * args.trickle  # about what each trickled answer takes when nothing cuts it
        print(
            f"Trickling servers: a byte every {args.trickle:g} s ({whole / 3600:.1f} h for a whole answer);"
        )
        print(f"read timeout {shipped.read_timeout:g} s, so no single read ever times out.")
        print(f"{'scenario':<44}{'deadline s':>11}{'wall s':>9}  outcome")
        fetches = base.replace(fetch_deadline=fetch_deadline)
        for part in ("head", "body"):
            wall, outcome = one_fetch(fetches, f"http://slow.test/{part}")
            print(f"{'one fetch, ' + part + ' trickled':<44}{fetch_deadline:>11.1f}{wall:>9.2f}  {outcome}")
        runs = (
            ("run, fetch deadline < research deadline", fetch_deadline, research_deadline, fetch_deadline),
            (
                "run, research deadline < fetch deadline",
                10 * research_deadline,
                research_deadline,
                research_deadline,
            ),
        )
        for name, per_fetch, per_run, ends in runs:
            settings = base.replace(fetch_deadline=per_fetch, research_deadline=per_run)
            wall, failed, facts, warnings = one_run(settings)
            said = "; warned" if warnings else ""
            print(f"{name:<44}{ends:>11.1f}{wall:>9.2f}  {failed} page(s) failed, {facts} fact(s) kept{said}")


if __name__ == "__main__":
    main()

"""Research runs over the fixture web with added latency per request: wall time against its lower bounds.

    python bench/research_latency.py [--latency 0.2]

Every request goes to a fixture server on 127.0.0.1 (the fixture web of tests/); nothing leaves the machine.
Two lower bounds are printed beside the wall time:
  - critical path: the longest chain of dependent fetches (robots.txt, then each hop) times the latency;
  - per-host bound: the busiest host's requests divided by the per-host concurrency, times the latency.
Peak memory is the Python heap peak (tracemalloc) during the run, and the process's peak RSS at the end.
"""

from __future__ import annotations

import argparse
import math
import resource
import sys
import time
import tracemalloc
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from server.config import Settings  # noqa: E402
from server.events import Event, PageFailed, PageRead  # noqa: E402
from server.models import Person, ResearchRequest  # noqa: E402
from server.research import ResearchDeps, research  # noqa: E402
from server.research.fetch import Fetcher  # noqa: E402
from server.service.warmup import warm_up  # noqa: E402
from tests.fixture_web import FixtureWeb  # noqa: E402

PERSONAS = [
    ResearchRequest(
        person=Person(name="Dana Okafor", email="dana.okafor@northwind.test"),
        urls=[
            "http://danaokafor.test/",
            "http://datasummit.test/2026/speakers",
            "http://datasummit.test/2023/speakers",
            "http://sweetcrumb.test/about",
        ],
    ),
    ResearchRequest(
        person=Person(
            name="Miguel Santos", email="miguel.santos.ops@gmail.com", company="Tidewater Logistics"
        ),
        urls=["http://tidewater.test/", "http://freightcast.test/episodes/42", "http://miguelsantos.test/"],
    ),
    ResearchRequest(
        person=Person(name="Priya Raman", email="priya@fernhill.test"),
        urls=["http://priyaraman.test/talks", "http://smiledental.test/team"],
    ),
]


def run_one(request: ResearchRequest, web: FixtureWeb, settings: Settings) -> dict[str, float | int | str]:
    web.reset_log()
    events: list[Event] = []
    started = time.perf_counter()
    with Fetcher(settings) as fetcher:
        dossier = research(request, ResearchDeps(settings=settings, fetcher=fetcher), events.append)
    wall = time.perf_counter() - started
    requests = list(web.requests)
    # Memory in a second, untimed run: tracing allocations slows Python several times over.
    tracemalloc.start()
    with Fetcher(settings) as fetcher:
        research(request, ResearchDeps(settings=settings, fetcher=fetcher), lambda _: None)
    _, heap_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    hops = [e.data.hop for e in events if isinstance(e, PageRead | PageFailed)]
    chain = (max(hops) + 1 if hops else 0) + 1  # + robots.txt, fetched before a host's first page
    per_host = Counter(host for host, _ in requests)
    busiest = max(per_host.values(), default=0)
    return {
        "person": request.person.name,
        "requests": len(requests),
        "facts": len(dossier.facts),
        "wall_s": wall,
        "critical_s": chain * web.latency,
        "host_bound_s": math.ceil(busiest / settings.per_host_concurrency) * web.latency,
        "heap_peak_mb": heap_peak / 1e6,
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--latency", type=float, default=0.2, help="seconds added to every request")
    args = parser.parse_args()

    warm_up()  # what `serve` does at start: dateparser's language data loads before any run

    with FixtureWeb(latency=args.latency) as web:
        settings = Settings(
            home=ROOT / "bench" / "output" / "instance",
            fetch_allowlist=("127.0.0.1",),
            connect_to=(web.connect_to,),
            fetch_retries=0,
        )
        rows = [run_one(request, web, settings) for request in PERSONAS]

    print(
        f"Research over the fixture web, {args.latency * 1000:.0f} ms added per request "
        f"(concurrency {settings.fetch_concurrency} global, {settings.per_host_concurrency} per host)"
    )
    header = (
        f"{'person':<15}{'requests':>9}{'facts':>7}{'wall s':>9}{'crit. path s':>14}"
        f"{'host bound s':>14}{'wall/bound':>12}{'heap peak MB':>14}"
    )
    print(header)
    print("-" * len(header))
    for row in rows:
        bound = max(row["critical_s"], row["host_bound_s"])
        print(
            f"{row['person']:<15}{row['requests']:>9}{row['facts']:>7}{row['wall_s']:>9.2f}"
            f"{row['critical_s']:>14.2f}{row['host_bound_s']:>14.2f}{row['wall_s'] / bound:>12.2f}"
            f"{row['heap_peak_mb']:>14.1f}"
        )
    print(f"process peak RSS: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()

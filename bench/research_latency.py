"""Research runs over the fixture web with added latency per request: wall time against its lower bounds.

    python bench/research_latency.py [--latency 0.2] [--personas DIR]

Every request goes to a server on 127.0.0.1 (the fixture web of tests/); nothing leaves the machine. The
persona webs of ../shared/personas are measured the same way when they are there (served by their own
../shared/eval/serve.py, each site under its hostname; a clone has no ../shared, and this says so).
Two lower bounds are printed beside the wall time:
  - critical path: the longest chain of dependent fetches (robots.txt, then each hop) times the latency;
    (a site first reached from another one needs its own robots.txt before its first page);
  - per-host bound: robots.txt, then the busiest host's requests divided by the per-host concurrency, times
    the latency.
Wall time is the median of three runs (--runs).
Peak memory is the Python heap peak (tracemalloc) during the run, and the process's peak RSS at the end.
"""

from __future__ import annotations

import argparse
import json
import math
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
import urllib.request
from collections import Counter
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from server.config import Settings  # noqa: E402
from server.events import Event, PageFailed, PageRead  # noqa: E402
from server.models import Person, ResearchRequest  # noqa: E402
from server.research import ResearchDeps, research  # noqa: E402
from server.research.fetch import Fetcher  # noqa: E402
from server.service.warmup import warm_up  # noqa: E402
from server.text.urls import host_of  # noqa: E402
from tests.fixture_web import FixtureWeb, free_port  # noqa: E402

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


def run_one(
    request: ResearchRequest,
    settings: Settings,
    latency: float,
    served: Callable[[], list[tuple[str, str]]],
    runs: int = 3,
) -> dict[str, float | int | str]:
    """`runs` timed runs (the median is reported), then one traced for memory; `served` gives the (host,
    path) requests the runs made."""
    walls = []
    for _ in range(runs):
        before = len(served())
        events: list[Event] = []
        started = time.perf_counter()
        with Fetcher(settings) as fetcher:
            dossier = research(request, ResearchDeps(settings=settings, fetcher=fetcher), events.append)
        walls.append(time.perf_counter() - started)
        requests = served()[before:]
    # Memory in a second, untimed run: tracing allocations slows Python several times over.
    tracemalloc.start()
    with Fetcher(settings) as fetcher:
        research(request, ResearchDeps(settings=settings, fetcher=fetcher), lambda _: None)
    _, heap_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    per_host = Counter(host for host, _ in requests)
    busiest = max(per_host.values(), default=0)
    return {
        "person": request.person.name,
        "requests": len(requests),
        "facts": len(dossier.facts),
        "wall_s": statistics.median(walls),
        "critical_s": critical_steps(events) * latency,
        # A host's robots.txt comes before all its pages, which go out per_host at a time.
        "host_bound_s": (math.ceil(busiest / settings.per_host_concurrency) + 1) * latency if busiest else 0,
        "heap_peak_mb": heap_peak / 1e6,
    }


def critical_steps(events: list[Event]) -> int:
    """The fewest requests one after another that any polite crawler needs to reach the pages this run
    fetched: a start host's robots.txt, then one request per hop; a site first reached at hop m (a talk
    linked from their blog) cannot have its robots.txt asked before a page at hop m - 1 named it, so its
    pages wait for m + 1 requests, then its robots.txt, then themselves."""
    fetched = [
        (e.data.hop, host_of(e.data.url))
        for e in events
        if isinstance(e, PageRead) or (isinstance(e, PageFailed) and e.data.status != "blocked")
    ]
    first_hop: dict[str, int] = {}
    for hop, host in fetched:
        first_hop[host] = min(hop, first_hop.get(host, hop))
    return max(
        (hop + 2 if first_hop[host] == 0 else max(hop + 2, first_hop[host] + 3) for hop, host in fetched),
        default=0,
    )


def fixture_rows(latency: float, runs: int, **tuning: int) -> list[dict[str, float | int | str]]:
    rows = []
    with FixtureWeb(latency=latency) as web:
        for request in PERSONAS:
            with tempfile.TemporaryDirectory() as home:  # an empty page cache for every run
                settings = Settings(
                    home=Path(home),
                    fetch_allowlist=("127.0.0.1",),
                    connect_to=(web.connect_to,),
                    fetch_retries=0,
                    **tuning,
                )
                web.reset_log()
                rows.append(run_one(request, settings, latency, lambda: list(web.requests), runs))
    return rows


Row = dict[str, float | int | str]


def persona_rows(folder: Path, latency: float, runs: int, **tuning: int) -> list[Row]:
    """The persona webs, each served by its own server with the latency added, each site under its name."""
    serve = folder.parent / "eval" / "serve.py"
    rows = []
    for gold_file in sorted(folder.glob("*/gold.json")):
        slug, given = gold_file.parent.name, json.loads(gold_file.read_text(encoding="utf-8"))["input"]
        hosts = sorted(p.name for p in (gold_file.parent / "sites").iterdir() if p.is_dir())
        with tempfile.TemporaryDirectory() as tmp:
            port, log = free_port(), Path(tmp) / "requests.jsonl"
            command = [sys.executable, str(serve), slug, "--port", str(port)]
            command += ["--latency-ms", str(round(latency * 1000)), "--log", str(log)]
            server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            try:
                _wait_for(port)
                log.write_text("")  # the readiness probe is not the run's

                settings = Settings(
                    home=Path(tmp) / "home",
                    fetch_allowlist=("127.0.0.1",),
                    connect_to=tuple(f"{p}{h}::127.0.0.1:{port}" for h in hosts for p in ("", "www.")),
                    fetch_retries=0,
                    **tuning,
                )
                request = ResearchRequest(
                    person=Person(name=given["name"], email=given.get("email"), company=given.get("company")),
                    urls=[f"http://{url}" for url in given["start_urls"]],
                )
                rows.append(run_one(request, settings, latency, lambda log=log: logged(log), runs))
            finally:
                server.terminate()
                server.wait(5)
    return rows


def logged(log: Path) -> list[tuple[str, str]]:
    """The (host, path) requests in serve.py's log, which writes each as "/<host>/<path>"."""
    lines = log.read_text(encoding="utf-8").splitlines() if log.is_file() else []
    paths = [json.loads(line)["path"].lstrip("/") for line in lines if line.strip()]
    return [(host, "/" + rest) for host, _, rest in (p.partition("/") for p in paths)]


def _wait_for(port: int) -> None:
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/robots.txt", timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"the persona server on port {port} did not start")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--latency", type=float, default=0.2, help="seconds added to every request")
    parser.add_argument("--personas", type=Path, default=ROOT.parent / "shared" / "personas")
    parser.add_argument("--runs", type=int, default=3, help="timed runs per person (the median is shown)")
    parser.add_argument("--concurrency", type=int, help="fetches at once (default: the setting's)")
    parser.add_argument("--per-host", type=int, help="fetches at once to one host (default: the setting's)")
    args = parser.parse_args()
    tuning = {
        name: value
        for name, value in (("fetch_concurrency", args.concurrency), ("per_host_concurrency", args.per_host))
        if value is not None
    }

    warm_up()  # what `serve` does at start: dateparser's language data loads before any run
    settings = Settings(**tuning)
    print(
        f"Research with {args.latency * 1000:.0f} ms added per request "
        f"(concurrency {settings.fetch_concurrency} global, {settings.per_host_concurrency} per host)"
    )
    print("The fixture web of tests/:")
    table(fixture_rows(args.latency, args.runs, **tuning))
    if any(args.personas.glob("*/gold.json")):
        print(f"The persona webs of {args.personas}:")
        table(persona_rows(args.personas, args.latency, args.runs, **tuning))
    else:
        print(f"{args.personas} is absent (it is not part of a clone): persona webs not measured.")
    print(f"process peak RSS: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


def table(rows: list[dict[str, float | int | str]]) -> None:
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


if __name__ == "__main__":
    main()

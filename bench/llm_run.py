"""Whole runs with the LLM engine: calls and tokens per run, and wall time against its lower bound.

    python bench/llm_run.py [--web-latency 0.2] [--llm-latency 1.0]

The LLM is the tests' OpenAI-compatible server (tests/fake_llm.py) on 127.0.0.1, answering after a fixed
delay; the web is the fixture web on 127.0.0.1 with its own delay per request. Nothing leaves the machine.
The server reports no token usage, so input and output tokens are the client's estimate (4 characters a
token) of what was really sent and received: the prompts are the real ones.

Two scenarios per persona: the LLM's first draft passes the checks (one call), or it invents a fact and is
asked for one revision (two calls). Lower bound = critical-path fetching + calls x LLM latency.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.research_latency import PERSONAS  # noqa: E402
from server.config import Settings  # noqa: E402
from server.events import Event, PageFailed, PageRead  # noqa: E402
from server.models import Dossier, RunRequest  # noqa: E402
from server.service.once import run_once  # noqa: E402
from server.service.warmup import warm_up  # noqa: E402
from server.writing.generosity import plan_packets  # noqa: E402
from server.writing.offline.writer import write_offline  # noqa: E402
from tests.fake_llm import FakeLLM, answer, slow  # noqa: E402
from tests.fixture_web import FixtureWeb  # noqa: E402

TODAY = date(2026, 11, 23)


def good_answer(request: RunRequest, web: FixtureWeb, home: Path) -> dict[str, object]:
    """A draft that passes the checks: what the offline writer says for the best packet, as JSON."""
    settings = Settings(home=home, fetch_allowlist=("127.0.0.1",), connect_to=(web.connect_to,))
    research_only = request.model_copy(update={"draft": False})
    run = run_once(research_only, settings, lambda _: None, today=TODAY)
    dossier = Dossier(person=run.person, facts=run.facts, sources=run.sources)
    packets, _ = plan_packets(dossier, None, None, today=TODAY)
    draft = write_offline(dossier, packets[0], None, None, today=TODAY)
    return {"subject": draft.subject, "body": draft.body, "fact_ids": draft.fact_ids}


def timed_run(request: RunRequest, web: FixtureWeb, llm: FakeLLM, home: Path) -> tuple[float, object, int]:
    settings = Settings(
        home=home,
        fetch_allowlist=("127.0.0.1",),
        connect_to=(web.connect_to,),
        fetch_retries=0,
        openai_base_url=llm.base_url,
        openai_api_key=llm.api_key,
        llm_retries=0,
        llm_timeout=30.0,
    )
    events: list[Event] = []
    started = time.perf_counter()
    run = run_once(request, settings, events.append, today=TODAY)
    wall = time.perf_counter() - started
    hops = [e.data.hop for e in events if isinstance(e, PageRead | PageFailed)]
    chain = (max(hops) + 1 if hops else 0) + 1  # + robots.txt before a host's first page
    return wall, run, chain


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--web-latency", type=float, default=0.2)
    parser.add_argument("--llm-latency", type=float, default=1.0)
    args = parser.parse_args()
    warm_up()

    rows = []
    with FixtureWeb(latency=args.web_latency) as web, FakeLLM() as llm, tempfile.TemporaryDirectory() as tmp:
        for number, research in enumerate(PERSONAS):
            request = RunRequest.model_validate(research.model_dump())
            good = good_answer(request, web, Path(tmp) / f"prep{number}")
            invented = {
                **good,
                "body": str(good["body"]).replace(",\n\n", ",\n\nCongrats on the Series C! ", 1),
            }
            scenarios = {
                "passes checks": [slow(args.llm_latency, answer(good, usage=None))],
                "one revision": [
                    slow(args.llm_latency, answer(invented, usage=None)),
                    slow(args.llm_latency, answer(good, usage=None)),
                ],
            }
            for name, steps in scenarios.items():
                llm.requests.clear()
                llm.script(*steps)
                wall, run, chain = timed_run(request, web, llm, Path(tmp) / f"{number}-{name}")
                usage = run.usage
                bound = chain * args.web_latency + usage.calls * args.llm_latency
                rows.append((run.person.name, name, usage, run.draft.engine, wall, bound))

    print(
        f"Runs with the LLM engine: web {args.web_latency * 1000:.0f} ms a request, "
        f"LLM {args.llm_latency:.1f} s an answer (tokens estimated from what was sent)"
    )
    header = (
        f"{'person':<15}{'scenario':<15}{'calls':>6}{'in tok':>8}{'out tok':>8}{'engine':>8}"
        f"{'wall s':>8}{'bound s':>9}{'wall/bound':>11}"
    )
    print(header)
    print("-" * len(header))
    for person, scenario, usage, engine, wall, bound in rows:
        print(
            f"{person:<15}{scenario:<15}{usage.calls:>6}{usage.input_tokens:>8}{usage.output_tokens:>8}"
            f"{engine:>8}{wall:>8.2f}{bound:>9.2f}{wall / bound:>11.2f}"
        )
    print("goal: at most 3 calls and under 8,000 input tokens per run")


if __name__ == "__main__":
    main()

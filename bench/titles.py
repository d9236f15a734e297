"""Title-finding on real team and contact pages (../shared/corpus/webstruct-dev): given only a person's name
and the page as "Use this page" hands it over, is their job title found?

Usage: python bench/titles.py [--corpus DIR] [-v]

Every link on these pages points at a real site: research runs with every host mapped to a closed loopback
port and nothing allowed past the address check, so no request leaves the machine. Figures, not pass/fail; a
clone without ../shared has no corpus, and this says so and stops.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from server.config import Settings  # noqa: E402
from server.models import CapturedPage, Person, ResearchRequest  # noqa: E402
from server.research import ResearchDeps, research  # noqa: E402
from server.research.fetch import Fetcher  # noqa: E402

DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "webstruct-dev"
# References the page itself contradicts, read by hand: the figure is printed on them as given and corrected.
AUDIT = Path(__file__).with_name("titles_audit.json")


def words(text: str | None) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", (text or "").lower()))


def found_in(title: str, got: str | None) -> bool:
    return bool(words(title)) and words(title) in words(got)


def corrections() -> dict[tuple[str, str, str], dict]:
    """The audited rows by (page, name, reference title)."""
    rows = json.loads(AUDIT.read_text(encoding="utf-8"))["rows"]
    return {(r["page"], r["name"], r["job_title"]): r for r in rows}


def research_title(deps: ResearchDeps, name: str, url: str, html: str) -> str | None:
    request = ResearchRequest(
        person=Person(name=name),
        # A page with no known address is handed over under a made-up one, as a saved file is.
        pages=[CapturedPage(url=url, html=html)],
    )
    return research(request, deps, lambda _: None).person.title


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("-v", "--verbose", action="store_true", help="one line per person")
    args = parser.parse_args(argv)
    if not args.corpus.is_dir():
        print(f"titles: {args.corpus} is absent (it is not part of a clone); nothing to measure.")
        return 0
    audit = corrections()
    found = people = pages = pages_found = 0
    fixed_found = fixed_people = 0
    with tempfile.TemporaryDirectory() as home:
        # Every host to a closed port, nothing allowed past the guard: links are refused, never fetched.
        settings = Settings(home=Path(home), connect_to=("::127.0.0.1:9",), fetch_retries=0, page_budget=3)
        with Fetcher(settings) as fetcher:
            deps = ResearchDeps(settings=settings, fetcher=fetcher)
            for folder in sorted(p for p in args.corpus.iterdir() if (p / "expected.json").is_file()):
                expected = json.loads((folder / "expected.json").read_text(encoding="utf-8"))
                html = (folder / "source.html").read_text(encoding="utf-8", errors="replace")
                url = expected.get("url") or f"http://{folder.name}.test/"
                pairs = [
                    p for p in expected.get("people_heuristic") or [] if p.get("name") and p.get("job_title")
                ]
                if not pairs:
                    continue
                pages += 1
                page_hits = 0
                for pair in pairs:
                    got = research_title(deps, pair["name"], url, html)
                    hit = found_in(pair["job_title"], got)
                    people += 1
                    found += hit
                    page_hits += hit
                    fix = audit.get((folder.name, pair["name"], pair["job_title"]))
                    fixed_hit = hit
                    if fix is not None:
                        titles = fix["corrected"]
                        titles = [titles] if isinstance(titles, str) else titles or []
                        if fix.get("corrected_name"):
                            got = research_title(deps, fix["corrected_name"], url, html)
                        fixed_hit = any(found_in(t, got) for t in titles)
                    if fix is None or fix["corrected"]:
                        fixed_people += 1
                        fixed_found += fixed_hit
                    if args.verbose:
                        mark = (
                            "ok "
                            if hit
                            else "ok*"
                            if fixed_hit and fix
                            else "n/a"
                            if fix and not fix["corrected"]
                            else "-- "
                        )
                        print(
                            f"{mark}{folder.name:14} {pair['name'][:28]:28} "
                            f"want {pair['job_title'][:30]!r:32} "
                            f"got {got!r}"
                        )
                pages_found += page_hits > 0
    print(f"Job titles found with a name and a captured page ({args.corpus.name}):")
    print(
        f"  people {found}/{people} ({found / max(1, people):.0%}), "
        f"pages with one found {pages_found}/{pages}"
    )
    print(
        f"  on references corrected where the page contradicts them ({AUDIT.name}, {len(audit)} rows): "
        f"people {fixed_found}/{fixed_people} ({fixed_found / max(1, fixed_people):.0%})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Score the extract stage against the shared corpus: trafilatura alone vs our extract_page.

Usage: python bench/extraction.py [--corpus DIR] [--details]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import trafilatura  # noqa: E402
from trafilatura.utils import decode_file  # noqa: E402

from server.research.extract.page import extract_page  # noqa: E402

DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus"
FIELDS = ("title", "author", "date")
# Separators a site name hangs off: "Headline | Site", "Headline - Site", "Headline : Site".
TITLE_SUFFIX = re.compile(r"\s+(?:\||-|·|::|:|：|»)\s+(?:(?!\s(?:\||-|·|::|:|：|»)\s).)*$")
NAME_SPLIT = re.compile(r"\s*(?:;|,|\band\b|&)\s*", re.IGNORECASE)


@dataclass(frozen=True)
class Guess:
    title: str | None
    author: str | None
    date: str | None


@dataclass
class Case:
    id: str
    source: str
    url: str
    html: str
    expected: dict


@dataclass
class Score:
    hits: int = 0
    n: int = 0

    def add(self, hit: bool) -> None:
        self.hits += hit
        self.n += 1

    def __str__(self) -> str:
        return f"{self.hits / self.n:5.0%}" if self.n else "    -"


@dataclass
class Tally:
    scores: dict[tuple[str, str, str], Score] = field(default_factory=dict)  # (source, contender, field)
    seconds: dict[tuple[str, str], float] = field(default_factory=dict)  # (source, contender)
    pages: dict[str, int] = field(default_factory=dict)

    def score(self, source: str, contender: str, name: str) -> Score:
        return self.scores.setdefault((source, contender, name), Score())


def run_trafilatura(html: str, url: str) -> Guess:
    """Contender (a): trafilatura's own metadata, as a user of the library would get it."""
    doc = trafilatura.bare_extraction(html, url=url or None, with_metadata=True)
    if doc is None:
        return Guess(None, None, None)
    return Guess(doc.title, doc.author, doc.date)


def run_ours(html: str, url: str) -> Guess:
    """Contender (b): our extract stage."""
    page = extract_page(html, url)
    return Guess(page.title, page.author, page.published)


CONTENDERS: dict[str, Callable[[str, str], Guess]] = {"ours": run_ours, "trafilatura": run_trafilatura}


# Typographic quotes and dashes: pages mix them between <title>, og:title and the headline.
TYPOGRAPHY = str.maketrans({"‘": "'", "’": "'", "‚": "'", "“": '"', "”": '"', "„": '"', "–": "-", "—": "-"})


def squash(text: str) -> str:
    return " ".join(text.translate(TYPOGRAPHY).split()).casefold()


def title_hit(got: str | None, want: str | None) -> bool:
    if not got or not want:
        return False
    got, want = squash(got), squash(want)
    # Either side may carry the site name; strip it from one side, never both.
    return got == want or TITLE_SUFFIX.sub("", got) == want or got == TITLE_SUFFIX.sub("", want)


def names(text: str) -> frozenset[str]:
    parts = (squash(re.sub(r"^\s*by\s+", "", p, flags=re.IGNORECASE)) for p in NAME_SPLIT.split(text))
    return frozenset(p for p in parts if p)


def author_hit(got: str | None, expected: dict) -> bool:
    if expected["byline_status"] == "rejected":
        return not got
    if not got:
        return False
    wants = [squash(expected["byline"])]
    got_names = names(got)
    # The reference may give the whole byline or the list of names; either counts.
    return squash(got) in wants or got_names in (
        names(expected["byline"]),
        frozenset(map(squash, expected["authors"])),
    )


def date_hit(got: str | None, want: str) -> bool:
    return bool(got) and got[:10] == want


def scored_fields(expected: dict) -> list[str]:
    wanted = []
    if expected.get("title"):
        wanted.append("title")
    if expected.get("byline") or expected.get("byline_status") == "rejected":
        wanted.append("author")
    if expected.get("published_date"):
        wanted.append("date")
    return wanted


def hit(name: str, guess: Guess, expected: dict) -> bool:
    if name == "title":
        return title_hit(guess.title, expected["title"])
    if name == "author":
        return author_hit(guess.author, expected)
    return date_hit(guess.date, expected["published_date"])


def load_corpus(corpus: Path) -> list[Case]:
    cases = []
    for expected_path in sorted(corpus.glob("*/*/expected.json")):
        expected = json.loads(expected_path.read_text(encoding="utf-8"))
        # Same decoding for both contenders: the fetch stage hands extract a str.
        html = decode_file((expected_path.parent / "source.html").read_bytes())
        source = expected_path.parent.parent.name
        cases.append(Case(expected["id"], source, expected.get("url") or "", html, expected))
    return cases


def run(cases: list[Case], details: bool) -> Tally:
    tally = Tally()
    guesses: dict[tuple[str, str], Guess] = {}
    # The first pass scores and warms both contenders' lazy caches (dateparser compiles its locales on
    # first use, and both sides use it); the second pass is the one timed: a long-running service's speed.
    for name, contender in CONTENDERS.items():
        for case in cases:
            guesses[name, case.id] = contender(case.html, case.url)
    for name, contender in CONTENDERS.items():
        for case in cases:
            start = time.perf_counter()
            contender(case.html, case.url)
            key = (case.source, name)
            tally.seconds[key] = tally.seconds.get(key, 0.0) + time.perf_counter() - start
    for case in cases:
        tally.pages[case.source] = tally.pages.get(case.source, 0) + 1
        for field_name in scored_fields(case.expected):
            hits = {name: hit(field_name, guesses[name, case.id], case.expected) for name in CONTENDERS}
            for name, ok in hits.items():
                tally.score(case.source, name, field_name).add(ok)
                tally.score("overall", name, field_name).add(ok)
            if details and not all(hits.values()):
                print_miss(case, field_name, {name: guesses[name, case.id] for name in CONTENDERS}, hits)
    return tally


def print_miss(case: Case, field_name: str, guesses: dict[str, Guess], hits: dict[str, bool]) -> None:
    want = {
        "title": case.expected["title"],
        "author": case.expected["byline"] if case.expected["byline_status"] != "rejected" else "(no author)",
        "date": case.expected["published_date"],
    }[field_name]
    got = "  ".join(
        f"{name}{'+' if hits[name] else '-'}={getattr(guesses[name], field_name)!r}" for name in guesses
    )
    print(f"MISS {field_name:6} {case.id}: want {want!r}  {got}")


def print_table(tally: Tally) -> None:
    sources = sorted(tally.pages) + ["overall"]
    tally.pages["overall"] = sum(tally.pages.values())
    for contender in CONTENDERS:
        tally.seconds["overall", contender] = sum(
            seconds for (source, name), seconds in tally.seconds.items() if name == contender
        )
    header = f"{'source':12} {'pages':>5} |"
    for name in FIELDS:
        header += f" {name + ' n':>8} {'traf':>5} {'ours':>5} |"
    header += f" {'pages/s traf':>12} {'ours':>5}"
    print(header)
    print("-" * len(header))
    for source in sources:
        row = f"{source:12} {tally.pages[source]:5} |"
        for name in FIELDS:
            ours, traf = tally.score(source, "ours", name), tally.score(source, "trafilatura", name)
            row += f" {ours.n:8} {traf!s:>5} {ours!s:>5} |"
        speeds = [tally.pages[source] / tally.seconds[source, name] for name in ("trafilatura", "ours")]
        row += f" {speeds[0]:12.1f} {speeds[1]:5.1f}"
        print(row)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--corpus", type=Path, default=DEFAULT_CORPUS, help="corpus folder (default: %(default)s)"
    )
    parser.add_argument("--details", action="store_true", help="list every page a contender got wrong")
    args = parser.parse_args(argv)
    if not args.corpus.is_dir():
        print(f"No corpus at {args.corpus}: nothing to measure (pass --corpus DIR).")
        return 0
    cases = load_corpus(args.corpus)
    if not cases:
        print(f"No <source>/<page>/expected.json under {args.corpus}: nothing to measure.")
        return 0
    print_table(run(cases, args.details))
    return 0


if __name__ == "__main__":
    sys.exit(main())

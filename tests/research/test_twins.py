"""One page under two addresses counts once: a tracked link to it, and a filtered view of it that names the
page as its canonical address (a conference programme's "?track=" view, a speaker list's). A canonical
address on another path, or on a site's front page, says nothing of which page it is."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from server.models import Dossier, Person, ResearchRequest, Source
from server.research import ResearchDeps, research
from server.research.fetch import Fetcher
from tests.fixture_web import WEB_ROOT, FixtureWeb, Reply
from tests.support.persona import DANA_PERSON

PRIYANKA = Person(name="Priyanka Shah", company="Second Thread")
PROGRAMME = "http://greenretailsummit.test/2026/programme/"
SPEAKERS = "http://datasummit.test/2026/speakers"


def fixture_page(host: str, path: str) -> str:
    return (WEB_ROOT / host / path).read_text(encoding="utf-8")


def with_canonical(html: str, href: str) -> str:
    return html.replace("</head>", f'  <link rel="canonical" href="{href}">\n</head>', 1)


def resale_track() -> str:
    """The programme filtered to one track, as a WordPress events plugin serves it: the other sessions gone,
    the programme itself named as the canonical address, in full."""
    html = fixture_page("greenretailsummit.test", "2026/programme/index.html")
    html = re.sub(
        r'<section class="session">\s*<h3>(?:Opening keynote|Fixing).*?</section>', "", html, flags=re.S
    )
    return with_canonical(html, PROGRAMME)


def ops_track() -> str:
    """A speaker list filtered to one track, as a Squarespace-style site serves it: a relative canonical."""
    html = fixture_page("datasummit.test", "2026/speakers.html")
    html = re.sub(r'<div class="speaker">\s*<h3>Ben Carter</h3>.*?</div>', "", html, count=1, flags=re.S)
    return with_canonical(html, "/2026/speakers")


def researched(tmp_path: Path, web: FixtureWeb, person: Person, urls: list[str]) -> Dossier:
    settings = web.settings(tmp_path)
    with Fetcher(settings) as fetcher:
        deps = ResearchDeps(settings=settings, fetcher=fetcher)
        return research(ResearchRequest(person=person, urls=urls), deps, lambda _: None)


def source(dossier: Dossier, url: str) -> Source:
    return next(s for s in dossier.sources if s.url == url)


@pytest.mark.parametrize(
    ("person", "page", "view", "body"),
    [
        (PRIYANKA, PROGRAMME, f"{PROGRAMME}?track=resale", resale_track),
        (DANA_PERSON, SPEAKERS, f"{SPEAKERS}?track=ops", ops_track),
    ],
    ids=["absolute-canonical", "relative-canonical"],
)
def test_a_filtered_view_naming_the_page_as_canonical_counts_once(
    tmp_path: Path, person: Person, page: str, view: str, body: Callable[[], str]
) -> None:
    with FixtureWeb() as web:
        host, path = view.split("/", 3)[2], "/" + view.split("/", 3)[3]
        web.route(host, path, Reply(200, body()))
        dossier = researched(tmp_path, web, person, [page, view])
    assert source(dossier, page).status == "used"
    assert (source(dossier, view).status, source(dossier, view).reason) == (
        "skipped",
        f"the same page as {page}",
    )
    assert all(fact.source_url != view for fact in dossier.facts)


def test_a_tracked_link_to_a_page_given_is_not_read_twice(tmp_path: Path) -> None:
    team = "http://northwind.test/team"
    tracked = f"{team}?utm_source=newsletter&utm_medium=email&utm_campaign=q4"
    with FixtureWeb() as web:
        dossier = researched(tmp_path, web, DANA_PERSON, [team, tracked])
        asked = [path for path in web.requested("northwind.test") if path.startswith("/team")]
    assert asked == ["/team"]
    assert source(dossier, team).status == "used"
    assert (source(dossier, tracked).status, source(dossier, tracked).reason) == (
        "skipped",
        f"the same page as {team}",
    )


@pytest.mark.parametrize(
    ("other", "host", "path", "canonical", "file"),
    [
        # Last year's speakers, misconfigured to call this year's list their canonical address.
        ("http://datasummit.test/2023/speakers", "datasummit.test", "/2023/speakers", SPEAKERS,
         "2023/speakers.html"),
        # A blog without pretty addresses: a post is its front page with a query, its canonical the front.
        ("http://danaokafor.test/?p=7", "danaokafor.test", "/?p=7", "http://danaokafor.test/",
         "posts/streaming-migration.html"),
    ],
    ids=["another-path", "front-page-query"],
)  # fmt: skip
def test_a_canonical_address_elsewhere_does_not_make_two_pages_one(
    tmp_path: Path, other: str, host: str, path: str, canonical: str, file: str
) -> None:
    first = SPEAKERS if host == "datasummit.test" else "http://danaokafor.test/"
    with FixtureWeb() as web:
        web.route(host, path, Reply(200, with_canonical(fixture_page(host, file), canonical)))
        dossier = researched(tmp_path, web, DANA_PERSON, [first, other])
    assert source(dossier, first).status == "used"
    assert source(dossier, other).status == "used"

"""The research half end to end on the fixture web: three personas, what a user should find and never find."""

from __future__ import annotations

import html
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from server import storage
from server.config import Settings
from server.events import Event, PageFacts, PageJudged, PageRead
from server.models import CapturedPage, Dossier, Person, ResearchRequest
from server.research import ResearchDeps, research
from server.research.discover import own_sites
from server.research.facts.dedupe import near_duplicate
from server.research.fetch import Fetcher
from tests.fixture_web import WEB_ROOT, FixtureWeb, Reply
from tests.support.persona import DANA_PERSON, DANA_URLS

# Her pages, an older talk that still names her old role, and a namesake's page (a pastry chef).
DANA = ResearchRequest(
    person=DANA_PERSON,
    urls=[*DANA_URLS, "http://datasummit.test/2023/speakers", "http://sweetcrumb.test/about"],
)
MIGUEL = ResearchRequest(
    person=Person(name="Miguel Santos", email="miguel.santos.ops@gmail.com"),
    urls=["http://tidewater.test/", "http://freightcast.test/episodes/42", "http://miguelsantos.test/"],
)
PRIYA = ResearchRequest(
    person=Person(name="Priya Raman", email="priya@fernhill.test"),
    urls=["http://priyaraman.test/talks", "http://smiledental.test/team"],
)


@dataclass
class Outcome:
    dossier: Dossier
    events: list[Event]
    requests: list[tuple[str, str]]

    def source(self, url: str) -> object:
        return next(s for s in self.dossier.sources if s.url == url)

    def texts(self) -> str:
        return " ".join(f"{f.text} {f.quote}" for f in self.dossier.facts).lower()


def run(request: ResearchRequest, web: FixtureWeb, tmp: Path, **overrides: object) -> Outcome:
    web.reset_log()
    events: list[Event] = []
    settings = web.settings(tmp, **overrides)
    with Fetcher(settings) as fetcher:
        dossier = research(request, ResearchDeps(settings=settings, fetcher=fetcher), events.append)
    return Outcome(dossier, events, list(web.requests))


@pytest.fixture(scope="module")
def module_web() -> Iterator[FixtureWeb]:
    with FixtureWeb() as server:
        yield server


@pytest.fixture(scope="module")
def dana(module_web: FixtureWeb, tmp_path_factory: pytest.TempPathFactory) -> Outcome:
    return run(DANA, module_web, tmp_path_factory.mktemp("dana"))


@pytest.fixture(scope="module")
def miguel(module_web: FixtureWeb, tmp_path_factory: pytest.TempPathFactory) -> Outcome:
    return run(MIGUEL, module_web, tmp_path_factory.mktemp("miguel"))


@pytest.fixture(scope="module")
def priya(module_web: FixtureWeb, tmp_path_factory: pytest.TempPathFactory) -> Outcome:
    return run(PRIYA, module_web, tmp_path_factory.mktemp("priya"))


# --- who the person is now --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "title", "company"),
    [
        ("dana", "VP of Data Engineering", "Northwind Analytics"),
        ("miguel", "Head of Partnerships", "Tidewater Logistics"),
        ("priya", "Chief Technology Officer", "Fernhill Robotics"),
    ],
)
def test_the_current_title_and_company_come_from_the_pages(
    persona: str, title: str, company: str, request: pytest.FixtureRequest
) -> None:
    person = request.getfixturevalue(persona).dossier.person
    assert (person.title, person.company) == (title, company)


def test_the_current_title_says_since_when_and_an_award_is_no_start(dana: Outcome, miguel: Outcome) -> None:
    # Dana was promoted on 2 March 2026; Miguel was "named" Innovator of the Year, which is not a new role.
    assert dana.dossier.person.title_since == "2026-03-02"
    assert miguel.dossier.person.title_since is None


def test_an_older_title_is_kept_as_history_but_never_current(dana: Outcome) -> None:
    old = [f for f in dana.dossier.facts if "Senior Data Engineer" in f.text]
    assert old and all(f.superseded for f in old)
    assert dana.dossier.person.title != "Senior Data Engineer"


def test_a_company_learned_from_one_page_lets_research_accept_another(miguel: Outcome) -> None:
    # Miguel writes from gmail and nobody said where he works: the leadership page says so, and then the
    # podcast page that names "Miguel Santos, Head of Partnerships at Tidewater Logistics" is his.
    assert miguel.source("http://freightcast.test/episodes/42").status == "used"
    assert any(
        f.kind == "podcast" and "Building carrier partnerships" in f.text for f in miguel.dossier.facts
    )


# --- facts, grounded ---------------------------------------------------------------------------------


def page_text(url: str) -> str:
    """The fixture file behind a URL, its markup dropped and entities decoded, whitespace folded."""
    host, _, path = url.removeprefix("http://").partition("/")
    site = WEB_ROOT / host
    for candidate in (site / path, site / path / "index.html", site / f"{path.rstrip('/')}.html"):
        if candidate.is_file():
            raw = html.unescape(re.sub(r"<[^>]+>", " ", candidate.read_text(encoding="utf-8")))
            return folded(raw)
    raise AssertionError(f"no fixture file for {url}")


def folded(text: str) -> str:
    """Whitespace folded, and none before punctuation (where an inline tag ended: "<b>Dana</b>, VP")."""
    return re.sub(r"\s+([,.;:!?])", r"\1", " ".join(text.split()))


@pytest.mark.parametrize("persona", ["dana", "miguel", "priya"])
def test_every_fact_quotes_its_source_word_for_word(persona: str, request: pytest.FixtureRequest) -> None:
    outcome: Outcome = request.getfixturevalue(persona)
    assert outcome.dossier.facts
    for fact in outcome.dossier.facts:
        quote = " ".join(fact.quote.replace("[...]", " ").split())
        parts = [p.strip(" .…") for p in re.split(r"\s*\[\.\.\.\]\s*|…", fact.quote) if p.strip(" .…")]
        text = page_text(fact.source_url)
        assert all(folded(p) in text for p in parts), f"{quote!r} not on {fact.source_url}"
        assert fact.date is None or re.fullmatch(r"\d{4}-\d{2}-\d{2}", fact.date)


@pytest.mark.parametrize(
    ("persona", "kind", "words"),
    [
        ("dana", "article", "400 batch pipelines to streaming"),
        ("dana", "talk", "Streaming without tears"),
        ("miguel", "award", "Logistics Innovator of the Year"),
        ("priya", "education", "Carnegie Mellon"),
        ("priya", "article", "Field trials"),
    ],
)
def test_what_the_person_did_is_found(
    persona: str, kind: str, words: str, request: pytest.FixtureRequest
) -> None:
    facts = request.getfixturevalue(persona).dossier.facts
    assert any(f.kind == kind and words.lower() in f.text.lower() for f in facts)


def test_facts_two_links_deep_are_found(dana: Outcome, miguel: Outcome) -> None:
    # Reachable only as home -> news index -> release.
    assert dana.source("http://northwind.test/news/dana-promoted").status == "used"
    assert miguel.source("http://tidewater.test/newsroom/2026-innovator-award").status == "used"


def test_other_speakers_talks_are_not_hers(dana: Outcome) -> None:
    talks = [f.text for f in dana.dossier.facts if f.kind == "talk"]
    assert talks and all("Streaming without tears" in t or "Backfills" in t for t in talks)


def test_company_goals_come_from_the_company_site(dana: Outcome) -> None:
    goals = [f for f in dana.dossier.facts if f.kind == "company_goal"]
    assert any("European office" in f.text for f in goals)
    assert all(f.source_url.startswith("http://northwind.test/") for f in goals)


def test_a_page_used_says_whether_it_is_about_them_or_only_their_company(dana: Outcome) -> None:
    # "Not this person" is offered on the pages about them, never on their company's home page.
    subjects = {s.url: s.subject for s in dana.dossier.sources if s.status == "used"}
    assert subjects["http://northwind.test/team"] == "person"
    assert subjects["http://danaokafor.test/posts/streaming-migration"] == "person"
    assert subjects["http://northwind.test/"] == subjects["http://northwind.test/blog/"] == "company"
    assert all(s.subject is None for s in dana.dossier.sources if s.status != "used")


def test_the_dossier_never_repeats_a_statement(dana: Outcome) -> None:
    # The news index's teaser ("Dana Okafor promoted to VP of Data Engineering Northwind names...") repeats
    # the release it links to: only the release's fact is kept.
    current = [f for f in dana.dossier.facts if not f.superseded]
    repeats = [
        (a.source_url, a.quote, b.source_url, b.quote)
        for a, b in itertools.combinations(current, 2)
        if near_duplicate(a.quote, b.quote)
    ]
    assert not repeats
    assert any(f.source_url == "http://northwind.test/news/dana-promoted" for f in current)


# --- what must never be used ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "namesake", "because"),
    [
        ("dana", "http://sweetcrumb.test/about", "pastry chef"),
        ("priya", "http://smiledental.test/team", "dentist"),
    ],
)
def test_a_namesake_is_kept_as_a_source_with_the_reason(
    persona: str, namesake: str, because: str, request: pytest.FixtureRequest
) -> None:
    outcome: Outcome = request.getfixturevalue(persona)
    source = outcome.source(namesake)
    assert source.status == "not_about_person" and because in source.reason
    assert not any(f.source_url == namesake for f in outcome.dossier.facts)


def test_sensitive_details_never_become_facts_and_a_warning_counts_them(dana: Outcome) -> None:
    for word in ("surgery", "children", "church", "recovery"):
        assert word not in dana.texts()
    (warning,) = [w for w in dana.dossier.warnings if "sensitive" in w]
    assert re.search(r"Left out \d+ sensitive details", warning)
    assert "surgery" not in warning.lower()  # how many, never what


def test_text_that_instructs_an_ai_is_dropped_and_reported(miguel: Outcome) -> None:
    for word in ("ignore", "wire", "deposit", "ai models", "assistant"):
        assert word not in miguel.texts()
    assert any("tried to instruct an AI" in w for w in miguel.dossier.warnings)
    assert miguel.source("http://miguelsantos.test/").status == "used"  # the rest of the page still counts


@pytest.mark.parametrize(
    ("persona", "host", "path"),
    [("dana", "northwind.test", "/internal/roadmap"), ("priya", "priyaraman.test", "/private/")],
)
def test_robots_txt_is_honoured(persona: str, host: str, path: str, request: pytest.FixtureRequest) -> None:
    outcome: Outcome = request.getfixturevalue(persona)
    assert (host, path) not in outcome.requests
    assert "ROBOTS-DISALLOWED" not in " ".join(f.quote for f in outcome.dossier.facts)


def test_a_free_mail_domain_is_never_crawled(miguel: Outcome) -> None:
    assert {host for host, _ in miguel.requests} <= {
        "tidewater.test",
        "freightcast.test",
        "miguelsantos.test",
    }


def test_links_are_followed_only_inside_the_same_site(dana: Outcome) -> None:
    # Dana's blog links to datasummit.test and elsewhere; only the pages given or found on-site are read.
    hosts = {host for host, _ in dana.requests}
    assert hosts <= {"danaokafor.test", "datasummit.test", "sweetcrumb.test", "northwind.test"}


# --- progress ------------------------------------------------------------------------------------------


def test_progress_events_tell_the_story_in_order(dana: Outcome) -> None:
    stages = [(e.stage, e.type) for e in dana.events]
    assert stages[0] == ("run", "started")
    assert stages[1] == ("discover", "started")
    assert stages[-1] == ("facts", "done")
    pages_read = [e for e in dana.events if isinstance(e, PageRead)]
    assert {e.data.url for e in pages_read} >= {"http://danaokafor.test/", "http://northwind.test/team"}
    assert any(isinstance(e, PageJudged) and e.data.subject == "none" for e in dana.events)
    assert any(isinstance(e, PageFacts) and e.data.facts for e in dana.events)


# --- limits and odd inputs -------------------------------------------------------------------------------


def test_the_page_budget_caps_what_is_read(module_web: FixtureWeb, tmp_path: Path) -> None:
    outcome = run(DANA, module_web, tmp_path, page_budget=3)
    pages = [path for _, path in outcome.requests if path != "/robots.txt"]
    assert len(pages) <= 3
    skipped = [s for s in outcome.dossier.sources if s.status == "skipped"]
    assert skipped and all("budget" in s.reason for s in skipped)


def test_pages_marked_not_this_person_are_never_read(module_web: FixtureWeb, tmp_path: Path) -> None:
    request = DANA.model_copy(update={"exclude_urls": ["http://sweetcrumb.test/about"]})
    outcome = run(request, module_web, tmp_path)
    assert ("sweetcrumb.test", "/about") not in outcome.requests
    assert outcome.source("http://sweetcrumb.test/about").status == "skipped"


def test_a_captured_page_is_used_without_fetching(module_web: FixtureWeb, tmp_path: Path) -> None:
    saved = (
        "<html><head><title>Dana Okafor – bio</title></head><body><main><p>Dana Okafor is VP of Data "
        "Engineering at Northwind Analytics. Dana Okafor was named to the Seattle Data 40 under 40 list "
        "in October 2026.</p></main></body></html>"
    )
    request = ResearchRequest(
        person=DANA.person, pages=[CapturedPage(url="http://saved.test/bio", html=saved)]
    )
    outcome = run(request, module_web, tmp_path)
    assert outcome.source("http://saved.test/bio").status == "used"
    assert not [r for r in outcome.requests if r[0] == "saved.test"]
    assert any(f.source_url == "http://saved.test/bio" for f in outcome.dossier.facts)


def test_unreadable_pages_become_sources_with_reasons_and_the_run_goes_on(
    fresh_web: FixtureWeb, tmp_path: Path
) -> None:
    fresh_web.route("broken.test", "/gone", Reply(404, "<h1>Not here</h1>"))
    request = ResearchRequest(
        person=DANA.person,
        urls=[
            "http://broken.test/gone",
            "http://northwind.test/files/report.pdf",
            "http://northwind.test/team",
        ],
    )
    outcome = run(request, fresh_web, tmp_path)
    assert outcome.source("http://broken.test/gone").status == "failed"
    assert "404" in outcome.source("http://broken.test/gone").reason
    assert outcome.source("http://northwind.test/files/report.pdf").status == "skipped"
    assert outcome.dossier.person.title == "VP of Data Engineering"


def test_a_private_address_is_refused_and_the_run_goes_on(fresh_web: FixtureWeb, tmp_path: Path) -> None:
    # No allowlist: the fixture web on 127.0.0.1 is loopback, refused before any connection.
    settings = Settings(home=tmp_path, connect_to=(fresh_web.connect_to,), fetch_retries=0)
    events: list[Event] = []
    with Fetcher(settings) as fetcher:
        dossier = research(
            ResearchRequest(person=DANA.person, urls=["http://danaokafor.test/"]),
            ResearchDeps(settings=settings, fetcher=fetcher),
            events.append,
        )
    assert fresh_web.requested() == []
    assert {s.status for s in dossier.sources} == {"blocked"}
    assert any("add a URL" in w for w in dossier.warnings)


@pytest.mark.parametrize("request_", [DANA, MIGUEL], ids=["dana", "miguel"])
def test_the_same_web_gives_the_same_dossier_whatever_the_timing_or_the_cache(
    request_: ResearchRequest, tmp_path: Path
) -> None:
    """Pages once counted in the order their fetches finished, so which pages fit the budget (and so the
    facts) changed from one run to the next: fetches now finish in three different orders, once from a
    warm cache, and the dossier must not move."""
    dossiers = []
    for seed, folder in ((1, "first"), (2, "second"), (1, "first")):  # the last reads the first's cache
        with FixtureWeb(jitter=0.05, seed=seed) as jittery:
            settings = jittery.settings(tmp_path / folder, page_budget=8)
            engine = storage.make_engine(settings)
            try:
                with Fetcher(settings, cache=storage.SqlPageCache(engine)) as fetcher:
                    deps = ResearchDeps(settings=settings, fetcher=fetcher)
                    dossiers.append(research(request_, deps, lambda _: None).model_dump(mode="json"))
            finally:
                engine.dispose()
    assert dossiers[0]["facts"], "the persona should have facts on the fixture web"
    assert dossiers[1] == dossiers[0]
    assert dossiers[2] == dossiers[0]


def test_dead_links_do_not_spend_the_page_budget(fresh_web: FixtureWeb, tmp_path: Path) -> None:
    """Every fetch once counted against the budget, so a site of dead links kept its one live page unread."""
    dead = "".join(f'<li><a href="/talks/{n}">Dana Okafor talk {n}</a></li>' for n in range(4))
    fresh_web.routes[("danaokafor.test", "/")] = Reply(
        body=f"<html><head><title>Dana Okafor</title></head><body><main><h1>Dana Okafor</h1>"
        f"<p>I lead data engineering at Northwind Analytics.</p><ul>{dead}"
        '<li><a href="/now">What I am working on</a></li></ul></main></body></html>'
    )
    fresh_web.routes[("danaokafor.test", "/now")] = Reply(
        body="<html><head><title>Now</title></head><body><main><h1>What Dana Okafor is working on</h1>"
        "<p>Dana Okafor is writing a guide to streaming pipelines for retailers.</p></main></body></html>"
    )
    dana = Person(name="Dana Okafor", company="Northwind Analytics")  # no email: one site, one budget
    outcome = run(
        ResearchRequest(person=dana, urls=["http://danaokafor.test/"]), fresh_web, tmp_path, page_budget=2
    )
    assert ("danaokafor.test", "/now") in outcome.requests
    assert outcome.source("http://danaokafor.test/now").status == "used"
    assert [s.status for s in outcome.dossier.sources].count("failed") == 4


def test_a_page_you_gave_leads_on_even_when_it_does_not_name_the_person(
    fresh_web: FixtureWeb, tmp_path: Path
) -> None:
    """A start page judged "not about the person" lost all its links: a conference programme that lists talk
    titles only never led to the talk page that names her."""
    fresh_web.routes[("confwest.test", "/2026/programme")] = Reply(
        body="<html><head><title>Programme – ConfWest 2026</title></head><body><main><h1>Programme</h1><ul>"
        '<li><a href="/2026/talks/streaming-at-scale">Streaming at scale</a></li>'
        '<li><a href="/2026/talks/forecasting">Forecasting the holiday rush</a></li></ul>'
        "</main></body></html>"
    )
    fresh_web.routes[("confwest.test", "/2026/talks/streaming-at-scale")] = Reply(
        body="<html><head><title>Streaming at scale – ConfWest 2026</title></head><body><main>"
        "<h1>Streaming at scale</h1><p>Dana Okafor, VP of Data Engineering at Northwind Analytics, "
        "spoke about moving 400 batch pipelines to streaming.</p></main></body></html>"
    )
    request = ResearchRequest(person=DANA_PERSON, urls=["http://confwest.test/2026/programme"])
    outcome = run(request, fresh_web, tmp_path)
    assert outcome.source("http://confwest.test/2026/programme").status == "not_about_person"
    talk = outcome.source("http://confwest.test/2026/talks/streaming-at-scale")
    assert talk.status == "used" and "names Dana Okafor" in talk.reason


@pytest.mark.parametrize("front", ["/", "/index.html", "/default.aspx"])
def test_a_front_page_you_gave_makes_the_site_theirs_whatever_its_file_name(front: str) -> None:
    """ "/index.html" was not taken for a site's root: a blog given that way was not their own site."""
    request = ResearchRequest(person=DANA_PERSON, urls=[f"http://dana-writes.test{front}"])
    assert "dana-writes.test" in own_sites(request, Settings())

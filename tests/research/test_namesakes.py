"""The right person, end to end on the fixture web: Anna Becker of Wattwerk Energie in Berlin, and the other
Anna Beckers the user or the crawl runs into (a dentist's personal site in Austin, an architect's studio
in Vienna, a people-search page, a German newspaper, a runners' club in Graz, a conference listing two)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from server.models import Person, ResearchRequest
from server.research import ResearchDeps, research
from server.research.fetch import Fetcher
from tests.fixture_web import FixtureWeb
from tests.support.runs import Outcome, run

ANNA = Person(name="Anna Becker", email="anna.becker@wattwerk.test")
DENTIST_SITE = "http://annabecker.test/"
DENTIST_POST = "http://annabecker.test/journal/ten-years"
ARCHITECT_SITE = "http://studio-becker.test/"
ARCHITECT_POST = "http://studio-becker.test/journal/holz-im-hochhaus"
PEOPLE_SEARCH = "http://peoplefinder.test/name/anna-becker"
NEWSPAPER = "http://badischer-bote.test/freiburg/2026/10/zahnaerztin-ehrenamt"
RUNNERS = "http://meetup-runners.test/members/anna-becker"
SPEAKERS = "http://futurecities.test/2026/speakers"
PROGRAMME = "http://gridtalks.test/2026/data-night"
HER_BLOG = "http://datenfluss.test/2026/10/smart-meter-latency"
HER_OLDER_POST = "http://datenfluss.test/2026/08/hello-bees"
# Everything the user handed over, her own pages and the namesakes' alike.
EVERYTHING = [DENTIST_SITE, ARCHITECT_SITE, PEOPLE_SEARCH, NEWSPAPER, RUNNERS, SPEAKERS, PROGRAMME, HER_BLOG]
# What only the namesakes' pages say.
THEIRS = re.compile(
    r"dentist|zahn|architect|timber|austin|freiburg|graz|vienna|south congress|schöckl|hanse|offshore", re.I
)


@pytest.fixture(scope="module")
def module_web() -> Iterator[FixtureWeb]:
    with FixtureWeb() as server:
        yield server


@pytest.fixture(scope="module")
def anna(module_web: FixtureWeb, tmp_path_factory: pytest.TempPathFactory) -> Outcome:
    return run(ResearchRequest(person=ANNA, urls=EVERYTHING), module_web, tmp_path_factory.mktemp("anna"))


@pytest.mark.parametrize(
    ("url", "because"),
    [
        # A personal site named after her, given by the user: another profession, another country.
        (DENTIST_SITE, "names an Anna Becker, but a dentist at Becker Family Dentistry"),
        # A studio site whose copyright line names her, in German: its address says Vienna.
        (ARCHITECT_SITE, "names an Anna Becker, but an architect in Wien, Austria"),
        (PEOPLE_SEARCH, "lists several people of that name (Berlin, Germany; Hamburg, Germany; Austin, TX)"),
        (NEWSPAPER, "names an Anna Becker, but a dentist in Freiburg"),
        # Placed in Graz by its structured data: Berlin is learned from Wattwerk's site after it was read.
        (RUNNERS, "names an Anna Becker, but someone in Graz, Austria"),
    ],
)
def test_a_namesakes_page_the_user_gave_stays_out_with_the_reason(
    anna: Outcome, url: str, because: str
) -> None:
    source = anna.source(url)
    assert source.status == "not_about_person"
    assert source.reason and because in source.reason
    assert anna.facts_from(url) == []


@pytest.mark.parametrize(
    ("url", "site_of"),
    [
        (DENTIST_POST, "on annabecker.test, the site of another Anna Becker: a dentist"),
        (
            ARCHITECT_POST,
            "on studio-becker.test, the site of another Anna Becker: an architect in Wien, Austria",
        ),
    ],
)
def test_every_page_of_a_namesakes_site_stays_out_even_in_a_first_name_voice(
    anna: Outcome, url: str, site_of: str
) -> None:
    """ "Hi, I'm Anna" posts, signed with a first name and © Anna Becker, were hers on a site given."""
    source = anna.source(url)
    assert source.status == "not_about_person"
    assert source.reason and source.reason.startswith(site_of)


def test_no_fact_and_no_title_comes_from_a_namesake(anna: Outcome) -> None:
    assert anna.dossier.person.title and "Head of Data Platform" in anna.dossier.person.title
    assert [f.text for f in anna.dossier.facts if THEIRS.search(f"{f.text} {f.quote}")] == []


@pytest.mark.parametrize(
    ("url", "hers", "not_hers"),
    [
        # One line per speaker; the other Anna Becker is an architect from Vienna.
        (SPEAKERS, "Head of Data Platform", ["Architect", "Timber"]),
        # A programme table with a talk per row and a JSON-LD Event per talk; the other works in Hamburg.
        (PROGRAMME, "Meter data in real time", ["Hanse Wind", "Forecasting offshore wind"]),
    ],
)
def test_a_namesake_listed_beside_her_gives_nothing_but_her_own_entry_does(
    anna: Outcome, url: str, hers: str, not_hers: list[str]
) -> None:
    """A conference listed two Anna Beckers: the architect from Vienna became her title."""
    assert anna.source(url).status == "used"
    facts = " ".join(f"{f.text} {f.quote}" for f in anna.page_gave(url))
    assert hers in facts
    assert [words for words in not_hers if words in facts] == []


def test_a_site_shown_to_be_hers_speaks_in_her_voice_on_every_page(anna: Outcome) -> None:
    """Her blog names her beside Wattwerk on one post; its other posts only say "Hi, I'm Anna"."""
    assert anna.source(HER_BLOG).status == "used"
    older = anna.source(HER_OLDER_POST)
    assert older.status == "used" and older.reason and "on datenfluss.test, their own site" in older.reason


def test_with_nothing_known_but_the_name_a_page_the_user_gave_is_theirs(
    module_web: FixtureWeb, tmp_path: Path
) -> None:
    outcome = run(
        ResearchRequest(person=Person(name="Anna Becker"), urls=[DENTIST_SITE]), module_web, tmp_path
    )
    assert outcome.source(DENTIST_SITE).status == "used"


def test_what_the_sender_wrote_about_her_is_known_too(module_web: FixtureWeb, tmp_path: Path) -> None:
    """Her note says she moved from Graz: a runners' club there is no longer another person's."""
    note = "Anna moved from Graz to Berlin in 2024; she still runs the Schöckl sunrise run every year."
    request = ResearchRequest(person=ANNA, urls=[RUNNERS], context=note)
    assert run(request, module_web, tmp_path).source(RUNNERS).status == "used"


def test_what_is_learned_about_her_gives_the_same_dossier_whatever_the_timing(tmp_path: Path) -> None:
    """Where she works and which sites are whose are learned page by page: in the order pages are recorded,
    never in the order their fetches finish."""
    dossiers = []
    for seed in (1, 2):
        with FixtureWeb(jitter=0.05, seed=seed) as jittery:
            settings = jittery.settings(tmp_path / str(seed), page_budget=10)
            with Fetcher(settings) as fetcher:
                deps = ResearchDeps(settings=settings, fetcher=fetcher)
                request = ResearchRequest(person=ANNA, urls=EVERYTHING)
                dossiers.append(research(request, deps, lambda _: None).model_dump(mode="json"))
    assert any(s["status"] == "not_about_person" for s in dossiers[0]["sources"])
    assert dossiers[1] == dossiers[0]

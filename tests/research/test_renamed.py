"""A person whose company was renamed: Tomás Rivera's email is still at Larkspur Freight, whose site now
redirects to Corvid Logistics; Ada Lindqvist's is at Northmere Power, whose site only says it has a new name.
Research learns the other names from the company's own site and takes the person's news under either name
for theirs, while a namesake at an unrelated company stays out."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from server.config import Settings
from server.models import Fact, Page, Person, ResearchRequest
from server.research.anchors import Background, Known
from server.research.extract import extract_page
from server.research.facts.merge import merge_facts
from server.research.facts.patterns import fact_id
from server.research.identify import identify
from server.research.learned import Learned
from tests.fixture_web import WEB_ROOT, FixtureWeb
from tests.support.runs import Outcome, run

FREE_MAIL = Settings().free_mail_domains
TOMAS = Person(name="Tomás Rivera", email="tomas.rivera@larkspurfreight.test")
ADA = Person(name="Ada Lindqvist", email="ada.lindqvist@northmere.test")
OLD_NAME_ARTICLE = "http://freightweekly.test/2026/02/stockton-cold-chain-hub"
SPEAKERS = "http://coldchainsummit.test/2026/speakers"
NAMESAKE = "http://riveraroofing.test/about"
RELEASE = "http://corvidlogistics.test/news/tomas-rivera-vp-operations"
GRID_ARTICLE = "http://gridweek.test/2026/10/flexible-connections"
# Where larkspurfreight.test leads: what research learns from the redirect alone.
REDIRECTED = Background(company_sites=(("corvidlogistics.test", "larkspurfreight.test"),))


@pytest.fixture(scope="module")
def module_web() -> Iterator[FixtureWeb]:
    with FixtureWeb() as server:
        yield server


@pytest.fixture(scope="module")
def tomas(module_web: FixtureWeb, tmp_path_factory: pytest.TempPathFactory) -> Outcome:
    request = ResearchRequest(person=TOMAS, urls=[OLD_NAME_ARTICLE, NAMESAKE, SPEAKERS])
    return run(request, module_web, tmp_path_factory.mktemp("tomas"))


# --- Tomás Rivera: the old domain redirects to the new name's site -------------------------------------


def test_the_current_title_comes_from_the_release_under_the_new_name(tomas: Outcome) -> None:
    person = tomas.dossier.person
    assert (person.title, person.company, person.title_since) == (
        "VP Operations",
        "Corvid Logistics",
        "2026-09-15",
    )
    assert "Promoted to VP Operations" in [f.text for f in tomas.facts_from(RELEASE)]


def test_the_site_the_old_domain_redirects_to_is_their_companys(tomas: Outcome) -> None:
    home = tomas.source("http://corvidlogistics.test/")
    assert (
        home.status == "used" and "on corvidlogistics.test, where larkspurfreight.test leads" in home.reason
    )
    release = tomas.source(RELEASE)
    assert release.status == "used"
    assert "Corvid Logistics (their company, as corvidlogistics.test says)" in release.reason


def test_an_article_under_the_old_name_is_theirs_and_its_title_is_superseded(tomas: Outcome) -> None:
    assert tomas.source(OLD_NAME_ARTICLE).status == "used"
    old = [f for f in tomas.facts_from(OLD_NAME_ARTICLE) if f.kind == "role"]
    assert [(f.text, f.superseded) for f in old] == [("Director of operations at Larkspur Freight", True)]


def test_a_page_naming_them_at_the_new_name_is_theirs_once_the_name_is_learned(tomas: Outcome) -> None:
    """Read before the company's site, the speakers page names "Tomás Rivera, Corvid Logistics", which looked
    like another employer; judged again with the learned name, it is theirs."""
    speakers = tomas.source(SPEAKERS)
    assert speakers.status == "used"
    assert "Corvid Logistics (their company, as corvidlogistics.test says)" in speakers.reason
    assert any(
        f.kind == "talk" and "Solar-powered cold storage" in f.text for f in tomas.facts_from(SPEAKERS)
    )


def test_a_namesake_at_an_unrelated_company_stays_out(tomas: Outcome) -> None:
    namesake = tomas.source(NAMESAKE)
    assert namesake.status == "not_about_person" and "Rivera Roofing" in namesake.reason
    assert not [f for f in tomas.dossier.facts if re.search(r"roof|el paso|contractor", f.text, re.I)]


def test_what_is_learned_of_the_renamed_company_gives_the_same_dossier_whatever_the_timing(
    tmp_path: Path,
) -> None:
    dossiers = []
    for seed in (1, 2):
        with FixtureWeb(jitter=0.05, seed=seed) as jittery:
            request = ResearchRequest(person=TOMAS, urls=[OLD_NAME_ARTICLE, NAMESAKE, SPEAKERS])
            dossiers.append(run(request, jittery, tmp_path / str(seed)).dossier.model_dump(mode="json"))
    assert dossiers[0]["person"]["company"] == "Corvid Logistics"
    assert dossiers[1] == dossiers[0]


# --- Ada Lindqvist: the old domain's site says it has a new name -----------------------------------------


def test_a_new_name_the_old_site_announces_ties_an_article_to_them(tmp_path: Path, web: FixtureWeb) -> None:
    outcome = run(ResearchRequest(person=ADA, urls=[GRID_ARTICLE]), web, tmp_path)
    article = outcome.source(GRID_ARTICLE)
    assert article.status == "used"
    assert "Halcyon Grid (their company, as northmere.test says)" in article.reason
    assert (outcome.dossier.person.title, outcome.dossier.person.company) == (
        "Head of grid planning",
        "Halcyon Grid",
    )


# --- Learning the other names: only from the company's own site -----------------------------------------


def fixture_page(url: str, file: str) -> Page:
    return extract_page((WEB_ROOT / file).read_text(), url)


def learned_names(page: Page, person: Person, background: Background | None = None) -> list[str]:
    background = background or Background()
    learned = Learned(company_sites=list(background.company_sites))
    verdict = identify(page, person, free_mail=FREE_MAIL, background=background)
    learned.learn(page, verdict, Known.of(person, FREE_MAIL, background))
    return [name for name, _ in learned.company_names]


@pytest.mark.parametrize(
    ("url", "file", "person", "background", "names"),
    [
        # The new site's structured data: alternateName "Larkspur Freight" beside its name.
        (
            "http://corvidlogistics.test/",
            "corvidlogistics.test/index.html",
            TOMAS,
            REDIRECTED,
            ["Corvid Logistics"],
        ),
        # No structured data: "Corvid Logistics, formerly Larkspur Freight" in the page's prose.
        (
            "http://corvidlogistics.test/about",
            "corvidlogistics.test/about.html",
            TOMAS,
            REDIRECTED,
            ["Corvid Logistics"],
        ),
        # The old domain's own notice: "Northmere Power has a new name: Halcyon Grid."
        ("http://northmere.test/", "northmere.test/index.html", ADA, Background(), ["Halcyon Grid"]),
    ],
)
def test_the_companys_own_site_gives_its_other_names(
    url: str, file: str, person: Person, background: Background, names: list[str]
) -> None:
    assert learned_names(fixture_page(url, file), person, background) == names


def test_a_strangers_page_cannot_rename_their_company() -> None:
    """A page on another site saying their company "is now" something else teaches nothing: it would make
    that other company's people look like theirs."""
    html = """<html><head><title>Freight rumours</title>
      <script type="application/ld+json">{"@type": "Organization", "name": "Voltaris Freight",
        "alternateName": "Larkspur Freight", "url": "http://voltaris.test/"}</script></head>
      <body><p>Larkspur Freight is now Voltaris Freight, a reader tells us.</p></body></html>"""
    assert learned_names(extract_page(html, "http://rumours.test/freight"), TOMAS) == []


def test_a_partner_listed_on_their_site_is_not_another_name_of_theirs() -> None:
    html = """<html><head><title>Partners | Corvid Logistics</title>
      <script type="application/ld+json">{"@type": "Organization", "name": "Pacific Coldline",
        "alternateName": "Coldline", "url": "http://pacificcoldline.test/"}</script></head>
      <body><p>We work with Pacific Coldline, formerly Delta Reefer, in Fresno.</p></body></html>"""
    page = extract_page(html, "http://corvidlogistics.test/partners")
    assert learned_names(page, TOMAS, REDIRECTED) == []


def test_only_the_email_domains_site_leading_elsewhere_is_learned() -> None:
    learned, domain = Learned(), "larkspurfreight.test"
    learned.redirected("http://blog.test/", "http://elsewhere.test/", domain)
    # A link on their site that leads elsewhere: their blog on a publishing platform.
    learned.redirected("http://larkspurfreight.test/blog", "http://medium.test/@larkspur", domain)
    learned.redirected("http://larkspurfreight.test/", "http://larkspurfreight.test/home", domain)
    assert learned.company_sites == []
    learned.redirected("http://larkspurfreight.test/", "http://corvidlogistics.test/", domain)
    assert learned.company_sites == [("corvidlogistics.test", domain)]


# --- One employer under two names -------------------------------------------------------------------------

RENAMED = Background(company_names=(("Corvid Logistics", "corvidlogistics.test"),))


def role(text: str, date: str | None, url: str) -> Fact:
    return Fact(
        id=fact_id(url, "role", text),
        kind="role",
        text=text,
        quote=text,
        source_url=url,
        date=date,
        confidence=0.9,
    )


def test_the_same_title_under_the_old_and_the_new_name_is_one_role() -> None:
    facts = [
        role("VP Operations at Larkspur Freight", "2026-02-10", "http://a.test/"),
        role("VP Operations at Corvid Logistics", "2026-09-15", "http://b.test/"),
    ]
    ours = Known.of(TOMAS, FREE_MAIL, RENAMED).names_company
    merged, person = merge_facts(facts, TOMAS, ours)
    assert [(f.text, f.superseded) for f in merged] == [("VP Operations at Corvid Logistics", False)]
    # Without the learned name, the two names are two employers, the older one left behind.
    merged, _ = merge_facts(facts, TOMAS)
    assert [f.superseded for f in merged] == [False, True]


def test_an_undated_title_at_the_old_name_is_superseded_by_a_dated_one_at_the_new_name() -> None:
    facts = [
        role("Director of Operations at Larkspur Freight", None, "http://old-team.test/"),
        role("VP Operations at Corvid Logistics", "2026-09-15", "http://b.test/"),
    ]
    merged, person = merge_facts(facts, TOMAS, Known.of(TOMAS, FREE_MAIL, RENAMED).names_company)
    assert {f.text: f.superseded for f in merged} == {
        "VP Operations at Corvid Logistics": False,
        "Director of Operations at Larkspur Freight": True,
    }
    assert person.title == "VP Operations"

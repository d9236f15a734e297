"""Reading what pages say about the person however they say it: a pronoun, a surname, a quotation going on,
an interview's answers, a team card, a release's headline, a post on their own site, a talk on another site.

Keiko Tanaka's web (tests/fixtures/web/README.md, persona 7) is written in styles the first personas lack:
team cards with bios, a press release with quotes from two people, a newspaper Q&A, a Squarespace-like
personal site with a private post, a conference's speaker list and podcast show notes. Each capability is
also pinned on a page in another style, written here as HTML and read by the real extraction.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from server.config import Settings
from server.models import Dossier, Fact, Person, ResearchRequest
from server.research import ResearchDeps, research
from server.research.extract.page import extract_page
from server.research.facts.merge import merge_facts
from server.research.facts.patterns import clause
from server.research.facts.reader import extract_facts
from server.research.fetch import Fetcher
from server.research.identify import identify
from tests.fixture_web import WEB_ROOT, FixtureWeb

KEIKO_PERSON = Person(name="Keiko Tanaka", email="keiko.tanaka@harborpine.test")
KEIKO = ResearchRequest(
    person=KEIKO_PERSON,
    urls=["http://keikotanaka.test/", "http://coastgazette.test/2026/11/qa-keiko-tanaka/"],
)
FREE_MAIL = Settings().free_mail_domains


@pytest.fixture(scope="module")
def keiko(tmp_path_factory: pytest.TempPathFactory) -> Dossier:
    with FixtureWeb() as web:
        settings = web.settings(tmp_path_factory.mktemp("keiko"))
        with Fetcher(settings) as fetcher:
            return research(KEIKO, ResearchDeps(settings=settings, fetcher=fetcher), lambda _: None)


def facts_from(dossier: Dossier, host: str, kind: str | None = None) -> list[Fact]:
    return [f for f in dossier.facts if f"//{host}/" in f.source_url and kind in (None, f.kind)]


def read(html: str, url: str, person: Person, *, own_sites: tuple[str, ...] = ()) -> list[Fact]:
    """One page through extraction, identification and facts, as research reads it."""
    page = extract_page(html, url)
    verdict = identify(page, person, own_sites=own_sites, free_mail=FREE_MAIL)
    return extract_facts(page, person, verdict, free_mail=FREE_MAIL).facts


def texts(facts: list[Fact]) -> str:
    return " | ".join(f"{f.kind}: {f.text}" for f in facts)


# --- pronouns, surnames and quotations ------------------------------------------------------------------


def test_a_team_card_bio_gives_education_and_a_seat_through_her_pronoun(keiko: Dossier) -> None:
    team = facts_from(keiko, "harborpine.test")
    education = [f for f in team if f.kind == "education"]
    # "She holds a master’s in environmental policy from the University of Michigan": typographic apostrophe.
    assert [f.text for f in education] == ["Master’s in environmental policy, University of Michigan"]
    assert "She holds a master’s" in education[0].quote  # quoted as the page writes it
    assert any("advisory board of the Outdoor Climate Alliance" in f.text for f in keiko.facts)
    # The colleagues' cards are theirs: Mark Ruiz's PhD, Dev Patel's guild, Ngozi Okoro's college.
    assert not any(w in texts(keiko.facts) for w in ("Oregon State", "Sewing Guild", "Babson"))


STAFF_TABLE = """<html><head><title>Who we are — Fairway Health Partners</title></head><body>
<nav><a href="/">Home</a></nav>
<table class="staff">
<tr><th>Name</th><th>Role</th><th>About</th></tr>
<tr><td>Omar Haddad</td><td>Chief Medical Officer</td><td>Omar trained in Leeds. He holds a doctorate in
public health from the University of Leeds.</td></tr>
<tr><td>Ruth Ellison</td><td>Director of Partnerships</td><td>Ruth came to Fairway in 2022. She
holds a bachelor’s in economics from Trinity College Dublin and serves on the board of the Dublin Health
Forum.</td></tr>
<tr><td>Colm Byrne</td><td>Finance Lead</td><td>Colm keeps the lights on.</td></tr>
</table></body></html>"""


def test_a_staff_table_gives_her_degree_and_seat_but_never_a_colleagues() -> None:
    ruth = Person(name="Ruth Ellison", email="ruth@fairwayhealth.test")
    facts = read(STAFF_TABLE, "http://fairwayhealth.test/who-we-are", ruth)
    assert "education: Bachelor’s in economics, Trinity College Dublin" in texts(facts)
    assert "Serves on the board of the Dublin Health Forum" in texts(facts)
    assert "Leeds" not in texts(facts)


def test_her_quotation_goes_on_after_said_and_gives_her_goal(keiko: Dossier) -> None:
    goals = facts_from(keiko, "harborpine.test", "company_goal")
    assert any("publish the carbon savings of every repair" in f.text for f in goals)


def test_words_credited_to_someone_else_are_never_hers(keiko: Dossier) -> None:
    # The CEO's "I think it can be a quarter of our revenue", a colleague's "I wish every company had...".
    said = texts(keiko.facts)
    assert "quarter of our revenue" not in said
    assert "I wish every company" not in said


NEWSPAPER = """<html><head><title>Lakeside bakery doubles its ovens - Harbour Post</title>
<meta property="og:type" content="article"><meta property="article:published_time" content="2026-09-03">
</head><body><header><a href="/">Harbour Post</a></header><article>
<h1>Lakeside bakery doubles its ovens</h1>
<p>Lakeside Bread Co. opened its second bakery in Kingston on Monday, said owner Hannah Cole.</p>
<p>“We were turning away wholesale orders every week,” Cole said. “Our plan is to supply 40 cafés by
2028.”</p>
<p>“Hannah is the hardest-working baker I know,” said Peter Lang, who supplies the flour. “I expect we will
double our order by spring.”</p>
</article></body></html>"""


def test_in_a_newspaper_story_a_surname_quote_goes_on_and_anothers_does_not() -> None:
    hannah = Person(name="Hannah Cole", company="Lakeside Bread Co.")
    facts = read(NEWSPAPER, "http://harbourpost.test/2026/09/lakeside-bakery", hannah)
    assert any(f.kind == "company_goal" and "supply 40 cafés by 2028" in f.text for f in facts)
    assert "double our order" not in texts(facts)


# --- interviews and profiles ----------------------------------------------------------------------------


def test_an_interview_answer_is_read_with_its_question(keiko: Dossier) -> None:
    # "What do you do when you’re not at work?" / "I run trails, badly and happily."
    interests = facts_from(keiko, "coastgazette.test", "interest")
    assert [f.text for f in interests] == ["I run trails, badly and happily"]


PROFILE = """<html><head><title>Thirty to watch: Amara Diallo - Bay Business Weekly</title>
<meta property="og:type" content="article"><meta property="article:published_time" content="2026-10-12">
</head><body><article><h1>Thirty to watch: Amara Diallo</h1>
<p>Amara Diallo runs logistics for Coastline Grocers, the regional chain.</p>
<p>Biggest win this year: “We cut spoilage by 18 percent across nine stores.”</p>
<p>Off the clock: “I’m a competitive sailor. I race a J/24 on the bay most Sundays.”</p>
<p>“Amara fixed our cold chain,” said Lee Ortiz, the chain’s CEO. “I want her to run the whole network.”</p>
</article></body></html>"""


def test_in_a_profile_of_her_first_person_answers_are_hers_and_the_ceos_are_not() -> None:
    amara = Person(name="Amara Diallo", company="Coastline Grocers")
    facts = read(PROFILE, "http://baybusiness.test/2026/10/thirty-to-watch-amara-diallo", amara)
    said = texts(facts)
    assert "interest: Off the clock" in said and "competitive sailor" in said
    assert "cut spoilage by 18 percent" in said
    assert "run the whole network" not in said


# --- their own site ---------------------------------------------------------------------------------------


def test_a_post_on_her_own_site_is_hers_and_its_numbers_are_a_milestone(keiko: Dossier) -> None:
    own = facts_from(keiko, "keikotanaka.test")
    assert "article: Wrote “Mending season” (2026-10-19)" in texts(own)
    assert any(f.kind == "milestone" and "from 21 days to 9" in f.text for f in own)


def test_a_private_post_gives_nothing_to_write_about(keiko: Dossier) -> None:
    own = texts(facts_from(keiko, "keikotanaka.test"))
    assert "For my mother" not in own
    assert not any(w in own.lower() for w in ("treatment", "oncologist", "cancer", "hospital"))
    assert any("sensitive" in w and "keikotanaka.test" in w for w in keiko.warnings)


def test_a_private_post_keeps_only_what_it_says_about_work(dana_personal_note: list[Fact]) -> None:
    # Dana's note is mostly surgery, children and church; its one sentence about her team's work stays.
    assert [f.kind for f in dana_personal_note] == ["milestone"]
    assert "Northwind" in dana_personal_note[0].quote


@pytest.fixture
def dana_personal_note() -> list[Fact]:
    html = (WEB_ROOT / "danaokafor.test" / "posts" / "personal-note.html").read_text()
    dana = Person(name="Dana Okafor", email="dana.okafor@northwind.test")
    return read(
        html,
        "http://danaokafor.test/posts/personal-note",
        dana,
        own_sites=("northwind.test", "danaokafor.test"),
    )


# --- news, talks and episodes ---------------------------------------------------------------------------


def test_a_releases_headline_is_company_news_whatever_its_verb(keiko: Dossier) -> None:
    news = facts_from(keiko, "harborpine.test", "company_news")
    assert "50,000 jackets back on the trail" in [f.text for f in news]
    assert any("grew from 4 technicians to 31" in f.text for f in news)


RELEASE = """<html><head><title>Twelve clinics now on Pulsebook | Pulsebook</title>
<script type="application/ld+json">{"@context": "https://schema.org", "@type": "NewsArticle",
"headline": "Twelve clinics now on Pulsebook", "datePublished": "2026-08-18"}</script></head>
<body><article><h1>Twelve clinics now on Pulsebook</h1>
<p>Pulsebook today welcomed the Brightwater clinic group to its scheduling platform.</p></article>
</body></html>"""


def test_a_news_article_headline_on_the_company_site_is_its_news() -> None:
    mina = Person(name="Mina Park", email="mina@pulsebook.test", company="Pulsebook")
    facts = read(RELEASE, "http://pulsebook.test/blog/twelve-clinics", mina)
    assert ("company_news", "Twelve clinics now on Pulsebook", "2026-08-18") in [
        (f.kind, f.text, f.date) for f in facts
    ]


def test_a_talk_linked_from_her_own_site_is_read_on_the_conference_site(keiko: Dossier) -> None:
    speakers = [s for s in keiko.sources if s.url.startswith("http://greenretailsummit.test/")]
    assert [s.status for s in speakers] == ["used"]
    talks = facts_from(keiko, "greenretailsummit.test", "talk")
    assert [(f.text, f.date) for f in talks] == [
        ("Talk at Green Retail Summit 2026: “Repair is a growth strategy” (2026-09-17)", "2026-09-17")
    ]


def test_an_episode_linked_from_her_companys_press_page_is_read_on_the_podcasts_site(keiko: Dossier) -> None:
    episodes = facts_from(keiko, "loopcast.test", "podcast")
    assert [f.text for f in episodes] == ["Guest on The Loop: “The repair economy” (2026-08-27)"]


def test_other_sites_links_are_followed_only_one_hop_from_her_own_pages(keiko: Dossier) -> None:
    hosts = {s.url.split("/")[2] for s in keiko.sources}
    assert hosts <= {
        "keikotanaka.test", "coastgazette.test", "harborpine.test", "greenretailsummit.test", "loopcast.test",
    }  # fmt: skip
    assert not any("instagram.com" in s.url for s in keiko.sources)  # a walled site is never tried


# --- the role timeline ----------------------------------------------------------------------------------


def test_the_current_title_says_since_when_from_a_dated_start() -> None:
    founder = Fact(
        id="f1", kind="role", text="Founder at Heatwise", quote="Founder", source_url="http://heatwise.test/about",
        confidence=0.9,
    )  # fmt: skip
    start = Fact(
        id="f2", kind="milestone", text="She founded the firm in January 2026",
        quote="She founded the firm in January 2026.", source_url="http://heatwise.test/about",
        date="2026-01-01", confidence=0.85,
    )  # fmt: skip
    old = Fact(
        id="f3", kind="role", text="Senior Research Fellow at Delft University",
        quote="Senior Research Fellow", source_url="http://tudelft.test/staff/x", date="2025-03-12",
        confidence=0.95,
    )  # fmt: skip
    facts, person = merge_facts([founder, start, old], Person(name="Ana Vos"))
    by_id = {f.id: f for f in facts}
    assert person.title == "Founder"
    assert person.title_since == "2026-01-01"
    assert by_id["f3"].superseded  # a research job, older than the founding: history


def test_research_is_the_same_whatever_the_order_pages_arrive_in(tmp_path: Path) -> None:
    dossiers = []
    for seed in (1, 2):
        with FixtureWeb(jitter=0.05, seed=seed) as web:
            settings = web.settings(tmp_path / str(seed))
            with Fetcher(settings) as fetcher:
                dossier = research(KEIKO, ResearchDeps(settings=settings, fetcher=fetcher), lambda _: None)
        dossiers.append(sorted((f.kind, f.text, f.source_url) for f in dossier.facts))
    assert dossiers[0] == dossiers[1]


# --- news as a reader would retell it -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "news"),
    [
        (
            "COLUMBUS, Ohio — Sept. 14, 2026 — Lumen Freight today announced that Maria Vega has been named "
            "Chief Operating Officer, effective immediately.",
            "Lumen Freight today announced that Maria Vega has been named Chief Operating Officer",
        ),
        (
            "Berlin, 1 July 2026 – Kliniqa Health GmbH today announced that Dr. Lea Braun has joined the "
            "company as Vice President of Interoperability.",
            "Kliniqa Health GmbH today announced that Dr. Lea Braun has joined the company as Vice President",
        ),
    ],
)
def test_a_releases_dateline_is_not_part_of_its_news(sentence: str, news: str) -> None:
    assert clause(sentence, sentence.index("announced")).startswith(news)


LEDE_RELEASE = """<html><head><title>Corbel Opens Second Warehouse in Reno | Corbel Supply</title>
<script type="application/ld+json">{"@context": "https://schema.org", "@type": "NewsArticle",
"headline": "Corbel Opens Second Warehouse in Reno", "datePublished": "2026-05-04"}</script></head>
<body><article><h1>Corbel Opens Second Warehouse in Reno</h1>
<p>RENO, Nev. — May 4, 2026 — Corbel Supply today opened its second warehouse in Reno, a 90,000-square-foot
building that doubles its capacity in the West.</p>
<p>“Reno puts us a day closer to every customer in California,” said Ines Alba, vice president of
operations (West).</p></article></body></html>"""


def test_a_release_told_in_its_lede_gives_the_lede_not_the_title_cased_headline() -> None:
    ines = Person(name="Ines Alba", email="ines@corbelsupply.test")
    facts = read(LEDE_RELEASE, "http://corbelsupply.test/news/reno", ines)
    news = [f.text for f in facts if f.kind == "company_news"]
    assert news == [
        "Corbel Supply today opened its second warehouse in Reno, a 90,000-square-foot building that doubles "
        "its capacity in the West"
    ]
    # An aside after the organisation ("(West)", "(Berlin)") is not part of its name.
    assert not any("(" in f.text for f in facts if f.kind == "role")


def test_joining_as_a_title_dates_it_from_the_companys_announcement() -> None:
    joined = Fact(
        id="n1", kind="company_news", text="Kliniqa today announced that Dr. Lea Braun has joined",
        quote="Kliniqa Health GmbH today announced that Dr. Lea Braun has joined the company as Vice "
        "President of Interoperability.", source_url="http://kliniqa.test/news/braun", date="2026-07-01",
        confidence=0.8,
    )  # fmt: skip
    role = Fact(
        id="r1", kind="role", text="VP Interoperability at Kliniqa", quote="VP Interoperability",
        source_url="http://podcast.test/47", date="2026-10-29", confidence=0.85,
    )  # fmt: skip
    _, person = merge_facts([joined, role], Person(name="Lea Braun"))
    assert (person.title, person.title_since) == ("VP Interoperability", "2026-07-01")
    award = joined.model_copy(
        update={"quote": "Dr. Lea Braun, VP Interoperability, was named Innovator of 2026."}
    )
    _, person = merge_facts([award, role], Person(name="Lea Braun"))
    assert person.title_since is None  # named an innovator: no start of her role


QUOTED_PAST = """<html><head><title>Gridweek 2026: the programme - Gridweek</title></head><body><article>
<h1>Gridweek 2026: the programme</h1>
<p>“We will run the pilot until 2029 and then decide,” said Omar Reyes, chief executive of Voltaic Grid, in
his keynote on June 3, 2026.</p>
<p>Omar Reyes was formerly head of trading at Brightline Power.</p>
</article></body></html>"""


def test_a_quotation_about_the_past_does_not_make_the_speakers_title_a_former_one() -> None:
    omar = Person(name="Omar Reyes", company="Voltaic Grid")
    roles = {f.text: f.superseded for f in read(QUOTED_PAST, "http://gridweek.test/2026/programme", omar)
             if f.kind == "role"}  # fmt: skip
    assert roles.get("Chief executive at Voltaic Grid") is False
    assert roles.get("Head of trading at Brightline Power") is True  # "formerly", outside any quotation


@pytest.mark.parametrize(
    ("announcement", "title"),
    [
        (
            "Elbwerk Energie hat Dr. Katrin Vogel zum 1. Oktober zur Geschäftsführerin ernannt.",
            "Geschäftsführerin",
        ),
        ("Lumiflux nomme Hélène Marchand directrice générale.", "Directrice générale"),
    ],
)
def test_an_appointment_in_another_language_dates_the_title(announcement: str, title: str) -> None:
    news = Fact(
        id="n1", kind="company_news", text=announcement, quote=announcement,
        source_url="http://example.test/news", date="2026-10-01", confidence=0.8,
    )  # fmt: skip
    role = Fact(
        id="r1", kind="role", text=title, quote=title, source_url="http://example.test/team", confidence=0.9
    )
    _, person = merge_facts([news, role], Person(name="K V"))
    assert (person.title, person.title_since) == (title, "2026-10-01")


def test_a_page_that_puts_a_title_in_the_past_dates_its_end_not_the_title() -> None:
    # The nomination (October) says she was until now director of operations; the team page still says so.
    was = Fact(
        id="p1", kind="role", text="Directrice des opérations at Lumiflux", quote="Elle était jusqu'ici ...",
        source_url="http://lumiflux.test/nomination", date="2026-10-08", confidence=0.85, superseded=True,
    )  # fmt: skip
    team = was.model_copy(
        update={
            "id": "p2",
            "source_url": "http://lumiflux.test/equipe",
            "date": "2019-01-01",
            "superseded": False,
        }
    )
    now = Fact(
        id="p3", kind="role", text="Directrice générale at Lumiflux", quote="Directrice générale",
        source_url="http://lumiflux.test/equipe", date="2026-10-08", confidence=0.9,
    )  # fmt: skip
    facts, person = merge_facts([was, team, now], Person(name="Hélène Marchand"))
    assert person.title == "Directrice générale"
    assert all(f.superseded for f in facts if "opérations" in f.text)


# --- sessions on a programme ----------------------------------------------------------------------------


def programme(path: str, person: Person) -> list[Fact]:
    host, _, rest = path.partition("/")
    html = (WEB_ROOT / path).read_text(encoding="utf-8")
    url = f"http://{host}/{rest.removesuffix('index.html').removesuffix('.html')}"
    return [f for f in read(html, url, person) if f.kind == "talk"]


def test_a_programme_session_that_lists_her_is_her_talk_and_the_others_are_not() -> None:
    talks = programme("greenretailsummit.test/2026/programme/index.html", KEIKO_PERSON)
    assert [f.text for f in talks] == [
        "Talk at Green Retail Summit 2026: “Fixing, not replacing: the economics of repair programmes” "
        "(2026-09-17)"
    ]
    assert talks[0].date == "2026-09-17"


@pytest.mark.parametrize(
    ("path", "person", "talk"),
    [
        (
            "greenretailsummit.test/2026/programme/index.html",
            Person(name="Priyanka Shah", company="Second Thread"),
            "Workshop at Green Retail Summit 2026: “Workshop: Resale without the markdowns”",
        ),
        (
            "opslagdag.test/programma.html",
            Person(name="Katrin Vogel", email="katrin.vogel@elbwerk.test", company="Elbwerk Energie"),
            "Panel at Opslagdag 2026: “Paneldiscussie: netcongestie en opslag achter de meter”",
        ),
    ],
)
def test_what_kind_of_session_it_is_comes_from_its_heading(path: str, person: Person, talk: str) -> None:
    assert [f.text.split(" (")[0] for f in programme(path, person)] == [talk]


def test_a_first_name_two_people_on_the_page_share_is_neither_ones() -> None:
    html = """<html><head><title>2026 Speakers — Harvest Forum</title>
      <script type="application/ld+json">{"@context": "https://schema.org", "@type": "Event",
        "name": "Harvest Forum 2026", "startDate": "2026-05-12"}</script></head><body><main>
      <h1>2026 Speakers</h1>
      <div><h4>Maya Lund</h4><p>Co-founder &amp; CEO, Rootwise</p>
        <p>Maya co-founded Rootwise, which builds soil sensors for orchards.</p></div>
      <div><h4>Maya Lunde</h4><p>Agronomist, Fjord Growers (Bergen)</p>
        <p>Maya Lunde runs soil trials for Fjord Growers.</p></div></main></body></html>"""
    lunde = Person(name="Maya Lunde", company="Fjord Growers")
    other = read(html, "http://harvestforum.test/2026/speakers/", lunde)
    assert "Rootwise" not in texts(other)
    assert "Fjord Growers" in texts(other)


def test_a_conference_is_named_by_its_event_data_not_by_the_year_in_a_title() -> None:
    html = """<html><head><title>2026 Speakers — Harvest Forum</title>
      <script type="application/ld+json">{"@context": "https://schema.org", "@type": "Event",
        "name": "Harvest Forum 2026", "startDate": "2026-05-12"}</script></head><body><main>
      <h1>2026 Speakers</h1>
      <h2>Featured panel</h2><h3>Soil data nobody reads</h3><p>Tuesday, May 12 · 2:00 pm · Hall A</p>
      <ul><li><strong>Maya Lund</strong>, Co-founder &amp; CEO, Rootwise</li></ul></main></body></html>"""
    lund = Person(name="Maya Lund", company="Rootwise")
    facts = read(html, "http://harvestforum.test/2026/speakers/", lund)
    assert [f.text for f in facts if f.kind == "talk"] == [
        "Panel at Harvest Forum 2026: “Soil data nobody reads” (2026-05-12)"
    ]


# --- listings and firms ---------------------------------------------------------------------------------


DANA = Person(name="Dana Okafor", email="dana.okafor@northwind.test")
JOOST = Person(name="Joost Bakker", email="joost@bakker-warmte.test")


def fixture_facts(path: str, person: Person) -> list[Fact]:
    host, _, rest = path.partition("/")
    html = (WEB_ROOT / path).read_text(encoding="utf-8")
    return read(html, f"http://{host}/{rest.removesuffix('index.html').removesuffix('.html')}", person)


def test_each_teaser_on_a_news_index_has_its_own_date() -> None:
    # Northwind's newsroom puts each date above its headline; main-text extraction regroups them.
    dana = fixture_facts("northwind.test/news/index.html", DANA)
    dates = {f.kind: f.date for f in dana if "VP of Data Engineering" in f.text}
    assert dates == {"milestone": "2026-03-02", "role": "2026-03-02"}
    assert {f.text: f.date for f in dana if f.kind == "company_news"}[
        "Northwind partners with the Garden Centre Association of America"
    ] == "2025-04-08"
    # Bakker Warmteadvies puts the date (01.07.2026 style) under each headline.
    joost = fixture_facts("bakker-warmte.test/nieuws/index.html", JOOST)
    assert [(f.kind, f.date) for f in joost if f.kind == "talk"] == [("talk", "2026-09-18")]


FIRM_PAGE = """<html><head><title>Insights | Okafor Data Advisory</title></head><body><main><h1>Insights</h1>
  <article><p class="date">11 September 2026 · Speaking</p><h2>Keynote in Aarhus</h2>
  <p>Dana gave the opening keynote, “Streams are a design choice,” at the Nordic Data Summit in Aarhus.</p>
  </article><article><p class="date">2 March 2026 · News</p><h2>We moved</h2><p>New office.</p></article>
  </main></body></html>"""


def test_on_a_firm_that_bears_their_surname_their_first_name_alone_is_them() -> None:
    assert "Goedkope warmte" in texts(fixture_facts("bakker-warmte.test/nieuws/index.html", JOOST))
    dana = Person(name="Dana Okafor", email="dana@okafordata.test")
    talks = [f for f in read(FIRM_PAGE, "http://okafordata.test/insights/", dana) if f.kind == "talk"]
    assert [(f.date, "Streams are a design choice" in f.text) for f in talks] == [("2026-09-11", True)]


def test_on_any_other_company_site_a_first_name_alone_is_nobody_in_particular() -> None:
    page = FIRM_PAGE.replace("Okafor Data Advisory", "Northwind Analytics")
    assert [f for f in read(page, "http://northwind.test/insights/", DANA) if f.kind == "talk"] == []


ARTICLE = """<html><head><title>What 30 depot audits taught us</title>
  <script type="application/ld+json">{"@context": "https://schema.org", "@type": "Article",
    "headline": "What 30 depot audits taught us", "datePublished": "2026-09-23",
    "author": {"@type": "Person", "name": "Dana Okafor"}}</script></head><body><main>
  <h1>What 30 depot audits taught us</h1><p>I audited 30 depots this summer.</p>
  <h2>1. Almost nobody measured dwell at the gate</h2><p>Only 4 of 30 did.</p>
  <h2>2. Dock doors are a user interface</h2><p>Drivers read them like signs.</p></main></body></html>"""


def test_the_numbered_points_of_their_own_article_are_what_they_found() -> None:
    dana = read(ARTICLE, "http://northwind.test/blog/depot-audits", DANA)
    assert [f.text for f in dana if f.kind == "other"] == [
        "In “What 30 depot audits taught us”: Almost nobody measured dwell at the gate",
        "In “What 30 depot audits taught us”: Dock doors are a user interface",
    ]
    joost = fixture_facts("bakker-warmte.test/nieuws/drie-lessen/index.html", JOOST)
    assert "Bijna niemand noemt de aansluitbijdrage" in texts(joost)


def test_someone_elses_article_gives_them_no_points() -> None:
    by_another = ARTICLE.replace('"name": "Dana Okafor"', '"name": "Sam Reyes"').replace(
        "I audited", "Dana Okafor, who leads data engineering at Northwind, and I audited"
    )
    dana = read(by_another, "http://freightweekly.test/2026/09/depot-audits", DANA)
    assert [f for f in dana if f.text.startswith("In “")] == []


# --- one page under two addresses -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("person", "urls"),
    [
        # A personal site given as its root and as /index.html.
        (KEIKO_PERSON, ["http://keikotanaka.test/", "http://keikotanaka.test/index.html"]),
        # A conference programme and a "?track=" view of it that shows the same sessions.
        (
            Person(name="Priyanka Shah", company="Second Thread"),
            [
                "http://greenretailsummit.test/2026/programme/",
                "http://greenretailsummit.test/2026/programme/?track=retail",
            ],
        ),
    ],
)
def test_a_page_read_under_a_second_address_counts_once(
    tmp_path: Path, person: Person, urls: list[str]
) -> None:
    request = ResearchRequest(person=person, urls=urls)
    with FixtureWeb() as web:
        settings = web.settings(tmp_path)
        with Fetcher(settings) as fetcher:
            dossier = research(request, ResearchDeps(settings=settings, fetcher=fetcher), lambda _: None)
    first, second = (next(s for s in dossier.sources if s.url == url) for url in urls)
    assert first.status == "used"
    assert (second.status, second.reason) == ("skipped", f"the same page as {urls[0]}")
    assert all(f.source_url != urls[1] for f in dossier.facts)

"""Research on pages in German, French, Dutch and Spanish, end to end on the fixture web.

Katrin Vogel's company site is German (elbwerk.test), with a Dutch conference page and a German namesake (a
baker in Freiburg); Hélène Marchand's is French (lumiflux.test), with a Spanish conference page. What a
user must find there is what they find on English pages: the current title, the dated appointment, talks,
education, the company's goal; never the namesake's life, never a private sentence.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from server.config import Settings
from server.events import Event, PageFacts
from server.models import Dossier, Fact, Page, Person, ResearchRequest
from server.research import ResearchDeps, research
from server.research.extract.page import extract_page
from server.research.facts.cues import ENGLISH, cues_for
from server.research.facts.reader import extract_facts
from server.research.fetch import Fetcher
from server.research.identify import identify
from tests.fixture_web import FixtureWeb

KATRIN = ResearchRequest(
    person=Person(name="Katrin Vogel", email="katrin.vogel@elbwerk.test"),
    urls=["http://opslagdag.test/sprekers", "http://baeckerei-vogel.test/ueber-uns"],
)
FREE_MAIL = Settings().free_mail_domains
LUMIFLUX = "http://lumiflux.test"
HELENE = ResearchRequest(
    person=Person(name="Hélène Marchand", email="helene.marchand@lumiflux.test"),
    urls=["http://industria-conectada.test/ponentes"],
)


@dataclass
class Run:
    dossier: Dossier
    by_page: dict[str, list[Fact]]  # what each page gave, before facts from all pages were merged

    @property
    def person(self) -> Person:
        return self.dossier.person


def research_on(request: ResearchRequest, web: FixtureWeb, tmp: Path) -> Run:
    settings = web.settings(tmp)
    events: list[Event] = []
    with Fetcher(settings) as fetcher:
        dossier = research(request, ResearchDeps(settings=settings, fetcher=fetcher), events.append)
    return Run(dossier, {e.data.url: e.data.facts for e in events if isinstance(e, PageFacts)})


@pytest.fixture(scope="module")
def web() -> Iterator[FixtureWeb]:
    with FixtureWeb() as server:
        yield server


@pytest.fixture(scope="module")
def katrin(web: FixtureWeb, tmp_path_factory: pytest.TempPathFactory) -> Run:
    return research_on(KATRIN, web, tmp_path_factory.mktemp("katrin"))


@pytest.fixture(scope="module")
def helene(web: FixtureWeb, tmp_path_factory: pytest.TempPathFactory) -> Run:
    return research_on(HELENE, web, tmp_path_factory.mktemp("helene"))


def facts(run: Run, kind: str, words: str) -> list[Fact]:
    return [f for f in run.dossier.facts if f.kind == kind and words.lower() in f.text.lower()]


@pytest.mark.parametrize(
    ("persona", "title", "company"),
    [("katrin", "Geschäftsführerin", "Elbwerk Energie"), ("helene", "Directrice générale", "Lumiflux")],
)
def test_the_current_title_comes_from_pages_in_their_language(
    persona: str, title: str, company: str, request: pytest.FixtureRequest
) -> None:
    person = request.getfixturevalue(persona).person
    assert (person.title, person.company) == (title, company)


@pytest.mark.parametrize(
    ("persona", "title", "url", "date"),
    [
        # "zur Geschäftsführerin ernannt", "Hamburg, 1. Oktober 2026": the verb comes last in German.
        ("katrin", "Geschäftsführerin", "http://elbwerk.test/presse/neue-geschaeftsfuehrerin", "2026-10-01"),
        # "a été nommée directrice générale de Lumiflux", "Lyon, le 8 octobre 2026"
        (
            "helene",
            "Directrice générale",
            "http://lumiflux.test/actualites/nomination-helene-marchand",
            "2026-10-08",
        ),
    ],
)
def test_the_appointment_is_a_dated_role_from_the_press_release(
    persona: str, title: str, url: str, date: str, request: pytest.FixtureRequest
) -> None:
    run: Run = request.getfixturevalue(persona)
    roles = [(f.text, f.date, f.superseded) for f in run.by_page[url] if f.kind == "role"]
    assert (f"{title} at {run.person.company}", date, False) in roles


@pytest.mark.parametrize(
    ("persona", "old_title"),
    [("katrin", "Leiterin Netzintegration"), ("helene", "Directora de operaciones")],
)
def test_the_title_before_the_appointment_is_history(
    persona: str, old_title: str, request: pytest.FixtureRequest
) -> None:
    run: Run = request.getfixturevalue(persona)
    assert facts(run, "role", old_title)
    assert run.person.title != old_title


@pytest.mark.parametrize(
    ("persona", "talk", "date"),
    [
        # „…“ quotes, "hält … den Vortrag", "Am 12. November 2026"
        ("katrin", "Netzdienliche Speicher im Quartier", "2026-11-12"),
        # a Dutch speaker list: title line, then "3 juli 2026 · 11:15"
        ("katrin", "Buurtbatterijen in Hamburg", "2026-07-03"),
        # « … » quotes, "interviendra le 3 décembre 2026 au salon …"
        ("helene", "L’usine qui écoute", "2026-12-03"),
        # a Spanish speaker list: "12 de marzo de 2026 · 10:30"
        ("helene", "La fábrica que escucha", "2026-03-12"),
    ],
)
def test_talks_are_found_with_the_date_written_in_the_page_language(
    persona: str, talk: str, date: str, request: pytest.FixtureRequest
) -> None:
    assert [f.date for f in facts(request.getfixturevalue(persona), "talk", talk)] == [date]


@pytest.mark.parametrize(
    ("persona", "school"),
    [("katrin", "RWTH Aachen"), ("helene", "École Centrale de Lyon")],  # "studierte … an der", "Diplômée de"
)
def test_education_is_found(persona: str, school: str, request: pytest.FixtureRequest) -> None:
    assert facts(request.getfixturevalue(persona), "education", school)


@pytest.mark.parametrize(
    ("persona", "goal"),
    [("katrin", "bis 2028 mehr als 40 Stadtwerke"), ("helene", "500 sites industriels en Europe d’ici 2027")],
)
def test_the_company_goal_is_found(persona: str, goal: str, request: pytest.FixtureRequest) -> None:
    assert facts(request.getfixturevalue(persona), "company_goal", goal)


def test_the_namesake_baker_stays_out(katrin: Run) -> None:
    [source] = [s for s in katrin.dossier.sources if s.url == "http://baeckerei-vogel.test/ueber-uns"]
    assert source.status == "not_about_person" and "Bäckerei Vogel" in source.reason
    assert not any(
        "baeckerei-vogel.test" in f.source_url or "Freiburg" in f.quote for f in katrin.dossier.facts
    )


@pytest.mark.parametrize(
    ("persona", "private_words"),
    [
        ("katrin", ("Mann", "Kinder", "Blankenese")),  # "Privat lebt Katrin Vogel mit ihrem Mann …"
        ("helene", ("famille", "paroisse", "chorale")),  # "… se consacre à sa famille et chante …"
    ],
)
def test_private_sentences_in_other_languages_never_become_facts(
    persona: str, private_words: tuple[str, ...], request: pytest.FixtureRequest
) -> None:
    dossier = request.getfixturevalue(persona).dossier
    said = " ".join(f"{f.text} {f.quote}" for f in dossier.facts)
    assert not [word for word in private_words if word in said]
    assert any("sensitive" in w for w in dossier.warnings)


# --- one sentence, one page: the cues of each language ------------------------------------------------

ANNA = Person(name="Anna Weber", email="anna.weber@nordwerk.test", company="Nordwerk")


def page_saying(sentence: str, lang: str) -> Page:
    html = (
        f'<html lang="{lang}"><head><title>Nordwerk</title>'
        '<meta property="article:published_time" content="2026-09-01"></head>'
        f"<body><article><h1>Nordwerk</h1><p>{sentence}</p></article></body></html>"
    )
    return extract_page(html, "http://nordwerk.test/news/1")


def facts_in(sentence: str, lang: str) -> list[Fact]:
    page = page_saying(sentence, lang)
    verdict = identify(page, ANNA, free_mail=FREE_MAIL)
    return extract_facts(page, ANNA, verdict, free_mail=FREE_MAIL).facts


@pytest.mark.parametrize(
    ("sentence", "lang", "kind", "text", "date"),
    [
        # appointments: the title and its organisation, in each language's word order
        (
            "Nordwerk ernennt Anna Weber zur Finanzvorständin.",
            "de",
            "role",
            "Finanzvorständin at Nordwerk",
            None,
        ),
        (
            "Anna Weber est nommée directrice financière de Nordwerk.",
            "fr",
            "role",
            "Directrice financière",
            None,
        ),
        (
            "Anna Weber is benoemd tot financieel directeur van Nordwerk.",
            "nl",
            "role",
            "Financieel directeur",
            None,
        ),
        (
            "Anna Weber ha sido nombrada directora financiera de Nordwerk.",
            "es",
            "role",
            "Directora financiera",
            None,
        ),
        (
            "Anna Weber è stata nominata direttrice finanziaria di Nordwerk.",
            "it",
            "role",
            "Direttrice finanziaria",
            None,
        ),
        (
            "Anna Weber, Vertriebsleiterin der Nordwerk AG, sprach über Speicher.",
            "de",
            "role",
            "Vertriebsleiterin",
            None,
        ),
        (
            "Anna Weber wurde im Mai zur Vertriebsleiterin befördert.",
            "de",
            "milestone",
            "Promoted to Vertriebsleiterin",
            "2026-05-01",
        ),
        (
            "Anna Weber a été promue directrice commerciale en juin.",
            "fr",
            "milestone",
            "Promoted to directrice commerciale",
            "2026-06-01",
        ),
        # talks, awards, founding, education
        (
            "Anna Weber hält am 5. Mai 2026 auf dem Speichertag 2026 einen Vortrag.",
            "de",
            "talk",
            "Speichertag 2026",
            "2026-05-05",
        ),
        (
            "Anna Weber interviendra au salon Energaïa avec une conférence intitulée « Stocker la nuit ».",
            "fr",
            "talk",
            "Stocker la nuit",
            None,
        ),
        (
            "Anna Weber presentó la ponencia «Baterías de barrio» el 12 de marzo de 2026.",
            "es",
            "talk",
            "Baterías de barrio",
            "2026-03-12",
        ),
        (
            "Anna Weber wurde 2025 mit dem Deutschen Speicherpreis ausgezeichnet.",
            "de",
            "award",
            "Speicherpreis",
            "2025-01-01",
        ),
        ("Anna Weber a fondé Nordwerk en 2019.", "fr", "milestone", "fondé Nordwerk", "2019-01-01"),
        (
            "Anna Weber studeerde bedrijfskunde aan de Erasmus Universiteit.",
            "nl",
            "education",
            "Erasmus Universiteit",
            None,
        ),
        (
            "Anna Weber si è laureata in ingegneria al Politecnico di Milano.",
            "it",
            "education",
            "Politecnico di Milano",
            None,
        ),
    ],
)
def test_a_sentence_in_another_language_is_a_fact_of_its_kind(
    sentence: str, lang: str, kind: str, text: str, date: str | None
) -> None:
    found = [f for f in facts_in(sentence, lang) if f.kind == kind and text.lower() in f.text.lower()]
    assert found, facts_in(sentence, lang)
    assert date is None or found[0].date == date


@pytest.mark.parametrize(
    ("sentence", "lang"),
    [
        ("Unser Ziel ist es, bis 2028 vierzig Stadtwerke zu beliefern.", "de"),
        ("Notre objectif est d’équiper 500 usines d’ici 2027.", "fr"),
        ("Nuestro objetivo es llegar a 100 clientes para 2027.", "es"),
        ("Il nostro obiettivo è aprire tre sedi entro il 2028.", "it"),
    ],
)
def test_a_company_goal_in_another_language(sentence: str, lang: str) -> None:
    page = page_saying(f"Nordwerk in Zahlen. {sentence}", lang)
    verdict = identify(page, ANNA, free_mail=FREE_MAIL)
    goals = [
        f for f in extract_facts(page, ANNA, verdict, free_mail=FREE_MAIL).facts if f.kind == "company_goal"
    ]
    assert [g.date for g in goals] == ["2026-09-01"]  # the page's date: the deadline is not when it was said


@pytest.mark.parametrize("lang", ["en", None, "pt", "ja"])
def test_english_and_unread_languages_are_read_with_english_cues_alone(lang: str | None) -> None:
    assert cues_for(lang) is ENGLISH


@pytest.mark.parametrize(
    ("sentence", "lang", "title"),
    [
        ("Anna Weber était jusqu’ici directrice des opérations.", "fr", "Directrice des opérations"),
        ("Anna Weber war zuvor Leiterin Vertrieb.", "de", "Leiterin Vertrieb"),
    ],
)
def test_a_title_held_before_is_history(sentence: str, lang: str, title: str) -> None:
    roles = [(f.text, f.superseded) for f in facts_in(sentence, lang) if f.kind == "role"]
    assert roles == [(f"{title} at Nordwerk", True)]


@pytest.mark.parametrize(
    ("sentence", "lang"),
    [("Anna Weber était ravie du résultat.", "fr"), ("Anna Weber war begeistert vom Ergebnis.", "de")],
)
def test_a_clause_after_the_verb_to_be_is_not_a_title(sentence: str, lang: str) -> None:
    assert not [f for f in facts_in(sentence, lang) if f.kind == "role"]

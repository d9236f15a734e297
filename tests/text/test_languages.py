"""Which language a page is written in: its text when that is plain, else what the page says."""

from __future__ import annotations

import pytest

from server.text.languages import detect_language, reading_language

GERMAN = (
    "Der Aufsichtsrat der Elbwerk Energie GmbH hat Dr. Katrin Vogel mit Wirkung zum 1. Oktober 2026 zur "
    "Geschäftsführerin ernannt. Sie folgt auf den Firmengründer, der in den Aufsichtsrat wechselt. Vogel "
    "war zuvor seit 2021 Leiterin Netzintegration bei Elbwerk und hat in dieser Zeit die ersten Speicher "
    "gebaut."
)
FRENCH = (
    "Hélène Marchand a été nommée directrice générale de Lumiflux par le conseil d’administration. Elle "
    "succède à Marc Lefèvre, cofondateur de l’entreprise, qui reste président du conseil. Sous sa "
    "direction, Lumiflux a équipé 80 sites industriels en trois ans et ouvre des bureaux à Milan."
)
DUTCH = (
    "Op 3 juli 2026 komen netbeheerders, gemeenten en bedrijven samen in de Jaarbeurs in Utrecht. Dit "
    "zijn de sprekers van deze editie. Zij vertellen hoe het net kan groeien zonder dat er nieuwe kabels "
    "nodig zijn, en wat gemeenten daarvoor kunnen doen."
)
SPANISH = (
    "El congreso se celebra los días 11 y 12 de marzo de 2026 en el Palacio Euskalduna de Bilbao. Durante"
    " dos días, las empresas del sector presentan sus proyectos y debaten sobre el futuro de la "
    "industria, con más de cuarenta ponentes que llegan desde toda Europa."
)
ITALIAN = (
    "Il convegno si terrà il 5 maggio 2026 a Milano. La direttrice generale dell’azienda presenterà i "
    "risultati del primo anno e parlerà delle nuove sedi che saranno aperte nel corso dell’anno, insieme "
    "ai partner che hanno sostenuto il progetto."
)
ENGLISH = (
    "Northwind Analytics today announced that Dana Okafor has been promoted to VP of Data Engineering. "
    "She joined Northwind in 2020 as a senior data engineer and, over the past eighteen months, led the "
    "migration of the company's forecasting pipelines from nightly batch jobs to a streaming platform."
)


@pytest.mark.parametrize(
    ("text", "lang"),
    [(GERMAN, "de"), (FRENCH, "fr"), (DUTCH, "nl"), (SPANISH, "es"), (ITALIAN, "it"), (ENGLISH, "en")],
)
def test_the_language_a_text_is_written_in(text: str, lang: str) -> None:
    assert detect_language(text) == lang


def test_a_short_text_says_nothing_and_the_page_s_own_word_stands() -> None:
    assert detect_language("Team – Elbwerk Energie") is None
    assert reading_language("de", "Team – Elbwerk Energie") == "de"


def test_the_text_wins_over_a_template_s_wrong_lang_attribute() -> None:
    # A German page in a theme that says lang="en-US" everywhere.
    assert reading_language("en", GERMAN) == "de"


def test_a_language_not_read_here_is_taken_at_the_page_s_word() -> None:
    assert reading_language("pt", SPANISH) == "pt"

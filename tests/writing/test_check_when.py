"""When a draft says something happened, as its reader takes it on the day they read it (5 December 2026)."""

from __future__ import annotations

from datetime import date

import pytest

from server.writing.check.when import dates_said, told

TODAY = date(2026, 12, 5)


@pytest.mark.parametrize(
    ("text", "lang", "said", "meant"),
    [
        ("I saw the news from October 2026.", "en", "October 2026", "October 2026"),
        ("Congrats on being named COO in September.", "en", "in September", "September 2026"),
        ("The launch in March was smart.", "en", "in March", "March 2026"),
        ("Your talk last spring stayed with me.", "en", "last spring", "March to May 2026"),
        ("Your September news made my day.", "en", "September", "September 2026"),
        ("CHICAGO, Sept. 3, 2026 — a new COO.", "en", "Sept. 3, 2026", "September 2026"),
        ("The post of 2026-03-10 was sharp.", "en", "2026-03-10", "March 2026"),
        ("The round last year was big.", "en", "last year", "2025"),
        ("Last Sept we met in Chicago.", "en", "Last Sept", "September 2026"),
        ("Im März habt ihr die App gestartet.", "de", "Im März", "March 2026"),
        ("Die Nachricht vom 1. Oktober 2026 hat mich gefreut.", "de", "1. Oktober 2026", "October 2026"),
        ("Letzten Sommer war viel los.", "de", "Letzten Sommer", "June to August 2026"),
        ("Félicitations pour l'annonce du 8 octobre 2026.", "fr", "8 octobre 2026", "October 2026"),
        ("Au printemps dernier, tout a changé.", "fr", "Au printemps dernier", "March to May 2026"),
        ("Enhorabuena por lo de marzo de 2026.", "es", "marzo de 2026", "March 2026"),
    ],
)
def test_a_date_is_read_as_the_months_its_reader_takes_it_to_mean(
    text: str, lang: str, said: str, meant: str
) -> None:
    found = dates_said(text, TODAY, lang)
    assert [(d.text, told(d.first, d.last)) for d in found] == [(said, meant)]


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("This may help with the plan.", "en"),  # the verb
        ("We hired summer interns.", "en"),  # a season word, not a time
        ("Fuimos a la mar en barco.", "es"),  # "mar", the sea, not March
        ("The year was a blur.", "en"),
    ],
)
def test_words_that_only_look_like_dates_are_not_dates(text: str, lang: str) -> None:
    assert dates_said(text, TODAY, lang) == []

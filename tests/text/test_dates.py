"""Written dates: when a sentence says something happened, never when it should happen."""

from __future__ import annotations

import pytest

from server.text.dates import first_date, parse_date


@pytest.mark.parametrize(
    ("sentence", "date"),
    [
        ("Northwind opened its Berlin office in March 2026.", "2026-03-01"),
        ("She joined the company in 2020.", "2020-01-01"),
        # A deadline is when something should happen, not when it was said: the page's date stands.
        ("Our goal is to reach 5,000 children a year by 2028.", "2026-09-28"),
        ("The company aims to connect 100 hospitals until 2027.", "2026-09-28"),
        ("Kliniqa wants every hospital live before 2030.", "2026-09-28"),
    ],
)
def test_the_date_a_sentence_states(sentence: str, date: str) -> None:
    assert first_date(sentence, "2026-09-28") == date


@pytest.mark.parametrize(
    ("written", "iso"),
    [
        ("October 6, 2026", "2026-10-06"),
        ("2026", "2026-01-01"),
        ("6 Oct. 2026", "2026-10-06"),
        ("soon", None),
    ],
)
def test_parse_date(written: str, iso: str | None) -> None:
    assert parse_date(written) == iso


@pytest.mark.parametrize(
    ("sentence", "lang", "date"),
    [
        ("Hamburg, 1. Oktober 2026 – Der Aufsichtsrat hat sie ernannt.", "de", "2026-10-01"),
        ("Stand: 01.07.2026", "de", "2026-07-01"),
        ("Lyon, le 8 octobre 2026 — Lumiflux annonce", "fr", "2026-10-08"),
        ("Elle a fondé l’entreprise le 1er mars 2016.", "fr", "2016-03-01"),
        ("Op 3 juli 2026 komen netbeheerders samen.", "nl", "2026-07-03"),
        ("El congreso se celebra el 12 de marzo de 2026 en Bilbao.", "es", "2026-03-12"),
        ("Il convegno si terrà il 5 maggio 2026 a Milano.", "it", "2026-05-05"),
        ("Seit März 2026 leitet sie den Vertrieb.", "de", "2026-03-01"),
        # A month without its year is in the page's year.
        ("Nommée directrice générale en octobre, elle veut grandir.", "fr", "2026-10-01"),
        ("Seit Juni leitet sie den Vertrieb.", "de", "2026-06-01"),
        ("In maart opende het bedrijf een tweede kantoor.", "nl", "2026-03-01"),
        ("A maggio ha aperto la sede di Torino.", "it", "2026-05-01"),
        # A deadline in the page's language is not when something happened.
        ("Ziel ist es, bis 2028 mehr als 40 Stadtwerke zu versorgen.", "de", "2026-09-28"),
        ("Notre objectif : 500 sites d’ici 2027.", "fr", "2026-09-28"),
        ("Queremos llegar a 100 clientes para 2027.", "es", "2026-09-28"),
        ("Vogliamo aprire tre sedi entro il 2028.", "it", "2026-09-28"),
    ],
)
def test_the_date_a_sentence_states_in_its_own_language(sentence: str, lang: str, date: str) -> None:
    assert first_date(sentence, "2026-09-28", lang) == date


def test_a_dotted_date_is_day_first_on_any_page() -> None:
    # "01.07.2026" is 1 July wherever dates are written with dots, English pages included.
    assert parse_date("01.07.2026") == parse_date("01.07.2026", "de") == "2026-07-01"
    assert first_date("Posted 01.07.2026", None) == "2026-07-01"


def test_english_pages_are_not_read_with_other_languages_month_names() -> None:
    # "Mars 2026" on an English page is a mission's name, not March.
    assert first_date("Mars 2026 is our moonshot.", None) == "2026-01-01"
    assert first_date("Mars 2026 est notre objectif.", None, "fr") == "2026-03-01"

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

"""Names with the honorifics other languages put before them: still the person's name, and only that."""

from __future__ import annotations

import pytest

from server.text.names import find_name, parse_name, same_name
from server.text.sentences import person_heading, sentence_spans


@pytest.mark.parametrize(
    ("written", "name"),
    [
        ("Frau Dr. Katrin Vogel", "Katrin Vogel"),
        ("Herr Prof. Dr. Jens Albers", "Jens Albers"),
        ("Mme Hélène Marchand", "Hélène Marchand"),
        ("M. Paul Girard", "Paul Girard"),
        ("Sra. Lucía Fernández", "Lucía Fernández"),
        ("dott.ssa Maria Rossi", "Maria Rossi"),
        ("mevrouw Sanne de Boer", "Sanne de Boer"),
        ("Dr. Priya Raman", "Priya Raman"),
    ],
)
def test_honorifics_are_part_of_how_a_name_is_written(written: str, name: str) -> None:
    assert find_name(written, name) == [(0, len(written))]  # a line that is the name and its honorifics
    assert same_name(written, name)
    assert person_heading(written) == name


def test_monsieur_s_initial_is_still_an_initial_in_a_name_alone() -> None:
    # "M. Okafor" could be Maria Okafor: only before a full name is "M." an honorific.
    assert parse_name("M. Okafor").first == "M."


@pytest.mark.parametrize(
    "line", ["Technische Leiterin", "Kaufmännischer Leiter", "Unser Team", "Elbwerk Energie GmbH"]
)
def test_title_and_heading_lines_in_other_languages_are_not_names(line: str) -> None:
    assert person_heading(line) is None


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        ("Am 1. Oktober 2026 wurde sie ernannt. Sie folgt auf Herrn Claussen.", 2),
        ("Am 12. Okt. 2026 sprach Sra. García. Danach kam nichts.", 2),
        ("Wir sind die Nummer 1. Danach kommt lange nichts.", 2),
    ],
)
def test_german_ordinal_dates_and_honorifics_do_not_end_a_sentence(text: str, sentences: int) -> None:
    assert len(sentence_spans(text)) == sentences


@pytest.mark.parametrize("line", ["Tom Scheffler", "Anna Leitermann", "Jonas Brandt"])
def test_a_surname_that_contains_a_title_word_is_still_a_name(line: str) -> None:
    # German titles end in their head noun ("Küchenchef"): "Scheffler" merely contains "chef".
    assert person_heading(line) == line

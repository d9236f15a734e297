"""How well a gift fits: a topic's words as written, a compound's generic half, the words that describe their
company, a second offer only where it fits too, and a goal said in a grammar a reader accepts."""

from __future__ import annotations

from datetime import date

import pytest

from server.models import Dossier, Fact, FactKind, Gift, Person, SenderProfile
from server.writing.fact_words import goal_phrase
from server.writing.generosity import plan_packets
from server.writing.topics import gift_match

TODAY = date(2026, 11, 23)


def fact(id_: str, kind: FactKind, text: str, when: str | None = "2026-10-01", page: str = "") -> Fact:
    url = f"http://fernhill.test/{page or id_}"
    return Fact(id=id_, kind=kind, text=text, quote=text, source_url=url, date=when, confidence=0.9)


@pytest.mark.parametrize(
    ("goal", "phrase"),
    [
        ("Corvid aims to run 20 solar-powered depots by 2028", "Corvid Logistics' plan to run 20"),
        ("Our goal is to repair 100,000 items a year by 2028", "Corvid Logistics' plan to repair 100,000"),
        ("Goal: carbon-neutral shipping by 2030", "Corvid Logistics' goal of carbon-neutral shipping"),
    ],
)
def test_a_goal_with_any_verb_is_a_plan_to_do_it(goal: str, phrase: str) -> None:
    assert goal_phrase(fact("g", "company_goal", goal), "Corvid Logistics").startswith(phrase)


def test_a_compound_topic_met_as_written_fits_better_than_its_generic_half() -> None:
    benchmark = Gift(kind="resource", what="our repair-programme benchmark", topics=["repair programme"])
    half = gift_match(benchmark, [fact("a", "article", "Wrote “What our field trial programme taught us”")])
    whole = gift_match(benchmark, [fact("b", "article", "Wrote “Our repair programme, a year on”")])
    assert half is not None and whole is not None
    assert whole.score > 2 * half.score


FERNHILL = Dossier(
    person=Person(name="Priya Raman", title="Chief Technology Officer", company="Fernhill Robotics"),
    facts=[
        fact("w", "article", "Wrote “Field trials: what our programme taught us about robots offshore”"),
        fact("g", "company_goal", "Fernhill aims to certify its robots for offshore work in 2027"),
    ],
)
SENDER = SenderProfile(
    name="Sam Lee",
    gifts=[
        Gift(kind="resource", what="our repair-programme benchmark", topics=["repair programme", "shops"]),
        Gift(kind="introduction", what="warehouse robotics founders", topics=["warehouse", "robotics"]),
    ],
)


def test_the_words_that_describe_their_company_are_a_topic_its_name_is_not() -> None:
    packets, _ = plan_packets(FERNHILL, SENDER, None, today=TODAY)
    assert packets[0].gift is not None and packets[0].gift.what == "warehouse robotics founders"


def test_a_second_offer_is_made_only_when_it_fits_on_its_own() -> None:
    packets, _ = plan_packets(FERNHILL, SENDER, None, today=TODAY)
    assert packets[0].second_gift is None  # "programme" alone is not a repair programme

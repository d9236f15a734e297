"""Occasions ranked from the role timeline and dated facts, and packets pairing one with a gift that fits.

Facts are worded as the fixture web's pages give them (a press release's headline, a team page's title line,
a newspaper's award, a founder's bio); "today" is the fixture web's, 2026-11-23.
"""

from __future__ import annotations

from datetime import date

import pytest

from server.models import Dossier, Fact, FactKind, Gift, Person, SenderProfile
from server.writing.drafting import draft_from_dossier
from server.writing.gift_packets import gift_packets
from server.writing.occasions import rank_occasions
from server.writing.thread import Thread, read_thread
from server.writing.topics import gift_match

TODAY = date(2026, 11, 23)


def fact(
    id_: str, kind: FactKind, text: str, when: str | None = None, *, old: bool = False, page: str = ""
) -> Fact:
    url = f"http://lumen.test/{page or id_}"
    return Fact(
        id=id_, kind=kind, text=text, quote=text, source_url=url, date=when, confidence=0.9, superseded=old
    )


MARISOL = Dossier(
    person=Person(name="Marisol Vega", title="Chief Operating Officer", company="Lumen Freight"),
    facts=[
        fact("r1", "role", "Chief Operating Officer at Lumen Freight", "2026-10-20"),
        fact("r0", "role", "Vice President, Network Operations at Lumen Freight", "2026-06-02", old=True),
        # A press release's headline: the title and her name in dated company news is the new role.
        fact("n1", "company_news", "Lumen Freight Names Marisol Vega Chief Operating Officer", "2026-09-14"),
        fact(
            "n2",
            "company_news",
            "Lumen Freight opens a temperature-controlled cross-dock in Plainfield",
            "2026-06-02",
        ),
        # A post and the result it reports, on one page.
        fact("w1", "article", "Wrote “Cross-docking without the chaos”", "2026-10-31", page="slides"),
        fact(
            "m1",
            "milestone",
            "Over five months we cut average trailer dwell time by 31 percent",
            "2026-10-31",
            page="slides",
        ),
        fact("n3", "company_news", "Lumen Freight opens a terminal in Dayton", "2025-06-02"),
    ],
)


def test_a_press_release_headline_naming_them_with_their_title_is_the_new_role() -> None:
    occasions = rank_occasions(MARISOL, Thread(), today=TODAY)
    top = occasions[0]
    assert (top.kind, top.what, top.when, top.fact_id) == (
        "role",
        "Chief Operating Officer",
        "2026-09-14",
        "n1",
    )


def test_a_title_line_alone_is_no_news() -> None:
    quiet = MARISOL.model_copy(update={"facts": [f for f in MARISOL.facts if f.id != "n1"]})
    assert "role" not in [o.kind for o in rank_occasions(quiet, Thread(), today=TODAY)]


@pytest.mark.parametrize(
    ("last_exchange", "kinds"),
    [
        (None, ["role", "opening"]),  # the Dayton terminal (June 2025) is more than 12 months old
        (date(2026, 7, 1), ["role"]),  # the Plainfield opening came before their last exchange: no news
        (date(2026, 10, 1), []),  # the promotion too
    ],
)
def test_news_is_newer_than_twelve_months_and_than_the_last_exchange(
    last_exchange: date | None, kinds: list[str]
) -> None:
    occasions = rank_occasions(MARISOL, Thread(last_exchange=last_exchange), today=TODAY)
    assert [o.kind for o in occasions if o.kind not in ("work", "goal")] == kinds


def test_their_award_comes_before_their_companys_opening() -> None:
    dossier = Dossier(
        person=Person(name="Rebecca Osei", company="Northside Literacy Collaborative"),
        facts=[
            fact(
                "o1", "company_news", "NLC opens second Family Reading Center in Sherman Park", "2026-09-28"
            ),
            fact("a1", "award", "Award: “40 Under 40, Class of 2026”", "2026-10-16"),
        ],
    )
    assert [o.kind for o in rank_occasions(dossier, Thread(), today=TODAY)] == ["award", "opening"]


@pytest.mark.parametrize(
    ("text", "founding"),
    [
        ("She founded the firm in January 2026", True),
        ("Ethan co-founded Furrow, which builds irrigation software", False),  # a bio, not news: no year
    ],
)
def test_a_founding_is_news_only_when_the_text_says_its_year(text: str, founding: bool) -> None:
    dossier = Dossier(
        person=Person(name="Elena Ethan", company="Marchetti"),
        facts=[fact("f", "milestone", text, "2026-01-01")],
    )
    kinds = [o.kind for o in rank_occasions(dossier, Thread(), today=TODAY)]
    assert ("founding" in kinds) is founding


BENCHMARK = Gift(
    kind="resource", what="our anonymized 2026 Midwest Dwell-Time Benchmark (62 DCs)", topics=["dwell time"]
)
OPERATORS = Gift(kind="introduction", what="cold-chain operators in my network", topics=["cold chain"])
NADIA = SenderProfile(
    name="Nadia Brooks", company="DockFlow", gifts=[OPERATORS, BENCHMARK], interests=["trail running"]
)


def test_a_gift_fits_a_post_by_the_result_its_page_reports() -> None:
    match = gift_match(BENCHMARK, MARISOL.facts, ["Marisol Vega", "Lumen Freight"])
    assert match is not None and match.fact.id == "w1" and "dwell" in match.topics


def test_stems_meet_across_word_forms() -> None:
    gift = Gift(kind="resource", what="our 2026 orchard canopy dataset")
    orchards = fact(
        "e1", "company_news", "Furrow expands from vineyards into almond and pistachio orchards", "2026-10-27"
    )
    assert gift_match(gift, [orchards]) is not None


def test_the_lead_packet_opens_on_the_new_role_and_offers_the_gift_that_fits_with_why() -> None:
    occasions = rank_occasions(MARISOL, Thread(), today=TODAY)
    facts = [f for f in MARISOL.facts if not f.superseded]
    packets = gift_packets(MARISOL, facts, occasions, NADIA.gifts or [], NADIA, today=TODAY)
    lead = packets[0]
    assert lead.occasion is not None and lead.occasion.kind == "role"
    assert lead.gift == BENCHMARK and lead.second_gift == OPERATORS
    assert "Cross-docking without the chaos" in lead.why
    # Her company's opening and her post open the other ideas; each offers a gift.
    assert [p.occasion.kind for p in packets if p.occasion] == ["role", "opening", "work"]
    assert all(p.gift for p in packets)


def test_the_offline_draft_congratulates_the_role_with_its_month_and_gives_the_gift() -> None:
    context = "Worked together on the 2023 rollout at Groveport; last spoke about 14 months ago."
    drafted = draft_from_dossier(MARISOL, NADIA, context, llm=None, today=TODAY)
    assert drafted.draft is not None
    body = drafted.draft.body
    assert "Chief Operating Officer" in body and "September" in body
    assert "Dwell-Time Benchmark" in body and "cold-chain operators in my network" in body
    assert "about 14 months" in body
    assert "today" not in body.lower() and "?" not in body and "Lumen Freight Names" not in body
    assert "benchmark" in drafted.draft.subject.lower() or "role" in drafted.draft.subject.lower()


@pytest.mark.parametrize("tone", ["warm", "brief", "formal"])
def test_little_found_gives_a_short_gift_first_note_and_says_why(tone: str) -> None:
    dossier = Dossier(person=Person(name="Ana Ruiz"))
    drafted = draft_from_dossier(dossier, NADIA, "Met at the 2024 Summit; last talked about 18 months ago.",
                                 llm=None, today=TODAY, tone=tone)  # fmt: skip
    assert drafted.draft is not None and drafted.draft.fact_ids == []
    assert "cold-chain operators" in drafted.draft.body or "Benchmark" in drafted.draft.body
    assert any("leads with your gift" in w for w in drafted.warnings)
    assert "your work" not in drafted.draft.body  # no claim about what they do


def test_the_thread_reads_dates_from_gmail_quote_headers() -> None:
    context = (
        "On Tue, Jun 9, 2026 at 10:14 AM Marisol Vega <marisol@lumen.test> wrote:\n> We opened Plainfield."
    )
    assert read_thread(context, "Marisol Vega", today=TODAY).last_exchange == date(2026, 6, 9)

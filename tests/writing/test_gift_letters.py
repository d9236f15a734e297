"""Gift letters on the fixture web: the draft opens on their newest occasion, dated right, offers a gift that
fits their work, and reads the thread (how long since the last exchange, what they said they were doing)."""

from __future__ import annotations

import re
from datetime import date

import pytest

from server.models import Dossier, Fact, Gift, Person, Run, RunRequest, SenderProfile
from server.service.once import run_once
from server.writing.drafting import draft_from_dossier
from server.writing.thread import read_thread
from tests.fixture_web import FixtureWeb
from tests.support.persona import DANA_PERSON, DANA_URLS

TODAY = date(2026, 11, 23)  # the fixture web's "now"
SENDER = SenderProfile(
    name="Sam Lee",
    company="Atlas Advisory",
    signature="Sam Lee\nPartner, Atlas Advisory",
    gifts=[
        Gift(
            kind="resource",
            what="Atlas's 2026 streaming cost benchmark across 40 data teams",
            topics=["streaming"],
        ),
        Gift(kind="introduction", what="two carrier-relations leads in my network", topics=["carriers"]),
    ],
)
MIGUEL_THREAD = (
    "Our last messages:\n\nMe, Jun 2, 2026:\nGood to see you at the summit.\n\n"
    "Miguel Santos, Jun 17, 2026:\nThanks! We're hiring two more freight analysts in Savannah, so it's busy."
)
PERSONAS = {
    # A blog and a company news page: her March promotion, and a post on streaming pipelines.
    "dana": RunRequest(
        person=DANA_PERSON,
        urls=DANA_URLS,
        sender=SENDER,
        context="We worked together on the 2023 forecasting rollout; last spoke 14 months ago.",
    ),
    # A port operator's site, a podcast page and a personal site; the thread is the panel's messages.
    "miguel": RunRequest(
        person=Person(name="Miguel Santos", email="miguel.santos.ops@gmail.com"),
        urls=["http://tidewater.test/", "http://freightcast.test/episodes/42", "http://miguelsantos.test/"],
        sender=SENDER,
        context=MIGUEL_THREAD,
    ),
}


@pytest.fixture(scope="module", params=sorted(PERSONAS))
def drafted(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Run]:
    with FixtureWeb() as web:
        settings = web.settings(tmp_path_factory.mktemp(request.param))
        return request.param, run_once(PERSONAS[request.param], settings, lambda _: None, today=TODAY)


def test_the_draft_offers_a_gift_that_fits_their_work(drafted: tuple[str, Run]) -> None:
    name, run = drafted
    assert run.draft is not None
    gift = {"dana": "streaming cost benchmark", "miguel": "carrier-relations leads"}[name]
    assert gift in run.draft.body
    assert run.generosity[0].gift is not None and run.generosity[0].why


def test_the_newest_role_is_congratulated_with_its_month(drafted: tuple[str, Run]) -> None:
    name, run = drafted
    assert run.draft is not None
    if name == "dana":  # promoted to VP of Data Engineering in March 2026
        assert re.search(r"VP of Data Engineering[^.]*\bin March\b", run.draft.body)
        assert run.generosity[0].occasion is not None and run.generosity[0].occasion.kind == "role"


def test_the_thread_sets_how_the_draft_speaks_of_time(drafted: tuple[str, Run]) -> None:
    name, run = drafted
    assert run.draft is not None
    body = run.draft.body
    assert "today" not in body.lower() and "?" not in body
    if name == "dana":
        assert "about 14 months" in body
    else:  # they last wrote in June: no "it's been a while", and what they said is the reason for the gift
        assert "been" not in body.split("\n\n")[1] or "months" not in body
        assert "hiring two more freight analysts in Savannah" in body


def test_the_draft_is_a_length_a_person_reads(drafted: tuple[str, Run]) -> None:
    _, run = drafted
    assert run.draft is not None
    words = len(run.draft.body.split())
    assert 60 <= words <= 135  # the signature's lines are counted here too


@pytest.mark.parametrize(
    ("context", "last", "gap", "project"),
    [
        ("Worked together on the 2023 rollout; last spoke about 14 months ago.", date(2025, 9, 23),
         "about 14 months", "our work on the 2023 rollout"),
        ("Met at the 2024 Summit; last talked about 18 months ago.", date(2025, 5, 23),
         "about 18 months", None),
        ("We co-hosted an ET webinar in spring 2024; last spoke about a year ago.", date(2025, 11, 23),
         "about a year", "the ET webinar we co-hosted"),
        ("We last spoke in June 2026.", date(2026, 6, 1), "several months", None),
        # Dates written as a contacts export or a renewal writes them (it once read as December 1st).
        ("We last spoke on 2025-03-14.", date(2025, 3, 14), "about a year and a half", None),
        ("We last spoke on 14 March 2025.", date(2025, 3, 14), "about a year and a half", None),
        ("Dana Okafor, Oct 2, 2026:\nHappy to compare notes later in the year.", date(2026, 10, 2),
         "a couple of months", None),
        ("", None, None, None),
    ],
)  # fmt: skip
def test_the_thread_reads_the_last_exchange_against_today(
    context: str, last: date | None, gap: str | None, project: str | None
) -> None:
    thread = read_thread(context, "Dana Okafor", today=TODAY)
    assert thread.last_exchange == last
    assert thread.gap_words == gap
    assert thread.project == project


def test_only_what_the_person_wrote_becomes_a_hook() -> None:
    thread = read_thread(
        "Me, Jun 2, 2026:\nWe're hiring a new sales lead.\n\n"
        "Dana Okafor, Jun 17, 2026:\nWe're hiring two more data engineers in Toronto, so it's busy. "
        "Happy to compare notes later in the year.",
        "Dana Okafor",
        today=TODAY,
    )
    assert thread.doing == ("hiring two more data engineers in Toronto",)
    assert thread.offer == "compare notes later in the year"
    assert not thread.long_ago


def test_what_they_offered_in_the_thread_is_taken_up() -> None:
    post = Fact(
        id="p1", kind="article", text="Wrote “Streaming without tears”", quote="Streaming without tears",
        source_url="http://danaokafor.test/posts/streaming", date="2026-10-28", confidence=0.9,
    )  # fmt: skip
    dossier = Dossier(person=Person(name="Dana Okafor", company="Northwind Analytics"), facts=[post])
    context = "Dana Okafor, Oct 2, 2026:\nHappy to compare notes later in the year."
    drafted = draft_from_dossier(dossier, SENDER, context, llm=None, today=TODAY)
    assert drafted.draft is not None
    assert "compare notes later in the year" in drafted.draft.body
    assert "been a while" not in drafted.draft.body and "months since" not in drafted.draft.body


def test_a_point_their_own_post_makes_is_quoted_back_to_them(drafted: tuple[str, Run]) -> None:
    name, run = drafted
    assert run.draft is not None
    if name == "dana":  # her post's numbered headings: what she found moving pipelines to streaming
        points = "Budget for the boring parts|Keep the batch job as a referee|Move the consumers first"
        assert re.search(rf"your post “What we learned[^”]*”[^.]*“(?:{points})”", run.draft.body)

"""The offline engine on the fixture web: each persona's email leads with something real and recent."""

from __future__ import annotations

import re
from datetime import date

import pytest

from server.models import Person, Resource, Run, RunRequest, SenderProfile
from server.service.once import run_once
from server.writing.check.email_text import split_email, words
from tests.fixture_web import FixtureWeb
from tests.support.persona import DANA_PERSON, DANA_URLS

TODAY = date(2026, 11, 23)  # the fixture web's "now"
# Sam with an offer and interests broad enough for all three personas, and a signature to sign with.
SENDER = SenderProfile(
    name="Sam Lee",
    role="Partner",
    company="Atlas Advisory",
    offer="Benchmarks and introductions for data and operations leaders",
    interests=["streaming", "logistics", "robotics"],
    resources=[
        Resource(title="Streaming cost benchmark", url="https://atlas.test/bench", topics=["streaming"])
    ],
    signature="Sam Lee\nPartner, Atlas Advisory",
)
PERSONAS = {
    "dana": RunRequest(
        person=DANA_PERSON,
        urls=DANA_URLS,
        sender=SENDER,
        context="We worked together on the 2023 forecasting rollout; last spoke 14 months ago.",
    ),
    "miguel": RunRequest(
        person=Person(name="Miguel Santos", email="miguel.santos.ops@gmail.com"),
        urls=["http://tidewater.test/", "http://freightcast.test/episodes/42", "http://miguelsantos.test/"],
        sender=SENDER,
    ),
    "priya": RunRequest(
        person=Person(name="Priya Raman", email="priya@fernhill.test"),
        urls=["http://priyaraman.test/talks"],
        sender=SENDER,
    ),
}
NEVER = ("salesy_phrase", "pitch_opening", "hard_ask", "sensitive", "injection", "ungrounded")


@pytest.fixture(scope="module", params=sorted(PERSONAS))
def drafted(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Run:
    with FixtureWeb() as web:
        settings = web.settings(tmp_path_factory.mktemp(request.param))
        return run_once(PERSONAS[request.param], settings, lambda _: None, today=TODAY)


def test_the_offline_engine_writes_and_says_so(drafted: Run) -> None:
    assert drafted.draft is not None and drafted.draft.engine == "offline"
    assert drafted.usage.calls == 0


def test_packets_are_concrete_grounded_and_at_least_one_is_professional(drafted: Run) -> None:
    fact_ids = {f.id for f in drafted.facts}
    assert 1 <= len(drafted.generosity) <= 5
    assert any(p.professional for p in drafted.generosity)
    for packet in drafted.generosity:
        assert packet.fact_ids and set(packet.fact_ids) <= fact_ids


def test_the_email_rests_on_a_real_recent_fact_and_names_it(drafted: Run) -> None:
    facts = {f.id: f for f in drafted.facts}
    used = [facts[i] for i in drafted.draft.fact_ids]
    assert used and not any(f.superseded for f in used)
    assert any(f.date and (TODAY - date.fromisoformat(f.date)).days <= 366 for f in used)
    body = drafted.draft.body.lower()
    detail = {w for f in used for w in re.findall(r"[a-z]{4,}", f.text.lower())}
    assert len({w for w in detail if w in body}) >= 2, "the email should mention what the fact says"


def test_the_email_is_short_generous_and_safe(drafted: Run) -> None:
    draft = drafted.draft
    email = split_email(draft.body)
    assert 50 <= len(words(email.prose)) <= 125
    assert draft.body.count("?") <= 1
    codes = {issue.code for issue in draft.checks.issues}
    assert not codes & set(NEVER), draft.checks.issues
    assert draft.checks.score >= 80


def test_the_email_signs_with_the_senders_name(drafted: Run) -> None:
    assert "Sam Lee" in drafted.draft.body

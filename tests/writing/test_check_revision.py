"""The reader's checks drive the LLM draft's revision: what its recipient would catch goes back as advice."""

from __future__ import annotations

from datetime import date

from server.models import Dossier, Fact, Gift, Packet, Person, SenderProfile
from server.writing.draft import DraftAnswer, write_draft
from server.writing.llm import LLM
from tests.fake_llm import FakeLLM, answer

TODAY = date(2026, 11, 23)
ROLE = Fact(
    id="f1",
    kind="company_news",
    text="Harbor Line Freight today announced that Ada Brenner has been named Chief Operating Officer",
    quote="Harbor Line Freight today announced that Ada Brenner has been named Chief Operating Officer",
    source_url="https://harborline.test/news/coo",
    date="2026-09-14",
    confidence=0.9,
)
ADA = Dossier(
    person=Person(name="Ada Brenner", title="Chief Operating Officer", company="Harbor Line Freight"),
    facts=[ROLE],
)
TOM = SenderProfile(
    name="Tom Reyes",
    company="YardWise",
    gifts=[Gift(kind="resource", what="our 2026 Yard Dwell Benchmark (40 terminals)", topics=["dwell time"])],
)
PACKET = Packet(kind="congratulate", text="Congratulate Ada on being named COO", fact_ids=["f1"])
PASTED = DraftAnswer(
    subject="Congrats",
    body="Hi Ada,\n\nI saw that Harbor Line Freight today announced that Ada Brenner has been named Chief "
    "Operating Officer. Congratulations! Our 2026 Yard Dwell Benchmark covers 40 terminals, and I would be "
    "glad to send it over if it helps with the first months in the role. It has a section on trailer dwell "
    "at cross-docks, which seemed close to what your terminals are working on.\n\nBest,\nTom",
    fact_ids=["f1"],
)
OWN_WORDS = DraftAnswer(
    subject="Congrats on the COO role",
    body="Hi Ada,\n\nCongratulations on being named Chief Operating Officer in September. Our 2026 Yard "
    "Dwell Benchmark covers 40 terminals, and I would be glad to send it over if it helps with the first "
    "months in the role. It has a section on trailer dwell at cross-docks, which seemed close to what your "
    "terminals are working on.\n\nBest,\nTom",
    fact_ids=["f1"],
)


def test_a_pasted_press_release_is_revised_with_the_readers_advice(fake_llm: FakeLLM) -> None:
    fake_llm.script(answer(PASTED), answer(OWN_WORDS))
    with LLM(fake_llm.settings()) as llm:
        outcome = write_draft(ADA, PACKET, TOM, None, tone="warm", llm=llm, today=TODAY)
    assert outcome.revised is True and outcome.draft.body == OWN_WORDS.body
    advice = fake_llm.requests[1]["messages"][-1]["content"]
    assert '"today announced" is press-release grammar' in advice
    assert "speaks of Ada Brenner in the third person" in advice
    assert not {i.code for i in outcome.draft.checks.issues} & {"press_release", "third_person"}

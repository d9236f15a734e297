"""The offline engine: short, grounded, varied and deterministic renewal emails, one per packet and tone.

Length rule under test: warm and formal bodies have 50-125 words (greeting and prose, as the check counts
them); brief bodies may be shorter but never under 35.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

import pytest

from server.models import TONES, Dossier, Packet, Person, SenderProfile, Tone
from server.writing.check.email_text import split_email, words
from server.writing.check.score import check_draft
from server.writing.generosity import plan_packets
from server.writing.offline.writer import OfflineDraft, write_offline
from tests.support.dossiers import (
    CONTEXT,
    DANA,
    KIM,
    MIGUEL,
    PRIYA,
    SAM,
    THREAD,
    TODAY,
    fact,
)

MONTHS = {
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december",
}  # fmt: skip
CONTRACTION = re.compile(
    r"\b(?:\w+n't|I'm|I'd|I've|I'll|it's|that's|you're|you'd|you've|we're|there's|here's|what's|let's)\b",
    re.IGNORECASE,
)
# Check codes an offline draft must never earn.
NEVER = {"salesy_phrase", "pitch_opening", "hard_ask", "sensitive", "injection", "ungrounded"}


@dataclass(frozen=True)
class Case:
    """One packet to write, with who writes, the context, and what the email must mention."""

    name: str
    dossier: Dossier
    sender: SenderProfile | None
    context: str | None
    packet: Packet
    details: tuple[str, ...]


LED_THE_MOVE = fact(
    "f8", "milestone", "Dana Okafor led the move of 400 nightly batch pipelines to streaming",
    url="http://datasummit.test/2026/speakers", when="2026-06-11",
)  # fmt: skip

CASES = [
    Case("congratulate-role", DANA, SAM, CONTEXT,
         Packet(kind="congratulate", text="Congratulate Dana on the new role", fact_ids=["f2"]),
         ("VP of Data Engineering", "March 2026")),
    Case("congratulate-funding", DANA, SAM, None,
         Packet(kind="congratulate", text="Congratulate Dana on the Series B", fact_ids=["f3"]),
         ("$40M Series B", "September 2026", "Northwind Analytics")),
    Case("congratulate-award", MIGUEL, None, "Met at the Port Alliance summit in 2022",
         Packet(kind="congratulate", text="Congratulate Miguel on the award", fact_ids=["m2"]),
         ("Logistics Innovator of the Year 2026", "May 2026")),
    Case("congratulate-news", DANA.model_copy(update={"facts": [*DANA.facts, LED_THE_MOVE]}), SAM, None,
         Packet(kind="congratulate", text="Congratulate Dana on the migration", fact_ids=["f8"]),
         ("you led the move of 400 nightly batch pipelines to streaming", "June 2026")),
    Case("share-resource", DANA, SAM, CONTEXT,
         Packet(kind="share_resource", text="Share a resource", fact_ids=["f4"], resource=SAM.resources[0]),
         ("Streaming cost benchmark", "https://atlas.test/streaming-benchmark",
          "What we learned moving 400 batch pipelines to streaming", "October 2026")),
    Case("share-resource-goal", PRIYA, KIM, THREAD,
         Packet(kind="share_resource", text="Share a resource", fact_ids=["p4"], resource=KIM.resources[0]),
         ("Offshore certification checklist", "certify its robots for offshore work in 2027")),
    Case("introduce", DANA, SAM, None,
         Packet(kind="introduce", text="Introduce Dana to Lena", fact_ids=["f6"],
                introduction=SAM.introductions[0]),
         ("Lena Fischer", "open a European office in 2027", "European expansion")),
    Case("insight-goal", MIGUEL, None, None,
         Packet(kind="insight", text="An observation", fact_ids=["m4"]),
         ("carbon-neutral shipping by 2030", "Tidewater Logistics")),
    Case("insight-pair", PRIYA, KIM, None,
         Packet(kind="insight", text="An observation", fact_ids=["p4", "p3"]),
         ("certify its robots for offshore work in 2027", "Robots that climb turbines")),
    Case("insight-work", MIGUEL, None, None,
         Packet(kind="insight", text="An observation", fact_ids=["m3"]),
         ("Building carrier partnerships that last", "July 2026")),
    Case("insight-untitled-work", PRIYA, KIM, THREAD,
         Packet(kind="insight", text="An observation", fact_ids=["p2"]),
         ("field trials in the North Sea",)),
    Case("invite", DANA, SAM, CONTEXT,
         Packet(kind="invite", text="Invite Dana to the roundtable", fact_ids=["f5"]),
         ("I host a quarterly roundtable for heads of data in Berlin", "Streaming without tears")),
    Case("help", PRIYA, KIM, None,
         Packet(kind="help", text="Offer help", fact_ids=["p4"]),
         ("certify its robots for offshore work in 2027",)),
    Case("help-with-role", DANA, SAM, CONTEXT,
         Packet(kind="help", text="Offer help", fact_ids=["f6"]),
         ("open a European office in 2027",)),
]  # fmt: skip

DRAFTS = [
    pytest.param(case, tone, write_offline(case.dossier, case.packet, case.sender, case.context, tone=tone,
                                           today=TODAY), id=f"{case.name}-{tone}")
    for case in CASES
    for tone in TONES
]  # fmt: skip


def content_words(draft: OfflineDraft, sender: SenderProfile | None) -> int:
    """Words in greeting and prose, as the check counts them."""
    email = split_email(draft.body, sender.name if sender else None, sender.signature if sender else None)
    return len(words(email.content))


def unsupported(text: str, dossier: Dossier, sender: SenderProfile | None, context: str | None) -> list[str]:
    """Capitalised words and numbers in text that nothing given to the writer contains.

    Words that start a sentence or a line are skipped (grammar, not names), as are "I" and month names
    (a fact's date is written as "March 2026").
    """
    known = " ".join(
        [
            context or "",
            dossier.person.model_dump_json(),
            *(f"{f.text} {f.quote} {f.date}" for f in dossier.facts if not f.superseded),
            sender.model_dump_json() if sender else "",
        ]
    ).lower()
    text = re.sub(r"https?://\S+", " ", text)
    missing = []
    for match in re.finditer(r"[A-Za-z][\w'’-]*|\d[\d,.]*", text):
        token = match.group(0).rstrip(".,")
        before = text[: match.start()].rstrip(" ")
        if token[0].isdigit():
            if token not in known:
                missing.append(token)
            continue
        starts_sentence = not before or before[-1] in ".!?:\n"
        if not token[0].isupper() or starts_sentence or token == "I" or token.startswith(("I'", "I’")):
            continue
        word = re.sub(r"['’]s?$", "", token).lower()
        if word not in MONTHS and word not in known:
            missing.append(token)
    return missing


def self_and_you(body: str) -> tuple[int, int]:
    tokens = [t.lower().replace("’", "'") for t in re.findall(r"[A-Za-z]+(?:['’][a-z]+)?", body)]
    mine = sum(t in {"i", "me", "my", "we", "our", "us", "i'm", "i'd", "i've", "i'll"} for t in tokens)
    yours = sum(t in {"you", "your", "yours", "you're", "you'd", "you've", "you'll"} for t in tokens)
    return mine, yours


@pytest.mark.parametrize(("case", "tone", "draft"), DRAFTS)
def test_length_is_within_bounds(case: Case, tone: Tone, draft: OfflineDraft) -> None:
    low = 35 if tone == "brief" else 50
    assert low <= content_words(draft, case.sender) <= 125, draft.body


@pytest.mark.parametrize(("case", "tone", "draft"), DRAFTS)
def test_at_most_one_question(case: Case, tone: Tone, draft: OfflineDraft) -> None:
    assert draft.body.count("?") <= 1


@pytest.mark.parametrize(("case", "tone", "draft"), DRAFTS)
def test_the_facts_key_details_appear_and_fact_ids_are_those_used(
    case: Case, tone: Tone, draft: OfflineDraft
) -> None:
    for detail in case.details:
        assert detail in draft.body, (detail, draft.body)
    assert draft.fact_ids == case.packet.fact_ids


@pytest.mark.parametrize(("case", "tone", "draft"), DRAFTS)
def test_every_name_and_number_is_grounded(case: Case, tone: Tone, draft: OfflineDraft) -> None:
    assert unsupported(draft.body, case.dossier, case.sender, case.context) == []
    assert unsupported(draft.subject, case.dossier, case.sender, case.context) == []
    sender_urls = {r.url for r in case.sender.resources} if case.sender else set()
    assert set(re.findall(r"https?://\S+", draft.body)) <= sender_urls


@pytest.mark.parametrize(("case", "tone", "draft"), DRAFTS)
def test_it_is_about_them_more_than_the_sender(case: Case, tone: Tone, draft: OfflineDraft) -> None:
    mine, yours = self_and_you(split_email(draft.body, None, case.sender and case.sender.signature).prose)
    assert yours >= mine, draft.body


@pytest.mark.parametrize(("case", "tone", "draft"), DRAFTS)
def test_greeting_first_name_and_sign_off(case: Case, tone: Tone, draft: OfflineDraft) -> None:
    first = draft.body.splitlines()[0]
    expected_name = {"Dana Okafor": "Dana", "Miguel Santos": "Miguel", "Dr. Priya Raman": "Priya"}
    assert first.endswith(f"{expected_name[case.dossier.person.name]},")
    assert first.startswith("Dear " if tone == "formal" else ("Hi ", "Hello "))
    if case.sender:
        assert draft.body.endswith(case.sender.signature or case.sender.name)


@pytest.mark.parametrize(("case", "tone", "draft"), DRAFTS)
def test_subject_is_short_and_specific(case: Case, tone: Tone, draft: OfflineDraft) -> None:
    assert 1 <= len(draft.subject.split()) <= 9
    assert "!" not in draft.subject and "?" not in draft.subject


@pytest.mark.parametrize(("case", "tone", "draft"), [d for d in DRAFTS if d.values[1] == "formal"])
def test_formal_has_no_contractions(case: Case, tone: Tone, draft: OfflineDraft) -> None:
    assert CONTRACTION.findall(draft.body.replace("’", "'")) == []


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_brief_is_shorter_than_warm(case: Case) -> None:
    warm, brief = (
        write_offline(case.dossier, case.packet, case.sender, case.context, tone=tone, today=TODAY)
        for tone in ("warm", "brief")
    )
    assert content_words(brief, case.sender) < content_words(warm, case.sender)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_the_same_inputs_give_the_same_draft(case: Case) -> None:
    drafts = [
        write_offline(case.dossier, case.packet, case.sender, case.context, tone="warm", today=TODAY)
        for _ in range(2)
    ]
    assert drafts[0] == drafts[1]


def opening(draft: OfflineDraft) -> str:
    """The first sentence after the greeting."""
    paragraph = draft.body.split("\n\n")[1]
    return re.split(r"(?<=[.!?:])\s", paragraph, maxsplit=1)[0]


def test_different_people_and_packets_read_differently() -> None:
    drafts = [d.values[2] for d in DRAFTS if d.values[1] == "warm"]
    firsts = [opening(d) for d in drafts]
    assert len(set(firsts)) >= 5, firsts
    # With the packet's sentence, no two emails start alike.
    starts = [" ".join(d.body.split("\n\n")[1].split()[:25]) for d in drafts]
    assert len(set(starts)) == len(starts)


def test_the_same_packet_for_two_people_opens_differently() -> None:
    packet = Packet(kind="insight", text="An observation", fact_ids=["g1"])
    people = ["Dana Okafor", "Ana Ruiz", "Miguel Santos", "Priya Raman", "Tom Berg", "Lea Roth"]
    openings = set()
    for name in people:
        dossier = Dossier(
            person=Person(name=name, company="Northwind Analytics"),
            facts=[fact("g1", "company_goal", "Northwind Analytics aims to open a European office in 2027")],
        )
        openings.add(opening(write_offline(dossier, packet, None, None, today=TODAY)))
    assert len(openings) >= 3


def test_the_context_shapes_the_opening_and_nothing_is_claimed_without_it() -> None:
    case = next(c for c in CASES if c.name == "congratulate-role")
    renewed = write_offline(case.dossier, case.packet, SAM, CONTEXT, today=TODAY)
    first_paragraph = renewed.body.split("\n\n")[1]
    assert "14 months" in first_paragraph and "2023 rollout" in first_paragraph
    plain = write_offline(case.dossier, case.packet, SAM, None, today=TODAY)
    for claim in ("rollout", "14 months", "worked together", "met ", "we last spoke"):
        assert claim not in plain.body


def test_the_senders_relationship_note_stands_in_for_the_context() -> None:
    noted = SAM.model_copy(update={"relationship_note": CONTEXT})
    draft = write_offline(DANA, CASES[0].packet, noted, None, today=TODAY)
    assert "2023 rollout" in draft.body


@pytest.mark.parametrize(
    ("context", "expected"),
    [
        ("Worked together on the 2023 rollout; last spoke 14 months ago.", ("14 months", "2023 rollout")),
        ("We collaborated on Project Atlas", ("Project Atlas",)),
        ("I worked with Dana on the data platform migration", ("data platform migration",)),
        ("Met at Data Summit 2024", ("Data Summit 2024",)),
        ("We last spoke in March 2025.", ("March 2025",)),
        ("Last talked about 2 years ago", ("about 2 years",)),
        (THREAD, ("our",)),
    ],
)
def test_the_opening_uses_only_what_the_context_says(context: str, expected: tuple[str, ...]) -> None:
    for tone in TONES:
        draft = write_offline(DANA, CASES[0].packet, SAM, context, tone=tone, today=TODAY)
        first_paragraph = draft.body.split("\n\n")[1]
        assert all(e in first_paragraph for e in expected), (tone, first_paragraph)
        assert unsupported(draft.body, DANA, SAM, context) == []


def test_without_a_sender_the_email_ends_on_a_sign_off() -> None:
    draft = write_offline(MIGUEL, CASES[2].packet, None, None, today=TODAY)
    assert draft.body.splitlines()[-1].endswith(",")


def test_a_title_that_asks_a_question_leaves_no_room_for_another() -> None:
    dossier = Dossier(
        person=Person(name="Ana Ruiz"),
        facts=[
            fact(
                "q1", "talk", "Talk: “Is streaming worth it?”", url="http://logicon.test/", when="2026-09-09"
            )
        ],
    )
    packet = Packet(kind="insight", text="An observation", fact_ids=["q1"])
    for tone in TONES:
        assert write_offline(dossier, packet, None, None, tone=tone, today=TODAY).body.count("?") == 1


@pytest.mark.parametrize("fact_ids", [["f7"], ["nope"], []], ids=["superseded", "unknown", "none"])
def test_a_packet_without_usable_facts_is_refused(fact_ids: list[str]) -> None:
    packet = Packet(kind="congratulate", text="Congratulate Dana", fact_ids=fact_ids)
    with pytest.raises(ValueError, match="no usable fact"):
        write_offline(DANA, packet, SAM, None, today=TODAY)


def test_a_private_fact_is_never_written_even_if_a_packet_names_it() -> None:
    private = fact("r1", "milestone", "Back at work after her surgery in August", when="2026-09-01")
    dossier = DANA.model_copy(update={"facts": [*DANA.facts, private]})
    with pytest.raises(ValueError, match="no usable fact"):
        write_offline(dossier, Packet(kind="congratulate", text="x", fact_ids=["r1"]), SAM, None, today=TODAY)


# --- Against the check stage -------------------------------------------------------------------------

PLANNED = [
    pytest.param(dossier, sender, context, packet, tone, id=f"{dossier.person.name.split()[-1]}-{i}-{tone}")
    for dossier, sender, context in [
        (DANA, SAM, CONTEXT), (DANA, SAM, None), (MIGUEL, None, "Met at the Port Alliance summit in 2022"),
        (PRIYA, KIM, THREAD),
    ]
    for i, packet in enumerate(plan_packets(dossier, sender, context, today=TODAY)[0])
    for tone in TONES
]  # fmt: skip


@pytest.mark.parametrize(("dossier", "sender", "context", "packet", "tone"), PLANNED)
def test_every_planned_packet_drafts_an_email_the_check_passes(
    dossier: Dossier, sender: SenderProfile | None, context: str | None, packet: Packet, tone: Tone
) -> None:
    draft = write_offline(dossier, packet, sender, context, tone=tone, today=TODAY)
    checks = check_draft(draft.subject, draft.body, dossier=dossier, sender=sender, context=context)
    assert NEVER.isdisjoint(i.code for i in checks.issues), checks.issues
    # Brief drafts are shorter than the check's floor on purpose; nothing else may be flagged but what the
    # writer's rewrite for issue 9 takes on (stock lines, a question after "no need to reply", no gift).
    allowed = {"stock_closer", "mixed_signal", "no_gift"} | ({"too_short"} if tone == "brief" else set())
    assert {i.code for i in checks.issues} <= allowed, checks.issues


def test_today_is_an_input_not_the_clock() -> None:
    packet = next(c.packet for c in CASES if c.name == "share-resource")
    later = write_offline(DANA, packet, SAM, None, today=date(2030, 1, 1))
    assert later == write_offline(DANA, packet, SAM, None, today=date(2030, 1, 1))


def test_a_date_that_gives_only_the_year_is_written_as_the_year() -> None:
    talk = fact(
        "y1", "talk", "Talk at RoboCon 2026: “Robots that climb turbines” (2026-01-01)", when="2026-01-01"
    )
    dossier = Dossier(person=PRIYA.person, facts=[talk])
    draft = write_offline(dossier, Packet(kind="insight", text="x", fact_ids=["y1"]), KIM, None, today=TODAY)
    assert "(2026)" in draft.body and "January" not in draft.body

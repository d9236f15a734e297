"""One builder per packet kind: what the offline email says about the packet, as slots and phrase banks."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date

from server.errors import DraftingError
from server.models import Dossier, Fact, Introduction, Packet, PacketKind, Resource, SenderProfile
from server.writing.fact_words import WORK_KINDS, company_name, news_clause, occasion_of
from server.writing.offline import phrases
from server.writing.offline.phrases import Bank
from server.writing.offline.slots import Slots, cap, fact_slots, headline
from server.writing.topics import (
    Match,
    fact_words,
    introduction_match,
    invitation,
    resource_match,
    shared_interests,
)


@dataclass
class Content:
    """The packet turned into slots and the lines that carry it."""

    main: Bank  # the main paragraph's phrasings
    slots: Slots
    fact_ids: list[str]
    subject: Bank
    question: str  # key into phrases.QUESTIONS
    extras: list[str] = field(default_factory=list)  # keys into phrases.EXTRAS, in the order to add them
    link: str | None = None  # on a line of its own after the main paragraph
    offers: bool = False  # the main paragraph already offers something: close lightly


Builder = Callable[
    [Dossier, Packet, list[Fact], SenderProfile | None, str | None, date],
    Content,
]


def _congratulate(
    dossier: Dossier,
    packet: Packet,
    facts: list[Fact],
    sender: SenderProfile | None,
    context: str | None,
    today: date,
) -> Content:
    fact = facts[0]
    occasion = occasion_of(fact, dossier.person.title)
    kind = occasion.kind if occasion else "news"
    detail = occasion.detail if occasion else None
    slots = fact_slots(fact, company_name(dossier), today)
    if kind == "role" and not detail:
        kind = "role_untitled"
    if kind in ("role", "role_untitled"):
        slots |= {"title": detail, "head": _title_head(detail)}
    elif kind == "award":
        slots["award"] = _award_phrase(detail or fact.text.rstrip("."))
    elif kind == "funding":
        slots |= {"round": detail, "round_name": _round_name(detail or "")}
    else:
        news = news_clause(fact, dossier.person.name)
        slots |= {"news": news, "headline": None if news else headline(fact)}
    subject = phrases.SUBJECTS[kind]
    if kind == "role" and not slots["head"]:
        subject = phrases.SUBJECTS["role_untitled"]
    extras = ["role" if kind.startswith("role") else kind]
    return Content(
        main=phrases.CONGRATULATE[kind],
        slots=slots,
        fact_ids=[fact.id],
        subject=subject,
        question="role" if kind.startswith("role") else kind,
        extras=extras,
    )


def _share_resource(
    dossier: Dossier,
    packet: Packet,
    facts: list[Fact],
    sender: SenderProfile | None,
    context: str | None,
    today: date,
) -> Content:
    resource = packet.resource or _named_resource(packet, sender)
    if resource is None:
        raise DraftingError("a share_resource packet needs the sender's resource")
    match = resource_match(resource, facts)
    fact = match.fact if match else facts[0]
    topics = _matched_topics(match, resource.title) or [t for t in resource.topics[:2] if t.strip()]
    slots = fact_slots(fact, company_name(dossier), today, dated=fact.kind in WORK_KINDS)
    slots |= {"res": resource.title, "topics": _join(topics) or None, "topic": topics[0] if topics else None}
    subject = phrases.SUBJECTS["share_resource" if topics else "share_resource_untopical"]
    return Content(
        main=phrases.SHARE_RESOURCE,
        slots=slots,
        fact_ids=[fact.id],
        subject=subject,
        question=_question_key(fact),
        extras=["gift"],
        link=resource.url,
    )


def _introduce(
    dossier: Dossier,
    packet: Packet,
    facts: list[Fact],
    sender: SenderProfile | None,
    context: str | None,
    today: date,
) -> Content:
    introduction = packet.introduction or _named_introduction(packet, sender)
    if introduction is None:
        raise DraftingError("an introduce packet needs the sender's introduction")
    match = introduction_match(introduction, facts)
    fact = match.fact if match else facts[0]
    topics = _matched_topics(match, None) or [t for t in introduction.topics[:2] if t.strip()]
    slots = fact_slots(fact, company_name(dossier), today, dated=False)
    who = introduction.name + (f" ({introduction.role})" if introduction.role else "")
    slots |= {
        "intro": who,
        "intro_name": introduction.name,
        "topics": _join(topics) or "what you're building",
    }
    return Content(
        main=phrases.INTRODUCE,
        slots=slots,
        fact_ids=[fact.id],
        subject=phrases.SUBJECTS["introduce"],
        question=_question_key(fact),
        extras=["offer"],
        offers=True,
    )


def _insight(
    dossier: Dossier,
    packet: Packet,
    facts: list[Fact],
    sender: SenderProfile | None,
    context: str | None,
    today: date,
) -> Content:
    company = company_name(dossier)
    goal = next((f for f in facts if f.kind == "company_goal"), None)
    work = next((f for f in facts if f.kind in WORK_KINDS), None)
    if goal is not None:
        slots = fact_slots(goal, company, today, dated=False)
        if work is not None:
            work_slots = fact_slots(work, company, today)
            slots |= {
                k: work_slots[k] for k in ("work", "Work", "work_noun", "paren_when", "in_when", "when")
            }
        key, used = ("pair", [goal, work]) if work is not None else ("goal", [goal])
        subject = phrases.SUBJECTS["insight_goal"]
    else:
        fact = work or facts[0]
        slots = fact_slots(fact, company, today)
        slots.setdefault("work", slots["target"])
        slots.setdefault("Work", slots["Target"])
        slots.setdefault("work_noun", "work")
        slots.setdefault("titled", None)
        key, used = "work", [fact]
        subject = phrases.SUBJECTS["insight_work"]
    topic_words = set().union(*(fact_words(f) for f in used))
    interests = shared_interests(sender, topic_words)
    slots["interest"] = interests[0] if interests else None
    question = "pair" if key == "pair" else _question_key(used[0])
    return Content(
        main=phrases.INSIGHT[key],
        slots=slots,
        fact_ids=[f.id for f in used],
        subject=subject,
        question=question,
        extras=["interest"] if interests else [],
    )


def _invite(
    dossier: Dossier,
    packet: Packet,
    facts: list[Fact],
    sender: SenderProfile | None,
    context: str | None,
    today: date,
) -> Content:
    event = invitation(sender, context)
    if event is None:  # nothing to invite to any more (the profile changed): an observation instead
        return _insight(dossier, packet, facts, sender, context, today)
    clause, noun = event
    fact = facts[0]
    slots = fact_slots(fact, company_name(dossier), today, dated=fact.kind in WORK_KINDS)
    slots |= {"Event": cap(clause), "event_noun": noun}
    return Content(
        main=phrases.INVITE,
        slots=slots,
        fact_ids=[fact.id],
        subject=phrases.SUBJECTS["invite"],
        question="other",
        extras=["offer"],
        offers=True,
    )


def _help(
    dossier: Dossier,
    packet: Packet,
    facts: list[Fact],
    sender: SenderProfile | None,
    context: str | None,
    today: date,
) -> Content:
    fact = facts[0]
    slots = fact_slots(fact, company_name(dossier), today, dated=False)
    return Content(
        main=phrases.HELP,
        slots=slots,
        fact_ids=[fact.id],
        subject=phrases.SUBJECTS["help"],
        question=_question_key(fact),
        extras=["offer"],
        offers=True,
    )


BUILDERS: dict[PacketKind, Builder] = {
    "congratulate": _congratulate,
    "share_resource": _share_resource,
    "introduce": _introduce,
    "insight": _insight,
    "invite": _invite,
    "help": _help,
}


def _join(items: Sequence[str]) -> str:
    """ "a", "a and b", "a, b and c" (three at most, each once)."""
    kept = list(dict.fromkeys(i.strip() for i in items if i.strip()))[:3]
    if len(kept) <= 1:
        return "".join(kept)
    return ", ".join(kept[:-1]) + f" and {kept[-1]}"


def _matched_topics(match: Match | None, title: str | None) -> list[str]:
    # A resource without topics is matched on its own title: that is no topic to name in the email.
    return [t for t in (match.topics if match else ()) if t != title]


def _question_key(fact: Fact) -> str:
    if fact.kind in phrases.QUESTIONS:
        return fact.kind
    return "news" if fact.kind in ("company_news", "milestone", "award") else "other"


def _title_head(title: str | None) -> str | None:
    """What a subject line calls the role: "VP" for "VP of Data Engineering", the title if it is short."""
    if not title:
        return None
    head = title.split(" of ", 1)[0]
    if head != title and head.isupper() and len(head) <= 4:
        return head
    return title if len(title.split()) <= 4 else None


def _award_phrase(name: str) -> str:
    if re.search(r"\bof the year\b", name, re.IGNORECASE):
        return f"the “{name}” title"
    if re.search(r"\b(?:award|prize|medal|honou?r|fellowship)\b", name, re.IGNORECASE):
        return f"the “{name}”"
    return f"the “{name}” award"


def _round_name(round_: str) -> str:
    """ "Series B" from "$40M Series B": short enough for a subject line."""
    found = re.search(r"Series [A-H]|(?:pre-)?seed round", round_, re.IGNORECASE)
    return found.group(0) if found else "funding round"


def _named_resource(packet: Packet, sender: SenderProfile | None) -> Resource | None:
    return next((r for r in (sender.resources if sender else []) if r.title in packet.text), None)


def _named_introduction(packet: Packet, sender: SenderProfile | None) -> Introduction | None:
    return next((i for i in (sender.introductions if sender else []) if i.name in packet.text), None)

"""The offline engine: a short, grounded renewal email written around one packet, without an LLM.

It is deterministic: every phrasing is picked from a small bank (server/offline_phrases.py) by a hash of the
person, the packet, the fact and the tone, so two people read differently while the same inputs always give
the same draft. Names, titles, numbers and dates come only from the dossier, the sender profile and the
relationship context.

Length: warm and formal drafts aim for 55-100 words (the check allows 50-125); brief drafts for 35-65 words,
two or three short sentences and a close, shorter than the check's 50-word floor on purpose (brief is asked
for by the user, and the check then only notes it).
"""

from __future__ import annotations

import hashlib
import re
import string
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date

from server.models import Dossier, Fact, Introduction, Packet, Resource, SenderProfile
from server.text.dates import MONTH_NAME
from server.writing.check.email_text import split_email, words
from server.writing.generosity import (
    WORK_KINDS,
    Match,
    company_name,
    fact_words,
    first_name,
    goal_phrase,
    interest_of,
    introduction_match,
    invitation,
    is_recent,
    month_year,
    news_clause,
    occasion_of,
    possessive,
    resource_match,
    role_title,
    shared_interests,
    strip_date,
    title_of,
    usable_facts,
    work_about,
    work_noun,
)
from server.writing.offline import phrases
from server.writing.offline.phrases import Bank, Tone

# (fewest words, most words we add optional lines up to): the check wants 50-125 for warm and formal.
LENGTHS: dict[Tone, tuple[int, int]] = {"warm": (55, 100), "brief": (35, 65), "formal": (55, 100)}
_MONTHS_WORD = re.compile(r"^(?:[A-Z][a-z]+ )?\d{4}$")
_HEADLINE_WORDS = 14
_TITLE_WORDS = 14  # a longer title is named by its kind and date instead ("your post from October 2026")


@dataclass(frozen=True)
class OfflineDraft:
    """What the offline engine writes; the caller wraps it into a Draft with its checks."""

    subject: str
    body: str
    fact_ids: list[str]


@dataclass
class _Content:
    """The packet turned into slots and the lines that carry it."""

    main: Bank  # the main paragraph's phrasings
    slots: dict[str, str | None]
    fact_ids: list[str]
    subject: Bank
    question: str  # key into phrases.QUESTIONS
    extras: list[str] = field(default_factory=list)  # keys into phrases.EXTRAS, in the order to add them
    link: str | None = None  # on a line of its own after the main paragraph
    offers: bool = False  # the main paragraph already offers something: close lightly


class _Chooser:
    """Picks one phrasing from a bank by a hash of who, what and which slot: varied, never random."""

    def __init__(self, slots: dict[str, str | None], tone: Tone, *key: str) -> None:
        self.slots = slots
        self.tone = tone
        self.key = "\x1f".join(key)

    def pick(self, bank: Bank, slot: str, *, avoid: str = "") -> str | None:
        """A phrasing for this slot, filled in; None when every phrasing needs a value we do not have.

        Phrasings that repeat three words of `avoid` (what the email already says) are passed over while
        another is left.
        """
        filled = [_fill(t, self.slots) for t in bank.get(self.tone, ()) if _fillable(t, self.slots)]
        options = [f for f in filled if not _repeats(f, avoid)] or filled
        if not options:
            return None
        digest = hashlib.sha256(f"{self.key}\x1f{slot}".encode()).digest()
        return options[int.from_bytes(digest[:8], "big") % len(options)]


@dataclass
class _Email:
    """The parts of the email, and how many words the check will count in them."""

    greeting: str
    opening: str
    main: str
    link: str | None
    close: str
    sign_off: str
    signature: str
    sender_name: str | None
    extras: list[str] = field(default_factory=list)
    question: str | None = None

    @property
    def body(self) -> str:
        first = " ".join(s for s in (self.opening, self.main) if s)
        if self.link:
            first += f"\n{self.link}"
        second = " ".join([*self.extras, *([self.question] if self.question else []), self.close])
        sign = "\n".join(s for s in (self.sign_off, self.signature) if s)
        return "\n\n".join([self.greeting, first, second, sign])

    def words(self, *, extra: str | None = None) -> int:
        """Words in greeting and prose, as the check counts them; `extra`: as if one more line were added."""
        email = self if extra is None else replace(self, extras=[*self.extras, extra])
        return len(words(split_email(email.body, self.sender_name, self.signature).content))


def write_offline(
    dossier: Dossier,
    packet: Packet,
    sender: SenderProfile | None,
    context: str | None,
    *,
    tone: Tone = "warm",
    today: date,
) -> OfflineDraft:
    """Subject, body and the ids of the facts the body uses, for one packet in one tone."""
    usable = {f.id: f for f in usable_facts(dossier)[0]}
    facts = [usable[i] for i in packet.fact_ids if i in usable]
    if not facts:
        raise ValueError(f"packet {packet.kind!r} rests on no usable fact: {packet.fact_ids}")
    context = context or (sender.relationship_note if sender else None)
    content = _BUILDERS[packet.kind](dossier, packet, facts, sender, context, today)
    slots = {**_person_slots(dossier, sender), **_context_slots(context), **content.slots}
    choose = _Chooser(slots, tone, dossier.person.name, packet.kind, facts[0].id, tone).pick
    main = choose(content.main, "main")
    if main is None:  # every bank has a phrasing that needs only what a packet of its kind always has
        raise ValueError(f"no {tone} phrasing fits this {packet.kind} packet")
    opening = choose(phrases.OPENINGS[_opening_key(slots)], "opening") or ""
    close_bank = phrases.CLOSES_AFTER_OFFER if content.offers else phrases.CLOSES
    email = _Email(
        greeting=choose(phrases.GREETINGS, "greeting") or "",
        opening=opening,
        main=main,
        link=content.link,
        close=choose(close_bank, "close", avoid=f"{opening} {main}") or "",
        sign_off=choose(phrases.SIGN_OFFS, "sign_off") or "Best,",
        signature=(sender.signature or sender.name).strip() if sender else "",
        sender_name=sender.name if sender else None,
    )
    _fit_length(email, content, choose, tone)
    subject = choose(content.subject, "subject") or ""
    return OfflineDraft(subject=subject, body=email.body, fact_ids=content.fact_ids)


def _fit_length(email: _Email, content: _Content, choose: Callable[..., str | None], tone: Tone) -> None:
    """Add optional lines, most useful first, while they fit; pad with a plain line when still too short."""
    low, high = LENGTHS[tone]
    # One question at most: none when the main paragraph already asks one (a title ending in "?").
    question = choose(phrases.QUESTIONS[content.question], "question") if "?" not in email.main else None
    if question and tone != "brief" and email.words(extra=question) <= high:
        email.question = question
    for key in content.extras:
        line = choose(phrases.EXTRAS[key], f"extra:{key}")
        if line and not _repeats(line, email.body) and email.words(extra=line) <= high:
            email.extras.append(line)
    if question and not email.question and email.words() < low:
        email.question = question
    for filler in phrases.EXTRAS["filler"][tone]:  # in order: they say little, so variety does not matter
        if email.words() >= low:
            break
        if not _repeats(filler, email.body):
            email.extras.append(filler)


# --- Slots ---------------------------------------------------------------------------------------------


def _person_slots(dossier: Dossier, sender: SenderProfile | None) -> dict[str, str | None]:
    company = company_name(dossier)
    role = sender.role if sender else None
    sender_company = sender.company if sender else None
    as_role = (f" as {role}" if role else "") + (f" at {sender_company}" if sender_company else "")
    return {
        "first": first_name(dossier.person.name),
        "company": company,
        "Company": company,
        "company_possessive": possessive(company) if company else "your team's",
        "team": f"everyone at {company}" if company else "the whole team",
        "at_company": f" at {company}" if company else "",
        "as_role": as_role,
    }


_PROJECT = re.compile(
    r"\b(?:worked|collaborated|partnered|teamed up)(?: together| closely)*(?: with (?:\w+ ){0,2}?\w+)?"
    r" (?:on|at|during) (?P<p>[^;,.\n]{3,60})",
    re.IGNORECASE,
)
_MET = re.compile(r"\b(?:first )?met (?:at|during|through) (?P<m>[^;,.\n]{3,60})", re.IGNORECASE)
_GAP = re.compile(
    r"\blast (?:spoke|talked|met|emailed|wrote|caught up|saw each other|exchanged emails|were in touch)\b"
    r"[^;.\n]{0,20}?\b(?P<g>(?:about |almost |nearly |over |more than )?"
    r"(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a few|several|a couple of)"
    r" (?:weeks?|months?|years?))\s+ago",
    re.IGNORECASE,
)
_SINCE = re.compile(
    r"\blast (?:spoke|talked|met|emailed|wrote|caught up|were in touch)\s+in\s+"
    rf"(?P<w>(?:{MONTH_NAME} )?"
    r"\d{4})",
    re.IGNORECASE,
)
_THREAD = re.compile(r"(?:^|\n)\s*(?:From:|Subject:|On .{5,80} wrote:|>)", re.IGNORECASE)
_CLAUSE_END = re.compile(
    r"\s+(?:and|but|then|when|where|which|so|last|before|after|until)\s.*$", re.IGNORECASE
)
_DETERMINER = re.compile(r"^(?:the|a|an|our|my|your|that|this)\s", re.IGNORECASE)


def _context_slots(context: str | None) -> dict[str, str | None]:
    """What the relationship context says, in its own words: a shared project, a meeting, the time since."""
    text = (context or "").strip()
    project = _PROJECT.search(text)
    met = _MET.search(text)
    gap = _GAP.search(text)
    since = _SINCE.search(text)
    project_text = _CLAUSE_END.sub("", project.group("p")).strip() if project else None
    met_text = _CLAUSE_END.sub("", met.group("m")).strip() if met else None
    project_since = project_text
    if project_text and not _DETERMINER.match(project_text) and project_text[0].islower():
        project_since = f"the {project_text}"
    return {
        "project": project_text,
        "project_since": project_since,
        "met": met_text,
        "gap": gap.group("g").lower() if gap else None,
        "since": since.group("w") if since and _MONTHS_WORD.match(since.group("w")) else None,
        "thread": "yes" if text and (_THREAD.search(text) or len(text) > 400) else None,
    }


def _opening_key(slots: dict[str, str | None]) -> str:
    if slots["project"]:
        return "project_gap" if slots["gap"] else "project"
    if slots["met"]:
        return "met_gap" if slots["gap"] else "met"
    if slots["gap"]:
        return "gap"
    if slots["since"]:
        return "since"
    return "thread" if slots["thread"] else "none"


def _fact_slots(fact: Fact, company: str | None, today: date, *, dated: bool = True) -> dict[str, str | None]:
    """How the email names a fact it rests on: {target}, {Target}, {work}, {paren_when} and friends."""
    when = month_year(fact) if dated else None
    if fact.kind in WORK_KINDS:
        noun = work_noun(fact)
        title = title_of(fact)
        title = title if title and len(title.split()) <= _TITLE_WORDS else None
        about = None if title else work_about(fact)
        recent = "recent " if not title and is_recent(fact, today, 90) else ""
        target = (
            f"your {noun} “{title}”" if title else f"your {recent}{noun}" + (f" on {about}" if about else "")
        )
        titled = f" “{title}”" if title and len(title.split()) <= 4 else None
        return _target(target, when) | {
            "work": target,
            "Work": _cap(target),
            "work_noun": noun,
            "titled": titled,
        }
    if fact.kind == "company_goal":
        return _target(goal_phrase(fact, company), when)
    if fact.kind == "interest":
        return _target(f"your interest in {interest_of(fact)}", when)
    if fact.kind == "role":
        title = role_title(fact, None)
        return _target(f"your work as {title}" if title else "your work", when)
    return _target(f"the news “{_headline(fact)}”", when)


def _target(target: str, when: str | None) -> dict[str, str | None]:
    return {
        "target": target,
        "Target": _cap(target),
        "when": when,
        "in_when": f" in {when}" if when else "",
        "paren_when": f" ({when})" if when else "",
        "month": when.split(" ")[0] if when and " " in when else None,
    }


# --- One builder per packet kind -----------------------------------------------------------------------

Builder = Callable[
    [Dossier, Packet, list[Fact], SenderProfile | None, str | None, date],
    _Content,
]


def _congratulate(
    dossier: Dossier,
    packet: Packet,
    facts: list[Fact],
    sender: SenderProfile | None,
    context: str | None,
    today: date,
) -> _Content:
    fact = facts[0]
    occasion = occasion_of(fact, dossier.person.title)
    kind = occasion.kind if occasion else "news"
    detail = occasion.detail if occasion else None
    slots = _fact_slots(fact, company_name(dossier), today)
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
        slots |= {"news": news, "headline": None if news else _headline(fact)}
    subject = phrases.SUBJECTS[kind]
    if kind == "role" and not slots["head"]:
        subject = phrases.SUBJECTS["role_untitled"]
    extras = ["role" if kind.startswith("role") else kind]
    return _Content(
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
) -> _Content:
    resource = packet.resource or _named_resource(packet, sender)
    if resource is None:
        raise ValueError("a share_resource packet needs the sender's resource")
    match = resource_match(resource, facts)
    fact = match.fact if match else facts[0]
    topics = _matched_topics(match, resource.title) or [t for t in resource.topics[:2] if t.strip()]
    slots = _fact_slots(fact, company_name(dossier), today, dated=fact.kind in WORK_KINDS)
    slots |= {"res": resource.title, "topics": _join(topics) or None, "topic": topics[0] if topics else None}
    subject = phrases.SUBJECTS["share_resource" if topics else "share_resource_untopical"]
    return _Content(
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
) -> _Content:
    introduction = packet.introduction or _named_introduction(packet, sender)
    if introduction is None:
        raise ValueError("an introduce packet needs the sender's introduction")
    match = introduction_match(introduction, facts)
    fact = match.fact if match else facts[0]
    topics = _matched_topics(match, None) or [t for t in introduction.topics[:2] if t.strip()]
    slots = _fact_slots(fact, company_name(dossier), today, dated=False)
    who = introduction.name + (f" ({introduction.role})" if introduction.role else "")
    slots |= {
        "intro": who,
        "intro_name": introduction.name,
        "topics": _join(topics) or "what you're building",
    }
    return _Content(
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
) -> _Content:
    company = company_name(dossier)
    goal = next((f for f in facts if f.kind == "company_goal"), None)
    work = next((f for f in facts if f.kind in WORK_KINDS), None)
    if goal is not None:
        slots = _fact_slots(goal, company, today, dated=False)
        if work is not None:
            work_slots = _fact_slots(work, company, today)
            slots |= {
                k: work_slots[k] for k in ("work", "Work", "work_noun", "paren_when", "in_when", "when")
            }
        key, used = ("pair", [goal, work]) if work is not None else ("goal", [goal])
        subject = phrases.SUBJECTS["insight_goal"]
    else:
        fact = work or facts[0]
        slots = _fact_slots(fact, company, today)
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
    return _Content(
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
) -> _Content:
    event = invitation(sender, context)
    if event is None:  # nothing to invite to any more (the profile changed): an observation instead
        return _insight(dossier, packet, facts, sender, context, today)
    clause, noun = event
    fact = facts[0]
    slots = _fact_slots(fact, company_name(dossier), today, dated=fact.kind in WORK_KINDS)
    slots |= {"Event": _cap(clause), "event_noun": noun}
    return _Content(
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
) -> _Content:
    fact = facts[0]
    slots = _fact_slots(fact, company_name(dossier), today, dated=False)
    return _Content(
        main=phrases.HELP,
        slots=slots,
        fact_ids=[fact.id],
        subject=phrases.SUBJECTS["help"],
        question=_question_key(fact),
        extras=["offer"],
        offers=True,
    )


_BUILDERS: dict[str, Builder] = {
    "congratulate": _congratulate,
    "share_resource": _share_resource,
    "introduce": _introduce,
    "insight": _insight,
    "invite": _invite,
    "help": _help,
}


# --- Small helpers -------------------------------------------------------------------------------------


def _fillable(template: str, slots: dict[str, str | None]) -> bool:
    """Whether every field the template uses has a value (a phrasing that needs a missing one is skipped)."""
    fields = [name for _, name, _, _ in string.Formatter().parse(template) if name]
    return all(slots.get(name) is not None for name in fields)


def _fill(template: str, slots: dict[str, str | None]) -> str:
    return template.format(**{k: v for k, v in slots.items() if v is not None})


def _repeats(line: str, text: str) -> bool:
    """Whether line says three words in a row that text already says ("good to see")."""
    said = re.findall(r"[a-z']+", text.lower().replace("’", "'"))
    shingles = {tuple(said[i : i + 3]) for i in range(len(said) - 2)}
    new = re.findall(r"[a-z']+", line.lower().replace("’", "'"))
    return any(tuple(new[i : i + 3]) in shingles for i in range(len(new) - 2))


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


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


def _headline(fact: Fact) -> str:
    """The fact's own words, cut at a clause boundary when long."""
    text = strip_date(fact.text).rstrip(".")
    if len(text.split()) > _HEADLINE_WORDS:
        text = re.split(r"[,;:(—–]", text, maxsplit=1)[0].strip()
    return text


def _named_resource(packet: Packet, sender: SenderProfile | None) -> Resource | None:
    return next((r for r in (sender.resources if sender else []) if r.title in packet.text), None)


def _named_introduction(packet: Packet, sender: SenderProfile | None) -> Introduction | None:
    return next((i for i in (sender.introductions if sender else []) if i.name in packet.text), None)

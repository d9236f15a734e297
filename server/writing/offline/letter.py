"""The offline letter for a packet with an occasion or a gift: written from structured slots, never by pasting
a page's sentence.

Shape: a specific opening on their news or work (who, what, when, said to them), the thread when it matters
(how long since the last exchange, what they said they were doing), the gift, concrete, and why it fits
them, a lighter second offer or none, a soft close without a question, and the signature. 60-125 words.
A packet without an occasion (little was found about them) gives a short gift-first note with no personal
claims. Phrasings are picked by a hash of who and what, so people read differently and a draft is stable.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from server.models import Dossier, Fact, Gift, Occasion, Packet, SenderProfile, Tone
from server.text.companies import company_core
from server.writing.check.email_text import split_email, words
from server.writing.fact_words import (
    WORK_KINDS,
    company_name,
    first_name,
    goal_phrase,
    news_clause,
    possessive,
    title_of,
    usable_facts,
    work_noun,
)
from server.writing.occasions import WORK_DAYS, when_words
from server.writing.offline import letter_phrases as say
from server.writing.offline.choose import fillable, stable_choice
from server.writing.thread import Thread, read_thread
from server.writing.topics import shared_hobbies, stems

LOW, HIGH = 60, 125
_SINGULAR = re.compile(r"\bit(?:'s yours)?\.$|\bsaw it\b|\bit's yours\b")


@dataclass(frozen=True)
class Letter:
    subject: str
    body: str
    fact_ids: list[str]


class _Pick:
    """One phrasing per slot, by a hash of the person, the packet and the tone: varied, never random."""

    def __init__(self, tone: Tone, *key: str) -> None:
        self.tone = tone
        self.key = "\x1f".join(key)

    def __call__(
        self, bank: dict[Tone, tuple[str, ...]], slot: str, avoid: str = "", **values: str | None
    ) -> str:
        """A phrasing for the slot, filled in; one that repeats a pair of words of `avoid` (what the email
        already says: "if it's useful" twice) is passed over while another is left."""
        options = [t for t in bank[self.tone] if fillable(t, values, optional=("when",))]
        options = [t for t in options if not _echoes(t, avoid)] or options
        if not options:
            return ""
        chosen = stable_choice(options, self.key, slot)
        filled = chosen.format(**{k: ("" if v is None else v) for k, v in values.items()})
        return re.sub(r"\s+([.,;])", r"\1", filled)


def write_letter(
    dossier: Dossier,
    packet: Packet,
    sender: SenderProfile | None,
    context: str | None,
    *,
    tone: Tone,
    today: date,
) -> Letter:
    """Subject, body and the facts it rests on, for a packet that carries an occasion or a gift."""
    facts = {f.id: f for f in usable_facts(dossier)[0]}
    thread = read_thread(context, dossier.person.name, today=today)
    first = first_name(dossier.person.name)
    # Named as people say it: "Kliniqa Health", not "Kliniqa Health GmbH".
    company = company_core(found) if (found := company_name(dossier)) else None
    pick = _Pick(tone, dossier.person.name, packet.text, tone)
    occasion = packet.occasion
    opening = _opening(occasion, facts, company, pick, today) if occasion else ""
    reason_fact = next((facts[i] for i in packet.fact_ids if occasion is None or i != occasion.fact_id), None)
    if reason_fact is None and packet.gift is None:
        # Congratulations alone: their newest own work says what the sender noticed besides.
        reason_fact = _newest_work(facts, occasion, today)
    if reason_fact is None and occasion is not None:
        reason_fact = facts.get(occasion.fact_id)
    result = _result(reason_fact, occasion, facts, dossier.person.name, pick, packet.gift)
    shared = _shared(packet, facts, sender, pick)
    gift_line = _gift(packet.gift, sender, pick, "gift") if packet.gift else ""
    if packet.gift is not None and not packet.why and packet.fact_ids:
        # Nothing they do meets the gift: offered in case, with no claim that it fits them.
        why, result = pick(say.WHY_NOTE, "why"), ""
    elif result:
        why = pick(say.WHY_RESULT, "why") if packet.gift else ""
    else:
        why = _why(packet.gift, reason_fact, occasion, thread, company, pick)
    second = _gift(packet.second_gift, sender, pick, "second") if packet.second_gift else ""
    close = pick(_closes(packet, two=bool(second)), "close", avoid=f"{gift_line} {why} {second}")
    parts = _Parts(
        greeting=pick(say.GREETINGS, "greeting", first=first),
        opening=opening,
        # What they said is told once: as the reason for the gift when it is one.
        thread="" if thread.doing and thread.doing[0] in why else _thread(thread, pick, bool(occasion)),
        result=" ".join(s for s in (result, shared) if s),
        gift=" ".join(s for s in (gift_line, why) if s),
        second=second,
        close=close,
        sign=pick(say.SIGN_OFFS, "sign_off", avoid=close),
        signature=(sender.signature or sender.name).strip() if sender else "",
        sender_name=sender.name if sender else None,
    )
    _fit(parts, pick)
    subject = _subject(occasion, packet.gift, facts, company, pick)
    subject = subject[:1].upper() + subject[1:]
    used = [*packet.fact_ids, *([reason_fact.id] if reason_fact and parts.result else [])]
    return Letter(subject=subject, body=parts.body, fact_ids=[i for i in dict.fromkeys(used) if i in facts])


def _shared(packet: Packet, facts: dict[str, Fact], sender: SenderProfile | None, pick: _Pick) -> str:
    """On a personal idea, the interest the two share, in the sender's words ("trail running")."""
    if packet.professional or sender is None:
        return ""
    given = [g for g in (packet.gift, packet.second_gift) if g is not None]
    for fact in (facts[i] for i in packet.fact_ids if i in facts):
        interests = shared_hobbies(sender, fact, given)
        if interests:
            return pick(say.SHARED, "shared", interest=interests[0])
    return ""


def _closes(packet: Packet, *, two: bool = False) -> dict[Tone, tuple[str, ...]]:
    if packet.gift is None:
        return say.WISHES
    bank = say.CLOSES if packet.occasion else say.NOTE_CLOSES
    if not two:
        return bank
    # After two offers "it" points at neither: "It's yours if you'd like it" closes a single gift only.
    return {tone: tuple(c for c in lines if not _SINGULAR.search(c)) or lines for tone, lines in bank.items()}


def _newest_work(facts: dict[str, Fact], occasion: Occasion | None, today: date) -> Fact | None:
    """Their newest titled post, talk or episode of the last 18 months, other than the occasion's."""
    works = [
        f
        for f in facts.values()
        if f.kind in WORK_KINDS
        and title_of(f)
        and f.date
        and 0 <= (today - date.fromisoformat(f.date)).days <= WORK_DAYS
        and (occasion is None or f.id != occasion.fact_id)
    ]
    return max(works, key=lambda f: (f.date or "", f.id), default=None)


@dataclass
class _Parts:
    greeting: str
    opening: str
    thread: str
    result: str
    gift: str
    second: str
    close: str
    sign: str
    signature: str
    sender_name: str | None
    filler: str = ""

    @property
    def body(self) -> str:
        first = " ".join(s for s in (self.opening, self.thread, self.result) if s)
        second = " ".join(s for s in (self.gift, self.second) if s)
        paragraphs = [self.greeting, first, second, " ".join(s for s in (self.filler, self.close) if s)]
        sign = "\n".join(s for s in (self.sign, self.signature) if s)
        return "\n\n".join([p for p in paragraphs if p] + [sign])

    @property
    def words(self) -> int:
        return len(words(split_email(self.body, self.sender_name, self.signature).content))


def _fit(parts: _Parts, pick: _Pick) -> None:
    """Drop the least needed lines while too long; add a plain line while too short."""
    for drop in ("second", "result", "thread"):
        if parts.words <= HIGH:
            break
        setattr(parts, drop, "")
    if parts.words < LOW:
        # With nothing found to open on, a filler may not claim to have followed their work.
        bank = say.FILLERS if parts.opening else say.NOTE_FILLERS
        for line in bank[pick.tone]:  # in order: they say little, so variety does not matter
            if parts.words >= LOW:
                break
            if not _echoes(line, parts.body):
                parts.filler = f"{parts.filler} {line}".strip()


def _when(occasion: Occasion, today: date) -> str | None:
    """ "in September" this year, "in December 2025" before it, "in 2026" when only the year is known."""
    words_ = when_words(occasion)
    if words_ is None or (not occasion.month_known and words_ in occasion.what):
        return None
    return f"in {words_.removesuffix(f' {today.year}')}" if occasion.month_known else f"in {words_}"


def _opening(
    occasion: Occasion, facts: dict[str, Fact], company: str | None, pick: _Pick, today: date
) -> str:
    fact = facts.get(occasion.fact_id)
    values: dict[str, str | None] = {
        "what": occasion.what,
        "when": _when(occasion, today),
        "month": (_when(occasion, today) or "")[3:] or None,
        "company": company,
        "at_company": f" at {company}" if company else "",
    }
    if occasion.kind == "work" and fact is not None:
        title = title_of(fact)
        noun = work_noun(fact) if fact.kind in WORK_KINDS else "post"
        values |= {"noun": noun, "title": title, "about": None if title else occasion.what}
    if occasion.kind == "goal" and fact is not None:
        values["goal"] = goal_phrase(fact, company)
    return pick(say.OPENINGS[occasion.kind], "opening", **values)


def _thread(thread: Thread, pick: _Pick, has_occasion: bool) -> str:
    """How long it has been (only when long), and what they were doing when they last wrote."""
    if thread.doing and not thread.long_ago:
        return pick(say.DOING, "doing", doing=thread.doing[0])
    if thread.offer and not thread.long_ago:
        return pick(say.OFFERED, "offered", offer=thread.offer)
    if not thread.long_ago:
        return ""
    bank = say.SINCE if has_occasion or not (thread.project or thread.met) else say.SINCE_SHARED
    return pick(bank, "since", gap=thread.gap_words, project=thread.project, met=thread.met)


def _result(
    fact: Fact | None,
    occasion: Occasion | None,
    facts: dict[str, Fact],
    name: str,
    pick: _Pick,
    gift: Gift | None = None,
) -> str:
    """Their own piece of work the gift meets, and the result it reports or the point it makes closest to
    the gift, said to them."""
    if fact is None or fact.kind not in WORK_KINDS or (occasion and occasion.fact_id == fact.id):
        return ""
    title = title_of(fact)
    if not title:
        return ""
    outcome = next(
        (
            clause
            for f in facts.values()
            if f.source_url == fact.source_url
            and f.kind == "milestone"
            and re.search(r"\d", f.text)
            and (clause := news_clause(f, name))
        ),
        None,
    )
    if outcome:
        outcome = re.split(r",\s", outcome, maxsplit=1)[0]
        outcome = outcome[:1].lower() + outcome[1:]
    elif point := _point(fact, title, facts, gift):
        return pick(say.POINTS, "result", noun=work_noun(fact), title=title, point=point)
    return pick(say.RESULTS, "result", noun=work_noun(fact), title=title, outcome=outcome)


def _point(work: Fact, title: str, facts: dict[str, Fact], gift: Gift | None) -> str | None:
    """The point of their piece (research gives each as "In “title”: point") nearest the gift's topics."""
    points = [
        f.quote
        for f in facts.values()
        if f.source_url == work.source_url and f.kind == "other" and f.text == f"In “{title}”: {f.quote}"
    ]
    topic = stems(f"{gift.what} {' '.join(gift.topics)}") if gift else set()
    return max(points, key=lambda p: (len(stems(p) & topic), -points.index(p)), default=None)


def _gift(gift: Gift, sender: SenderProfile | None, pick: _Pick, slot: str) -> str:
    bank = say.SECOND if slot == "second" else say.GIFTS
    return pick(bank[gift.kind], slot, what=ours(gift.what, sender, gift.kind))


def ours(what: str, sender: SenderProfile | None, kind: str = "resource") -> str:
    """The gift as the sender says it: "DockFlow's benchmark" -> "our benchmark", "her network" -> "my
    network", and a bare singular resource given its owner ("2026 survey of ..." -> "our 2026 survey")."""
    if sender and sender.company:
        owner = re.escape(sender.company.split()[0])
        what = re.sub(rf"^(?:the\s+)?{owner}(?:\s+\w+)?['’]s?\s+", "our ", what, flags=re.IGNORECASE)
    what = re.sub(r"\b(?:her|his|their)\s+(network|community|contacts)\b", r"my \1", what)
    what = re.sub(r"\b(?:he|she) works\b", "I work", re.sub(r"\b(?:he|she) knows\b", "I know", what))
    head = re.split(r"\s+(?:of|for|on|across|from|with|about|in)\s|\s*\(", what, maxsplit=1)[0]
    bare = not re.match(r"(?i)(?:a|an|the|our|my|one|two|three|some|several|\d+\s+\w+s)\b", what)
    if kind == "resource" and bare and not head.endswith("s"):
        what = f"our {what}"
    return what


def _why(
    gift: Gift | None,
    fact: Fact | None,
    occasion: Occasion | None,
    thread: Thread,
    company: str | None,
    pick: _Pick,
) -> str:
    """One sentence on why the gift fits them: what they said, their goal, their work, or the occasion."""
    if gift is None:
        return ""
    said = next((d for d in thread.doing if stems(d) & stems(f"{gift.what} {' '.join(gift.topics)}")), None)
    if said:
        return pick(say.WHY_SAID, "why", doing=said)
    if fact is None:
        return pick(say.WHY_NOTE, "why") if occasion is None else ""
    if occasion is not None and occasion.fact_id == fact.id and occasion.kind in ("goal", "work"):
        return pick(say.WHY_SAME, "why")
    if fact.kind == "company_goal":
        return pick(say.WHY, "why", reason=goal_phrase(fact, company))
    if fact.kind in WORK_KINDS and (title := title_of(fact)):
        return pick(say.WHY, "why", reason=f"your {work_noun(fact)} “{title}”")
    if occasion is not None and occasion.fact_id == fact.id and occasion.kind in ("opening", "launch"):
        return pick(say.WHY, "why", reason=f"the new {occasion.what}" if occasion.kind == "opening" else None)
    return pick(say.WHY_WORK, "why", company=company)


def _subject(
    occasion: Occasion | None, gift: Gift | None, facts: dict[str, Fact], company: str | None, pick: _Pick
) -> str:
    noun = _gift_noun(gift) if gift else None
    head = None
    if occasion is not None:
        fact = facts.get(occasion.fact_id)
        title = title_of(fact) if fact and occasion.kind == "work" else None
        short = occasion.what if len(occasion.what.split()) <= 3 else None
        head = pick(
            say.SUBJECT_HEADS[occasion.kind], "subject_head", what=short, title=title, company=company
        )
    if head and noun:
        return pick(say.SUBJECT_BOTH, "subject", head=head, noun=noun)
    if noun:
        return pick(say.SUBJECT_GIFT, "subject", noun=noun, company=possessive(company) if company else None)
    return head or pick(say.SUBJECT_GIFT, "subject", noun="something useful", company=None)


def _gift_noun(gift: Gift) -> str:
    """What the subject calls the gift: "benchmark", "survey", "an introduction"."""
    if gift.kind == "introduction":
        return "an introduction"
    found = re.search(say.GIFT_NOUNS, gift.what, re.IGNORECASE)
    if found:
        noun = found.group(0).lower()
        return noun if noun.endswith("s") else f"a{'n' if noun[0] in 'aeiou' else ''} {noun}"
    return "an offer" if gift.kind != "time" else "a hand"


def _echoes(template: str, text: str) -> bool:
    """Whether a phrasing repeats two words in a row of the text, one of them a content word."""
    said = re.findall(r"[a-z']+", text.lower().replace("’", "'"))
    pairs = {(a, b) for a, b in zip(said, said[1:], strict=False) if max(len(a), len(b)) >= 5}
    new = re.findall(r"[a-z']+", re.sub(r"\{\w+\}", " ", template).lower().replace("’", "'"))
    return any(pair in pairs for pair in zip(new, new[1:], strict=False))

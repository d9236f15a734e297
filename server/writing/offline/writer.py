"""The offline engine: a short, grounded renewal email written around one packet, without an LLM.

It is deterministic: every phrasing is picked from a small bank (phrases.py) by a hash of the
person, the packet, the fact and the tone, so two people read differently while the same inputs always give
the same draft. Names, titles, numbers and dates come only from the dossier, the sender profile and the
relationship context.

Length: warm and formal drafts aim for 55-100 words (the check allows 50-125); brief drafts for 35-65 words,
two or three short sentences and a close, shorter than the check's 50-word floor on purpose (brief is asked
for by the user, and the check then only notes it).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date

from server.errors import DraftingError
from server.models import Dossier, Packet, SenderProfile, Tone
from server.writing.check.email_text import split_email, words
from server.writing.fact_words import usable_facts
from server.writing.offline import phrases
from server.writing.offline.builders import BUILDERS, Content
from server.writing.offline.choose import fillable, stable_choice
from server.writing.offline.letter import write_letter
from server.writing.offline.phrases import Bank
from server.writing.offline.slots import Slots, context_slots, opening_key, person_slots

# (fewest words, most words we add optional lines up to): the check wants 50-125 for warm and formal.
LENGTHS: dict[Tone, tuple[int, int]] = {"warm": (55, 100), "brief": (35, 65), "formal": (55, 100)}


@dataclass(frozen=True)
class OfflineDraft:
    """What the offline engine writes; the caller wraps it into a Draft with its checks."""

    subject: str
    body: str
    fact_ids: list[str]


class _Chooser:
    """Picks one phrasing from a bank by a hash of who, what and which slot: varied, never random."""

    def __init__(self, slots: Slots, tone: Tone, *key: str) -> None:
        self.slots = slots
        self.tone = tone
        self.key = "\x1f".join(key)

    def pick(self, bank: Bank, slot: str, *, avoid: str = "") -> str | None:
        """A phrasing for this slot, filled in; None when every phrasing needs a value we do not have.

        Phrasings that repeat three words of `avoid` (what the email already says) are passed over while
        another is left.
        """
        filled = [_fill(t, self.slots) for t in bank.get(self.tone, ()) if fillable(t, self.slots)]
        options = [f for f in filled if not _repeats(f, avoid)] or filled
        return stable_choice(options, self.key, slot) if options else None


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
    context = context or (sender.relationship_note if sender else None)
    if packet.occasion is not None or packet.gift is not None:
        letter = write_letter(dossier, packet, sender, context, tone=tone, today=today)
        return OfflineDraft(subject=letter.subject, body=letter.body, fact_ids=letter.fact_ids)
    usable = {f.id: f for f in usable_facts(dossier)[0]}
    facts = [usable[i] for i in packet.fact_ids if i in usable]
    if not facts:
        raise DraftingError(f"packet {packet.kind!r} rests on no usable fact: {packet.fact_ids}")
    content = BUILDERS[packet.kind](dossier, packet, facts, sender, context, today)
    slots = {**person_slots(dossier, sender), **context_slots(context), **content.slots}
    choose = _Chooser(slots, tone, dossier.person.name, packet.kind, facts[0].id, tone).pick
    main = choose(content.main, "main")
    if main is None:  # every bank has a phrasing that needs only what a packet of its kind always has
        raise DraftingError(f"no {tone} phrasing fits this {packet.kind} packet")
    opening = choose(phrases.OPENINGS[opening_key(slots)], "opening") or ""
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


def _fit_length(email: _Email, content: Content, choose: Callable[..., str | None], tone: Tone) -> None:
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


def _fill(template: str, slots: Slots) -> str:
    return template.format(**{k: v for k, v in slots.items() if v is not None})


def _repeats(line: str, text: str) -> bool:
    """Whether line says three words in a row that text already says ("good to see")."""
    said = re.findall(r"[a-z']+", text.lower().replace("’", "'"))
    shingles = {tuple(said[i : i + 3]) for i in range(len(said) - 2)}
    new = re.findall(r"[a-z']+", line.lower().replace("’", "'"))
    return any(tuple(new[i : i + 3]) in shingles for i in range(len(new) - 2))

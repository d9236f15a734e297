"""The draft stage: one email for one packet, by the LLM when one is configured, else by the offline writer.

The LLM engine sends prompts/draft.md, checks the answer (writing/check/) and, when it fails, asks once for
a revision (prompts/revise.md, sent as the next turn of the same conversation). An LLM draft reaches the user
only if its checks find nothing unsupported, private or injected (safe_to_show in check/score.py, which also
decides when a draft needs its revision); otherwise, and whenever the LLM fails (LLMError), the offline writer
drafts and a warning says why.

Requests: the draft, at most one repair of it (writing/llm.py), and one revision, whose own repair is allowed
only if the draft needed none: at most three requests, retries and structured-output fallbacks aside.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date

from pydantic import BaseModel, ConfigDict, field_validator

from server.errors import DraftingError
from server.models import TONES, Checks, Dossier, Draft, Fact, LLMUsage, Packet, SenderProfile, Tone
from server.writing.check import check_draft
from server.writing.check.score import needs_revision, safe_to_show
from server.writing.fact_words import is_safe, usable_facts
from server.writing.llm import LLM, LLMError, RepairBudget
from server.writing.occasions import occasion_words
from server.writing.offline.writer import write_offline
from server.writing.prompts import load_prompt, render, untrusted
from server.writing.thread import read_thread

log = logging.getLogger(__name__)

DRAFT_PROMPT, REVISE_PROMPT = "draft", "revise"

# Bounds on what one prompt carries: the packet's facts come first, so a cut only drops background.
MAX_PROMPT_FACTS = 12
MAX_QUOTE_CHARS = 400
MAX_CONTEXT_CHARS = 4000

NOT_SUPPORTED = "The AI draft mentioned things the research does not support; this draft was written offline."


class DraftAnswer(BaseModel):
    """What the LLM answers: the email and the ids of the facts it rests on."""

    model_config = ConfigDict(extra="forbid")

    subject: str
    body: str
    fact_ids: list[str]

    @field_validator("subject")
    @classmethod
    def _one_line(cls, value: str) -> str:
        value = " ".join(value.split())
        if not value:
            raise ValueError("the subject is empty")
        return value

    @field_validator("body")
    @classmethod
    def _some_text(cls, value: str) -> str:
        value = value.replace("\r\n", "\n").strip()
        if not value:
            raise ValueError("the body is empty")
        return value

    @field_validator("fact_ids")
    @classmethod
    def _distinct(cls, value: list[str]) -> list[str]:
        return list(dict.fromkeys(v.strip() for v in value if v.strip()))


@dataclass
class DraftOutcome:
    """The draft shown to the user, what the LLM cost, and what the user should know about how it was made."""

    draft: Draft
    usage: LLMUsage
    warnings: list[str]
    revised: bool  # a revision was asked of the LLM (whichever draft was finally kept)


@dataclass(frozen=True)
class _Attempt:
    """One LLM answer after validation: known fact ids kept, unknown ones set aside, checks run."""

    answer: DraftAnswer
    fact_ids: list[str]
    unknown_ids: list[str]
    checks: Checks

    @property
    def safe(self) -> bool:
        return safe_to_show(self.checks)

    @property
    def needs_revision(self) -> bool:
        return needs_revision(self.checks, cites_facts=bool(self.fact_ids))

    def draft(self) -> Draft:
        answer = self.answer
        return Draft(
            subject=answer.subject,
            body=answer.body,
            fact_ids=self.fact_ids,
            engine="openai",
            checks=self.checks,
        )


def write_draft(
    dossier: Dossier,
    packet: Packet,
    sender: SenderProfile | None,
    context: str | None,
    *,
    tone: Tone = "warm",
    llm: LLM | None,
    today: date,
) -> DraftOutcome:
    """Draft one email for the packet: by the LLM if one is available, else (or if it fails) offline."""
    if tone not in TONES:
        raise DraftingError(f"tone {tone!r} is not one of {', '.join(TONES)}")
    usable = {fact.id for fact in usable_facts(dossier)[0]}
    # A gift needs no fact: on a thin web the note leads with the gift and claims nothing about them.
    if not usable & set(packet.fact_ids) and packet.gift is None:
        raise DraftingError(f"packet {packet.kind!r} rests on no usable fact: {packet.fact_ids}")
    # The same fallback as generosity and the offline writer: the profile's note stands in for the thread.
    context = context or (sender.relationship_note if sender else None)
    job = _Job(dossier, packet, sender, context, tone, today, LLMUsage(), RepairBudget(1))
    if llm is None or not llm.available:
        return job.offline([], revised=False)
    return job.with_llm(llm)


@dataclass
class _Job:
    """One write_draft call: its inputs, the usage its requests add to, and the repairs they may still ask."""

    dossier: Dossier
    packet: Packet
    sender: SenderProfile | None
    context: str | None
    tone: Tone
    today: date
    usage: LLMUsage
    repairs: RepairBudget  # the draft's repair and the revision's share one: three requests at most

    def with_llm(self, llm: LLM) -> DraftOutcome:
        known = {fact.id for fact in prompt_facts(self.dossier, self.packet)}
        variables = draft_variables(
            self.dossier, self.packet, self.sender, self.context, tone=self.tone, today=self.today
        )
        messages = render(load_prompt(DRAFT_PROMPT), **variables)
        try:
            answer = llm.complete_json(messages, DraftAnswer, self.usage, name="draft", repairs=self.repairs)
        except LLMError as error:
            return self.offline([_failed(error)], revised=False)
        first = self.assess(answer, known)
        if not first.needs_revision:
            return self.outcome(first, [], revised=False)

        log.info("draft failed its checks (%s); asking for one revision", _codes(first.checks))
        revise = render(load_prompt(REVISE_PROMPT), **revise_variables(first.checks, first.unknown_ids))
        conversation = [*messages, {"role": "assistant", "content": answer.model_dump_json()}, *revise]
        try:
            revised = llm.complete_json(
                conversation, DraftAnswer, self.usage, name="draft", repairs=self.repairs
            )
        except LLMError as error:
            if not first.safe:
                return self.offline(
                    [f"The AI draft could not be revised ({error.reason}).", NOT_SUPPORTED], revised=True
                )
            note = (
                f"The AI draft could not be revised ({error.reason}); it is shown with what its checks found."
            )
            return self.outcome(first, [note], revised=True)
        second = self.assess(revised, known)
        # The revision wins unless it is unsafe or scores lower than a safe first draft.
        chosen = max((a for a in (second, first) if a.safe), key=lambda a: a.checks.score, default=None)
        if chosen is None:
            log.info("revised draft still failed (%s); writing offline", _codes(second.checks))
            return self.offline([NOT_SUPPORTED], revised=True)
        worse = "The AI's revision read worse than its first draft, so the first draft is shown."
        return self.outcome(chosen, [] if chosen is second else [worse], revised=True)

    def assess(self, answer: DraftAnswer, known: set[str]) -> _Attempt:
        """Keep the fact ids that were offered, set the rest aside, and run the checks."""
        checks = self.check(answer.subject, answer.body)
        return _Attempt(
            answer=answer,
            fact_ids=[i for i in answer.fact_ids if i in known],
            unknown_ids=[i for i in answer.fact_ids if i not in known],
            checks=checks,
        )

    def check(self, subject: str, body: str) -> Checks:
        return draft_checks(subject, body, self.dossier, self.sender, self.context, today=self.today)

    def outcome(self, attempt: _Attempt, notes: list[str], *, revised: bool) -> DraftOutcome:
        warnings = list(notes)
        if attempt.unknown_ids:
            warnings.append(
                f"The AI draft cited facts it was not given ({', '.join(attempt.unknown_ids)}); "
                "they were left out of its sources."
            )
        if not attempt.fact_ids:
            warnings.append(
                "The AI draft did not say which facts it rests on: check its claims before sending."
            )
        return DraftOutcome(attempt.draft(), self.usage, warnings, revised)

    def offline(self, warnings: list[str], *, revised: bool) -> DraftOutcome:
        written = write_offline(
            self.dossier, self.packet, self.sender, self.context, tone=self.tone, today=self.today
        )
        checks = self.check(written.subject, written.body)
        draft = Draft(
            subject=written.subject,
            body=written.body,
            fact_ids=written.fact_ids,
            engine="offline",
            checks=checks,
        )
        return DraftOutcome(draft, self.usage, warnings, revised)


def draft_checks(
    subject: str,
    body: str,
    dossier: Dossier,
    sender: SenderProfile | None,
    context: str | None,
    *,
    today: date,
) -> Checks:
    """A draft's checks, the thread read as drafting reads it: the one place drafts are checked."""
    thread = read_thread(context, dossier.person.name, today=today)
    return check_draft(
        subject,
        body,
        dossier=dossier,
        sender=sender,
        context=context,
        today=today,
        last_exchange=thread.last_exchange,
    )


# --- Prompt variables (tests/writing/test_prompt_variables.py holds these to the prompt files) ---------


def draft_variables(
    dossier: Dossier,
    packet: Packet,
    sender: SenderProfile | None,
    context: str | None,
    *,
    tone: Tone,
    today: date,
) -> dict[str, str]:
    """The variables of prompts/draft.md; everything from the web or the mailbox inside untrusted()."""
    facts = prompt_facts(dossier, packet)
    return {
        "today": today.isoformat(),
        "recipient": _recipient(dossier),
        "packet": _packet(packet, sender, [fact.id for fact in facts]),
        "facts": "\n\n".join(_fact(number, fact) for number, fact in enumerate(facts, 1)),
        "sender": _sender(sender),
        "context": _context(context),
        "tone": tone,
    }


def revise_variables(checks: Checks, unknown_ids: list[str]) -> dict[str, str]:
    """The variables of prompts/revise.md: what the checks found, and the cited ids that do not exist."""
    issues = "\n".join(f"- {issue.message}" for issue in checks.issues) or "- (none)"
    return {"issues": issues, "unknown_fact_ids": ", ".join(unknown_ids) or "none"}


def prompt_facts(dossier: Dossier, packet: Packet) -> list[Fact]:
    """The facts a draft may use: usable ones, the packet's first, then the newest (MAX_PROMPT_FACTS)."""
    usable = usable_facts(dossier)[0]
    by_id = {fact.id: fact for fact in usable}
    chosen = [by_id[i] for i in dict.fromkeys(packet.fact_ids) if i in by_id]
    rest = [fact for fact in usable if fact.id not in packet.fact_ids]
    rest.sort(key=lambda fact: (fact.date or "", fact.confidence), reverse=True)
    return (chosen + rest)[:MAX_PROMPT_FACTS]


def _recipient(dossier: Dossier) -> str:
    person = dossier.person
    # Title and company may have come from a page (the facts stage updates them): dropped if they look
    # private or like an instruction, since they sit outside the untrusted blocks.
    title = person.title if person.title and is_safe(person.title) else None
    company = person.company if person.company and is_safe(person.company) else None
    return "\n".join(
        [f"Name: {person.name}", f"Title: {title or '(not known)'}", f"Company: {company or '(not known)'}"]
    )


def _packet(packet: Packet, sender: SenderProfile | None, offered: list[str]) -> str:
    rests_on = [i for i in packet.fact_ids if i in offered]
    lines = [f"Kind: {packet.kind}", f"Rests on facts: {', '.join(rests_on)}"]
    if packet.occasion is not None:
        occasion = packet.occasion
        # Its words are a page's (a title, an award's name): data, like the facts.
        lines.append(
            f"Lead with this occasion ({occasion.kind}, fact {occasion.fact_id}, "
            f"dated {occasion.when or 'undated'}):\n"
            + untrusted("the occasion, as worded from the research", occasion_words(occasion))
        )
    if packet.gift is not None:
        gift = packet.gift
        lines.append(f"The gift to offer ({gift.kind}): {gift.what}" + (f" {gift.url}" if gift.url else ""))
    if packet.second_gift is not None:
        lines.append(f"A lighter second offer, if it fits: {packet.second_gift.what}")
    if packet.why:
        lines.append(untrusted("why the gift fits them", packet.why))
    if packet.resource is not None:
        lines.append(f"The sender's resource to give: “{packet.resource.title}” {packet.resource.url}")
    if packet.introduction is not None:
        intro = packet.introduction
        about = f"; knows about {', '.join(intro.topics)}" if intro.topics else ""
        lines.append(
            f"The person to introduce: {intro.name}" + (f", {intro.role}" if intro.role else "") + about
        )
    # The offer only where the idea hands it on: elsewhere it would invite a pitch.
    if packet.kind in ("help", "invite") and sender is not None and sender.offer:
        lines.append(f"What the sender offers: {sender.offer}")
    # Its wording quotes page titles and headlines.
    lines.append(untrusted("the idea, as worded from the research", packet.text))
    return "\n".join(lines)


def _fact(number: int, fact: Fact) -> str:
    quote = fact.quote if len(fact.quote) <= MAX_QUOTE_CHARS else fact.quote[: MAX_QUOTE_CHARS - 1] + "…"
    body = f"Fact: {fact.text}\nQuote: “{quote}”\nSource: {fact.source_url}"
    return (
        f"{number}. {fact.id} ({fact.kind}, {fact.date or 'undated'})\n{untrusted(f'fact {fact.id}', body)}"
    )


def _sender(sender: SenderProfile | None) -> str:
    if sender is None:
        return "(not given)"
    lines = [f"Name: {sender.name}"]
    lines += [f"Role: {sender.role}"] if sender.role else []
    lines += [f"Company: {sender.company}"] if sender.company else []
    lines += [f"Signature:\n{sender.signature.strip()}"] if sender.signature else []
    return "\n".join(lines)


def _context(context: str | None) -> str:
    if not context or not context.strip():
        return "(none given)"
    text = context.strip()
    if len(text) > MAX_CONTEXT_CHARS:
        text = text[: MAX_CONTEXT_CHARS - 1] + "…"
    return untrusted("relationship context", text)


def _failed(error: LLMError) -> str:
    return f"The AI writer failed ({error.reason}); this draft was written offline."


def _codes(checks: Checks) -> str:
    return ", ".join(sorted({issue.code for issue in checks.issues})) or f"score {checks.score:g}"

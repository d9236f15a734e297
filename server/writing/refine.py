"""Refining the user's draft: shorter, warmer or more formal, rewritten by the LLM, checked like any draft.

The rewrite is the next turn of the drafting conversation (prompts/draft.md, then the user's current draft as
the assistant's answer, then prompts/refine.md), so the rules, the facts and the idea still bind it. It is
checked as every draft is (draft_checks); a rewrite that brings in something unsafe (a claim the research
does not support, a private detail, text from a page's instructions) that the user's version did not have
is refused, and the user's draft stays as it was. There is no offline refinement: the offline writer writes
from slots, it cannot rework someone's own words.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from server.errors import RapportError
from server.models import Checks, Dossier, Draft, LLMUsage, Packet, Refinement, SenderProfile, Tone
from server.writing.check.score import UNSAFE_CODES
from server.writing.draft import DRAFT_PROMPT, DraftAnswer, draft_checks, draft_variables, prompt_facts
from server.writing.llm import LLM
from server.writing.prompts import load_prompt, render

REFINE_PROMPT = "refine"


class RefineUnavailable(RapportError):
    """No LLM is configured: only an LLM can rework the user's own words."""


class RefineRejected(RapportError):
    """The rewrite failed the checks the user's version passed; the user's draft is kept."""


@dataclass(frozen=True)
class CurrentDraft:
    """The draft as the user has it now, edits included, with the facts the server's draft rested on."""

    subject: str
    body: str
    fact_ids: list[str]


@dataclass(frozen=True)
class Refined:
    draft: Draft
    usage: LLMUsage


def refine_variables(change: Refinement) -> dict[str, str]:
    """The variables of prompts/refine.md."""
    return {"change": change}


def refine_draft(
    current: CurrentDraft,
    change: Refinement,
    *,
    dossier: Dossier,
    packet: Packet,
    sender: SenderProfile | None,
    context: str | None,
    tone: Tone,
    llm: LLM | None,
    today: date,
) -> Refined:
    """Rewrite the user's draft as asked; raises RefineUnavailable, RefineRejected or LLMError."""
    if llm is None or not llm.available:
        raise RefineUnavailable(
            "Refining needs a language model, and this server drafts offline: set OPENAI_BASE_URL "
            "(or OPENAI_API_KEY) and restart it."
        )
    context = context or (sender.relationship_note if sender else None)  # as write_draft reads it
    drafting = render(
        load_prompt(DRAFT_PROMPT),
        **draft_variables(dossier, packet, sender, context, tone=tone, today=today),
    )
    as_it_is = DraftAnswer(
        subject=current.subject or "(no subject)", body=current.body, fact_ids=current.fact_ids
    )
    conversation = [
        *drafting,
        {"role": "assistant", "content": as_it_is.model_dump_json()},
        *render(load_prompt(REFINE_PROMPT), **refine_variables(change)),
    ]
    usage = LLMUsage()
    answer = llm.complete_json(conversation, DraftAnswer, usage, name="draft")
    checks = draft_checks(answer.subject, answer.body, dossier, sender, context, today=today)
    before = draft_checks(current.subject, current.body, dossier, sender, context, today=today)
    brought_in = _unsafe(checks) - _unsafe(before)
    if brought_in:
        raise RefineRejected(
            "The rewrite added something your draft did not have and the checks refuse "
            f"({' '.join(sorted(brought_in))}), so your draft is kept as it was."
        )
    known = {fact.id for fact in prompt_facts(dossier, packet)}
    fact_ids = [i for i in answer.fact_ids if i in known]
    draft = Draft(subject=answer.subject, body=answer.body, fact_ids=fact_ids, engine="openai", checks=checks)
    return Refined(draft=draft, usage=usage)


def _unsafe(checks: Checks) -> set[str]:
    return {issue.message for issue in checks.issues if issue.code in UNSAFE_CODES}

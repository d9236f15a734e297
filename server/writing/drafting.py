"""The writing half of a run: generosity -> draft -> check, from a dossier.

A run calls it once after research; a re-draft calls it again with another packet or tone, without fetching.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from server.models import Dossier, Draft, Event, LLMUsage, Packet, SenderProfile, Stage
from server.writing.draft import TONES, write_draft
from server.writing.generosity import plan_packets
from server.writing.llm import LLM

Emit = Callable[[Event], None]


class DraftingError(ValueError):
    """The request cannot be drafted as asked (no such packet, an unknown tone)."""


@dataclass
class Drafting:
    packets: list[Packet]
    draft: Draft | None
    selected_packet: int | None
    tone: str
    usage: LLMUsage
    warnings: list[str] = field(default_factory=list)


def draft_from_dossier(
    dossier: Dossier,
    sender: SenderProfile | None,
    context: str | None,
    *,
    packet: int | None = None,
    tone: str = "warm",
    llm: LLM | None,
    today: date,
    emit: Emit | None = None,
    packets: list[Packet] | None = None,
) -> Drafting:
    """Plan the packets (unless given) and draft around the chosen one (the best when none is chosen)."""

    def say(stage: Stage, type_: str, message: str, **data: object) -> None:
        if emit is not None:
            emit(Event(stage=stage, type=type_, message=message, data=data))

    if tone not in TONES:
        raise DraftingError(f"tone must be one of {', '.join(TONES)}, not {tone!r}")
    warnings: list[str] = []
    if packets is None:
        say("generosity", "started", "Looking for ways to be useful")
        packets, notes = plan_packets(dossier, sender, context, today=today)
        warnings.extend(notes)
        say(
            "generosity",
            "done",
            f"{len(packets)} way(s) to be useful",
            packets=[p.model_dump(mode="json") for p in packets],
        )
    if packet is not None and not 0 <= packet < len(packets):
        raise DraftingError(f"packet {packet} does not exist; this run has {len(packets)} packet(s)")
    if not packets:
        warnings.append("Nothing found is solid enough to write around; no draft was written.")
        return Drafting(packets, None, None, tone, LLMUsage(), warnings)

    chosen = packet if packet is not None else 0
    engine = "the AI writer" if llm is not None and llm.available else "the offline writer"
    say("draft", "started", f"Drafting with {engine}", packet=chosen, tone=tone)
    outcome = write_draft(dossier, packets[chosen], sender, context, tone=tone, llm=llm, today=today)
    warnings.extend(outcome.warnings)
    draft = outcome.draft
    say(
        "draft",
        "done",
        f"Draft written by the {draft.engine} engine",
        engine=draft.engine,
        revised=outcome.revised,
        calls=outcome.usage.calls,
    )
    say(
        "check",
        "done",
        f"Checks: score {draft.checks.score:.0f}",
        score=draft.checks.score,
        issues=[i.model_dump() for i in draft.checks.issues],
    )
    spent = outcome.usage
    usage = LLMUsage(
        calls=spent.calls,
        input_tokens=spent.input_tokens,
        output_tokens=spent.output_tokens,
        estimated=spent.estimated,
    )
    return Drafting(packets, draft, chosen, tone, usage, warnings)

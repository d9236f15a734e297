"""The writing half of a run: generosity -> draft -> check, from a dossier.

A run calls it once after research; a re-draft calls it again with another packet or tone, without fetching.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from server.errors import DraftingError  # defined there: draft.py raises it too
from server.events import (
    CheckDone,
    CheckDoneData,
    DraftDone,
    DraftDoneData,
    DraftStarted,
    DraftStartedData,
    Event,
    GenerosityDone,
    GenerosityDoneData,
    GenerosityStarted,
)
from server.models import TONES, Dossier, Draft, LLMUsage, Packet, SenderProfile, Tone
from server.writing.draft import write_draft
from server.writing.generosity import plan_packets
from server.writing.llm import LLM

Emit = Callable[[Event], None]


@dataclass
class Drafting:
    packets: list[Packet]
    draft: Draft | None
    selected_packet: int | None
    tone: Tone
    usage: LLMUsage
    warnings: list[str] = field(default_factory=list)


def draft_from_dossier(
    dossier: Dossier,
    sender: SenderProfile | None,
    context: str | None,
    *,
    packet: int | None = None,
    tone: Tone = "warm",
    llm: LLM | None,
    today: date,
    emit: Emit | None = None,
    packets: list[Packet] | None = None,
) -> Drafting:
    """Plan the packets (unless given) and draft around the chosen one (the best when none is chosen)."""

    def say(event: Event) -> None:
        if emit is not None:
            emit(event)

    if tone not in TONES:
        raise DraftingError(f"tone must be one of {', '.join(TONES)}, not {tone!r}")
    warnings: list[str] = []
    if packets is None:
        say(GenerosityStarted(message="Looking for ways to be useful"))
        packets, notes = plan_packets(dossier, sender, context, today=today)
        warnings.extend(notes)
        say(
            GenerosityDone(
                message=f"{len(packets)} way(s) to be useful", data=GenerosityDoneData(packets=packets)
            )
        )
    if packet is not None and not 0 <= packet < len(packets):
        raise DraftingError(f"packet {packet} does not exist; this run has {len(packets)} packet(s)")
    if not packets:
        warnings.append("Nothing found is solid enough to write around; no draft was written.")
        return Drafting(packets, None, None, tone, LLMUsage(), warnings)

    chosen = packet if packet is not None else 0
    engine = "the AI writer" if llm is not None and llm.available else "the offline writer"
    say(DraftStarted(message=f"Drafting with {engine}", data=DraftStartedData(packet=chosen, tone=tone)))
    outcome = write_draft(dossier, packets[chosen], sender, context, tone=tone, llm=llm, today=today)
    warnings.extend(outcome.warnings)
    draft = outcome.draft
    say(
        DraftDone(
            message=f"Draft written by the {draft.engine} engine",
            data=DraftDoneData(engine=draft.engine, revised=outcome.revised, calls=outcome.usage.calls),
        )
    )
    say(
        CheckDone(
            message=f"Checks: score {draft.checks.score:.0f}",
            data=CheckDoneData(score=draft.checks.score, issues=list(draft.checks.issues)),
        )
    )
    return Drafting(packets, draft, chosen, tone, outcome.usage, warnings)

"""Drafting for runs: the writing half, with the sender profile the run's request carries.

The writing half knows nothing of storage; the run manager fills a request's sender with the user's stored
profile when the request gives none, before it reaches these steps.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Protocol

from server.models import Dossier, Packet, Refinement, RunRequest, Tone
from server.writing import Drafting, draft_from_dossier
from server.writing.drafting import Emit
from server.writing.llm import LLM
from server.writing.refine import CurrentDraft, Refined, refine_draft


class DraftStep(Protocol):
    """The drafting half of a run: packets and a draft from a dossier (given packets: a re-draft)."""

    def __call__(
        self,
        request: RunRequest,
        dossier: Dossier,
        emit: Emit | None,
        *,
        packet: int | None = None,
        tone: Tone | None = None,
        packets: list[Packet] | None = None,
    ) -> Drafting: ...


def drafter(llm: LLM | None, today: Callable[[], date] = date.today) -> DraftStep:
    """Drafting for runs: the request's sender profile, packet and tone."""

    def draft(
        request: RunRequest,
        dossier: Dossier,
        emit: Emit | None,
        *,
        packet: int | None = None,
        tone: Tone | None = None,
        packets: list[Packet] | None = None,
    ) -> Drafting:
        return draft_from_dossier(
            dossier,
            request.sender,
            request.context,
            packet=request.packet if packet is None else packet,
            tone=tone or request.tone,
            llm=llm,
            today=today(),
            emit=emit,
            packets=packets,
        )

    return draft


class RefineStep(Protocol):
    """A rewrite of the user's draft of a run (shorter, warmer, more formal) around the run's packet."""

    def __call__(
        self,
        request: RunRequest,
        dossier: Dossier,
        packet: Packet,
        tone: Tone,
        current: CurrentDraft,
        change: Refinement,
    ) -> Refined: ...


def refiner(llm: LLM | None, today: Callable[[], date] = date.today) -> RefineStep:
    """Refining for runs: the same sender and context a run's drafts were written with."""

    def refine(
        request: RunRequest,
        dossier: Dossier,
        packet: Packet,
        tone: Tone,
        current: CurrentDraft,
        change: Refinement,
    ) -> Refined:
        return refine_draft(
            current,
            change,
            dossier=dossier,
            packet=packet,
            sender=request.sender,
            context=request.context,
            tone=tone,
            llm=llm,
            today=today(),
        )

    return refine

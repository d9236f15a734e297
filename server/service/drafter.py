"""Drafting for runs: the writing half with the sender profile the service keeps.

The writing half knows nothing of storage; this is where a run's request meets the stored profile.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Protocol

from sqlalchemy import Engine

from server import storage
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


def drafter(engine: Engine, llm: LLM | None, today: Callable[[], date] = date.today) -> DraftStep:
    """Drafting for runs: the request's sender profile, else the stored one; the request's packet and tone."""

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
            request.sender or storage.get_sender_profile(engine),
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


def refiner(engine: Engine, llm: LLM | None, today: Callable[[], date] = date.today) -> RefineStep:
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
            sender=request.sender or storage.get_sender_profile(engine),
            context=request.context,
            tone=tone,
            llm=llm,
            today=today(),
        )

    return refine

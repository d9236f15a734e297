"""Runs in outline: what a list of many runs shows of each (the Renewals view), read in two queries whatever
their number, rather than each run whole."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from server.models import Packet, RunStatus
from server.storage.tables import DraftRow, RunRow


@dataclass(frozen=True)
class RunOutline:
    """A run's status and error, the idea its newest draft leads with, and that draft's subject and body."""

    status: RunStatus
    error: str | None = None
    idea: str | None = None
    subject: str | None = None
    body: str | None = None


def run_outlines(engine: Engine, user_id: int, run_ids: Collection[str]) -> dict[str, RunOutline]:
    """The outlines of the user's runs among run_ids (another's, or an erased one, is left out)."""
    if not run_ids:
        return {}
    with Session(engine) as session:
        runs = session.execute(
            select(RunRow.id, RunRow.status, RunRow.error, RunRow.generosity, RunRow.selected_packet).where(
                RunRow.user_id == user_id, RunRow.id.in_(run_ids)
            )
        ).all()
        newest = (
            select(func.max(DraftRow.id))
            .where(DraftRow.run_id.in_([run.id for run in runs]))
            .group_by(DraftRow.run_id)
        )
        drafts = {
            run_id: (subject, body)
            for run_id, subject, body in session.execute(
                select(DraftRow.run_id, DraftRow.subject, DraftRow.body).where(DraftRow.id.in_(newest))
            )
        }
    outlines = {}
    for run in runs:
        packets = [Packet.model_validate(packet) for packet in run.generosity or []]
        packet = packets[run.selected_packet or 0] if packets else None
        subject, body = drafts.get(run.id, (None, None))
        outlines[run.id] = RunOutline(
            status=run.status,
            error=run.error,
            idea=packet.text if packet else None,
            subject=subject,
            body=body,
        )
    return outlines

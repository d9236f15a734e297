"""Runs: their request, status, events, research and drafts, and what the user finally sent."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, delete, exists, func, select, update
from sqlalchemy.orm import Session

from server.errors import RapportError
from server.events import Event, parse_event
from server.models import (
    Dossier,
    Draft,
    LLMUsage,
    Packet,
    ResearchRequest,
    Run,
    RunGiven,
    RunRequest,
    RunStatus,
)
from server.records import RunSummary
from server.storage.contacts import contact_condition
from server.storage.tables import (
    Base,
    DraftRow,
    FactRow,
    FeedbackRow,
    RunEventRow,
    RunRow,
    SourceRow,
    aware,
    utcnow,
)

FINISHED: tuple[RunStatus, ...] = ("done", "failed")


class ClaimLost(RapportError, RuntimeError):
    """Another worker has claimed the run since this one did: this one's writes of it are refused."""

    def __init__(self, run_id: str):
        super().__init__(f"Run {run_id} is being worked by another worker now.")
        self.run_id = run_id


def claim_run(engine: Engine, run_id: str, claim: str, *, take_over: bool = True) -> None:
    """Make the run's writes those of the worker holding `claim` alone (a fencing token, 0005_run_claims).

    A job handed to a worker takes the run over from whoever had it (take_over); the same worker working it
    again after losing the database keeps it only if nobody took it over meanwhile (else ClaimLost). Claimed
    before reading what a worker before stored: the claim waits for a write of theirs under way, and after
    it they store nothing more, so nothing is done twice and nothing done is missed."""
    with Session(engine) as session, session.begin():
        claiming = update(RunRow).where(RunRow.id == run_id).values(claim=claim)
        if not take_over:
            claiming = claiming.where((RunRow.claim == claim) | RunRow.claim.is_(None))
        if session.execute(claiming).rowcount == 0 and session.get(RunRow, run_id) is not None:
            raise ClaimLost(run_id)


def _fence(session: Session, run_id: str, claim: str | None) -> None:
    """In a write's transaction: go on only while the run is still claimed as `claim` (None: unclaimed
    writes, the embedded default's, where one process owns its runs). The row stays locked until commit, so
    a claim by another worker waits for this write rather than slipping in under it."""
    if claim is None:
        return
    mine = update(RunRow).where(RunRow.id == run_id, RunRow.claim == claim).values(claim=claim)
    if session.execute(mine).rowcount != 1:
        raise ClaimLost(run_id)


def create_run(engine: Engine, user_id: int, run_id: str, request: ResearchRequest) -> None:
    """Store a new run of the user's, queued."""
    now = utcnow()
    person = request.person
    with Session(engine) as session, session.begin():
        session.add(
            RunRow(
                id=run_id,
                user_id=user_id,
                status="queued",
                request=request.model_dump(mode="json"),
                person=person.model_dump(mode="json"),
                person_name=person.name.strip().lower(),
                person_email=person.email.strip().lower() if person.email else None,
                generosity=[],
                warnings=[],
                created_at=now,
                updated_at=now,
            )
        )


def set_status(
    engine: Engine, run_id: str, status: RunStatus, error: str | None = None, *, claim: str | None = None
) -> None:
    with Session(engine) as session, session.begin():
        _fence(session, run_id, claim)
        session.execute(
            update(RunRow).where(RunRow.id == run_id).values(status=status, error=error, updated_at=utcnow())
        )


def run_owner(engine: Engine, run_id: str) -> int | None:
    """The id of the user whose run this is (None: no such run)."""
    with Session(engine) as session:
        return session.scalar(select(RunRow.user_id).where(RunRow.id == run_id))


def run_status(engine: Engine, run_id: str) -> RunStatus | None:
    with Session(engine) as session:
        return session.scalar(select(RunRow.status).where(RunRow.id == run_id))


def add_event(engine: Engine, run_id: str, item: Event, *, claim: str | None = None) -> None:
    with Session(engine) as session, session.begin():
        _fence(session, run_id, claim)
        session.add(_event_row(run_id, item))


def _event_row(run_id: str, item: Event) -> RunEventRow:
    # The kind is not a column: it follows from stage, type and data, which is how older rows are read too.
    return RunEventRow(
        run_id=run_id,
        seq=item.seq,
        stage=item.stage,
        type=item.type,
        message=item.message,
        data=item.data.model_dump(mode="json"),
    )


def events_after(engine: Engine, run_id: str, after_seq: int = 0) -> list[Event]:
    """The run's stored events with seq > after_seq, in order."""
    with Session(engine) as session:
        rows = session.scalars(
            select(RunEventRow)
            .where(RunEventRow.run_id == run_id, RunEventRow.seq > after_seq)
            .order_by(RunEventRow.seq)
        )
        return [parse_event(_columns(row, "run_id")) for row in rows]


def last_event_seq(engine: Engine, run_id: str) -> int:
    """The seq of the run's last stored event (0: none yet): a run worked again goes on after it."""
    with Session(engine) as session:
        return session.scalar(select(func.max(RunEventRow.seq)).where(RunEventRow.run_id == run_id)) or 0


@dataclass(frozen=True)
class StoredSteps:
    """Which of a run's steps a worker before stored: its research (the pages it read), its draft."""

    research: bool = False
    draft: bool = False


def stored_steps(engine: Engine, run_id: str) -> StoredSteps:
    """What of the run is stored already. Research that read no page at all counts as not stored (doing it
    again costs little and stores nothing twice: save_dossier replaces)."""
    with Session(engine) as session:
        research = session.scalar(select(exists().where(SourceRow.run_id == run_id)))
        draft = session.scalar(select(exists().where(DraftRow.run_id == run_id)))
        return StoredSteps(research=bool(research), draft=bool(draft))


def save_dossier(engine: Engine, run_id: str, dossier: Dossier, *, claim: str | None = None) -> None:
    """Store a run's research (replacing any earlier copy) in one transaction."""
    with Session(engine) as session, session.begin():
        _fence(session, run_id, claim)
        session.execute(delete(FactRow).where(FactRow.run_id == run_id))
        session.execute(delete(SourceRow).where(SourceRow.run_id == run_id))
        session.add_all(
            FactRow(run_id=run_id, position=i, **fact.model_dump()) for i, fact in enumerate(dossier.facts)
        )
        session.add_all(
            SourceRow(run_id=run_id, position=i, **source.model_dump())
            for i, source in enumerate(dossier.sources)
        )
        session.execute(
            update(RunRow)
            .where(RunRow.id == run_id)
            .values(
                person=dossier.person.model_dump(mode="json"),
                warnings=list(dossier.warnings),
                updated_at=utcnow(),
            )
        )


def save_drafting(
    engine: Engine,
    run_id: str,
    generosity: Iterable[Packet],
    draft: Draft | None,
    *,
    packet: int | None,
    tone: str,
    usage: LLMUsage,
    warnings: Iterable[str],
    claim: str | None = None,
) -> None:
    """Store a drafting step: the packets, the draft (the newest is the run's), and what it cost."""
    now = utcnow()
    with Session(engine) as session, session.begin():
        _fence(session, run_id, claim)
        row = session.get(RunRow, run_id)
        if row is None:
            raise LookupError(run_id)
        if draft is not None:
            session.add(
                DraftRow(
                    run_id=run_id,
                    subject=draft.subject,
                    body=draft.body,
                    fact_ids=list(draft.fact_ids),
                    engine=draft.engine,
                    checks=draft.checks.model_dump(mode="json"),
                    created_at=now,
                )
            )
        total = LLMUsage.model_validate(row.usage or {}) + usage
        row.generosity = [p.model_dump(mode="json") for p in generosity]
        row.selected_packet = packet
        row.tone = tone
        row.draft_warnings = list(warnings)
        row.usage = total.model_dump(mode="json")
        row.updated_at = now


def load_dossier(engine: Engine, run_id: str) -> Dossier | None:
    """A run's stored research, as drafting reads it (re-drafts never fetch again)."""
    run = get_run(engine, run_id)
    if run is None:
        return None
    with Session(engine) as session:
        row = session.get(RunRow, run_id)
        research_warnings = list(row.warnings or []) if row is not None else []
    return Dossier(person=run.person, facts=run.facts, sources=run.sources, warnings=research_warnings)


def load_request(engine: Engine, run_id: str) -> RunRequest | None:
    with Session(engine) as session:
        row = session.get(RunRow, run_id)
        return None if row is None else RunRequest.model_validate(row.request)


def finish_run(
    engine: Engine,
    run_id: str,
    status: RunStatus,
    error: str | None,
    last: Event,
    *,
    claim: str | None = None,
) -> None:
    """Store the run's last event and final status together: a reader never sees one without the other."""
    with Session(engine) as session, session.begin():
        _fence(session, run_id, claim)
        session.add(_event_row(run_id, last))
        session.execute(
            update(RunRow).where(RunRow.id == run_id).values(status=status, error=error, updated_at=utcnow())
        )


def fail_unfinished_runs(engine: Engine, reason: str) -> int:
    """Mark runs left queued or running by a stopped server as failed; returns how many."""
    with Session(engine) as session, session.begin():
        result = session.execute(
            update(RunRow)
            .where(RunRow.status.in_(("queued", "running")))
            .values(status="failed", error=reason, updated_at=utcnow())
        )
        return result.rowcount


def get_run(engine: Engine, run_id: str) -> Run | None:
    """The run JSON: the run, its facts and sources in order, and its newest draft."""
    with Session(engine) as session:
        row = session.get(RunRow, run_id)
        if row is None:
            return None
        facts = session.scalars(select(FactRow).where(FactRow.run_id == run_id).order_by(FactRow.position))
        sources = session.scalars(
            select(SourceRow).where(SourceRow.run_id == run_id).order_by(SourceRow.position)
        )
        draft = session.scalars(
            select(DraftRow).where(DraftRow.run_id == run_id).order_by(DraftRow.id.desc()).limit(1)
        ).first()
        return Run.model_validate(
            {
                "run_id": row.id,
                "status": row.status,
                "person": row.person,
                "facts": [_columns(fact, "run_id", "position") for fact in facts],
                "sources": [_columns(source, "run_id", "position") for source in sources],
                "generosity": row.generosity or [],
                "draft": None if draft is None else _columns(draft, "id", "run_id", "created_at"),
                "warnings": [*(row.warnings or []), *(row.draft_warnings or [])],
                "created_at": aware(row.created_at),
                "error": row.error,
                "selected_packet": row.selected_packet,
                "tone": row.tone,
                "usage": row.usage or {},
                "given": RunGiven.of(RunRequest.model_validate(row.request)),
            }
        )


def recent_runs(
    engine: Engine, user_id: int, email: str | None, name: str | None, limit: int
) -> list[RunSummary]:
    """The user's newest runs first: about the contact when one is named (as erasing finds them), else all."""
    query = select(RunRow).where(RunRow.user_id == user_id)
    query = query.order_by(RunRow.created_at.desc(), RunRow.id).limit(limit)
    if email or name:
        query = query.where(contact_condition(RunRow.person_email, RunRow.person_name, email, name))
    with Session(engine) as session:
        return [
            RunSummary(
                run_id=row.id,
                status=row.status,
                name=row.request["person"]["name"],
                email=row.request["person"].get("email"),
                company=row.person.get("company") or row.request["person"].get("company"),
                created_at=aware(row.created_at),
                error=row.error,
            )
            for row in session.scalars(query)
        ]


def _columns(row: Base, *skip: str) -> dict[str, Any]:
    """A row's column values by name, but those in skip (the row's keys and bookkeeping)."""
    return {c.key: getattr(row, c.key) for c in row.__table__.columns if c.key not in skip}


def save_feedback(engine: Engine, run_id: str, subject: str, body: str) -> None:
    """Store what the user finally sent, for the run it came from."""
    with Session(engine) as session, session.begin():
        session.add(FeedbackRow(run_id=run_id, subject=subject, body=body, created_at=utcnow()))

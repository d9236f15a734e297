"""Storage: SQLAlchemy 2 tables and the functions that read and write them (SQLite by default, or Postgres).

Tables are made with metadata.create_all on start; there is no migrations tool yet, so a column added later
needs one (or a fresh instance folder).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import (
    JSON,
    DateTime,
    Engine,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    create_engine,
    delete,
    event,
    func,
    or_,
    select,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from server.config import Settings
from server.models import (
    Dossier,
    Draft,
    Event,
    LLMUsage,
    Packet,
    ResearchRequest,
    Response,
    Run,
    RunRequest,
    RunStatus,
    SenderProfile,
)

FINISHED: tuple[RunStatus, ...] = ("done", "failed")


def utcnow() -> datetime:
    return datetime.now(UTC)


def _aware(moment: datetime | None) -> datetime | None:
    # SQLite hands datetimes back without their zone; everything is stored in UTC.
    return moment.replace(tzinfo=UTC) if moment is not None and moment.tzinfo is None else moment


class Base(DeclarativeBase):
    pass


class RunRow(Base):
    __tablename__ = "runs"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    status: Mapped[str] = mapped_column(String(16), index=True)
    request: Mapped[dict[str, Any]] = mapped_column(JSON)
    person: Mapped[dict[str, Any]] = mapped_column(JSON)
    # Lower-cased copies of the person's name and email: what "erase this contact" looks runs up by.
    person_name: Mapped[str] = mapped_column(String(200), index=True)
    person_email: Mapped[str | None] = mapped_column(String(320), index=True)
    generosity: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    warnings: Mapped[list[str]] = mapped_column(JSON, default=list)
    # The drafting half: the newest draft's packet, tone and warnings, and the LLM usage of all drafts.
    selected_packet: Mapped[int | None] = mapped_column(Integer, nullable=True)
    tone: Mapped[str | None] = mapped_column(String(16), nullable=True)
    draft_warnings: Mapped[list[str]] = mapped_column(JSON, default=list)
    usage: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class RunEventRow(Base):
    __tablename__ = "run_events"

    run_id: Mapped[str] = mapped_column(ForeignKey("runs.id", ondelete="CASCADE"), primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, primary_key=True)
    stage: Mapped[str] = mapped_column(String(32))
    type: Mapped[str] = mapped_column(String(32))
    message: Mapped[str] = mapped_column(Text)
    data: Mapped[dict[str, Any]] = mapped_column(JSON)


class FactRow(Base):
    __tablename__ = "facts"

    run_id: Mapped[str] = mapped_column(ForeignKey("runs.id", ondelete="CASCADE"), primary_key=True)
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    position: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(32))
    text: Mapped[str] = mapped_column(Text)
    quote: Mapped[str] = mapped_column(Text)
    source_url: Mapped[str] = mapped_column(Text)
    date: Mapped[str | None] = mapped_column(String(10))
    confidence: Mapped[float] = mapped_column(Float)
    superseded: Mapped[bool] = mapped_column(default=False)


class SourceRow(Base):
    __tablename__ = "sources"

    run_id: Mapped[str] = mapped_column(ForeignKey("runs.id", ondelete="CASCADE"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    url: Mapped[str] = mapped_column(Text)
    title: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(32))
    reason: Mapped[str | None] = mapped_column(Text)


class DraftRow(Base):
    __tablename__ = "drafts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    run_id: Mapped[str] = mapped_column(ForeignKey("runs.id", ondelete="CASCADE"), index=True)
    subject: Mapped[str] = mapped_column(Text)
    body: Mapped[str] = mapped_column(Text)
    fact_ids: Mapped[list[str]] = mapped_column(JSON)
    engine: Mapped[str] = mapped_column(String(16))
    checks: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class FeedbackRow(Base):
    __tablename__ = "feedback"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    run_id: Mapped[str] = mapped_column(ForeignKey("runs.id", ondelete="CASCADE"), index=True)
    subject: Mapped[str] = mapped_column(Text)
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class SenderProfileRow(Base):
    __tablename__ = "sender_profile"

    # One sender per instance: a single row with id 1.
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    profile: Mapped[dict[str, Any]] = mapped_column(JSON)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class PageCacheRow(Base):
    __tablename__ = "page_cache"

    url: Mapped[str] = mapped_column(Text, primary_key=True)
    final_url: Mapped[str] = mapped_column(Text)
    status: Mapped[int] = mapped_column(Integer)
    content_type: Mapped[str] = mapped_column(String(200))
    text: Mapped[str] = mapped_column(Text)
    fetched_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


# --- Engine --------------------------------------------------------------------------------------------


def make_engine(settings: Settings) -> Engine:
    """An engine for settings.sqlalchemy_url, with the tables created; SQLite tuned for many threads."""
    url = settings.sqlalchemy_url
    # Hosts hand out postgres:// URLs; SQLAlchemy would pick psycopg2 for them, we ship psycopg 3.
    for plain in ("postgres://", "postgresql://"):
        if url.startswith(plain):
            url = "postgresql+psycopg://" + url.removeprefix(plain)
    if url.startswith("sqlite"):
        settings.home.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})
        event.listen(engine, "connect", _tune_sqlite)
    else:
        engine = create_engine(url, pool_pre_ping=True)
    Base.metadata.create_all(engine)
    return engine


def _tune_sqlite(connection: Any, _record: Any) -> None:
    # WAL lets SSE readers and the run threads' writers work at once without "database is locked";
    # SQLite leaves foreign keys off unless asked on every connection.
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


# --- Runs ----------------------------------------------------------------------------------------------


def create_run(engine: Engine, run_id: str, request: ResearchRequest) -> None:
    """Store a new run, queued."""
    now = utcnow()
    person = request.person
    with Session(engine) as session, session.begin():
        session.add(
            RunRow(
                id=run_id,
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


def set_status(engine: Engine, run_id: str, status: RunStatus, error: str | None = None) -> None:
    with Session(engine) as session, session.begin():
        session.execute(
            update(RunRow).where(RunRow.id == run_id).values(status=status, error=error, updated_at=utcnow())
        )


def run_status(engine: Engine, run_id: str) -> RunStatus | None:
    with Session(engine) as session:
        return session.scalar(select(RunRow.status).where(RunRow.id == run_id))


def add_event(engine: Engine, run_id: str, item: Event) -> None:
    with Session(engine) as session, session.begin():
        session.add(_event_row(run_id, item))


def _event_row(run_id: str, item: Event) -> RunEventRow:
    return RunEventRow(
        run_id=run_id, seq=item.seq, stage=item.stage, type=item.type, message=item.message, data=item.data
    )


def events_after(engine: Engine, run_id: str, after_seq: int = 0) -> list[Event]:
    """The run's stored events with seq > after_seq, in order."""
    with Session(engine) as session:
        rows = session.scalars(
            select(RunEventRow)
            .where(RunEventRow.run_id == run_id, RunEventRow.seq > after_seq)
            .order_by(RunEventRow.seq)
        )
        return [Event.model_validate(_columns(row, "run_id")) for row in rows]


def save_dossier(engine: Engine, run_id: str, dossier: Dossier) -> None:
    """Store a run's research (replacing any earlier copy) in one transaction."""
    with Session(engine) as session, session.begin():
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
) -> None:
    """Store a drafting step: the packets, the draft (the newest is the run's), and what it cost."""
    now = utcnow()
    with Session(engine) as session, session.begin():
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
        spent = LLMUsage.model_validate(row.usage or {})
        total = LLMUsage(
            calls=spent.calls + usage.calls,
            input_tokens=spent.input_tokens + usage.input_tokens,
            output_tokens=spent.output_tokens + usage.output_tokens,
            estimated=spent.estimated or usage.estimated,
        )
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


def finish_run(engine: Engine, run_id: str, status: RunStatus, error: str | None, last: Event) -> None:
    """Store the run's last event and final status together: a reader never sees one without the other."""
    with Session(engine) as session, session.begin():
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
                "created_at": _aware(row.created_at),
                "error": row.error,
                "selected_packet": row.selected_packet,
                "tone": row.tone,
                "usage": row.usage or {},
            }
        )


def _columns(row: Base, *skip: str) -> dict[str, Any]:
    """A row's column values by name, but those in skip (the row's keys and bookkeeping)."""
    return {c.key: getattr(row, c.key) for c in row.__table__.columns if c.key not in skip}


def save_feedback(engine: Engine, run_id: str, subject: str, body: str) -> None:
    """Store what the user finally sent, for the run it came from."""
    with Session(engine) as session, session.begin():
        session.add(FeedbackRow(run_id=run_id, subject=subject, body=body, created_at=utcnow()))


# --- Contacts ------------------------------------------------------------------------------------------


def runs_for_contact(engine: Engine, email: str | None, name: str | None) -> list[tuple[str, str]]:
    """(run id, status) of every run about the contact: same email, or same name (case-insensitive)."""
    conditions = []
    if email and email.strip():
        conditions.append(RunRow.person_email == email.strip().lower())
    if name and name.strip():
        conditions.append(RunRow.person_name == name.strip().lower())
    if not conditions:
        return []
    with Session(engine) as session:
        rows = session.execute(select(RunRow.id, RunRow.status).where(or_(*conditions)))
        return [(row.id, row.status) for row in rows]


def erase_runs(engine: Engine, run_ids: list[str]) -> dict[str, int]:
    """Delete the runs and everything stored with them, and the cached copies of their sources' pages."""
    counts = dict.fromkeys(("runs", "events", "facts", "sources", "drafts", "feedback", "cached_pages"), 0)
    if not run_ids:
        return counts
    with Session(engine) as session, session.begin():
        urls = set(session.scalars(select(SourceRow.url).where(SourceRow.run_id.in_(run_ids))))
        # Deleted table by table rather than by cascade: the counts are the answer, and a Postgres or SQLite
        # database made without foreign keys still ends up empty.
        for name, table in (
            ("events", RunEventRow),
            ("facts", FactRow),
            ("sources", SourceRow),
            ("drafts", DraftRow),
            ("feedback", FeedbackRow),
        ):
            counts[name] = session.execute(delete(table).where(table.run_id.in_(run_ids))).rowcount
        counts["runs"] = session.execute(delete(RunRow).where(RunRow.id.in_(run_ids))).rowcount
        if urls:
            cached = delete(PageCacheRow).where(PageCacheRow.url.in_(urls) | PageCacheRow.final_url.in_(urls))
            counts["cached_pages"] = session.execute(cached).rowcount
    return counts


# --- Sender profile ------------------------------------------------------------------------------------


def get_sender_profile(engine: Engine) -> SenderProfile | None:
    with Session(engine) as session:
        row = session.get(SenderProfileRow, 1)
        return None if row is None else SenderProfile.model_validate(row.profile)


def put_sender_profile(engine: Engine, profile: SenderProfile) -> None:
    with Session(engine) as session, session.begin():
        session.merge(SenderProfileRow(id=1, profile=profile.model_dump(mode="json"), updated_at=utcnow()))


# --- Page cache ----------------------------------------------------------------------------------------


class SqlPageCache:
    """The fetcher's page cache (get(url, max_age) / put(response)), kept in the database."""

    def __init__(self, engine: Engine):
        self.engine = engine

    def get(self, url: str, max_age: float | timedelta) -> Response | None:
        """The cached response for url if it is younger than max_age (seconds or a timedelta)."""
        age = max_age if isinstance(max_age, timedelta) else timedelta(seconds=max_age)
        with Session(self.engine) as session:
            row = session.get(PageCacheRow, url)
            if row is None:
                return None
            fetched_at = _aware(row.fetched_at)
            assert fetched_at is not None
            if fetched_at < utcnow() - age:
                return None
            return Response(
                url=row.url,
                final_url=row.final_url,
                status_code=row.status,
                content_type=row.content_type,
                text=row.text,
                fetched_at=fetched_at,
                from_cache=True,
            )

    def put(self, response: Response) -> None:
        """Keep a fetched page; never one handed over by the user's browser (it may be private)."""
        if response.captured:
            return
        values = {
            "url": response.url,
            "final_url": response.final_url,
            "status": response.status_code,
            "content_type": response.content_type,
            # Postgres text cannot hold U+0000 (psycopg refuses the row, and the fetch would raise);
            # HTML parsing reads it as U+FFFD anyway, so that is what both databases keep.
            "text": response.text.replace("\x00", "\ufffd"),
            "fetched_at": response.fetched_at,
        }
        dialect = postgresql if self.engine.dialect.name == "postgresql" else sqlite
        statement = dialect.insert(PageCacheRow).values(**values)
        statement = statement.on_conflict_do_update(
            index_elements=[PageCacheRow.url], set_={k: v for k, v in values.items() if k != "url"}
        )
        with Session(self.engine) as session, session.begin():
            session.execute(statement)


def count_rows(engine: Engine) -> dict[str, int]:
    """Rows per table: for tests and the operator's curiosity."""
    with Session(engine) as session:
        return {
            table.name: session.scalar(select(func.count()).select_from(table)) or 0
            for table in Base.metadata.sorted_tables
        }

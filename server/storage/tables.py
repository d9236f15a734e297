"""The tables, and the engine that makes them (SQLite by default, Postgres by DATABASE_URL).

Tables are made with metadata.create_all on start; there is no migrations tool yet. A nullable column added
later is added to an older database on start (add_new_columns); any other change needs a migration (or a
fresh instance folder).
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
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
    event,
    inspect,
    make_url,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from server.config import Settings
from server.storage.instance import prepare_instance_folder, prepare_sqlite_file


def utcnow() -> datetime:
    return datetime.now(UTC)


def aware(moment: datetime | None) -> datetime | None:
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
    subject: Mapped[str | None] = mapped_column(String(16), nullable=True)


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


class ExcludedPageRow(Base):
    """A page the user marked "not this person" for a recipient (told by email, or by name without one)."""

    __tablename__ = "excluded_pages"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    person_name: Mapped[str] = mapped_column(String(200), index=True)
    person_email: Mapped[str | None] = mapped_column(String(320), index=True)
    url: Mapped[str] = mapped_column(Text)
    title: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


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
        prepare_instance_folder(settings.home)
        database = make_url(url).database
        if database and database != ":memory:" and not database.startswith("file:"):
            prepare_sqlite_file(Path(database))
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})
        event.listen(engine, "connect", _tune_sqlite)
    else:
        engine = create_engine(url, pool_pre_ping=True)
    Base.metadata.create_all(engine)
    add_new_columns(engine)
    return engine


def add_new_columns(engine: Engine) -> None:
    """Add to an older database the nullable columns its tables lack (create_all makes only new tables)."""
    tables = inspect(engine)
    with engine.begin() as connection:
        for table in Base.metadata.sorted_tables:
            present = {column["name"] for column in tables.get_columns(table.name)}
            for column in table.columns:
                if column.name in present or not column.nullable:
                    continue
                kind = column.type.compile(engine.dialect)
                connection.exec_driver_sql(f'ALTER TABLE {table.name} ADD COLUMN "{column.name}" {kind}')


def _tune_sqlite(connection: Any, _record: Any) -> None:
    # WAL lets SSE readers and the run threads' writers work at once without "database is locked";
    # SQLite leaves foreign keys off unless asked on every connection; secure_delete writes zeros over
    # what a delete frees, so an erased contact's pages and drafts do not linger in free pages.
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA secure_delete=ON")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()

"""The tables, and the engine that brings the database to them (SQLite by default, Postgres by DATABASE_URL).

The schema is Alembic's (server/storage/migrations): every start upgrades the database to the head revision,
adopting one made before migrations (see the baseline). A change to a table here needs a revision there;
a test compares the two.

Owned records: a table whose rows belong to one user takes OwnedByUser (a `user_id` column, indexed, the
users.id of its owner; its revision adds the column NOT NULL with the index `ix_<table>_user_id`), and every
query of it filters on the user asking, whom the service hands down from the request's token. Records reached
through a run (events, facts, sources, drafts, feedback) belong to the run's user. Shared records (the page
cache: public pages) have none.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
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
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from server.config import Settings
from server.errors import StorageUnavailable
from server.storage.instance import migration_lock, prepare_instance_folder, prepare_sqlite_file

MIGRATIONS = Path(__file__).with_name("migrations")
log = logging.getLogger(__name__)


def utcnow() -> datetime:
    return datetime.now(UTC)


def aware(moment: datetime | None) -> datetime | None:
    # SQLite hands datetimes back without their zone; everything is stored in UTC.
    return moment.replace(tzinfo=UTC) if moment is not None and moment.tzinfo is None else moment


class Base(DeclarativeBase):
    pass


class OwnedByUser:
    """A row that belongs to one user: one user's queries never read or change another's (module docstring).

    No foreign key to users: users are revoked, never deleted, and SQLite cannot add a referencing column
    to a table that has rows while foreign keys are on (the users revision)."""

    user_id: Mapped[int] = mapped_column(Integer, index=True)


class UserRow(Base):
    """A person using this deployment; the default user (the instance token's) is the first."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    # SHA-256 of the token (tokens are 256 random bits: a slow hash would add nothing); never the token.
    token_hash: Mapped[str | None] = mapped_column(String(64), unique=True, nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class RunRow(OwnedByUser, Base):
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
    # Whose the run's writes are while it works: the claim of the worker working it (0005_run_claims).
    claim: Mapped[str | None] = mapped_column(String(32), nullable=True)
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

    # One sender per user: the row's id is the user's id.
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    profile: Mapped[dict[str, Any]] = mapped_column(JSON)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class ExcludedPageRow(OwnedByUser, Base):
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


class FetchLeaseRow(Base):
    """One slot of a limited resource (a host's fetch slots; the right to load an origin's robots.txt) lent
    to one holder until expires_at, across every process sharing the database (storage/politeness.py)."""

    __tablename__ = "fetch_leases"

    key: Mapped[str] = mapped_column(Text, primary_key=True)
    slot: Mapped[int] = mapped_column(Integer, primary_key=True)
    holder: Mapped[str] = mapped_column(String(32))
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class RobotsRow(Base):
    """An origin's robots.txt as read (its text, or why the site is refused), shared until expires_at."""

    __tablename__ = "robots_rules"

    origin: Mapped[str] = mapped_column(Text, primary_key=True)  # the robots.txt URL
    text: Mapped[str | None] = mapped_column(Text)
    refusal: Mapped[str | None] = mapped_column(Text)
    refusal_kind: Mapped[str] = mapped_column(String(20))
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


# --- Engine --------------------------------------------------------------------------------------------


def modelled(name: str | None, type_: str, parent_names: object) -> bool:
    """Whether Alembic compares a database object with the models: not the job queue's tables (procrastinate
    keeps their shape; migration 0004 makes them on PostgreSQL), so autogenerate never drops them."""
    return not (type_ == "table" and (name or "").startswith("procrastinate_"))


def unreachable(exc: BaseException) -> bool:
    """Whether a database error means the database could not be reached or dropped the connection (a
    restart, a network cut) rather than that a statement was wrong: worth asking again once it is back."""
    if isinstance(exc, StorageUnavailable):
        return True
    if isinstance(exc, DBAPIError) and exc.connection_invalidated:
        return True
    return isinstance(exc, (OperationalError, InterfaceError))


def make_engine(settings: Settings) -> Engine:
    """An engine for settings.sqlalchemy_url, the database upgraded to the head revision; SQLite tuned for
    many threads."""
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
        # A transaction left open by a process that stopped answering (paused, cut off) holds its row locks
        # until the server ends it: ended once the holder has been silent as long as a stalled queue worker,
        # so a worker taking the run over (storage.claim_run) waits no longer than that. Rapport's own
        # transactions never sit idle for a fraction of it.
        idle = round(settings.queue_stalled_seconds * 1000)
        options = {"options": f"-c idle_in_transaction_session_timeout={idle}"}
        engine = create_engine(url, pool_pre_ping=True, connect_args=options)
    migrate(engine, settings.home)
    return engine


def migrate(engine: Engine, home: Path) -> None:
    """Upgrade the database to the head revision, one process at a time (a server and a command starting
    together would both make the first tables)."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with migration_lock(home), engine.begin() as connection:
        if connection.dialect.name == "postgresql":  # other machines share a Postgres: it holds the lock
            connection.exec_driver_sql("SELECT pg_advisory_xact_lock(7356821)")
        config.attributes["connection"] = connection
        fresh = not inspect(connection).has_table("runs")
        before = MigrationContext.configure(connection).get_current_revision()
        command.upgrade(config, "head")
        after = MigrationContext.configure(connection).get_current_revision()
    if after != before and not fresh:  # a new database is simply made; an upgrade is worth a line
        log.info("database upgraded from revision %s to %s", before or "none (made before migrations)", after)


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

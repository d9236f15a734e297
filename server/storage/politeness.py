"""Politeness shared by every process of a PostgreSQL deployment (server/research/fetch/shared.py uses it):
leases on limited slots, and each origin's robots.txt. Each call is one short statement on a pooled
connection, never held while a page is fetched. Expiries are counted on the database's clock, the one clock
that processes on several machines share."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import Engine, delete, func, select, text
from sqlalchemy.dialects.postgresql import insert

from server.models import RobotsRecord
from server.storage.tables import FetchLeaseRow, RobotsRow

# One free slot (picked at random, so that claimers at once rarely pick the same), taken if its row is new
# or its lease has run out. Under READ COMMITTED, two claims of one slot at once queue on the row: the second
# sees the first's lease, unexpired, updates nothing and returns no row; it has not got the slot.
_CLAIM = text(
    """
    WITH free AS (
        SELECT s.slot FROM generate_series(0, :limit - 1) AS s(slot)
        WHERE NOT EXISTS (
            SELECT 1 FROM fetch_leases AS l WHERE l.key = :key AND l.slot = s.slot AND l.expires_at > now()
        )
        ORDER BY random() LIMIT 1
    )
    INSERT INTO fetch_leases (key, slot, holder, expires_at)
    SELECT :key, slot, :holder, now() + make_interval(secs => :seconds) FROM free
    ON CONFLICT (key, slot) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
        WHERE fetch_leases.expires_at <= now()
    RETURNING slot
    """
)
# Rules of origins no process has asked about for a day past their expiry are dropped when rules are stored.
_FORGET_AFTER = timedelta(days=1)


class SqlLeases:
    """Up to `limit` holders of one key at a time, each for a bounded time: a holder that dies (its process
    killed, its machine gone) without releasing loses its lease when it expires."""

    def __init__(self, engine: Engine):
        self._engine = engine

    def claim(self, key: str, holder: str, limit: int, seconds: float) -> bool:
        """Whether `holder` now holds one of `key`'s `limit` slots, for `seconds` at most."""
        values = {"key": key, "holder": holder, "limit": limit, "seconds": seconds}
        with self._engine.begin() as connection:
            return connection.execute(_CLAIM, values).first() is not None

    def release(self, key: str, holder: str) -> None:
        """Free `holder`'s slot of `key`; nothing if its lease expired and another holder has it now."""
        statement = delete(FetchLeaseRow).where(FetchLeaseRow.key == key, FetchLeaseRow.holder == holder)
        with self._engine.begin() as connection:
            connection.execute(statement)


class SqlRobots:
    """Each origin's robots.txt rules, as the process that fetched them read them, until they expire."""

    def __init__(self, engine: Engine):
        self._engine = engine

    def get(self, origin: str) -> RobotsRecord | None:
        """The unexpired rules of `origin` (its robots.txt URL), with the seconds they are still good for."""
        left = func.extract("epoch", RobotsRow.expires_at - func.now())
        statement = select(RobotsRow.text, RobotsRow.refusal, RobotsRow.refusal_kind, left).where(
            RobotsRow.origin == origin, RobotsRow.expires_at > func.now()
        )
        with self._engine.connect() as connection:
            row = connection.execute(statement).first()
        if row is None:
            return None
        body, refusal, kind, seconds = row
        return RobotsRecord(text=body, refusal=refusal, refusal_kind=kind, ttl_seconds=float(seconds))

    def put(self, origin: str, record: RobotsRecord) -> None:
        """Keep `origin`'s rules for record.ttl_seconds."""
        values = {
            # Postgres text cannot hold U+0000; a robots.txt parser reads it as no character anyway.
            "text": record.text.replace("\x00", "") if record.text is not None else None,
            "refusal": record.refusal,
            "refusal_kind": record.refusal_kind,
            "expires_at": func.now() + timedelta(seconds=record.ttl_seconds),
        }
        upsert = insert(RobotsRow).values(origin=origin, **values)
        upsert = upsert.on_conflict_do_update(index_elements=[RobotsRow.origin], set_=values)
        with self._engine.begin() as connection:
            connection.execute(upsert)
            connection.execute(delete(RobotsRow).where(RobotsRow.expires_at < func.now() - _FORGET_AFTER))

"""The fetcher's page cache, in the database."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import Engine
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from server.models import Response
from server.storage.tables import PageCacheRow, aware, utcnow


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
            fetched_at = aware(row.fetched_at)
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

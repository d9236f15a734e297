"""Storage's fixtures: an engine on the test's database (SQLite, or Postgres when one is named)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine

from server import storage
from server.config import Settings


@pytest.fixture
def engine(db_settings: Settings) -> Iterator[Engine]:
    """Rapport's tables made on the test's empty database."""
    engine = storage.make_engine(db_settings)
    yield engine
    engine.dispose()

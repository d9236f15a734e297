"""Research fixtures: a fetcher on a fixture web of the test's own, for tests that add routes or count."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from server.config import Settings
from server.research.fetch import Fetcher
from tests.fixture_web import FixtureWeb


@pytest.fixture
def site_settings(settings: Settings, fresh_web: FixtureWeb) -> Settings:
    """The shared test settings, pointed at this test's own fixture web."""
    return settings.replace(connect_to=(fresh_web.connect_to,))


@pytest.fixture
def fetcher(site_settings: Settings) -> Iterator[Fetcher]:
    with Fetcher(site_settings) as fetcher:
        yield fetcher

"""A research run on a fixture web, and what a test reads of its dossier: a page's source, its facts."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from server.models import Dossier, Fact, ResearchRequest, Source
from server.research import ResearchDeps, research
from server.research.fetch import Fetcher
from tests.fixture_web import FixtureWeb


@dataclass
class Outcome:
    dossier: Dossier

    def source(self, url: str) -> Source:
        return next(s for s in self.dossier.sources if s.url == url)

    def facts_from(self, url: str) -> list[Fact]:
        return [f for f in self.dossier.facts if f.source_url == url]


def run(request: ResearchRequest, web: FixtureWeb, tmp: Path) -> Outcome:
    """Research the request on the web, with an instance folder of its own."""
    settings = web.settings(tmp)
    with Fetcher(settings) as fetcher:
        return Outcome(research(request, ResearchDeps(settings=settings, fetcher=fetcher), lambda _: None))

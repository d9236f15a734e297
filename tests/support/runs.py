"""A research run on a fixture web, and what a test reads of its dossier: a page's source, its facts."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from server.events import Event, PageFacts
from server.models import Dossier, Fact, ResearchRequest, Source
from server.research import ResearchDeps, research
from server.research.fetch import Fetcher
from tests.fixture_web import FixtureWeb


@dataclass
class Outcome:
    dossier: Dossier
    events: list[Event]

    def source(self, url: str) -> Source:
        return next(s for s in self.dossier.sources if s.url == url)

    def facts_from(self, url: str) -> list[Fact]:
        return [f for f in self.dossier.facts if f.source_url == url]

    def page_gave(self, url: str) -> list[Fact]:
        """What the page gave when it was read, before the dossier kept one telling of each claim."""
        pages = [e.data for e in self.events if isinstance(e, PageFacts) and e.data.url == url]
        return [f for page in pages for f in page.facts]


def run(request: ResearchRequest, web: FixtureWeb, tmp: Path) -> Outcome:
    """Research the request on the web, with an instance folder of its own."""
    settings = web.settings(tmp)
    events: list[Event] = []
    with Fetcher(settings) as fetcher:
        dossier = research(request, ResearchDeps(settings=settings, fetcher=fetcher), events.append)
    return Outcome(dossier, events)

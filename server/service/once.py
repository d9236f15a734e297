"""One run in this process, start to end, for the command line: research, then (unless asked not to) drafting.

The service runs the same stages through its run manager; this path stores nothing but cached pages, so a
command never touches runs that a server on the same instance folder is working on.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from contextlib import ExitStack
from datetime import UTC, date, datetime

from server import storage
from server.config import Settings
from server.events import Event
from server.models import Run, RunGiven, RunRequest
from server.research import ResearchDeps, research
from server.research.fetch import Fetcher
from server.research.search import search_provider
from server.service.drafter import drafter
from server.writing.llm import LLM

Emit = Callable[[Event], None]


def run_once(request: RunRequest, settings: Settings, emit: Emit, *, today: date | None = None) -> Run:
    """Research a person and draft around the chosen packet; returns the run JSON."""
    settings.home.mkdir(parents=True, exist_ok=True)
    engine = storage.make_engine(settings)
    with ExitStack() as stack:
        stack.callback(engine.dispose)
        fetcher = stack.enter_context(Fetcher(settings, cache=storage.SqlPageCache(engine)))
        search = search_provider(settings)
        if search is not None:
            stack.callback(search.close)
        dossier = research(request, ResearchDeps(settings=settings, fetcher=fetcher, search=search), emit)
        run = Run(
            run_id=uuid.uuid4().hex,
            status="done",
            person=dossier.person,
            facts=dossier.facts,
            sources=dossier.sources,
            warnings=list(dossier.warnings),
            created_at=datetime.now(UTC),
            given=RunGiven.of(request),
        )
        if not request.draft:
            return run
        llm = stack.enter_context(LLM(settings)) if settings.llm_configured else None
        # The command line writes as the default user (the instance token's), with their stored profile.
        sender = request.sender or storage.get_sender_profile(engine, storage.default_user_id(engine))
        drafted = request.model_copy(update={"sender": sender})
        drafting = drafter(llm, lambda: today or date.today())(drafted, dossier, emit)
        return run.model_copy(
            update={
                "generosity": drafting.packets,
                "draft": drafting.draft,
                "selected_packet": drafting.selected_packet,
                "tone": drafting.tone,
                "warnings": [*run.warnings, *drafting.warnings],
                "usage": drafting.usage,
            }
        )

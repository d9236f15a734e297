"""The application factory: settings, storage, the API token, the run manager and the API, in one place."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from flask import Flask, Response, request
from sqlalchemy import Engine

from server import storage
from server.config import Settings
from server.research import ResearchDeps, research
from server.research.fetch import Fetcher, SharedPoliteness
from server.research.search import SearchProvider, search_provider
from server.service import api, api_contacts, web
from server.service.auth import TOKEN_FILE, load_or_create_token
from server.service.contact_book import ContactBook
from server.service.drafter import drafter, refiner
from server.service.errors import register_error_handler
from server.service.renewals import Renewals
from server.service.runs import Research, RunManager
from server.service.sse import StreamSlots
from server.storage import SqlLeases, SqlPageCache, SqlRobots, make_engine, prepare_instance_folder
from server.writing.llm import LLM

if TYPE_CHECKING:
    from server.service.queue import JobQueue

log = logging.getLogger(__name__)

NOT_THE_DEFAULT_TOKEN = (
    "this instance folder's token ({path}) is not the default user's: another process of the team deployment "
    "set its own first. Share that process's RAPPORT_HOME, or give each person a token with `users add NAME`"
)

CORS_METHODS = "GET, POST, PUT, DELETE, OPTIONS"
CORS_HEADERS = "Authorization, Content-Type, Last-Event-ID"


def create_app(test_config: Mapping[str, Any] | None = None) -> Flask:
    """Defaults, then the environment (Settings.from_env), then test overrides.

    test_config may hold SETTINGS (a Settings), RESEARCH (a callable(request, emit) -> Dossier standing in
    for the research pipeline) and DRAFT (the drafting step).
    """
    app = Flask(__name__)
    app.config.from_mapping(RESEARCH=None, DRAFT=None)
    overrides = dict(test_config or {})
    app.config["SETTINGS"] = overrides.pop("SETTINGS", None) or Settings.from_env()
    app.config.from_mapping(overrides)
    settings: Settings = app.config["SETTINGS"]
    app.config["MAX_CONTENT_LENGTH"] = settings.max_request_bytes
    app.json.sort_keys = False  # keep the contract's field order in answers

    prepare_instance_folder(settings.home)
    engine = make_engine(settings)
    research = app.config["RESEARCH"] or _pipeline(app, settings, engine)
    llm = LLM(settings) if settings.llm_configured else None
    app.extensions["rapport.llm"] = llm
    app.extensions["rapport.engine"] = engine
    app.extensions["rapport.token"] = load_or_create_token(settings.home)
    if not claim_instance_token(engine, settings, app.extensions["rapport.token"]):
        log.warning("%s", NOT_THE_DEFAULT_TOKEN.format(path=settings.home / TOKEN_FILE))
    # The team deployment defers runs to the queue in its database; the embedded default works them here.
    queue = _job_queue(settings) if settings.queue == "postgres" else None
    app.extensions["rapport.queue"] = queue
    app.extensions["rapport.runs"] = RunManager(
        engine,
        research,
        workers=settings.run_workers,
        draft=app.config["DRAFT"] or drafter(llm),
        refine=refiner(llm),
        poll_seconds=settings.run_poll_seconds,
        keepalive_seconds=settings.sse_keepalive_seconds,
        queue=queue,
    )
    app.extensions["rapport.streams"] = StreamSlots(settings.max_streams)
    book = ContactBook(
        engine,
        renew_after_months=settings.renew_after_months,
        max_file_bytes=settings.max_contacts_file_bytes,
    )
    app.extensions["rapport.contacts"] = book
    app.extensions["rapport.renewals"] = Renewals(
        engine,
        app.extensions["rapport.runs"],
        book,
        workers=settings.renewal_workers,
        renew_after_months=settings.renew_after_months,
    )

    register_error_handler(app)
    app.register_blueprint(api.bp)
    app.register_blueprint(api_contacts.bp)
    app.register_blueprint(web.bp)
    app.after_request(_cors_for(settings.cors_origins))
    return app


def claim_instance_token(engine: Engine, settings: Settings, token: str) -> bool:
    """The instance token is the default user's: single-user use needs no set-up, and a token made anew (its
    file deleted) replaces the old one. In the team deployment the first process to start sets it: web
    processes and workers on other machines, with instance folders of their own, must not take it from each
    other. Whether this instance's token is the default user's."""
    return storage.claim_default_user(engine, token, replace=settings.queue != "postgres")


def _job_queue(settings: Settings) -> JobQueue:
    # Imported here: procrastinate comes with the team deployment's extra (".[postgres]"), not by default.
    from server.service.queue import JobQueue

    return JobQueue(settings)


def _pipeline(app: Flask, settings: Settings, engine: Engine) -> Research:
    """The real research pipeline; its fetcher (with the page cache) and search provider in app.extensions."""
    fetcher = Fetcher(settings, cache=SqlPageCache(engine), shared=_shared_politeness(engine))
    search = search_provider(settings)
    app.extensions["rapport.fetcher"] = fetcher
    app.extensions["rapport.search"] = search
    deps = ResearchDeps(settings=settings, fetcher=fetcher, search=search)
    return lambda research_request, emit: research(research_request, deps, emit)


def _shared_politeness(engine: Engine) -> SharedPoliteness | None:
    """On PostgreSQL, the processes sharing the database (web processes, workers, perhaps on other machines)
    share per-host limits and robots.txt through it; SQLite is the embedded default's, one process's."""
    if engine.dialect.name != "postgresql":
        return None
    return SharedPoliteness(leases=SqlLeases(engine), robots=SqlRobots(engine))


def shutdown(app: Flask) -> None:
    """Let working runs finish, then close the fetcher, the search provider and the database."""
    app.extensions["rapport.renewals"].shutdown()
    app.extensions["rapport.runs"].shutdown(wait=True)
    for name in ("rapport.fetcher", "rapport.search", "rapport.llm"):
        client: Fetcher | SearchProvider | LLM | None = app.extensions.get(name)
        if client is not None:
            client.close()
    queue: JobQueue | None = app.extensions["rapport.queue"]
    if queue is not None:
        queue.close()
    app.extensions["rapport.engine"].dispose()


def _cors_for(origins: tuple[str, ...]) -> Any:
    """CORS headers for the extension's origin(s) only; any other origin gets none and the browser refuses."""
    allowed = frozenset(origins)

    def add_cors_headers(response: Response) -> Response:
        origin = request.headers.get("Origin")
        if not origin:
            return response
        response.vary.add("Origin")
        if origin not in allowed:
            return response
        response.headers["Access-Control-Allow-Origin"] = origin
        response.headers["Access-Control-Expose-Headers"] = "Location"
        if request.method == "OPTIONS" and "Access-Control-Request-Method" in request.headers:
            response.headers["Access-Control-Allow-Methods"] = CORS_METHODS
            response.headers["Access-Control-Allow-Headers"] = CORS_HEADERS
            response.headers["Access-Control-Max-Age"] = "600"
        return response

    return add_cors_headers

"""The HTTP API under /api/v1: thin views that validate input, call the run manager and answer JSON."""

from __future__ import annotations

import json
from typing import Any, TypeVar

from flask import Blueprint, Response, current_app, g, jsonify, request, url_for
from pydantic import BaseModel, ConfigDict, Field, model_validator
from spectree import Response as Documented

from server import storage
from server.events import ProgressEvent
from server.models import (
    Checks,
    Draft,
    Gift,
    Introduction,
    Resource,
    Run,
    RunRequest,
    RunStatus,
    SenderProfile,
)
from server.records import (
    CheckRequest,
    ExcludedPage,
    FeedbackRequest,
    RedraftRequest,
    RefineRequest,
    RunSummary,
)
from server.service.auth import HOW_TO_GET_TOKEN, bearer_user
from server.service.errors import ApiError
from server.service.openapi import CONTACTS, DRAFTING, PUBLIC, RUNS, SERVICE, VERSION, error_responses, spec
from server.service.runs import RunManager
from server.service.sse import resume_after, sse_stream
from server.writing.gifts import gifts_read

M = TypeVar("M", bound=BaseModel)


# --- Shapes only the API speaks -------------------------------------------------------------------------


class RunLinks(BaseModel):
    self_: str = Field(alias="self")
    events: str


class RunCreated(BaseModel):
    run_id: str
    status: RunStatus
    links: RunLinks


class FeedbackStored(BaseModel):
    run_id: str
    checks: Checks


class Health(BaseModel):
    status: str
    version: str


class ContactQuery(BaseModel):
    """Who to erase: by email, by name, or both (then runs matching either go)."""

    model_config = ConfigDict(extra="forbid")

    email: str | None = Field(default=None, max_length=320)
    name: str | None = Field(default=None, max_length=200)

    @model_validator(mode="after")
    def _names_someone(self) -> ContactQuery:
        if not (self.email or "").strip() and not (self.name or "").strip():
            raise ValueError("give the contact's email or name, e.g. ?email=dana@example.com")
        return self


class PageToPutBack(ContactQuery):
    """A page left out for a contact, to be read for them again."""

    url: str = Field(min_length=1, max_length=4000)


class ExcludedPages(BaseModel):
    excluded: list[ExcludedPage]


class RunsQuery(BaseModel):
    """Which runs to list: a contact's (by email or name, as erasing finds them) or anyone's; newest first."""

    model_config = ConfigDict(extra="forbid")

    email: str | None = Field(default=None, max_length=320)
    name: str | None = Field(default=None, max_length=200)
    limit: int = Field(default=10, ge=1, le=50)


class RunList(BaseModel):
    runs: list[RunSummary]


class OfferToRead(BaseModel):
    """A profile's offer (and its listed resources and introductions), as the user is writing it."""

    model_config = ConfigDict(extra="forbid")

    offer: str = Field(default="", max_length=5000)
    company: str | None = Field(default=None, max_length=200)  # its possessive reads as "our"
    resources: list[Resource] = Field(default_factory=list)
    introductions: list[Introduction] = Field(default_factory=list)


class GiftsRead(BaseModel):
    gifts: list[Gift]


class ErasedCounts(BaseModel):
    runs: int
    events: int
    facts: int
    sources: int
    drafts: int
    feedback: int
    cached_pages: int
    excluded_pages: int
    contacts: int  # the contact book's entry


class Erased(BaseModel):
    erased: ErasedCounts


bp = Blueprint("api", __name__, url_prefix="/api/v1")


@bp.before_request
def require_token() -> None:
    """Every route needs a user's bearer token, but health and CORS preflights (browsers send those bare).

    The user it names is the one every view acts for (g.user_id): the one place a request gets its user.
    """
    if request.method == "OPTIONS" or request.endpoint == "api.health":
        return
    g.user_id = bearer_user(request.headers.get("Authorization"), current_app.extensions["rapport.engine"])
    if g.user_id is None:
        raise ApiError(
            401,
            "unauthorized",
            f"Missing, wrong or revoked API token. {HOW_TO_GET_TOKEN}",
            {"WWW-Authenticate": "Bearer"},
        )


def _runs() -> RunManager:
    return current_app.extensions["rapport.runs"]


def parse_json(model: type[M], **context: Any) -> M:
    """The request body as a model; bad JSON is a 400, a body that breaks the model a 422."""
    if not request.is_json:
        raise ApiError(
            415, "unsupported_media_type", "Send the body as JSON (Content-Type: application/json)."
        )
    try:
        payload = json.loads(request.get_data(cache=False))
    except ValueError as exc:
        raise ApiError(400, "invalid_json", f"The body is not valid JSON: {exc}.") from None
    except RecursionError:  # arrays or objects nested thousands deep: no request of ours is
        raise ApiError(400, "invalid_json", "The body's JSON is nested too deeply to read.") from None
    return model.model_validate(payload, context=context)


def render(model: BaseModel, status: int = 200, headers: dict[str, str] | None = None) -> Any:
    return jsonify(model.model_dump(mode="json", by_alias=True)), status, headers or {}


# --- Routes --------------------------------------------------------------------------------------------


@bp.get("/health")
@spec.validate(resp=Documented(HTTP_200=Health), tags=[SERVICE], security=PUBLIC)
def health() -> Any:
    """Whether the server is up (no token needed)."""
    return render(Health(status="ok", version=VERSION))


@bp.get("/openapi.json")
@spec.validate(resp=Documented("HTTP_200", **error_responses(401)), tags=[SERVICE])
def openapi() -> Any:
    """This API's OpenAPI 3 document."""
    return jsonify(spec.spec)


@bp.post("/runs")
@spec.validate(
    json=RunRequest,
    resp=Documented(HTTP_202=RunCreated, **error_responses(400, 401, 413, 415, 422)),
    tags=[RUNS],
)
def create_run() -> Any:
    """Start researching a contact, then drafting around the best packet (or the one asked for).

    Answers at once with the run's id; follow its events, then read the run.
    """
    settings = current_app.config["SETTINGS"]
    run_request = parse_json(RunRequest, max_page_bytes=settings.max_page_bytes)
    run_id = _runs().start(g.user_id, run_request)
    links = RunLinks.model_validate(
        {"self": url_for(".get_run", run_id=run_id), "events": url_for(".run_events", run_id=run_id)}
    )
    return render(RunCreated(run_id=run_id, status="queued", links=links), 202, {"Location": links.self_})


@bp.get("/runs")
@spec.validate(query=RunsQuery, resp=Documented(HTTP_200=RunList, **error_responses(401, 422)), tags=[RUNS])
def list_runs() -> Any:
    """Your newest runs (ten unless `limit` says), a contact's when `email` or `name` names one: to reopen."""
    asked = RunsQuery.model_validate(request.args.to_dict())
    return render(RunList(runs=_runs().recent(g.user_id, asked.email, asked.name, asked.limit)))


@bp.get("/runs/<run_id>")
@spec.validate(resp=Documented(HTTP_200=Run, **error_responses(401, 404)), tags=[RUNS])
def get_run(run_id: str) -> Any:
    """A run: its status, the person, facts with their sources, the draft and warnings."""
    return render(_runs().get(g.user_id, run_id))


@bp.get("/runs/<run_id>/events")
@spec.validate(
    resp=Documented(
        HTTP_200=(ProgressEvent, "text/event-stream: each event's data is one ProgressEvent"),
        **error_responses(400, 401, 404, 503),
    ),
    tags=[RUNS],
)
def run_events(run_id: str) -> Any:
    """A run's progress as server-sent events.

    Stored events are replayed, then new ones stream live until the run ends. Each is `id: <seq>`,
    `event: <type>`, `data: <Event JSON>`; a Last-Event-ID header (or ?last_event_id=) resumes after that seq.
    The stream closes with `event: end` carrying the run's final status; comments keep idle streams alive.
    When the server has as many streams open as it allows, the answer is 503 with Retry-After.
    """
    after = resume_after(request.headers.get("Last-Event-ID"), request.args.get("last_event_id"))
    runs = _runs()
    events = runs.follow(g.user_id, run_id, after)
    give_back = current_app.extensions["rapport.streams"].take()
    headers = {"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}
    response = Response(sse_stream(events, run_id, runs), mimetype="text/event-stream", headers=headers)
    # The server closes the response when the stream ends or its client goes: the slot is free again.
    response.call_on_close(give_back)
    return response


@bp.delete("/contacts")
@spec.validate(
    query=ContactQuery, resp=Documented(HTTP_200=Erased, **error_responses(401, 409, 422)), tags=[CONTACTS]
)
def erase_contact() -> Any:
    """Erase all you stored about a contact: runs, events, facts, sources, drafts, feedback, cached pages."""
    who = ContactQuery.model_validate(request.args.to_dict())
    counts = _runs().erase_contact(g.user_id, who.email, who.name)
    return render(Erased(erased=ErasedCounts(**counts)))


@bp.get("/exclusions")
@spec.validate(
    query=ContactQuery, resp=Documented(HTTP_200=ExcludedPages, **error_responses(401, 422)), tags=[CONTACTS]
)
def excluded_pages() -> Any:
    """The pages marked "not this person" for a contact: every run about them leaves these out."""
    who = ContactQuery.model_validate(request.args.to_dict())
    return render(ExcludedPages(excluded=_runs().excluded_pages(g.user_id, who.email, who.name)))


@bp.delete("/exclusions")
@spec.validate(
    query=PageToPutBack,
    resp=Documented(HTTP_200=ExcludedPages, **error_responses(401, 404, 422)),
    tags=[CONTACTS],
)
def put_back_page() -> Any:
    """Put back a page marked "not this person": runs read it again. Answers the pages still left out."""
    page = PageToPutBack.model_validate(request.args.to_dict())
    return render(ExcludedPages(excluded=_runs().put_back(g.user_id, page.email, page.name, page.url)))


@bp.post("/runs/<run_id>/drafts")
@spec.validate(
    json=RedraftRequest,
    resp=Documented(HTTP_200=Run, **error_responses(400, 401, 404, 409, 415, 422)),
    tags=[DRAFTING],
)
def redraft(run_id: str) -> Any:
    """Draft again from the run's stored research, around another packet or in another tone."""
    asked = parse_json(RedraftRequest)
    return render(_runs().redraft(g.user_id, run_id, asked.packet, asked.tone))


@bp.post("/runs/<run_id>/refine")
@spec.validate(
    json=RefineRequest,
    resp=Documented(HTTP_200=Draft, **error_responses(400, 401, 404, 409, 415, 422, 502)),
    tags=[DRAFTING],
)
def refine(run_id: str) -> Any:
    """Rewrite the draft the user has (edits included) shorter, warmer or more formal, with the LLM.

    The rewrite is checked like any draft and answered with its checks; nothing is stored. 409 when the
    server has no LLM (the offline writer cannot rework the user's words), 422 when the rewrite adds
    something the checks refuse that the user's version did not have (their draft stands), 502 when the
    LLM fails.
    """
    asked = parse_json(RefineRequest)
    return render(_runs().refine(g.user_id, run_id, asked.subject, asked.body, asked.change))


@bp.post("/checks")
@spec.validate(
    json=CheckRequest,
    resp=Documented(HTTP_200=Checks, **error_responses(400, 401, 404, 415, 422)),
    tags=[DRAFTING],
)
def check_text() -> Any:
    """Check text the user edited: salesy phrases, self-focus, length, asks, grounding, sensitive terms."""
    asked = parse_json(CheckRequest)
    return render(_runs().check(g.user_id, asked.subject, asked.body, asked.run_id))


@bp.post("/runs/<run_id>/feedback")
@spec.validate(
    json=FeedbackRequest,
    resp=Documented(HTTP_201=FeedbackStored, **error_responses(400, 401, 404, 415, 422)),
    tags=[DRAFTING],
)
def feedback(run_id: str) -> Any:
    """Record what the user finally sent for this run."""
    sent = parse_json(FeedbackRequest)
    checks = _runs().record_feedback(g.user_id, run_id, sent.subject, sent.body)
    return render(FeedbackStored(run_id=run_id, checks=checks), 201)


@bp.get("/profile")
@spec.validate(resp=Documented(HTTP_200=SenderProfile, **error_responses(401, 404)), tags=[DRAFTING])
def get_profile() -> Any:
    """The sender profile: who writes, what they offer, resources and introductions they can give."""
    profile = storage.get_sender_profile(current_app.extensions["rapport.engine"], g.user_id)
    if profile is None:
        raise ApiError(404, "profile_not_found", "No sender profile yet: PUT one to /api/v1/profile.")
    return render(profile)


@bp.put("/profile")
@spec.validate(
    json=SenderProfile,
    resp=Documented(HTTP_200=SenderProfile, **error_responses(400, 401, 415, 422)),
    tags=[DRAFTING],
)
def put_profile() -> Any:
    """Store the sender profile (replacing the old one)."""
    profile = parse_json(SenderProfile)
    storage.put_sender_profile(current_app.extensions["rapport.engine"], g.user_id, profile)
    return render(profile)


@bp.post("/profile/gifts")
@spec.validate(
    json=OfferToRead,
    resp=Documented(HTTP_200=GiftsRead, **error_responses(400, 401, 415, 422)),
    tags=[DRAFTING],
)
def read_gifts() -> Any:
    """Read an offer into the gifts drafts would offer, for the user to review; nothing is stored.

    Drafts use the profile's `gifts` once the user has saved them (PUT /profile); while `gifts` is null,
    they use what this reads from the stored offer, resources and introductions.
    """
    asked = parse_json(OfferToRead)
    gifts = gifts_read(asked.offer, asked.resources, asked.introductions, company=asked.company)
    return render(GiftsRead(gifts=gifts))

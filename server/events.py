"""A run's progress events: one typed model per kind, joined in one union discriminated by `kind`.

On the wire (server-sent events, stored rows) an event is {seq, stage, type, message, kind, data}: `data`
holds the fields of that kind. Rows stored before `kind` existed are read by inferring it.
"""

from __future__ import annotations

from typing import Annotated, Literal, get_args

from pydantic import BeforeValidator, Field, RootModel, TypeAdapter

from server.models import CheckIssue, Fact, Model, Packet, Person, Stage, Subject, Tone

RunEnd = Literal["done", "failed"]


class EventBase(Model):
    """What every progress event has; `data` is declared by each kind."""

    seq: int = 0
    stage: Stage
    type: str
    message: str
    kind: str


class RunStartedData(Model):
    person: Person


class RunStarted(EventBase):
    """Research began, for the person as the user described them."""

    stage: Literal["run"] = "run"
    type: Literal["started"] = "started"
    kind: Literal["run_started"] = "run_started"
    data: RunStartedData


class DiscoverStartedData(Model):
    urls: list[str]  # the pages research starts from
    captured: list[str]  # the pages the user's browser handed over


class DiscoverStarted(EventBase):
    """The first pages to read are known."""

    stage: Literal["discover"] = "discover"
    type: Literal["started"] = "started"
    kind: Literal["discover_started"] = "discover_started"
    data: DiscoverStartedData


class SearchedData(Model):
    urls: list[str]


class Searched(EventBase):
    """A web search gave pages to read."""

    stage: Literal["discover"] = "discover"
    type: Literal["search"] = "search"
    kind: Literal["searched"] = "searched"
    data: SearchedData


class LinksFoundData(Model):
    url: str  # the page the links were on
    added: int


class LinksFound(EventBase):
    """A page's links added pages to read."""

    stage: Literal["discover"] = "discover"
    type: Literal["links"] = "links"
    kind: Literal["links_found"] = "links_found"
    data: LinksFoundData


class PageReadData(Model):
    url: str
    status: Literal["ok"] = "ok"
    from_cache: bool
    hop: int


class PageRead(EventBase):
    """A page was read: fetched, taken from the cache, or handed over by the user's browser."""

    stage: Literal["fetch"] = "fetch"
    type: Literal["page"] = "page"
    kind: Literal["page_read"] = "page_read"
    data: PageReadData


class PageFailedData(Model):
    url: str
    status: Literal["blocked", "failed", "skipped"]  # the Source.status the page got
    reason: str
    hop: int


class PageFailed(EventBase):
    """A page could not be used."""

    stage: Literal["fetch"] = "fetch"
    type: Literal["page"] = "page"
    kind: Literal["page_failed"] = "page_failed"
    data: PageFailedData


class PageExtractedData(Model):
    url: str
    title: str | None
    published: str | None
    links: int


class PageExtracted(EventBase):
    """A page's text, title, date and links were extracted."""

    stage: Literal["extract"] = "extract"
    type: Literal["page"] = "page"
    kind: Literal["page_extracted"] = "page_extracted"
    data: PageExtractedData


class PageJudgedData(Model):
    url: str
    subject: Subject
    confidence: float
    again: bool = False  # judged a second time, with what research had learned


class PageJudged(EventBase):
    """Whether a page is about the person (or their company); the message says why."""

    stage: Literal["identify"] = "identify"
    type: Literal["page"] = "page"
    kind: Literal["page_judged"] = "page_judged"
    data: PageJudgedData


class PageFactsData(Model):
    url: str
    facts: list[Fact]


class PageFacts(EventBase):
    """The facts one page gave."""

    stage: Literal["facts"] = "facts"
    type: Literal["page"] = "page"
    kind: Literal["page_facts"] = "page_facts"
    data: PageFactsData


class FetchDoneData(Model):
    pages: int


class FetchDone(EventBase):
    """Reading is over."""

    stage: Literal["fetch"] = "fetch"
    type: Literal["done"] = "done"
    kind: Literal["fetch_done"] = "fetch_done"
    data: FetchDoneData


class FactsDoneData(Model):
    count: int
    person: Person  # as research came to know them (a company or title the user did not give)


class FactsDone(EventBase):
    """Research is over: the facts kept, about whom."""

    stage: Literal["facts"] = "facts"
    type: Literal["done"] = "done"
    kind: Literal["facts_done"] = "facts_done"
    data: FactsDoneData


class GenerosityStartedData(Model):
    """Nothing to tell yet."""


class GenerosityStarted(EventBase):
    """Looking for ways to be useful began."""

    stage: Literal["generosity"] = "generosity"
    type: Literal["started"] = "started"
    kind: Literal["generosity_started"] = "generosity_started"
    data: GenerosityStartedData = Field(default_factory=GenerosityStartedData)


class GenerosityDoneData(Model):
    packets: list[Packet]


class GenerosityDone(EventBase):
    """The ways to be useful, best first."""

    stage: Literal["generosity"] = "generosity"
    type: Literal["done"] = "done"
    kind: Literal["generosity_done"] = "generosity_done"
    data: GenerosityDoneData


class DraftStartedData(Model):
    packet: int
    tone: Tone


class DraftStarted(EventBase):
    """Drafting began, around one packet in one tone."""

    stage: Literal["draft"] = "draft"
    type: Literal["started"] = "started"
    kind: Literal["draft_started"] = "draft_started"
    data: DraftStartedData


class DraftDoneData(Model):
    engine: Literal["openai", "offline"]
    revised: bool
    calls: int  # LLM calls the draft took


class DraftDone(EventBase):
    """A draft was written."""

    stage: Literal["draft"] = "draft"
    type: Literal["done"] = "done"
    kind: Literal["draft_done"] = "draft_done"
    data: DraftDoneData


class CheckDoneData(Model):
    score: float
    issues: list[CheckIssue]


class CheckDone(EventBase):
    """The draft was checked."""

    stage: Literal["check"] = "check"
    type: Literal["done"] = "done"
    kind: Literal["check_done"] = "check_done"
    data: CheckDoneData


class RunEndedData(Model):
    status: RunEnd


class RunEnded(EventBase):
    """The run's last event: done or failed (the message says why)."""

    stage: Literal["run"] = "run"
    type: RunEnd
    kind: Literal["run_ended"] = "run_ended"
    data: RunEndedData


def _infer_kind(value: object) -> object:
    """Give an event stored before `kind` existed its kind, from its stage and type (and a page's status)."""
    if not isinstance(value, dict) or "kind" in value:
        return value
    key = (value.get("stage"), value.get("type"))
    if key == ("fetch", "page"):
        data = value.get("data")
        ok = isinstance(data, dict) and data.get("status") == "ok"
        return {**value, "kind": "page_read" if ok else "page_failed"}
    kind = _KIND_OF.get(key)
    return value if kind is None else {**value, "kind": kind}


Event = Annotated[
    RunStarted
    | DiscoverStarted
    | Searched
    | LinksFound
    | PageRead
    | PageFailed
    | PageExtracted
    | PageJudged
    | PageFacts
    | FetchDone
    | FactsDone
    | GenerosityStarted
    | GenerosityDone
    | DraftStarted
    | DraftDone
    | CheckDone
    | RunEnded,
    Field(discriminator="kind"),
    BeforeValidator(_infer_kind),
]
EVENT_KINDS: tuple[type[EventBase], ...] = get_args(get_args(Event)[0])
# (stage, type) -> kind, for events stored without one; a fetched page is told apart by its status above.
_KIND_OF: dict[tuple[object, object], str] = {
    (kind.model_fields["stage"].default, type_): kind.model_fields["kind"].default
    for kind in EVENT_KINDS
    if kind not in (PageRead, PageFailed)
    for type_ in get_args(kind.model_fields["type"].annotation)
}
_EVENT: TypeAdapter[Event] = TypeAdapter(Event)


def parse_event(value: object) -> Event:
    """An event from its JSON-like form, as stored or sent (older events without `kind` too)."""
    return _EVENT.validate_python(value)


class ProgressEvent(RootModel[Event]):
    """One progress event of a run, any kind: the `data:` line of each server-sent event."""

"""The typed data that crosses module borders: the pipeline's stages, the API and the CLI speak these."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal, get_args

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationInfo, field_validator
from pydantic_core import PydanticCustomError

from server.inputs import EMAIL, check_web_url, without_controls

FactKind = Literal[
    "role",
    "employer",
    "article",
    "talk",
    "podcast",
    "award",
    "milestone",
    "interest",
    "company_news",
    "company_goal",
    "education",
    "other",
]
SourceStatus = Literal["used", "not_about_person", "failed", "blocked", "skipped"]
RunStatus = Literal["queued", "running", "done", "failed"]
Tone = Literal["warm", "brief", "formal"]
TONES: tuple[Tone, ...] = get_args(Tone)
# How a refinement rewrites the draft the user has (prompts/refine.md says what each asks of the LLM).
Refinement = Literal["shorter", "warmer", "more_formal"]
PacketKind = Literal["share_resource", "congratulate", "introduce", "insight", "invite", "help"]
GiftKind = Literal["resource", "introduction", "donation", "time"]
OccasionKind = Literal["role", "award", "funding", "founding", "opening", "launch", "work", "goal", "news"]
Stage = Literal[
    "run",
    "discover",
    "fetch",
    "extract",
    "identify",
    "facts",
    "generosity",
    "draft",
    "check",
]


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


# --- Input ---------------------------------------------------------------------------------------------


WebUrl = Annotated[str, Field(min_length=1, max_length=4000), AfterValidator(check_web_url)]


class Person(Model):
    name: str = Field(min_length=1, max_length=200)
    email: str | None = Field(default=None, max_length=320)
    title: str | None = Field(default=None, max_length=200)
    company: str | None = Field(default=None, max_length=200)
    # Research's answer only: since when they hold `title`, from dated evidence of its start (an
    # appointment, a founding, a promotion) when the pages give one. YYYY-MM-DD.
    title_since: str | None = Field(default=None, pattern=r"^\d{4}-\d{2}-\d{2}$")

    @field_validator("name", "email", "title", "company", mode="before")
    @classmethod
    def _blank_is_none(cls, value: object) -> object:
        # Forms and the Gmail page hand over "" and stray spaces for what is simply unknown.
        if isinstance(value, str):
            value = " ".join(without_controls(value).split())
            return value or None
        return value

    @field_validator("email")
    @classmethod
    def _looks_like_email(cls, value: str | None) -> str | None:
        if value is not None and not EMAIL.fullmatch(value):
            raise ValueError(f"{value!r} is not an email address")
        return value


class CapturedPage(Model):
    """A page the user's browser already has (the "Use this page" button, or `--page URL=FILE`)."""

    url: WebUrl
    html: str

    @field_validator("html")
    @classmethod
    def _html_within_limit(cls, html: str, info: ValidationInfo) -> str:
        """Enforce the caller's size limit, given as validation context {"max_page_bytes": n}."""
        limit = (info.context or {}).get("max_page_bytes")
        if limit and len(html) * 4 > limit and (size := len(html.encode("utf-8"))) > limit:
            message = "captured page is {size} bytes; the limit is {limit}"
            raise PydanticCustomError("page_too_large", message, {"size": size, "limit": limit})
        return html


class ResearchRequest(Model):
    person: Person
    urls: list[WebUrl] = Field(default_factory=list, max_length=50)
    pages: list[CapturedPage] = Field(default_factory=list, max_length=20)
    # Sources the user marked "not this person": never fetched nor used again in this run.
    exclude_urls: list[WebUrl] = Field(default_factory=list, max_length=200)
    context: str | None = Field(default=None, max_length=20_000)

    @field_validator("context")
    @classmethod
    def _context_without_controls(cls, context: str | None) -> str | None:
        return without_controls(context) if context is not None else None


# --- Fetch / extract -----------------------------------------------------------------------------------


class Response(Model):
    """What the fetch stage hands on: a decoded HTML or text document."""

    url: str  # as asked
    final_url: str  # after redirects
    status_code: int
    content_type: str
    text: str
    fetched_at: datetime
    from_cache: bool = False
    captured: bool = False  # handed to us by the user's browser rather than fetched


class RobotsRecord(Model):
    """An origin's robots.txt as one process read it, kept for the others: its text (None: no rules, all
    allowed), or why the whole site is refused; and how many seconds it is good for (RFC 9309 §2.4)."""

    text: str | None = None
    refusal: str | None = None
    refusal_kind: Literal["blocked", "failed"] = "blocked"
    ttl_seconds: float


class Link(Model):
    url: str
    text: str = ""
    # Only in the site's navigation, header or footer: the same on every page, rarely about anyone.
    chrome: bool = False


class Heading(Model):
    """A heading among a page's visible lines: lines[start:end] are its text, h1-h6 its level."""

    start: int
    end: int
    level: int = Field(ge=1, le=6)


class Page(Model):
    """One document after extraction: a pure function of (HTML, URL)."""

    url: str
    title: str | None = None
    author: str | None = None
    published: str | None = None  # YYYY-MM-DD
    site_name: str | None = None
    description: str | None = None
    lang: str | None = None  # the language its text is written in (else the one the page states)
    # Whom the page's copyright line names ("© 2026 Marisol Vega"): on a site that is theirs, its owner.
    copyright_holder: str | None = None
    text: str = ""
    # Every visible line of the page in document order, chrome included: team cards, speaker lists and
    # footers that main-text extraction leaves out ("Pascal Boillat" / "Senior Vice President").
    lines: list[str] = Field(default_factory=list)
    # Which of those lines are headings: a programme's session titles over their speakers, a card's name.
    headings: list[Heading] = Field(default_factory=list)
    links: list[Link] = Field(default_factory=list)
    canonical: str | None = None  # the address it gives itself (<link rel="canonical">), made absolute
    # JSON-LD, microdata and OpenGraph items as extruct parsed them (dicts: their shape is the web's).
    structured: list[dict[str, Any]] = Field(default_factory=list)


# --- Identify / facts ----------------------------------------------------------------------------------

Subject = Literal["person", "company", "none"]


class Verdict(Model):
    """Whether a page is about the person (or their company), and why."""

    subject: Subject
    reason: str
    confidence: float = Field(ge=0.0, le=1.0)
    anchors: list[str] = Field(default_factory=list)

    @property
    def usable(self) -> bool:
        return self.subject != "none"


class Fact(Model):
    id: str
    kind: FactKind
    text: str = Field(min_length=1)
    quote: str = Field(min_length=1)
    source_url: str
    date: str | None = None  # YYYY-MM-DD
    confidence: float = Field(ge=0.0, le=1.0)
    # A newer fact of the same kind replaced this one (an old title): kept for the record, not for drafting.
    superseded: bool = False


class Source(Model):
    url: str
    title: str | None = None
    status: SourceStatus
    reason: str | None = None
    # A page used: judged about the person, or only about their company (its home page, a press index).
    subject: Literal["person", "company"] | None = None


class FactsResult(Model):
    facts: list[Fact]
    warnings: list[str] = Field(default_factory=list)


class Dossier(Model):
    """The research half's output: everything drafting may rest on."""

    person: Person
    facts: list[Fact] = Field(default_factory=list)
    sources: list[Source] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)


# --- Drafting (filled in by the drafting stages) --------------------------------------------------------


class Resource(Model):
    title: str = Field(min_length=1, max_length=300)
    url: str = Field(min_length=1, max_length=2000)
    topics: list[str] = Field(default_factory=list)


class Introduction(Model):
    name: str = Field(min_length=1, max_length=200)
    role: str = ""
    topics: list[str] = Field(default_factory=list)


class Gift(Model):
    """Something of value the sender can give: read from their free-text offer, or entered in the panel.

    `what` is worded as the sender would put it in an email ("our anonymized 2026 Midwest Dwell-Time
    Benchmark (62 DCs and terminals)", "cold-chain operators in my network" for an introduction).
    """

    kind: GiftKind
    what: str = Field(min_length=1, max_length=500)
    topics: list[str] = Field(default_factory=list)  # what it is about, to match it to the person's work
    url: str | None = Field(default=None, max_length=2000)


class SenderProfile(Model):
    """Who writes: feeds generosity (shared interests, resources, introductions) and the signature."""

    name: str = Field(min_length=1, max_length=200)
    email: str | None = None
    role: str | None = None
    company: str | None = None
    offer: str | None = Field(default=None, max_length=5000)
    interests: list[str] = Field(default_factory=list)
    resources: list[Resource] = Field(default_factory=list)
    introductions: list[Introduction] = Field(default_factory=list)
    # The gifts as the user reviewed them in the panel; None: not reviewed yet, read from the offer and lists.
    gifts: list[Gift] | None = None
    signature: str | None = None
    relationship_note: str | None = None


class Occasion(Model):
    """Something that happened to them or their company, worth opening an email on: ranked by drafting."""

    kind: OccasionKind
    # As an email names it: the title ("Chief Operating Officer"), the award, the round, the work's title,
    # the goal's clause, or the news in a few words.
    what: str = Field(min_length=1)
    company: str | None = None  # whose: their company for a role, a round, an opening
    when: str | None = None  # YYYY-MM-DD, as precise as the evidence (a month-only date is its first day)
    month_known: bool = True  # false: only the year of `when` is known
    own: bool = True  # about them (a role, an award, their talk) rather than their company
    fact_id: str


class Packet(Model):
    kind: PacketKind
    text: str = Field(min_length=1)
    fact_ids: list[str] = Field(default_factory=list)
    professional: bool = True
    # The sender's own item the packet hands on, so a writer need not match it again.
    resource: Resource | None = None  # share_resource
    introduction: Introduction | None = None  # introduce
    # What the email opens on, the gift it gives, and in one line why that gift fits them.
    occasion: Occasion | None = None
    gift: Gift | None = None
    second_gift: Gift | None = None  # a lighter, optional second offer that fits as well (an introduction)
    why: str = ""


class CheckIssue(Model):
    code: str
    message: str


class Checks(Model):
    score: float = Field(ge=0, le=100)
    issues: list[CheckIssue] = Field(default_factory=list)


class Draft(Model):
    subject: str
    body: str
    fact_ids: list[str] = Field(default_factory=list)
    engine: Literal["openai", "offline"]
    checks: Checks


# --- Runs and progress ---------------------------------------------------------------------------------


class RunRequest(ResearchRequest):
    """A run: research, then a draft around a packet (the best one unless chosen) in a tone."""

    tone: Tone = "warm"
    packet: int | None = Field(default=None, ge=0, le=20)
    # The stored sender profile is used unless the request brings one (the CLI's --sender).
    sender: SenderProfile | None = None
    draft: bool = True  # false: research only (the CLI's `research` command)


class LLMUsage(Model):
    """What a run spent on the LLM, over all its drafts."""

    calls: int = 0
    input_tokens: int = 0
    output_tokens: int = 0
    estimated: bool = False  # some counts are estimates: the server reported no usage

    def __add__(self, other: LLMUsage) -> LLMUsage:
        """Both spends together: counts add up, and an estimate in either makes the sum one."""
        return LLMUsage(
            calls=self.calls + other.calls,
            input_tokens=self.input_tokens + other.input_tokens,
            output_tokens=self.output_tokens + other.output_tokens,
            estimated=self.estimated or other.estimated,
        )


class RunGiven(Model):
    """What the user gave a run (captured pages by address only): what a panel shows when it reopens one."""

    person: Person
    urls: list[str] = Field(default_factory=list)
    pages: list[str] = Field(default_factory=list)
    exclude_urls: list[str] = Field(default_factory=list)
    context: str | None = None
    tone: Tone = "warm"

    @classmethod
    def of(cls, request: RunRequest) -> RunGiven:
        given = request.model_dump(include={"person", "urls", "exclude_urls", "context", "tone"})
        return cls(pages=[page.url for page in request.pages], **given)


class Run(Model):
    """The run JSON of DESIGN.md: what `GET /api/v1/runs/<id>` and `--json` print."""

    run_id: str
    status: RunStatus
    person: Person
    facts: list[Fact] = Field(default_factory=list)
    sources: list[Source] = Field(default_factory=list)
    generosity: list[Packet] = Field(default_factory=list)
    draft: Draft | None = None
    warnings: list[str] = Field(default_factory=list)
    created_at: datetime | None = None
    error: str | None = None
    # Added to DESIGN.md's contract: which packet and tone the draft was written for, and the LLM's cost.
    selected_packet: int | None = None
    tone: Tone | None = None
    usage: LLMUsage = Field(default_factory=LLMUsage)
    given: RunGiven | None = None

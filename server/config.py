"""Every setting Rapport reads, in one place: defaults, then the environment, then explicit overrides."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    AliasChoices,
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic_core import ErrorDetails

from server.errors import RapportError

# No project URL is claimed here: a deployment that wants one sets RAPPORT_USER_AGENT.
USER_AGENT = "RapportBot/0.1 (research for one user, on request; honours robots.txt)"

# A comma-separated list in the environment ("a, b,c"); a tuple when built in code.
CommaList = tuple[str, ...]
Port = Annotated[int, Field(ge=1, le=65535)]


class SettingsError(RapportError, ValueError):
    """An environment variable holds a value Rapport cannot use; the reason names the variable."""


def _reads(*names: str) -> AliasChoices:
    """The environment variable(s) a field reads, the first one set winning."""
    return AliasChoices(*names)


class Settings(BaseModel):
    """Immutable settings: built in code from defaults and keyword arguments, or by from_env.

    Each configurable field names its environment variable(s) as its validation alias, so the variables are
    declared in one place, read by from_env and documented from this class (tests/test_docs.py).
    """

    model_config = ConfigDict(frozen=True, extra="forbid", validate_by_name=True, validate_by_alias=True)

    # Instance folder: database, API token and anything else that must survive a restart.
    home: Path = Field(
        default_factory=lambda: Path("instance").resolve(), validation_alias=_reads("RAPPORT_HOME")
    )
    database_url: str | None = Field(None, validation_alias=_reads("DATABASE_URL"))

    # Fetching
    user_agent: str = Field(USER_AGENT, validation_alias=_reads("RAPPORT_USER_AGENT"))
    fetch_allowlist: CommaList = Field((), validation_alias=_reads("RAPPORT_FETCH_ALLOWLIST"))
    # Ports public hosts are read on: the web's. Other ports of a public host are other services (an admin
    # console, a database); hosts the allowlist exempts may be reached on any port.
    fetch_ports: tuple[Port, ...] = Field((80, 443), validation_alias=_reads("RAPPORT_FETCH_PORTS"))
    # curl-style --connect-to rules "HOST:PORT:ADDR:PORT2" (HOST may be "*.suffix", PORT may be empty):
    # lets development and tests serve a realistic web of host names from one loopback server.
    connect_to: CommaList = Field((), validation_alias=_reads("RAPPORT_CONNECT_TO"))
    connect_timeout: float = Field(5.0, validation_alias=_reads("RAPPORT_CONNECT_TIMEOUT"))
    read_timeout: float = Field(10.0, validation_alias=_reads("RAPPORT_FETCH_TIMEOUT"))
    # The timeouts above bound each wait; these bound the whole: one fetch (robots.txt, redirects and retries
    # included), and one research run, so a server trickling a byte at a time cannot hold a run for long.
    fetch_deadline: float = Field(30.0, gt=0, validation_alias=_reads("RAPPORT_FETCH_DEADLINE"))
    research_deadline: float = Field(120.0, gt=0, validation_alias=_reads("RAPPORT_RESEARCH_DEADLINE"))
    max_page_bytes: int = Field(3_000_000, validation_alias=_reads("RAPPORT_MAX_PAGE_BYTES"))
    max_redirects: int = 5
    # Fetches at once, over every site, and to one site: Scrapy's defaults (16 and 8 per domain), polite
    # enough for its users' far larger crawls. A run reads three or four sites; a company site's team, news
    # and news items, one and two hops from its home page, then go out in two rounds rather than three
    # (bench/research_latency.py: 1.54 -> 1.45 x the critical path on the busiest persona web). On PostgreSQL
    # the per-host limit holds across every process sharing the database (research/fetch/shared.py).
    fetch_concurrency: int = Field(16, validation_alias=_reads("RAPPORT_FETCH_CONCURRENCY"))
    per_host_concurrency: int = Field(8, validation_alias=_reads("RAPPORT_PER_HOST_CONCURRENCY"))
    fetch_retries: int = 1
    cache_ttl_seconds: int = Field(24 * 3600, validation_alias=_reads("RAPPORT_CACHE_TTL"))

    # Research
    page_budget: int = Field(25, validation_alias=_reads("RAPPORT_PAGE_BUDGET"))
    max_hops: int = Field(2, validation_alias=_reads("RAPPORT_MAX_HOPS"))
    free_mail_domains: tuple[str, ...] = (
        "gmail.com",
        "googlemail.com",
        "outlook.com",
        "hotmail.com",
        "live.com",
        "msn.com",
        "yahoo.com",
        "ymail.com",
        "icloud.com",
        "me.com",
        "mac.com",
        "aol.com",
        "proton.me",
        "protonmail.com",
        "gmx.com",
        "gmx.net",
        "gmx.de",
        "web.de",
        "mail.com",
        "yandex.com",
        "yandex.ru",
        "zoho.com",
        "fastmail.com",
        "hey.com",
        "tutanota.com",
        "qq.com",
        "163.com",
        "orange.fr",
        "free.fr",
    )
    # Optional search provider: a self-hosted SearXNG base URL, or a Brave Search API key. Off when empty.
    searxng_url: str | None = Field(None, validation_alias=_reads("RAPPORT_SEARXNG_URL"))
    brave_api_key: str | None = Field(None, validation_alias=_reads("BRAVE_API_KEY"))

    # LLM (OpenAI-compatible). No key: the offline engine drafts.
    openai_api_key: str | None = Field(None, validation_alias=_reads("OPENAI_API_KEY"))
    openai_base_url: str | None = Field(None, validation_alias=_reads("OPENAI_BASE_URL"))
    openai_model: str = Field("gpt-4o-mini", validation_alias=_reads("RAPPORT_LLM_MODEL", "OPENAI_MODEL"))
    llm_timeout: float = Field(60.0, validation_alias=_reads("RAPPORT_LLM_TIMEOUT"))
    llm_retries: int = Field(2, validation_alias=_reads("RAPPORT_LLM_RETRIES"))

    # API. `serve` listens on this port unless --port says otherwise (0: any free port).
    port: int = Field(8765, ge=0, le=65535, validation_alias=_reads("RAPPORT_PORT"))
    max_request_bytes: int = Field(8 * 1024 * 1024, validation_alias=_reads("RAPPORT_MAX_REQUEST_BYTES"))
    # Origins allowed by CORS: the extension's chrome-extension://<id> origin(s).
    cors_origins: CommaList = Field((), validation_alias=_reads("RAPPORT_CORS_ORIGINS"))
    run_workers: int = Field(4, validation_alias=_reads("RAPPORT_RUN_WORKERS"))
    # Event streams: how often one checks the database (a run worked by another process notifies no one),
    # and how long one stays silent at most (a keep-alive comment then stops proxies closing it).
    run_poll_seconds: float = Field(1.0, validation_alias=_reads("RAPPORT_RUN_POLL"))
    sse_keepalive_seconds: float = Field(15.0, validation_alias=_reads("RAPPORT_SSE_KEEPALIVE"))
    # Event streams open at once. Each holds a server thread of its own while it lasts (threads the API's
    # requests never wait for); past this many a listener is told to retry later or read the run instead.
    max_streams: int = Field(200, ge=1, validation_alias=_reads("RAPPORT_MAX_STREAMS"))

    # Renewals: a contact is due when the last exchange with them is this many months old, or unknown.
    renew_after_months: int = Field(6, ge=1, le=120, validation_alias=_reads("RAPPORT_RENEW_AFTER_MONTHS"))
    # Renewals researched and drafted at once in the background; each is a run like a panel run, sharing the
    # process's fetcher (its per-host limits and robots.txt), and the run pool's workers with the panel.
    renewal_workers: int = Field(2, ge=1, le=32, validation_alias=_reads("RAPPORT_RENEWAL_WORKERS"))
    max_contacts_file_bytes: int = Field(
        2 * 1024 * 1024, ge=1, validation_alias=_reads("RAPPORT_MAX_CONTACTS_FILE_BYTES")
    )

    # Where runs are worked. embedded: this process's pool (run_workers), the default. postgres (the team
    # deployment): each run is a job kept in the PostgreSQL database of DATABASE_URL (procrastinate),
    # worked by `python -m server worker` processes, on this machine or others.
    queue: Literal["embedded", "postgres"] = Field("embedded", validation_alias=_reads("RAPPORT_QUEUE"))
    # Runs one worker process works at once (each in a thread of its own; runs wait mostly on the network).
    worker_concurrency: int = Field(4, ge=1, le=64, validation_alias=_reads("RAPPORT_WORKER_CONCURRENCY"))
    # A worker says it is alive this often; one silent for queue_stalled_seconds is taken for dead (killed,
    # its machine gone) and the runs it held are queued again for the other workers, checked as often.
    queue_heartbeat_seconds: float = Field(10.0, gt=0, validation_alias=_reads("RAPPORT_QUEUE_HEARTBEAT"))
    queue_stalled_seconds: float = Field(30.0, gt=0, validation_alias=_reads("RAPPORT_QUEUE_STALLED_AFTER"))

    @field_validator("home")
    @classmethod
    def _absolute_home(cls, home: Path) -> Path:
        """Absolute, so a later chdir cannot move the instance folder."""
        return home.resolve()

    @field_validator("fetch_allowlist", "connect_to", "cors_origins", "fetch_ports", mode="before")
    @classmethod
    def _split_commas(cls, value: Any) -> Any:
        """A comma-separated string (from the environment) becomes a tuple of its non-empty items."""
        if isinstance(value, str):
            return tuple(part.strip() for part in value.split(",") if part.strip())
        return value

    @model_validator(mode="after")
    def _queue_on_postgres(self) -> Settings:
        """The postgres queue keeps its jobs in the database: only a PostgreSQL one can hold them."""
        if self.queue == "postgres" and not (self.database_url or "").startswith("postgres"):
            raise ValueError(
                "RAPPORT_QUEUE=postgres keeps the runs' jobs in the database: DATABASE_URL must name a "
                "PostgreSQL database (postgresql://...); leave RAPPORT_QUEUE unset for the embedded pool"
            )
        if self.queue_stalled_seconds <= self.queue_heartbeat_seconds:
            raise ValueError("RAPPORT_QUEUE_STALLED_AFTER must be longer than RAPPORT_QUEUE_HEARTBEAT")
        return self

    @classmethod
    def environment_variables(cls) -> dict[str, tuple[str, ...]]:
        """Each configurable field and the variable(s) it reads, in precedence order."""
        variables: dict[str, tuple[str, ...]] = {}
        for name, info in cls.model_fields.items():
            alias = info.validation_alias
            if isinstance(alias, AliasChoices):
                variables[name] = tuple(str(choice) for choice in alias.choices)
            elif isinstance(alias, str):
                variables[name] = (alias,)
        return variables

    @property
    def llm_configured(self) -> bool:
        """A key, or a local OpenAI-compatible server (many need no key): the LLM engine drafts."""
        return bool(self.openai_api_key or self.openai_base_url)

    @property
    def sqlalchemy_url(self) -> str:
        """The configured database, or SQLite in the instance folder."""
        return self.database_url or f"sqlite:///{self.home / 'rapport.db'}"

    def replace(self, **changes: Any) -> Settings:
        """A copy with some fields changed, validated like the constructor (it reads no environment)."""
        unknown = set(changes) - set(type(self).model_fields)
        if unknown:
            raise TypeError(f"unknown settings: {sorted(unknown)}")
        return type(self)(**{**self.model_dump(), **changes})

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, **overrides: Any) -> Settings:
        """Defaults, then the variables in env (os.environ when None), then overrides by field name.

        An empty variable counts as unset (a shell's `RAPPORT_HOME= rapport ...`). Values are passed under
        their variable's name, so a bad one is reported by that name (RAPPORT_PAGE_BUDGET: ...).
        """
        unknown = set(overrides) - set(cls.model_fields)
        if unknown:
            raise TypeError(f"unknown settings: {sorted(unknown)}")
        environ = os.environ if env is None else env
        found: dict[str, str] = {}
        for name, variables in cls.environment_variables().items():
            variable = next((v for v in variables if environ.get(v)), None)
            if variable is not None and name not in overrides:
                found[variable] = environ[variable]
        try:
            return cls(**found, **overrides)
        except ValidationError as error:
            # Values from the environment were passed under their variable's name: the reason says which.
            problems = "; ".join(_problem(item) for item in error.errors(include_url=False))
            raise SettingsError(f"bad setting: {problems}") from None


def _problem(item: ErrorDetails) -> str:
    """One problem of a bad setting: the variable and what is wrong; a rule across variables names them."""
    if not item["loc"]:
        return item["msg"].removeprefix("Value error, ")
    return f"{'.'.join(map(str, item['loc']))}: {item['msg']}"

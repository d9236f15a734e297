"""Every setting Rapport reads, in one place: defaults, then the environment, then explicit overrides."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

# No project URL is claimed here: a deployment that wants one sets RAPPORT_USER_AGENT.
USER_AGENT = "RapportBot/0.1 (research for one user, on request; honours robots.txt)"


def _split(value: str | None) -> tuple[str, ...]:
    if not value:
        return ()
    return tuple(part.strip() for part in value.split(",") if part.strip())


@dataclass(frozen=True)
class Settings:
    # Instance folder: database, API token and anything else that must survive a restart.
    home: Path = field(default_factory=lambda: Path("instance").resolve())
    database_url: str | None = None

    # Fetching
    user_agent: str = USER_AGENT
    fetch_allowlist: tuple[str, ...] = ()
    # curl-style --connect-to rules "HOST:PORT:ADDR:PORT2" (HOST may be "*.suffix", PORT may be empty):
    # lets development and tests serve a realistic web of host names from one loopback server.
    connect_to: tuple[str, ...] = ()
    connect_timeout: float = 5.0
    read_timeout: float = 10.0
    max_page_bytes: int = 3_000_000
    max_redirects: int = 5
    fetch_concurrency: int = 8
    per_host_concurrency: int = 2
    fetch_retries: int = 1
    cache_ttl_seconds: int = 24 * 3600

    # Research
    page_budget: int = 25
    max_hops: int = 2
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
    searxng_url: str | None = None
    brave_api_key: str | None = None

    # LLM (OpenAI-compatible). No key: the offline engine drafts.
    openai_api_key: str | None = None
    openai_base_url: str | None = None
    openai_model: str = "gpt-4o-mini"
    llm_timeout: float = 60.0
    llm_retries: int = 2

    # API
    max_request_bytes: int = 8 * 1024 * 1024
    # Origins allowed by CORS: the extension's chrome-extension://<id> origin(s).
    cors_origins: tuple[str, ...] = ()
    run_workers: int = 4

    @property
    def llm_configured(self) -> bool:
        """A key, or a local OpenAI-compatible server (many need no key): the LLM engine drafts."""
        return bool(self.openai_api_key or self.openai_base_url)

    @property
    def sqlalchemy_url(self) -> str:
        return self.database_url or f"sqlite:///{self.home / 'rapport.db'}"

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, **overrides: Any) -> Settings:
        env = os.environ if env is None else env
        values: dict[str, Any] = {}
        if env.get("RAPPORT_HOME"):
            values["home"] = Path(env["RAPPORT_HOME"]).resolve()
        simple = {
            "DATABASE_URL": ("database_url", str),
            "RAPPORT_USER_AGENT": ("user_agent", str),
            "RAPPORT_FETCH_TIMEOUT": ("read_timeout", float),
            "RAPPORT_CONNECT_TIMEOUT": ("connect_timeout", float),
            "RAPPORT_MAX_PAGE_BYTES": ("max_page_bytes", int),
            "RAPPORT_FETCH_CONCURRENCY": ("fetch_concurrency", int),
            "RAPPORT_PER_HOST_CONCURRENCY": ("per_host_concurrency", int),
            "RAPPORT_CACHE_TTL": ("cache_ttl_seconds", int),
            "RAPPORT_PAGE_BUDGET": ("page_budget", int),
            "RAPPORT_MAX_HOPS": ("max_hops", int),
            "RAPPORT_SEARXNG_URL": ("searxng_url", str),
            "BRAVE_API_KEY": ("brave_api_key", str),
            "OPENAI_API_KEY": ("openai_api_key", str),
            "OPENAI_BASE_URL": ("openai_base_url", str),
            "RAPPORT_LLM_MODEL": ("openai_model", str),
            "OPENAI_MODEL": ("openai_model", str),
            "RAPPORT_LLM_TIMEOUT": ("llm_timeout", float),
            "RAPPORT_LLM_RETRIES": ("llm_retries", int),
            "RAPPORT_MAX_REQUEST_BYTES": ("max_request_bytes", int),
            "RAPPORT_RUN_WORKERS": ("run_workers", int),
        }
        for var, (name, kind) in simple.items():
            raw = env.get(var)
            if raw not in (None, "") and name not in values:
                try:
                    values[name] = kind(raw)
                except ValueError as exc:
                    raise ValueError(f"{var}={raw!r} is not a valid {kind.__name__}") from exc
        for var, name in {
            "RAPPORT_FETCH_ALLOWLIST": "fetch_allowlist",
            "RAPPORT_CONNECT_TO": "connect_to",
            "RAPPORT_CORS_ORIGINS": "cors_origins",
        }.items():
            if env.get(var):
                values[name] = _split(env[var])
        known = {f.name for f in fields(cls)}
        unknown = set(overrides) - known
        if unknown:
            raise TypeError(f"unknown settings: {sorted(unknown)}")
        return replace(cls(**values), **overrides)

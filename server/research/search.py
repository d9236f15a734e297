"""Optional web search for discovery: a self-hosted SearXNG, or the Brave Search API. Off by default."""

from __future__ import annotations

from typing import Protocol, Self

import httpx

from server.config import Settings
from server.errors import RapportError

BRAVE_ENDPOINT = "https://api.search.brave.com/res/v1/web/search"


class SearchError(RapportError):
    """The search service gave no usable answer; `reason` says why."""


class SearchProvider(Protocol):
    def search(self, query: str, limit: int = 5) -> list[str]: ...

    def close(self) -> None: ...


class _JsonSearch:
    """Shared plumbing: one GET with explicit timeouts, JSON back, failures raised as SearchError."""

    def __init__(self, settings: Settings, transport: httpx.BaseTransport | None = None):
        self._client = httpx.Client(
            timeout=httpx.Timeout(settings.read_timeout, connect=settings.connect_timeout),
            headers={"User-Agent": settings.user_agent, "Accept": "application/json"},
            transport=transport,
        )

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _get(self, url: str, params: dict[str, str], headers: dict[str, str] | None = None) -> dict:
        try:
            response = self._client.get(url, params=params, headers=headers)
            response.raise_for_status()
            return response.json()
        except httpx.HTTPStatusError as exc:
            raise SearchError(f"the search service answered HTTP {exc.response.status_code}") from exc
        except httpx.HTTPError as exc:
            raise SearchError(f"the search service could not be reached ({type(exc).__name__})") from exc
        except ValueError as exc:
            raise SearchError("the search service did not answer with JSON") from exc


class SearxngSearch(_JsonSearch):
    """A SearXNG instance the operator runs (its JSON output format must be enabled)."""

    def __init__(self, base_url: str, settings: Settings, transport: httpx.BaseTransport | None = None):
        super().__init__(settings, transport)
        self.base_url = base_url.rstrip("/")

    def search(self, query: str, limit: int = 5) -> list[str]:
        data = self._get(f"{self.base_url}/search", {"q": query, "format": "json"})
        return _urls(data.get("results"), limit)


class BraveSearch(_JsonSearch):
    def __init__(self, api_key: str, settings: Settings, transport: httpx.BaseTransport | None = None):
        super().__init__(settings, transport)
        self.api_key = api_key

    def search(self, query: str, limit: int = 5) -> list[str]:
        data = self._get(
            BRAVE_ENDPOINT, {"q": query, "count": str(limit)}, headers={"X-Subscription-Token": self.api_key}
        )
        return _urls((data.get("web") or {}).get("results"), limit)


def _urls(results: object, limit: int) -> list[str]:
    if not isinstance(results, list):
        return []
    urls = [r.get("url") for r in results if isinstance(r, dict)]
    return [u for u in urls if isinstance(u, str) and u.startswith(("http://", "https://"))][:limit]


def search_provider(settings: Settings) -> SearchProvider | None:
    """The configured provider, or None: searching is opt-in because it sends the person's name elsewhere."""
    if settings.searxng_url:
        return SearxngSearch(settings.searxng_url, settings)
    if settings.brave_api_key:
        return BraveSearch(settings.brave_api_key, settings)
    return None

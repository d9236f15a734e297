"""Fetch one URL as a decoded HTML or text document: guarded, polite, bounded, retried and cached."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from http.cookiejar import CookieJar, DefaultCookiePolicy
from typing import Protocol

import httpx
from tenacity import (
    RetryCallState,
    Retrying,
    retry_if_exception_type,
    retry_if_result,
    stop_after_attempt,
    stop_any,
    wait_exponential,
)

from server.config import Settings
from server.models import Response
from server.research.fetch.addresses import Allowlist
from server.research.fetch.deadline import Deadline, DeadlinePassed, holding, in_force, keeping
from server.research.fetch.decode import TEXT_TYPES, decode_text, media_type
from server.research.fetch.errors import AddressRefused, FetchError, FetchErrorKind, ResolveError
from server.research.fetch.guard import GuardedBackend, GuardedTransport
from server.research.fetch.resolve import ConnectToResolver, Resolver, SystemResolver
from server.research.fetch.robots import (
    ALLOW_ALL,
    DISALLOWED,
    ROBOTS_MAX_BYTES,
    ROBOTS_MAX_REDIRECTS,
    RobotsCache,
    RobotsRules,
    product_token,
    rules_from_reply,
    unreachable,
)
from server.research.fetch.shared import AcrossProcesses, SharedPoliteness
from server.research.fetch.urls import prepare_url

log = logging.getLogger(__name__)

REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
RETRY_STATUSES = frozenset({429, 502, 503, 504})
RETRY_ERRORS = (httpx.ConnectError, httpx.TimeoutException)
# A server asking for a longer pause than this is not retried: a research run should not sit waiting on it.
RETRY_AFTER_CAP_SECONDS = 5.0
_backoff = wait_exponential(multiplier=0.2, min=0.2, max=2.0)
DRAIN_MAX_BYTES = 64 * 1024
ACCEPT = "text/html,application/xhtml+xml,text/plain;q=0.9,*/*;q=0.1"


class PageCache(Protocol):
    def get(self, url: str, max_age: float) -> Response | None:
        """The stored response for `url` if it is younger than `max_age` seconds."""
        ...

    def put(self, response: Response) -> None:
        """Store a fetched response under its `url`."""
        ...


@dataclass
class _Reply:
    """One HTTP exchange; the body is read (up to a cap) only when it is wanted."""

    url: httpx.URL
    status: int
    headers: httpx.Headers = field(repr=False)
    charset: str | None = None
    body: bytes = field(default=b"", repr=False)
    truncated: bool = False

    @property
    def media_type(self) -> str:
        return media_type(self.headers.get("content-type"))

    @property
    def retry_after(self) -> float | None:
        """Seconds the server asked us to wait (Retry-After as seconds or an HTTP date), if it said."""
        value = self.headers.get("retry-after", "").strip()
        if not value:
            return None
        if value.isdigit():
            return float(value)
        try:
            when = parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
        if when.tzinfo is None:
            return None
        return max(0.0, (when - datetime.now(UTC)).total_seconds())


def _worth_retrying(reply: _Reply) -> bool:
    hinted = reply.retry_after
    return reply.status in RETRY_STATUSES and (hinted is None or hinted <= RETRY_AFTER_CAP_SECONDS)


def _wait(state: RetryCallState) -> float:
    outcome = state.outcome
    if outcome is not None and not outcome.failed:
        hinted = outcome.result().retry_after
        if hinted is not None:
            return hinted
    return _backoff(state)


def _log_retry(state: RetryCallState) -> None:
    outcome = state.outcome
    if outcome is None:
        return
    why = type(outcome.exception()).__name__ if outcome.failed else f"HTTP {outcome.result().status}"
    sleep = state.next_action.sleep if state.next_action else 0.0
    log.info("retrying %s in %.1fs after %s", state.args[0], sleep, why)


def _out_of_time(state: RetryCallState) -> bool:
    """Whether the pause before another attempt would reach the fetch's deadline: then there is none."""
    deadline = in_force()
    return deadline is not None and deadline.remaining() <= state.upcoming_sleep


def _last_outcome(state: RetryCallState) -> _Reply:
    # Out of attempts: hand on the last reply (a 503 is reported as such) or raise the last error.
    assert state.outcome is not None
    return state.outcome.result()


def _after_redirect(reason: str, current: httpx.URL | None) -> str:
    return reason if current is None else f"{reason} (after a redirect to {current})"


class Fetcher:
    """The one way Rapport reads the web; safe to share between threads. With `shared`, its per-host limits
    and robots.txt hold across every process sharing it too (shared.py)."""

    def __init__(
        self,
        settings: Settings,
        cache: PageCache | None = None,
        resolver: Resolver | None = None,
        shared: SharedPoliteness | None = None,
    ):
        self._settings = settings
        self._cache = cache
        self._backend = GuardedBackend(
            resolver or ConnectToResolver(settings.connect_to, SystemResolver()),
            Allowlist.parse(settings.fetch_allowlist),
            settings.fetch_ports,
        )
        # Exchanges never exceed the global bound, so a pool that size never makes a request wait for it.
        limits = httpx.Limits(
            max_connections=settings.fetch_concurrency, max_keepalive_connections=settings.fetch_concurrency
        )
        self._client = httpx.Client(
            transport=GuardedTransport(self._backend, limits=limits),
            timeout=httpx.Timeout(settings.read_timeout, connect=settings.connect_timeout),
            headers={"User-Agent": settings.user_agent, "Accept": ACCEPT},
            # No cookies kept: one contact's sites must not see what another's set.
            cookies=CookieJar(policy=DefaultCookiePolicy(allowed_domains=[])),
            follow_redirects=False,  # followed by hand, so each hop passes robots.txt as well as the guard
            trust_env=False,  # an HTTP(S)_PROXY from the environment would route around the guard
        )
        self._agent = product_token(settings.user_agent)
        self._across = AcrossProcesses(shared, settings.per_host_concurrency, settings.fetch_deadline)
        self._robots = RobotsCache(self._load_robots, shared=self._across.robots)
        self._slots = threading.BoundedSemaphore(settings.fetch_concurrency)
        self._host_slots: dict[str, threading.BoundedSemaphore] = {}
        self._host_slots_lock = threading.Lock()

    # --- lifecycle
    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- fetching
    def fetch(self, url: str, until: Deadline | None = None) -> Response:
        """The document at `url` (after redirects), or FetchError saying why there is none; all of it within
        the fetch deadline, or by `until` (its research run's) when that comes first."""
        seconds = self._settings.fetch_deadline
        deadline = Deadline.after(seconds, f"no complete answer within the {seconds:g}s fetch deadline")
        try:
            with keeping(deadline.earliest(until)):
                response = self._fetch(url)
        except DeadlinePassed as exc:
            log.info("fetch failed %s: %s", url, exc.reason)
            raise FetchError("failed", url, exc.reason) from exc
        except FetchError as exc:
            log.info("fetch %s %s: %s", exc.kind, url, exc.reason)
            raise
        log.debug("fetched %s (%s%s)", url, response.status_code, ", cached" if response.from_cache else "")
        return response

    def _fetch(self, url: str) -> Response:
        current = prepare_url(url)
        cached = self._cached(url, current)
        if cached is not None:
            return cached
        redirected: httpx.URL | None = None
        for _ in range(self._settings.max_redirects + 1):
            self._check_robots(url, current, redirected)
            reply = self._exchange_or_raise(url, current, redirected)
            if reply.status in REDIRECT_STATUSES:
                current = redirected = self._redirect_target(url, reply)
                continue
            return self._document(url, reply, redirected)
        raise FetchError("failed", url, f"more than {self._settings.max_redirects} redirects")

    def _cached(self, url: str, current: httpx.URL) -> Response | None:
        """The stored copy of the page, if there is one and the guard would let it be fetched now: the
        allowlist or the ports allowed may have changed since it was stored."""
        if self._cache is None:
            return None
        cached = self._cache.get(url, max_age=float(self._settings.cache_ttl_seconds))
        if cached is None:
            return None
        for where in (current, prepare_url(cached.final_url)):
            port = where.port or (443 if where.scheme == "https" else 80)
            try:
                self._backend.checked_addresses(where.raw_host.decode("ascii"), port)
            except (AddressRefused, ResolveError) as exc:
                kind, reason = self._failure(exc)
                raise FetchError(kind, url, reason) from exc
        return cached.model_copy(update={"from_cache": True})

    def _document(self, url: str, reply: _Reply, redirected: httpx.URL | None) -> Response:
        if not 200 <= reply.status < 300:
            raise FetchError("failed", url, _after_redirect(f"HTTP {reply.status}", redirected))
        kind = reply.media_type
        if kind not in TEXT_TYPES:
            raise FetchError("skipped", url, f"not HTML or text ({kind or 'no content type'})")
        if reply.truncated:
            raise FetchError("failed", url, f"larger than {self._settings.max_page_bytes} bytes")
        response = Response(
            url=url,
            final_url=str(reply.url),
            status_code=reply.status,
            content_type=kind,
            text=decode_text(reply.body, reply.charset, html=kind != "text/plain"),
            fetched_at=datetime.now(UTC),
        )
        if self._cache is not None:
            self._cache.put(response)
        return response

    def _redirect_target(self, url: str, reply: _Reply) -> httpx.URL:
        location = reply.headers.get("location")
        if not location:
            raise FetchError("failed", url, f"HTTP {reply.status} without a Location header")
        try:
            return prepare_url(str(reply.url.join(location)))
        except httpx.InvalidURL as exc:
            raise FetchError("failed", url, f"redirect to an invalid URL ({exc})") from exc
        except FetchError as exc:
            raise FetchError(exc.kind, url, f"{exc.reason} (redirect to {location})") from exc

    def _exchange_or_raise(self, url: str, current: httpx.URL, redirected: httpx.URL | None) -> _Reply:
        try:
            return self._exchange(current, max_bytes=self._settings.max_page_bytes, page=True)
        except (AddressRefused, ResolveError, httpx.HTTPError) as exc:
            kind, reason = self._failure(exc)
            raise FetchError(kind, url, _after_redirect(reason, redirected)) from exc

    def _failure(self, exc: AddressRefused | ResolveError | httpx.HTTPError) -> tuple[FetchErrorKind, str]:
        if isinstance(exc, AddressRefused):
            return "blocked", exc.reason
        if isinstance(exc, ResolveError):
            return "failed", exc.reason
        if isinstance(exc, httpx.ConnectTimeout):
            return "failed", f"connect timed out after {self._settings.connect_timeout:g}s"
        if isinstance(exc, httpx.PoolTimeout):
            return "failed", "timed out waiting for a free connection"
        if isinstance(exc, httpx.TimeoutException):
            return "failed", f"timed out after {self._settings.read_timeout:g}s"
        if isinstance(exc, httpx.ConnectError):
            return "failed", f"could not connect ({exc})"
        return "failed", f"connection failed ({type(exc).__name__}: {exc})"

    # --- robots.txt
    def _check_robots(self, url: str, current: httpx.URL, redirected: httpx.URL | None) -> None:
        try:
            rules = self._robots.rules_for(current)
        except (AddressRefused, ResolveError) as exc:
            # The origin itself cannot be reached: say so, rather than blaming its robots.txt.
            kind, reason = self._failure(exc)
            raise FetchError(kind, url, _after_redirect(reason, redirected)) from exc
        if not rules.allows(str(current), self._agent):
            kind = rules.refusal_kind if rules.refusal else "blocked"
            raise FetchError(kind, url, _after_redirect(rules.refusal or DISALLOWED, redirected))

    def _load_robots(self, location: httpx.URL) -> RobotsRules:
        """Fetch one origin's robots.txt through the same guard; unreachable means disallow-all."""
        current = location
        try:
            for _ in range(ROBOTS_MAX_REDIRECTS + 1):
                reply = self._exchange(current, max_bytes=ROBOTS_MAX_BYTES, page=False)
                location_header = reply.headers.get("location")
                if reply.status not in REDIRECT_STATUSES or not location_header:
                    return rules_from_reply(reply.status, reply.body)
                current = prepare_url(str(reply.url.join(location_header)))
        except httpx.HTTPError as exc:
            return unreachable(self._failure(exc)[1])
        except (FetchError, httpx.InvalidURL) as exc:
            return unreachable(f"redirected to an unusable URL: {exc}")
        return ALLOW_ALL  # RFC 9309 §2.3.1.2: a redirect chain too long to follow counts as no robots.txt

    # --- one exchange, bounded and retried
    @contextmanager
    def _slot(self, host: str) -> Iterator[None]:
        with self._host_slots_lock:
            host_slot = self._host_slots.setdefault(
                host, threading.BoundedSemaphore(self._settings.per_host_concurrency)
            )
        # The host's slots first (this process's, then the deployment's): a thread queued behind a busy host
        # must not hold one of the global slots.
        with holding(host_slot), self._across.host_slot(host), holding(self._slots):
            yield

    def _exchange(self, url: httpx.URL, *, max_bytes: int, page: bool) -> _Reply:
        retrying = Retrying(
            stop=stop_any(stop_after_attempt(self._settings.fetch_retries + 1), _out_of_time),
            wait=_wait,
            retry=retry_if_exception_type(RETRY_ERRORS) | retry_if_result(_worth_retrying),
            retry_error_callback=_last_outcome,
            before_sleep=_log_retry,
        )
        return retrying(self._attempt, url, max_bytes, page)

    def _attempt(self, url: httpx.URL, max_bytes: int, page: bool) -> _Reply:
        try:
            return self._read(url, max_bytes, page)
        except (UnicodeError, httpx.InvalidURL) as exc:
            # httpx builds the request a redirect asks for even when it will not follow it: a Location whose
            # host will not decode (xn--zz) or that it cannot rebuild raises from there, not as an HTTPError.
            raise httpx.RemoteProtocolError(f"redirect to an invalid URL ({exc})") from exc

    def _read(self, url: httpx.URL, max_bytes: int, page: bool) -> _Reply:
        with self._slot(url.host), self._client.stream("GET", url) as response:
            reply = _Reply(url, response.status_code, response.headers, response.charset_encoding)
            if not response.is_success or (page and reply.media_type not in TEXT_TYPES):
                _drain(response)  # a big unwanted body (a PDF) is never downloaded: the connection closes
                return reply
            declared = response.headers.get("content-length", "")
            if page and declared.isdigit() and int(declared) > max_bytes:
                reply.truncated = True
                return reply
            reply.body, reply.truncated = _read_capped(response, max_bytes)
            return reply


def _drain(response: httpx.Response) -> None:
    """Read a small unwanted body (a redirect's, a 404's) so its keep-alive connection can be reused."""
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) <= DRAIN_MAX_BYTES:
        # The reply is already in hand; a drain that fails only costs the connection, which closes.
        with suppress(httpx.HTTPError, DeadlinePassed):
            response.read()


def _read_capped(response: httpx.Response, max_bytes: int) -> tuple[bytes, bool]:
    """Up to `max_bytes` of the decoded body, and whether there was more (so reading stopped)."""
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_bytes():
        room = max_bytes - size
        if len(chunk) > room:
            chunks.append(chunk[:room])
            return b"".join(chunks), True
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks), False

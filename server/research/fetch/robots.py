"""robots.txt: what its HTTP answer means (RFC 9309), and one copy per origin shared by every thread."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

import httpx
from protego import Protego

from server.models import RobotsRecord
from server.research.fetch.deadline import holding
from server.research.fetch.errors import FetchErrorKind

DISALLOWED = "disallowed by robots.txt"
# RFC 9309 §2.5: parse at least 500 KiB; anything past the cap is ignored rather than failing the site.
ROBOTS_MAX_BYTES = 512 * 1024
# RFC 9309 §2.3.1.2: follow at least five redirects for robots.txt.
ROBOTS_MAX_REDIRECTS = 5
# RFC 9309 §2.4: a cached robots.txt should not be used for more than a day. A failure is kept briefly: long
# enough that one research run asks once per origin, short enough that a hiccup does not shut a site all day.
ROBOTS_TTL_SECONDS = 24 * 3600
FAILURE_TTL_SECONDS = 300


@dataclass(frozen=True)
class RobotsRules:
    """What one origin's robots.txt allows; a `refusal` means everything is off limits, and says why."""

    parser: Protego | None = None
    text: str | None = None  # what the parser read, for other processes to read again (shared.py)
    refusal: str | None = None
    # A server that answers "unavailable" is declining (blocked); one that cannot be reached at all is down.
    refusal_kind: FetchErrorKind = "blocked"

    def allows(self, url: str, agent: str) -> bool:
        if self.refusal is not None:
            return False
        return self.parser is None or self.parser.can_fetch(url, agent)


ALLOW_ALL = RobotsRules()


def rules_from_reply(status: int, body: bytes) -> RobotsRules:
    """Read robots.txt's HTTP status and body the way RFC 9309 §2.3.1 says to."""
    if 200 <= status < 300:
        text = body.decode("utf-8", errors="replace")
        return RobotsRules(parser=Protego.parse(text), text=text)
    if status == 429 or status >= 500:
        return RobotsRules(
            refusal=f"robots.txt unavailable (HTTP {status}), so the site is treated as disallowed"
        )
    # 4xx ("unavailable") and redirect chains too long to follow: no rules, everything allowed.
    return ALLOW_ALL


def unreachable(reason: str) -> RobotsRules:
    """Rules for a robots.txt that could not be fetched at all: assume the whole site is disallowed."""
    return RobotsRules(refusal=f"robots.txt unreachable: {reason}", refusal_kind="failed")


def kept_for(rules: RobotsRules) -> float:
    """How many seconds rules are good for: a day, or a few minutes for a failure."""
    return FAILURE_TTL_SECONDS if rules.refusal is not None else ROBOTS_TTL_SECONDS


def as_record(rules: RobotsRules, ttl_seconds: float) -> RobotsRecord:
    """Rules as other processes can read them again."""
    return RobotsRecord(
        text=rules.text, refusal=rules.refusal, refusal_kind=rules.refusal_kind, ttl_seconds=ttl_seconds
    )


def from_record(record: RobotsRecord) -> RobotsRules:
    """Rules another process read, as it read them."""
    parser = Protego.parse(record.text) if record.text is not None else None
    return RobotsRules(
        parser=parser, text=record.text, refusal=record.refusal, refusal_kind=record.refusal_kind
    )


def robots_url(url: httpx.URL) -> httpx.URL:
    """Where the robots.txt governing `url` lives."""
    return httpx.URL(scheme=url.scheme, host=url.host, port=url.port, path="/robots.txt")


def product_token(user_agent: str) -> str:
    """The name robots.txt groups match against: "RapportBot" from "RapportBot/0.1 (+https://...)"."""
    return user_agent.split("/", 1)[0].split()[0] if user_agent.strip() else "*"


Load = Callable[[httpx.URL], RobotsRules]
# The rules other processes keep, or those `load` reads when they have none: (location, load) -> (rules, the
# seconds they are still good for). shared.py's SharedRobots, in the team deployment.
SharedLoad = Callable[[httpx.URL, Load], tuple[RobotsRules, float]]


class RobotsCache:
    """Rules per origin, loaded once however many threads ask at once; a loader's exception is not kept."""

    def __init__(
        self, load: Load, clock: Callable[[], float] = time.monotonic, shared: SharedLoad | None = None
    ):
        self._load = load
        self._clock = clock
        self._shared = shared
        self._lock = threading.Lock()
        self._origin_locks: dict[str, threading.Lock] = {}
        self._entries: dict[str, tuple[RobotsRules, float]] = {}

    def rules_for(self, url: httpx.URL) -> RobotsRules:
        location = robots_url(url)
        origin = str(location)
        with self._lock:
            origin_lock = self._origin_locks.setdefault(origin, threading.Lock())
        # Another fetch may be reading the origin's robots.txt from a slow server: wait no longer than this
        # fetch's own deadline.
        with holding(origin_lock):
            entry = self._entries.get(origin)
            if entry is not None and entry[1] > self._clock():
                return entry[0]
            if self._shared is None:
                rules = self._load(location)
                ttl = kept_for(rules)
            else:
                rules, ttl = self._shared(location, self._load)
            self._entries[origin] = (rules, self._clock() + ttl)
            return rules

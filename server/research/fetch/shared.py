"""Politeness across the processes of a deployment: workers and web processes, perhaps on several machines,
each with its own fetcher, sharing one database (the team deployment; storage/politeness.py keeps it).

Each process's own limits (fetcher.py's semaphores, robots.py's cache) stay in front: they cost nothing and
spare the database the waits of one process's threads. Behind them, a host's slots are leases held by
whoever is fetching from it, across every process, and an origin's robots.txt is read once per its TTL by
the whole deployment. A lease is held for one exchange (never a database connection: each claim and release
is one short statement) and lapses some time after the longest a fetch may take, so a killed process's slots
come back.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass
from typing import Protocol
from uuid import uuid4

import httpx

from server.models import RobotsRecord
from server.research.fetch.deadline import in_force
from server.research.fetch.robots import Load, RobotsRules, SharedLoad, as_record, from_record, kept_for

# A fetch waiting for a slot held elsewhere asks again after this, then twice as long each time up to the
# most, plus up to as much again at random (so that the waiters of several processes do not all ask at once):
# a short wait ends soon after the slot is free, a long one costs the database a few statements a second.
POLL_SECONDS = 0.05
POLL_MAX_SECONDS = 0.4
# A lease lasts this many times the fetch deadline: the deadline ends the holder's exchange long before, so a
# lease lapses only once its holder must be gone (its process killed, its machine down).
LEASE_DEADLINES = 2


class Leases(Protocol):
    def claim(self, key: str, holder: str, limit: int, seconds: float) -> bool:
        """Whether `holder` now holds one of `key`'s `limit` slots, for `seconds` at most."""
        ...

    def release(self, key: str, holder: str) -> None:
        """Free the slot `holder` holds of `key`."""
        ...


class RobotsStore(Protocol):
    def get(self, origin: str) -> RobotsRecord | None:
        """The unexpired rules of `origin` (its robots.txt URL), if some process has read them."""
        ...

    def put(self, origin: str, record: RobotsRecord) -> None:
        """Keep `origin`'s rules for record.ttl_seconds."""
        ...


@dataclass(frozen=True)
class SharedPoliteness:
    """Where the processes of one deployment keep what they share."""

    leases: Leases
    robots: RobotsStore


def _waiting(attempt: Callable[[], bool]) -> None:
    """Try until `attempt` succeeds, briefly pausing between tries, no longer than the deadline in force."""
    deadline, pause = in_force(), POLL_SECONDS
    while not attempt():
        jittered = pause * (1 + random.random())
        time.sleep(jittered if deadline is None else deadline.bound(jittered))
        pause = min(pause * 2, POLL_MAX_SECONDS)


class AcrossProcesses:
    """A fetcher's politeness towards other processes: nothing to do when it has no one to share with."""

    def __init__(self, shared: SharedPoliteness | None, per_host: int, fetch_deadline: float):
        self._shared = shared
        self._per_host = per_host
        self._lease_seconds = fetch_deadline * LEASE_DEADLINES

    def host_slot(self, host: str) -> AbstractContextManager[None]:
        """One of the host's slots in the whole deployment, held for the block."""
        if self._shared is None:
            return nullcontext()
        return self._host_lease(self._shared.leases, f"host {host}")

    @contextmanager
    def _host_lease(self, leases: Leases, key: str) -> Iterator[None]:
        holder = uuid4().hex
        _waiting(lambda: leases.claim(key, holder, self._per_host, self._lease_seconds))
        try:
            yield
        finally:
            leases.release(key, holder)

    @property
    def robots(self) -> SharedLoad | None:
        """How robots.py's cache loads an origin's rules through the other processes' (None: by itself)."""
        return None if self._shared is None else self._robots_for

    def _robots_for(self, location: httpx.URL, load: Load) -> tuple[RobotsRules, float]:
        """The rules another process stored; else read and stored here, while other processes wait."""
        assert self._shared is not None
        shared, origin = self._shared, str(location)
        key, holder = f"robots.txt {origin}", uuid4().hex
        found: list[RobotsRecord] = []  # the rules, once another process has stored them

        def stored_or_ours() -> bool:
            record = shared.robots.get(origin)
            if record is not None:
                found.append(record)
                return True
            return shared.leases.claim(key, holder, 1, self._lease_seconds)

        _waiting(stored_or_ours)
        if found:
            return _kept(found[0])
        try:
            # Another process may have stored them between this one's look and its claim.
            record = shared.robots.get(origin)
            if record is not None:
                return _kept(record)
            rules = load(location)
            ttl = kept_for(rules)
            shared.robots.put(origin, as_record(rules, ttl))
            return rules, ttl
        finally:
            shared.leases.release(key, holder)


def _kept(record: RobotsRecord) -> tuple[RobotsRules, float]:
    return from_record(record), record.ttl_seconds

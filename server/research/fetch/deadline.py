"""Total deadlines for fetches: httpx bounds each read, so a server trickling bytes is bounded here.

httpx 0.28 has no total timeout (encode/httpx#1450; encode/httpcore#936 proposes one). Every connect, TLS
handshake, write and read of a fetch goes through the guard's network backend (guard.py), which cuts each
one's timeout to the time left before the deadline of the fetch in progress, and raises DeadlinePassed once
none is left. The deadline travels in a context variable: a sync httpx request, its body reads included, runs
wholly on the thread that made it, so the deadline in force is the one its fetch set.
"""

from __future__ import annotations

import ssl
import threading
import time
from _thread import LockType
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import TypeVar

import httpcore

from server.errors import RapportError

T = TypeVar("T")


class DeadlinePassed(RapportError):
    """A fetch ran out of time; `reason` is the deadline's own (which one, and how long it was)."""


@dataclass(frozen=True)
class Deadline:
    """A moment on the monotonic clock, and what a source records when its fetch is still going then."""

    at: float
    reason: str

    @classmethod
    def after(cls, seconds: float, reason: str) -> Deadline:
        return cls(time.monotonic() + seconds, reason)

    def remaining(self) -> float:
        return self.at - time.monotonic()

    @property
    def passed(self) -> bool:
        return self.remaining() <= 0

    def earliest(self, other: Deadline | None) -> Deadline:
        """This deadline or `other`, whichever comes first (a fetch's own, or its research run's)."""
        return other if other is not None and other.at < self.at else self

    def bound(self, timeout: float | None) -> float:
        """A wait of `timeout` seconds (None: no limit) cut to the time left; DeadlinePassed when none is."""
        left = self.remaining()
        if left <= 0:
            raise DeadlinePassed(self.reason)
        return left if timeout is None else min(timeout, left)


_in_force: ContextVar[Deadline | None] = ContextVar("fetch_deadline", default=None)


def in_force() -> Deadline | None:
    """The deadline of the fetch in progress on this thread, if any."""
    return _in_force.get()


@contextmanager
def keeping(deadline: Deadline) -> Iterator[None]:
    """Every network wait in the block (on this thread) ends by `deadline`."""
    token = _in_force.set(deadline)
    try:
        yield
    finally:
        _in_force.reset(token)


def within_deadline(wait: Callable[[float | None], T], timeout: float | None) -> T:
    """`wait(timeout)`, its timeout cut to the time left before the deadline in force. A timeout the deadline
    cut short is DeadlinePassed, so the source names the deadline rather than a read timeout."""
    deadline = in_force()
    if deadline is None:
        return wait(timeout)
    try:
        return wait(deadline.bound(timeout))
    except httpcore.TimeoutException:
        if deadline.passed:
            raise DeadlinePassed(deadline.reason) from None
        raise


@contextmanager
def holding(slot: threading.Semaphore | LockType) -> Iterator[None]:
    """A slot (or a lock) held for the block, waited for no longer than the deadline in force allows."""
    deadline = in_force()
    if deadline is None:
        slot.acquire()
    elif not slot.acquire(timeout=deadline.bound(None)):
        raise DeadlinePassed(deadline.reason)
    try:
        yield
    finally:
        slot.release()


class DeadlineStream(httpcore.NetworkStream):
    """A connection whose every read, write and TLS handshake ends by the deadline of the fetch using it."""

    def __init__(self, stream: httpcore.NetworkStream):
        self._stream = stream

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return within_deadline(lambda left: self._stream.read(max_bytes, left), timeout)

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        within_deadline(lambda left: self._stream.write(buffer, left), timeout)

    def close(self) -> None:
        self._stream.close()

    def start_tls(
        self, ssl_context: ssl.SSLContext, server_hostname: str | None = None, timeout: float | None = None
    ) -> httpcore.NetworkStream:
        stream = self._stream
        return DeadlineStream(
            within_deadline(lambda left: stream.start_tls(ssl_context, server_hostname, left), timeout)
        )

    def get_extra_info(self, info: str) -> object:
        return self._stream.get_extra_info(info)

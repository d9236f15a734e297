"""Following a run: one working in this process as its listeners here read it (the embedded default's pool),
or one stored, polled for the events a worker elsewhere stores."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field

from sqlalchemy import Engine

from server import storage
from server.events import Event


@dataclass
class Flight:
    """A run working in this process: its event counter, the lock that keeps seq and storage in step, and
    its events so far (each stored first), which its listeners here read without asking the database."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    seq: int = 0
    # events[i].seq == i + 1 for a run started here; a queue worker resuming a run starts seq after the
    # stored events, and has no listener in its process to read these.
    events: list[Event] = field(default_factory=list)
    ended: bool = False
    changed: threading.Condition = field(default_factory=threading.Condition)
    # The queue worker's claim on the run (storage.claim_run): every write of the run is fenced by it.
    claim: str | None = None
    # Why an event could not be stored (the database lost, the run claimed by another worker): the run
    # goes on storing nothing, and ends by raising this.
    lost: Exception | None = None

    def raise_lost(self) -> None:
        if self.lost is not None:
            raise self.lost

    def publish(self, item: Event | None) -> None:
        """Hand listeners a stored event (None: the run has ended), waking only this run's listeners."""
        with self.changed:
            if item is None:
                self.ended = True
            else:
                self.events.append(item)
            self.changed.notify_all()

    def after(self, seq: int, timeout: float) -> tuple[list[Event], bool]:
        """The events after seq, waiting up to timeout for one; and whether the run has ended."""
        with self.changed:
            if len(self.events) <= seq and not self.ended:
                self.changed.wait(timeout)
            return self.events[seq:], self.ended


def follow_flight(flight: Flight, last: int, keepalive: float) -> Iterator[Event | None]:
    """A run working in this process: its events as it publishes them, no database read per listener; None
    after keepalive seconds of nothing (a tick for the caller's keep-alive)."""
    quiet_since = time.monotonic()
    while True:
        wait = max(0.0, keepalive - (time.monotonic() - quiet_since))
        events, ended = flight.after(last, wait)
        for item in events:
            last = item.seq
            yield item
        if ended:
            return
        if events:
            quiet_since = time.monotonic()
        elif time.monotonic() - quiet_since >= keepalive:
            quiet_since = time.monotonic()
            yield None


def follow_stored(
    engine: Engine, run_id: str, last: int, keepalive: float, poll: float
) -> Iterator[Event | None]:
    """A run ended, or worked by another server process: its stored events, polling for new ones."""
    quiet_since = time.monotonic()
    while True:
        # Status before events: a run's last event is stored with its final status, so once the status
        # reads finished, the events read next include the last one.
        status = storage.run_status(engine, run_id)
        events = storage.events_after(engine, run_id, last)
        for item in events:
            last = item.seq
            yield item
        if status is None or status in storage.FINISHED:
            return
        if events:
            quiet_since = time.monotonic()
            continue
        if time.monotonic() - quiet_since >= keepalive:
            quiet_since = time.monotonic()
            yield None
        time.sleep(min(poll, keepalive))

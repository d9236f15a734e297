"""A run working in this process, as its listeners here follow it (the embedded default's pool)."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

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

"""A command-line run's progress as a person at a terminal reads it: a few lines, each with the time so far.

The panel gets every event (one per page and stage); at a terminal that is a wall of lines, one per failed
link. So by default pages are counted, read and failed, and said once reading ends (with a running count
while it takes a while), then the facts, the ways to be useful and the draft; `verbose` shows every event.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from server.events import (
    CheckDone,
    DiscoverStarted,
    DraftDone,
    Event,
    FactsDone,
    GenerosityDone,
    PageFailed,
    PageRead,
    RunStarted,
)

# Seconds of reading between running counts: a long crawl shows it is alive without a line per page.
EVERY = 5.0


def counted(count: int, noun: str) -> str:
    """'1 page', '3 pages'."""
    return f"{count} {noun}{'' if count == 1 else 's'}"


class Progress:
    """Takes a run's events and writes the lines worth reading, each after the seconds since the first."""

    def __init__(
        self,
        write: Callable[[str], None],
        *,
        verbose: bool = False,
        clock: Callable[[], float] = time.monotonic,
    ):
        self._write = write
        self._verbose = verbose
        self._clock = clock
        self._started = clock()
        self._last_line = self._started
        self._name = ""
        self._read = 0
        self._failed = 0
        self._engine = ""

    def __call__(self, event: Event) -> None:
        if self._verbose:
            self._say(f"{event.stage:<10} {event.message}")
            return
        match event:
            case RunStarted():
                self._name = event.data.person.name
            case DiscoverStarted():
                starts = len(event.data.urls) + len(event.data.captured)
                self._say(f"researching {self._name}, starting from {counted(starts, 'page')}")
            case PageRead() | PageFailed():
                self._count(event)
            case FactsDone():
                found = counted(event.data.count, "fact")
                self._say(f"{self._pages()}: {found} about {event.data.person.name}")
            case GenerosityDone():
                self._say(f"{counted(len(event.data.packets), 'way')} to be useful")
            case DraftDone():
                self._engine = event.data.engine
            case CheckDone():
                self._say(f"drafted by the {self._engine} engine; checks score {event.data.score:.0f}/100")

    def _count(self, event: PageRead | PageFailed) -> None:
        if isinstance(event, PageRead):
            self._read += 1
        else:
            self._failed += 1
        if self._clock() - self._last_line >= EVERY:
            self._say(f"{self._pages()} so far")

    def _pages(self) -> str:
        failed = f", {self._failed} failed" if self._failed else ""
        return f"read {counted(self._read, 'page')}{failed}"

    def _say(self, text: str) -> None:
        now = self._clock()
        self._last_line = now
        self._write(f"{now - self._started:6.1f}s  {text}")

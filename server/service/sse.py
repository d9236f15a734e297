"""A run's events as server-sent events: where a client resumes, how many may listen, and the frames."""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Callable, Iterator

from server.events import Event
from server.service.errors import ApiError
from server.service.runs import RunManager

# A seq is stored as a 64-bit integer: an id of more digits than this is no event of ours (and SQLite
# could not compare it). ASCII digits only: str.isdigit() accepts '²' and '٣', which int() refuses or reads.
EVENT_ID = re.compile(r"[0-9]{1,18}")
# Seconds a listener turned away waits before asking again: runs last tens of seconds, so slots free often.
RETRY_AFTER_SECONDS = 5


def resume_after(header: str | None, query: str | None) -> int:
    """The seq a client has seen, from its Last-Event-ID header (or ?last_event_id=); 0 for none."""
    after = header or query or "0"
    if not EVENT_ID.fullmatch(after):
        raise ApiError(
            400, "bad_request", f"Last-Event-ID must be an event id (a whole number), not {after[:50]!r}."
        )
    return int(after)


class StreamSlots:
    """How many event streams may be open at once: each holds a server thread while it lasts."""

    def __init__(self, limit: int):
        self.limit = limit
        self._free = threading.BoundedSemaphore(limit)

    def take(self) -> Callable[[], None]:
        """A slot for one stream, and the call that gives it back (once, however often it is called).

        Raises a 503 with Retry-After when every slot is taken: the run goes on, and GET /runs/<id> reads it.
        """
        if not self._free.acquire(blocking=False):
            raise ApiError(
                503,
                "too_many_streams",
                f"{self.limit} event streams are open on this server, its most; try again in "
                f"{RETRY_AFTER_SECONDS} s, or read the run with GET /api/v1/runs/<id>.",
                {"Retry-After": str(RETRY_AFTER_SECONDS)},
            )
        once = threading.Lock()

        def give_back() -> None:
            if once.acquire(blocking=False):
                self._free.release()

        return give_back


def sse_stream(events: Iterator[Event | None], run_id: str, runs: RunManager) -> Iterator[str]:
    """Server-sent event frames for a run's events, ending with `event: end`."""
    yield "retry: 3000\n\n"  # also sends the headers at once, before the first event
    for item in events:
        if item is None:
            yield ": keep-alive\n\n"
        else:
            yield f"id: {item.seq}\nevent: {item.type}\ndata: {item.model_dump_json()}\n\n"
    yield f"event: end\ndata: {json.dumps({'run_id': run_id, 'status': runs.status(run_id)})}\n\n"

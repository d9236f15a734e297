"""A run's events as server-sent events: where a client resumes, and the frames it reads."""

from __future__ import annotations

import json
from collections.abc import Iterator

from server.events import Event
from server.service.errors import ApiError
from server.service.runs import RunManager


def resume_after(header: str | None, query: str | None) -> int:
    """The seq a client has seen, from its Last-Event-ID header (or ?last_event_id=); 0 for none."""
    after = header or query or "0"
    if not after.isdigit():
        raise ApiError(400, "bad_request", f"Last-Event-ID must be a whole number, not {after[:50]!r}.")
    return int(after)


def sse_stream(events: Iterator[Event | None], run_id: str, runs: RunManager) -> Iterator[str]:
    """Server-sent event frames for a run's events, ending with `event: end`."""
    yield "retry: 3000\n\n"  # also sends the headers at once, before the first event
    for item in events:
        if item is None:
            yield ": keep-alive\n\n"
        else:
            yield f"id: {item.seq}\nevent: {item.type}\ndata: {item.model_dump_json()}\n\n"
    yield f"event: end\ndata: {json.dumps({'run_id': run_id, 'status': runs.status(run_id)})}\n\n"

"""Progress events: one typed model per kind, older stored events still read, and the API document and the
side panel agree with the models."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from server import storage
from server.config import Settings
from server.events import EVENT_KINDS, EventBase, ProgressEvent, parse_event
from server.models import Person, ResearchRequest
from server.storage.tables import RunEventRow
from tests.support.fixture_types import Research
from tests.support.persona import DANA

# The default user: made first by the users migration, what single-user use stores under.
OWNER = 1

ROOT = Path(__file__).resolve().parents[2]
PROGRESS_JS = ROOT / "extension" / "panel" / "progress.js"
# The person as older stored events carry her: every field then known, unknown ones null.
STORED_DANA = {**DANA, "title": None, "company": None}
FACT = {
    "id": "f1",
    "kind": "role",
    "text": "Dana Okafor is VP of Data Engineering.",
    "quote": "Dana Okafor, VP of Data Engineering",
    "source_url": "http://northwind.test/team",
    "date": None,
    "confidence": 0.9,
    "superseded": False,
}
PACKET = {
    "kind": "insight",
    "text": "A note on streaming migrations.",
    "fact_ids": ["f1"],
    "professional": True,
    "resource": None,
    "introduction": None,
}
URL = "http://northwind.test/team"

# Events as an older version stored them: no `kind`, and `data` exactly as its emitters wrote it.
STORED_BEFORE_KINDS: dict[str, dict[str, Any]] = {
    "run_started": {"stage": "run", "type": "started", "data": {"person": STORED_DANA}},
    "discover_started": {"stage": "discover", "type": "started", "data": {"urls": [URL], "captured": []}},
    "searched": {"stage": "discover", "type": "search", "data": {"urls": [URL]}},
    "links_found": {"stage": "discover", "type": "links", "data": {"url": URL, "added": 3}},
    "page_read": {
        "stage": "fetch",
        "type": "page",
        "data": {"url": URL, "status": "ok", "from_cache": True, "hop": 1},
    },
    "page_failed": {
        "stage": "fetch",
        "type": "page",
        "data": {"url": URL, "status": "blocked", "reason": "robots.txt disallows it", "hop": 0},
    },
    "page_extracted": {
        "stage": "extract",
        "type": "page",
        "data": {"url": URL, "title": "Team", "published": None, "links": 12},
    },
    "page_judged": {
        "stage": "identify",
        "type": "page",
        "data": {"url": URL, "subject": "person", "confidence": 0.9},
    },
    "page_facts": {"stage": "facts", "type": "page", "data": {"url": URL, "facts": [FACT]}},
    "fetch_done": {"stage": "fetch", "type": "done", "data": {"pages": 4}},
    "facts_done": {"stage": "facts", "type": "done", "data": {"count": 1, "person": STORED_DANA}},
    "generosity_started": {"stage": "generosity", "type": "started", "data": {}},
    "generosity_done": {"stage": "generosity", "type": "done", "data": {"packets": [PACKET]}},
    "draft_started": {"stage": "draft", "type": "started", "data": {"packet": 0, "tone": "warm"}},
    "draft_done": {
        "stage": "draft",
        "type": "done",
        "data": {"engine": "offline", "revised": False, "calls": 0},
    },
    "check_done": {
        "stage": "check",
        "type": "done",
        "data": {"score": 92.0, "issues": [{"code": "long", "message": "A little long."}]},
    },
    "run_ended": {"stage": "run", "type": "failed", "data": {"status": "failed"}},
}


def kind_of(model: type[EventBase]) -> str:
    return model.model_fields["kind"].default


def data_fields() -> set[str]:
    """Every field any kind's `data` may carry."""
    fields: set[str] = set()
    for model in EVENT_KINDS:
        data_model = model.model_fields["data"].annotation
        fields |= set(data_model.model_fields)
    return fields


def test_the_samples_cover_every_kind() -> None:
    assert set(STORED_BEFORE_KINDS) == {kind_of(model) for model in EVENT_KINDS}


@pytest.mark.parametrize("kind", sorted(STORED_BEFORE_KINDS))
def test_an_event_stored_before_kinds_reads_as_its_kind(kind: str) -> None:
    stored = {"seq": 7, "message": "m", **STORED_BEFORE_KINDS[kind]}
    event = parse_event(stored)
    assert event.kind == kind
    assert (event.seq, event.stage, event.type) == (7, stored["stage"], stored["type"])
    # What it says now is what it said then, plus its kind (and defaults the old one left out).
    dumped = event.model_dump(mode="json")
    assert dumped.pop("kind") == kind
    assert only_what_was_stored(dumped, stored) == stored


def only_what_was_stored(now: Any, then: Any) -> Any:
    """`now` without the keys `then` lacks, at every depth (fields added since, such as a person's
    title_since or a packet's gift)."""
    if isinstance(now, dict) and isinstance(then, dict):
        return {k: only_what_was_stored(v, then[k]) for k, v in now.items() if k in then}
    if isinstance(now, list) and isinstance(then, list) and len(now) == len(then):
        return [only_what_was_stored(n, t) for n, t in zip(now, then, strict=True)]
    return now


def test_older_event_rows_load_from_the_database(engine: Engine) -> None:
    storage.create_run(engine, OWNER, "old", ResearchRequest(person=Person(name="Dana Okafor")))
    with Session(engine) as session, session.begin():
        session.add_all(
            RunEventRow(run_id="old", seq=seq, message=f"event {seq}", **STORED_BEFORE_KINDS[kind])
            for seq, kind in enumerate(STORED_BEFORE_KINDS, start=1)
        )
    events = storage.events_after(engine, "old")
    assert [e.kind for e in events] == list(STORED_BEFORE_KINDS)
    assert [e.seq for e in events] == list(range(1, len(STORED_BEFORE_KINDS) + 1))


def test_typed_events_go_through_storage_unchanged(engine: Engine) -> None:
    storage.create_run(engine, OWNER, "r1", ResearchRequest(person=Person(name="Dana Okafor")))
    written = [
        parse_event({"seq": seq, "message": kind, "kind": kind, **STORED_BEFORE_KINDS[kind]})
        for seq, kind in enumerate(STORED_BEFORE_KINDS, start=1)
    ]
    for event in written:
        storage.add_event(engine, "r1", event)
    assert storage.events_after(engine, "r1") == written


def test_an_event_whose_data_does_not_fit_its_kind_is_refused() -> None:
    with pytest.raises(ValueError, match="page_read"):
        parse_event({"stage": "fetch", "type": "page", "message": "m", "kind": "page_read", "data": {}})


def test_the_openapi_document_describes_every_event_kind(
    make_app: Callable[..., Flask], no_research: Research
) -> None:
    app = make_app(RESEARCH=no_research)
    auth = {"Authorization": f"Bearer {app.extensions['rapport.token']}"}
    doc = app.test_client().get("/api/v1/openapi.json", headers=auth).get_json()
    schemas = doc["components"]["schemas"]
    union = schemas[ProgressEvent.__name__]
    assert union["discriminator"]["propertyName"] == "kind"
    mapping = union["discriminator"]["mapping"]
    assert set(mapping) == {kind_of(model) for model in EVENT_KINDS}
    for model in EVENT_KINDS:
        kind = kind_of(model)
        schema = schemas[model.__name__]
        assert mapping[kind] == f"#/components/schemas/{model.__name__}"
        assert schema["properties"]["kind"]["const"] == kind
        assert {"seq", "stage", "type", "message", "kind", "data"} <= set(schema["properties"])
        assert schema["properties"]["data"]["$ref"].rsplit("/", 1)[1] in schemas
    # The events route is documented as the stream it is, each event's data one ProgressEvent.
    ok = doc["paths"]["/api/v1/runs/{run_id}/events"]["get"]["responses"]["200"]
    assert ok["content"] == {"text/event-stream": {"schema": {"$ref": "#/components/schemas/ProgressEvent"}}}


def test_the_panel_reads_only_fields_the_event_models_have() -> None:
    source = PROGRESS_JS.read_text(encoding="utf-8")
    read = set(re.findall(r"\bdata\??\.(\w+)", source))
    assert read, "progress.js no longer reads event data: update this test"
    assert read <= data_fields(), f"progress.js reads fields no event kind has: {read - data_fields()}"
    top = set(re.findall(r"\bevent\??\.(\w+)", source))
    assert top <= set(EventBase.model_fields) | {"data"}, f"unknown event fields: {top}"


@pytest.fixture
def engine(settings: Settings) -> Iterator[Engine]:
    engine = storage.make_engine(settings)
    yield engine
    engine.dispose()

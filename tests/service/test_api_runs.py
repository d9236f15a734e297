"""Runs end to end: progress streamed as server-sent events over real HTTP, stored runs, failures, erasure."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
import pytest
from flask import Flask

from server import storage
from server.app import shutdown
from server.config import Settings
from server.events import (
    DiscoverStarted,
    DiscoverStartedData,
    DraftStarted,
    DraftStartedData,
    Event,
    FactsDone,
    FactsDoneData,
    PageFacts,
    PageFactsData,
    PageRead,
    PageReadData,
    parse_event,
)
from server.models import (
    Checks,
    Dossier,
    Draft,
    Fact,
    LLMUsage,
    Packet,
    ResearchRequest,
    Response,
    RunRequest,
    Source,
)
from server.service.runs import RunManager, RunNotFound
from server.writing.drafting import Drafting
from tests.support.fixture_types import (
    AssertError,
    AssertRunContract,
    CountRows,
    Research,
    Serving,
    StartRun,
    WaitUntilFinished,
)
from tests.support.persona import DANA, DANA_EMAIL, DANA_PERSON

# The default user: made first by the users migration, what single-user use stores under.
OWNER = 1

Emit = Callable[[Event], None]
MIGUEL = {"name": "Miguel Santos", "email": "miguel.santos.ops@gmail.com"}
PIPELINE = ["run", "discover", "fetch", "extract", "identify", "facts"]


def started(urls: list[str], message: str = "Starting from 1 page(s)") -> DiscoverStarted:
    return DiscoverStarted(message=message, data=DiscoverStartedData(urls=urls, captured=[]))


def sources_research(request: ResearchRequest, emit: Emit) -> Dossier:
    """A dossier whose one source is the person's own site, named after them (for erasure)."""
    slug = request.person.name.lower().replace(" ", "")
    url = f"http://{slug}.test/"
    fact = Fact(
        id="f1",
        kind="interest",
        text=f"{request.person.name} writes.",
        quote="I write",
        source_url=url,
        confidence=0.5,
    )
    emit(PageFacts(message=f"1 fact from {url}", data=PageFactsData(url=url, facts=[fact])))
    return Dossier(person=request.person, facts=[fact], sources=[Source(url=url, status="used")])


def read_events(
    base: str,
    run_id: str,
    token: str,
    last_event_id: int | None = None,
    on_frame: Callable[[dict[str, str]], None] | None = None,
) -> list[dict[str, str]]:
    """Read a run's event stream to its `end`: each frame a dict of its fields (comments under ":")."""
    headers = {"Authorization": f"Bearer {token}"}
    if last_event_id is not None:
        headers["Last-Event-ID"] = str(last_event_id)
    frames: list[dict[str, str]] = []
    with httpx.stream("GET", f"{base}/api/v1/runs/{run_id}/events", headers=headers, timeout=20) as resp:
        assert resp.status_code == 200
        assert resp.headers["content-type"].startswith("text/event-stream")
        assert resp.headers["cache-control"] == "no-cache"
        frame: dict[str, str] = {}
        for line in resp.iter_lines():
            if line:
                name, _, value = line.partition(":")
                frame[name] = frame.get(name, "") + value.removeprefix(" ")
                continue
            if frame:
                frames.append(frame)
                if on_frame is not None:
                    on_frame(frame)
                if frame.get("event") == "end":
                    break
            frame = {}
    assert frames and frames[-1].get("event") == "end", "the stream closed without an end event"
    return frames


def events_of(frames: list[dict[str, str]]) -> list[dict[str, Any]]:
    return [json.loads(f["data"]) for f in frames if "id" in f]


def start(base: str, token: str, body: dict[str, Any]) -> str:
    resp = httpx.post(
        f"{base}/api/v1/runs", json=body, headers={"Authorization": f"Bearer {token}"}, timeout=10
    )
    assert resp.status_code == 202, resp.text
    return resp.json()["run_id"]


# --- Progress as server-sent events --------------------------------------------------------------------


def test_dana_run_streams_every_stage_in_order_then_ends(
    serving: Serving, make_app: Callable[..., Flask], assert_run_contract: AssertRunContract
) -> None:
    app = make_app()  # the real pipeline, on the fixture web
    token = app.extensions["rapport.token"]
    with serving(app) as base:
        run_id = start(base, token, {"person": DANA})
        frames = read_events(base, run_id, token)
        run = httpx.get(f"{base}/api/v1/runs/{run_id}", headers={"Authorization": f"Bearer {token}"}).json()

    events = events_of(frames)
    # Each frame's data is one typed event, named by its kind, and nothing else.
    assert [parse_event(e).model_dump(mode="json") for e in events] == events
    assert [e["seq"] for e in events] == list(range(1, len(events) + 1))
    assert [f["id"] for f in frames if "id" in f] == [str(e["seq"]) for e in events]
    assert all(f["event"] == e["type"] for f, e in zip([f for f in frames if "id" in f], events, strict=True))
    first_seen = list(dict.fromkeys(e["stage"] for e in events))
    assert [s for s in first_seen if s in PIPELINE] == PIPELINE
    for url in {e["data"]["url"] for e in events if "url" in e["data"]}:
        stages = [e["stage"] for e in events if e["data"].get("url") == url]
        order = [s for s in ("fetch", "extract", "identify") if s in stages]
        assert [stages.index(s) for s in order] == sorted(stages.index(s) for s in order), url
    assert (events[-1]["stage"], events[-1]["type"]) == ("run", "done")
    assert json.loads(frames[-1]["data"]) == {"run_id": run_id, "status": "done"}

    assert_run_contract(run)
    assert run["run_id"] == run_id
    assert run["status"] == "done"
    assert run["error"] is None
    assert run["person"]["name"] == "Dana Okafor"
    assert run["person"]["email"] == DANA_EMAIL
    assert any(f["kind"] == "role" and "VP of Data Engineering" in f["text"] for f in run["facts"])
    assert any(s["status"] == "used" for s in run["sources"])


def test_a_late_client_gets_the_stored_events_and_can_resume(
    serving: Serving,
    make_app: Callable[..., Flask],
    wait_until_finished: WaitUntilFinished,
    quick_research: Research,
) -> None:
    app = make_app(RESEARCH=quick_research)
    token = app.extensions["rapport.token"]
    with serving(app) as base:
        run_id = start(base, token, {"person": DANA})
        wait_until_finished(app, run_id)
        everything = events_of(read_events(base, run_id, token))
        resumed = events_of(read_events(base, run_id, token, last_event_id=3))
    assert everything[-1]["type"] == "done"
    assert resumed == everything[3:]


def test_events_stream_live_with_keep_alives_while_the_run_works(
    make_app: Callable[..., Flask], settings: Settings, serving: Serving
) -> None:
    gate = threading.Event()

    def slow_research(request: ResearchRequest, emit: Emit) -> Dossier:
        emit(started([], "Starting"))
        assert gate.wait(10), "the test never let the run go on"
        emit(FactsDone(message="0 facts", data=FactsDoneData(count=0, person=request.person)))
        return Dossier(person=request.person)

    app = make_app(SETTINGS=settings.replace(sse_keepalive_seconds=0.1), RESEARCH=slow_research)
    token = app.extensions["rapport.token"]
    seen: list[dict[str, str]] = []

    def on_frame(frame: dict[str, str]) -> None:
        seen.append(frame)
        # The run is held until the client has had the first event and a keep-alive: both came live.
        if any(f.get("event") == "started" for f in seen) and any("" in f for f in seen):
            gate.set()

    with serving(app) as base:
        run_id = start(base, token, {"person": DANA, "draft": False})
        frames = read_events(base, run_id, token, on_frame=on_frame)
    assert gate.is_set()
    assert [e["type"] for e in events_of(frames)] == ["started", "done", "done"]
    assert any(f.get("") == "keep-alive" for f in frames)
    assert json.loads(frames[-1]["data"])["status"] == "done"


# --- Stored runs ---------------------------------------------------------------------------------------


def test_a_finished_run_survives_a_restart(
    make_app: Callable[..., Flask], wait_until_finished: WaitUntilFinished
) -> None:
    first = make_app()
    token = first.extensions["rapport.token"]
    resp = first.test_client().post(
        "/api/v1/runs", json={"person": DANA}, headers={"Authorization": f"Bearer {token}"}
    )
    run_id = resp.get_json()["run_id"]
    before = wait_until_finished(first, run_id)
    shutdown(first)

    second = make_app()
    assert second.extensions["rapport.token"] == token
    after = second.test_client().get(f"/api/v1/runs/{run_id}", headers={"Authorization": f"Bearer {token}"})
    assert after.status_code == 200
    assert after.get_json() == before
    assert before["status"] == "done" and before["facts"]


def test_a_run_left_unfinished_by_a_stopped_server_is_failed_on_start(
    make_app: Callable[..., Flask], settings: Settings, quick_research: Research
) -> None:
    engine = storage.make_engine(settings)
    storage.create_run(engine, OWNER, "left-running", ResearchRequest(person=DANA_PERSON))
    storage.set_status(engine, "left-running", "running")
    engine.dispose()

    app = make_app(RESEARCH=quick_research)
    run = app.extensions["rapport.runs"].get(OWNER, "left-running")
    assert run.status == "failed"
    assert run.error and "interrupted" in run.error


# --- Failures keep what was found ----------------------------------------------------------------------


def test_a_run_whose_research_raises_ends_failed_keeping_its_events(
    serving: Serving,
    make_app: Callable[..., Flask],
    wait_until_finished: WaitUntilFinished,
    assert_run_contract: AssertRunContract,
) -> None:
    def broken_research(request: ResearchRequest, emit: Emit) -> Dossier:
        emit(started(["http://northwind.test/team"]))
        raise ValueError("the search index is unavailable")

    app = make_app(RESEARCH=broken_research)
    token = app.extensions["rapport.token"]
    with serving(app) as base:
        run_id = start(base, token, {"person": DANA})
        frames = read_events(base, run_id, token)
    assert json.loads(frames[-1]["data"])["status"] == "failed"
    events = events_of(frames)
    assert [(e["stage"], e["type"]) for e in events] == [("discover", "started"), ("run", "failed")]
    assert "the search index is unavailable" in events[-1]["message"]

    run = wait_until_finished(app, run_id)
    assert_run_contract(run)
    assert run["status"] == "failed"
    assert run["error"] == "ValueError: the search index is unavailable"
    assert run["person"]["name"] == "Dana Okafor"


def test_a_drafting_failure_keeps_the_stored_research(
    make_app: Callable[..., Flask],
    wait_until_finished: WaitUntilFinished,
    quick_research: Research,
    start_run: StartRun,
) -> None:
    def broken_draft(request: ResearchRequest, dossier: Dossier, emit: Emit) -> tuple[list[Packet], Draft]:
        emit(DraftStarted(message="Drafting", data=DraftStartedData(packet=0, tone="warm")))
        raise TimeoutError("the LLM did not answer in 60s")

    app = make_app(RESEARCH=quick_research, DRAFT=broken_draft)
    run_id = start_run(app, {"person": DANA})
    run = wait_until_finished(app, run_id)
    assert run["status"] == "failed"
    assert run["error"] == "TimeoutError: the LLM did not answer in 60s"
    assert [f["id"] for f in run["facts"]] == ["f1"]
    assert len(run["sources"]) == 2
    assert run["person"]["title"] == "VP of Data Engineering"
    assert run["draft"] is None


def test_a_draft_is_stored_with_its_packets(
    make_app: Callable[..., Flask],
    wait_until_finished: WaitUntilFinished,
    assert_run_contract: AssertRunContract,
    quick_research: Research,
    start_run: StartRun,
) -> None:
    def draft(request: RunRequest, dossier: Dossier, emit: Emit | None, **asked: object) -> Drafting:
        packets = [Packet(kind="congratulate", text="Congratulate Dana on the VP role", fact_ids=["f1"])]
        checks = Checks(score=92, issues=[])
        draft = Draft(subject="Congrats", body="Hi Dana", fact_ids=["f1"], engine="offline", checks=checks)
        return Drafting(packets, draft, 0, "warm", LLMUsage(calls=1, input_tokens=900, output_tokens=120))

    app = make_app(RESEARCH=quick_research, DRAFT=draft)
    run_id = start_run(app, {"person": DANA})
    run = wait_until_finished(app, run_id)
    assert_run_contract(run)
    assert run["status"] == "done"
    assert run["draft"] == {
        "subject": "Congrats",
        "body": "Hi Dana",
        "fact_ids": ["f1"],
        "engine": "offline",
        "checks": {"score": 92.0, "issues": []},
    }
    assert run["generosity"][0]["kind"] == "congratulate"
    assert (run["selected_packet"], run["tone"]) == (0, "warm")
    assert run["usage"] == {"calls": 1, "input_tokens": 900, "output_tokens": 120, "estimated": False}


# --- Erasing a contact ---------------------------------------------------------------------------------


def test_erasing_a_contact_removes_everything_stored_about_them(
    make_app: Callable[..., Flask],
    assert_error: AssertError,
    wait_until_finished: WaitUntilFinished,
    count_rows: CountRows,
) -> None:
    app = make_app(RESEARCH=sources_research)
    engine = app.extensions["rapport.engine"]
    client = app.test_client()
    auth = {"Authorization": f"Bearer {app.extensions['rapport.token']}"}
    research_only = {"draft": False}
    not_her = {"exclude_urls": ["http://sweetcrumb.test/about"]}
    dana_by_email = client.post(
        "/api/v1/runs", json={"person": DANA, **not_her, **research_only}, headers=auth
    )
    dana_by_name = client.post(
        "/api/v1/runs", json={"person": {"name": "DANA OKAFOR"}, **research_only}, headers=auth
    )
    miguel = client.post("/api/v1/runs", json={"person": MIGUEL, **research_only}, headers=auth)
    dana_by_email, miguel = dana_by_email.get_json()["run_id"], miguel.get_json()["run_id"]
    for run_id in (dana_by_email, dana_by_name.get_json()["run_id"], miguel):
        wait_until_finished(app, run_id)
    storage.save_feedback(engine, dana_by_email, "Congrats", "Hi Dana, congratulations")
    cache = storage.SqlPageCache(engine)
    for url in ("http://danaokafor.test/", "http://miguelsantos.test/"):
        page = Response(
            url=url,
            final_url=url,
            status_code=200,
            content_type="text/html",
            text="<p>hi</p>",
            fetched_at=storage.utcnow(),
        )
        cache.put(page)

    resp = client.delete("/api/v1/contacts?email=Dana.Okafor@northwind.test&name=Dana%20Okafor", headers=auth)
    assert resp.status_code == 200
    assert resp.get_json() == {
        "erased": {
            "runs": 2,
            "events": 4,
            "facts": 2,
            "sources": 2,
            "drafts": 0,
            "feedback": 1,
            "cached_pages": 1,
            "excluded_pages": 1,
            "contacts": 0,
        }
    }
    assert_error(client.get(f"/api/v1/runs/{dana_by_email}", headers=auth), 404, "run_not_found")
    assert client.get(f"/api/v1/runs/{miguel}", headers=auth).get_json()["facts"]
    left = count_rows(engine)
    assert (left["runs"], left["run_events"], left["facts"], left["sources"], left["feedback"]) == (
        1,
        2,
        1,
        1,
        0,
    )
    assert cache.get("http://danaokafor.test/", max_age=3600) is None
    assert cache.get("http://miguelsantos.test/", max_age=3600) is not None

    again = client.delete(f"/api/v1/contacts?email={DANA_EMAIL}", headers=auth)
    assert again.get_json()["erased"]["runs"] == 0


def test_erasing_waits_for_the_contacts_working_runs(
    make_app: Callable[..., Flask],
    assert_error: AssertError,
    wait_until_finished: WaitUntilFinished,
) -> None:
    gate = threading.Event()

    def held_research(request: ResearchRequest, emit: Emit) -> Dossier:
        assert gate.wait(10)
        return Dossier(person=request.person)

    app = make_app(RESEARCH=held_research)
    client = app.test_client()
    auth = {"Authorization": f"Bearer {app.extensions['rapport.token']}"}
    run_id = client.post("/api/v1/runs", json={"person": DANA}, headers=auth).get_json()["run_id"]
    try:
        resp = client.delete(f"/api/v1/contacts?email={DANA_EMAIL}", headers=auth)
        assert "still working" in assert_error(resp, 409, "contact_busy")
    finally:
        gate.set()
    wait_until_finished(app, run_id)
    assert client.delete(f"/api/v1/contacts?email={DANA_EMAIL}", headers=auth).status_code == 200


# --- The run manager on its own ------------------------------------------------------------------------


@pytest.fixture
def engine(settings: Settings) -> Iterator[Any]:
    engine = storage.make_engine(settings)
    yield engine
    engine.dispose()


def test_events_emitted_from_many_threads_get_one_gapless_sequence(engine: Any) -> None:
    def busy_research(request: ResearchRequest, emit: Emit) -> Dossier:
        def burst(worker: int) -> None:
            for i in range(25):
                data = PageReadData(url=f"http://w{worker}.test/{i}", from_cache=False, hop=0)
                emit(PageRead(message=f"{worker}/{i}", data=data))

        with ThreadPoolExecutor(8) as pool:
            list(pool.map(burst, range(8)))
        return Dossier(person=request.person)

    runs = RunManager(engine, busy_research, workers=2)
    try:
        run_id = runs.start(OWNER, ResearchRequest(person=DANA_PERSON))
        events = [e for e in runs.follow(OWNER, run_id) if e is not None]
    finally:
        runs.shutdown()
    assert [e.seq for e in events] == list(range(1, 202))
    assert sorted(e.message for e in events[:-1]) == sorted(f"{w}/{i}" for w in range(8) for i in range(25))


def test_following_a_finished_run_replays_and_returns(engine: Any, quick_research: Research) -> None:
    runs = RunManager(engine, quick_research, workers=1, keepalive_seconds=0.05)
    try:
        run_id = runs.start(OWNER, ResearchRequest(person=DANA_PERSON))
        live = list(runs.follow(OWNER, run_id))
        replay = list(runs.follow(OWNER, run_id))
        tail = list(runs.follow(OWNER, run_id, after_seq=len(replay) - 1))
    finally:
        runs.shutdown()
    assert replay == [e for e in live if e is not None]
    assert tail == replay[-1:]
    with pytest.raises(RunNotFound):
        runs.follow(OWNER, "no-such-run")


def test_a_follower_on_another_thread_sees_events_as_they_happen(engine: Any) -> None:
    steps = [threading.Event() for _ in range(3)]

    def stepped_research(request: ResearchRequest, emit: Emit) -> Dossier:
        for i, step in enumerate(steps):
            assert step.wait(10)
            emit(
                PageRead(
                    message=f"step {i}", data=PageReadData(url=f"http://{i}.test/", from_cache=False, hop=0)
                )
            )
        return Dossier(person=request.person)

    runs = RunManager(engine, stepped_research, workers=1, keepalive_seconds=0.05)
    try:
        follower = runs.follow(OWNER, runs.start(OWNER, ResearchRequest(person=DANA_PERSON)))
        for i, step in enumerate(steps):
            step.set()  # one event at a time: the follower can only have it live
            item = next(follower)
            while item is None:
                item = next(follower)
            assert item.message == f"step {i}"
        rest = [e for e in follower if e is not None]
    finally:
        runs.shutdown()
    assert [(e.stage, e.type) for e in rest] == [("run", "done")]


def test_an_idle_follower_gets_keep_alive_ticks(engine: Any) -> None:
    gate = threading.Event()

    def held_research(request: ResearchRequest, emit: Emit) -> Dossier:
        assert gate.wait(10)
        return Dossier(person=request.person)

    runs = RunManager(engine, held_research, workers=1, keepalive_seconds=0.05)
    try:
        follower = runs.follow(OWNER, runs.start(OWNER, ResearchRequest(person=DANA_PERSON)))
        began = time.monotonic()
        assert next(follower) is None
        assert next(follower) is None
        assert time.monotonic() - began < 2
        gate.set()
        assert [e.type for e in follower if e is not None] == ["done"]
    finally:
        gate.set()
        runs.shutdown()

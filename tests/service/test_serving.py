"""The server as `serve` builds it, over real HTTP on 127.0.0.1: open event streams never take the threads
requests need, a stream past the cap is told when to come back, and waitress's own refusals speak JSON."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from typing import Any

import httpx
import pytest
from flask import Flask

from server.config import Settings
from server.events import Event
from server.models import Dossier, ResearchRequest
from tests.support.fixture_types import AssertError, Serving
from tests.support.persona import DANA

Emit = Callable[[Event], None]
THREADS = 2  # request threads: fewer than the streams opened below


@pytest.fixture
def held_app(make_app: Callable[..., Flask], settings: Settings) -> Iterator[Callable[..., Flask]]:
    """Apps whose research waits until the test ends, so their runs' streams stay open."""
    gate = threading.Event()

    def held_research(request: ResearchRequest, emit: Emit) -> Dossier:
        assert gate.wait(30), "the test never let the research go on"
        return Dossier(person=request.person)

    def build(**changes: Any) -> Flask:
        return make_app(SETTINGS=settings.replace(**changes), RESEARCH=held_research)

    try:
        yield build
    finally:
        gate.set()


@contextmanager
def listening(client: httpx.Client, url: str, headers: dict[str, str]) -> Iterator[httpx.Response]:
    """An open event stream whose first bytes have arrived."""
    with client.stream("GET", url, headers=headers) as resp:
        assert resp.status_code == 200, resp.read()
        chunks = resp.iter_raw()  # kept: an iterator dropped half-read closes the connection
        assert next(chunks).startswith(b"retry:")
        yield resp


def test_open_event_streams_do_not_starve_requests(held_app: Callable[..., Flask], serving: Serving) -> None:
    # Before: each stream held one of waitress's request threads for its run's length, so with every
    # thread streaming, the next listener and /health waited for a run to end.
    app = held_app(max_streams=THREADS * 3, sse_keepalive_seconds=0.1)
    auth = {"Authorization": f"Bearer {app.extensions['rapport.token']}"}
    with serving(app, threads=THREADS) as base, httpx.Client(timeout=10) as client, ExitStack() as streams:
        run_id = client.post(f"{base}/api/v1/runs", json={"person": DANA}, headers=auth).json()["run_id"]
        for _ in range(THREADS * 3):
            asked = time.monotonic()
            streams.enter_context(listening(client, f"{base}/api/v1/runs/{run_id}/events", auth))
            assert time.monotonic() - asked < 2
        asked = time.monotonic()
        assert client.get(f"{base}/api/v1/health").json()["status"] == "ok"
        assert client.get(f"{base}/api/v1/runs/{run_id}", headers=auth).json()["status"] == "running"
        assert time.monotonic() - asked < 2


def test_a_stream_past_the_cap_is_told_503_with_retry_after_and_gets_its_turn(
    held_app: Callable[..., Flask], serving: Serving, assert_error: AssertError
) -> None:
    app = held_app(max_streams=2, sse_keepalive_seconds=0.1)
    auth = {"Authorization": f"Bearer {app.extensions['rapport.token']}"}
    with serving(app, threads=THREADS) as base, httpx.Client(timeout=10) as client:
        run_id = client.post(f"{base}/api/v1/runs", json={"person": DANA}, headers=auth).json()["run_id"]
        events = f"{base}/api/v1/runs/{run_id}/events"
        with listening(client, events, auth), ExitStack() as second:
            second.enter_context(listening(client, events, auth))
            refused = client.get(events, headers=auth)
            message = assert_error(refused, 503, "too_many_streams")
            assert refused.headers["Retry-After"] == "5"
            assert "GET /api/v1/runs/<id>" in message
            second.close()  # the listener goes away: the server sees it at the next keep-alive
            deadline = time.monotonic() + 5
            while stream_status(client, events, auth) == 503:
                assert time.monotonic() < deadline, "the slot of a listener that left was never given back"
                time.sleep(0.1)


def stream_status(client: httpx.Client, url: str, headers: dict[str, str]) -> int:
    """The status an event stream opens with (the stream is closed at once)."""
    with client.stream("GET", url, headers=headers) as resp:
        return resp.status_code


def raw_request(base: str, request: bytes) -> httpx.Response:
    """Send bytes as they are (a malformed request no client library would send); the parsed answer."""
    host, port = base.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        sock.sendall(request)
        received = b""
        while chunk := sock.recv(65536):
            received += chunk
    head, _, body = received.partition(b"\r\n\r\n")
    status_line, *header_lines = head.decode("latin-1").split("\r\n")
    headers = dict(line.split(": ", 1) for line in header_lines)
    return httpx.Response(int(status_line.split()[1]), headers=headers, content=body)


@pytest.mark.parametrize(
    ("request_bytes", "status", "code", "says"),
    [
        pytest.param(
            b"POST /api/v1/runs HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            b"Content-Length: 99999999999\r\n\r\n",
            413,
            "payload_too_large",
            "limit of",
            id="a body over the limit",
        ),
        pytest.param(
            b"POST /api/v1/runs HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
            400,
            "bad_request",
            "chunk",
            id="a malformed chunked body",
        ),
    ],
)
def test_waitress_refusals_answer_in_the_one_error_shape(
    make_app: Callable[..., Flask],
    serving: Serving,
    assert_error: AssertError,
    request_bytes: bytes,
    status: int,
    code: str,
    says: str,
) -> None:
    # Before: waitress answered these itself in plain text, which the panel reports as "not Rapport".
    with serving(make_app()) as base:
        message = assert_error(raw_request(base, request_bytes), status, code)
    assert says in message.lower()

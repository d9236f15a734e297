"""A small web of fixture sites served from one real HTTP server on 127.0.0.1.

Sites are folders under tests/fixtures/web/<host>/ and are told apart by the Host header, so pages can
use realistic absolute links (http://northwind.test/team). The fetcher reaches them through a curl-style
connect-to rule (`*.test::127.0.0.1:<port>`), which maps every *.test host to this server.

Also used by bench/, which adds latency per request.
"""

from __future__ import annotations

import contextlib
import mimetypes
import random
import socket
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

from server.config import Settings

WEB_ROOT = Path(__file__).parent / "fixtures" / "web"


@dataclass
class Reply:
    status: int = 200
    body: bytes | str = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    # A server that holds a client as long as it likes: one byte every `trickle` seconds, from the status line
    # on ("head") or from the first byte of the body ("body").
    trickle: float = 0.0
    trickle_from: Literal["head", "body"] = "body"

    def encoded(self) -> bytes:
        return self.body.encode("utf-8") if isinstance(self.body, str) else self.body


Route = Callable[[str, str], Reply]  # (host, path with query) -> Reply


def _redirects(site: Path) -> dict[str, Reply]:
    """A site's permanent redirects, from its `_redirects` file ("/ http://new.test/ 301" a line, Netlify's
    format): a renamed company's old site sending visitors to the new one, for every test alike."""
    file = site / "_redirects"
    if not file.is_file():
        return {}
    rules = [line.split() for line in file.read_text().splitlines() if line.strip() and line[0] != "#"]
    return {path: Reply(int(code), "", {"Location": target}) for path, target, code in rules}


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        # A client that hangs up between requests (a fetcher done with a keep-alive connection) is normal.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


CLOSED_PORT = "::127.0.0.1:9"  # the connect-to rule for any host: a loopback port nothing listens on


def free_port() -> int:
    """A loopback port nothing listens on now: for a server to start on, or to find nobody there."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class FixtureWeb:
    def __init__(self, root: Path = WEB_ROOT, latency: float = 0.0, jitter: float = 0.0, seed: int = 0):
        """latency: seconds added to every answer; jitter: up to that many more, drawn per request from a
        sequence fixed by seed, so that fetches finish in another order from one seed to another."""
        self.root = root
        self.latency = latency
        self.jitter = jitter
        self._random = random.Random(seed)
        self.routes: dict[tuple[str, str], Reply | Route] = {}
        self.requests: list[tuple[str, str]] = []
        # Per host: the requests being answered now, and the most there ever were at once. A request counts
        # from when it is read to just before its answer is sent, so always within its client's wait.
        self._in_flight: Counter[str] = Counter()
        self._most_in_flight: Counter[str] = Counter()
        self._lock = threading.Lock()
        self._server = _QuietServer(("127.0.0.1", 0), self._handler_class())
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    # --- lifecycle
    def start(self) -> FixtureWeb:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> FixtureWeb:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # --- addresses
    @property
    def port(self) -> int:
        return self._server.server_address[1]

    @property
    def connect_to(self) -> str:
        """The Settings.connect_to rule that sends every *.test host, any port, to this server."""
        return f"*.test::127.0.0.1:{self.port}"

    def settings(self, home: Path, **overrides: Any) -> Settings:
        """Settings that reach this web: loopback allowed, *.test hosts here, quick timeouts, no retries."""
        values: dict[str, Any] = {
            "home": home,
            "fetch_allowlist": ("127.0.0.1",),
            # Every other host (a LinkedIn link, a talk on a real conference site) goes to a closed loopback
            # port: research may try it, and no request ever leaves the machine.
            "connect_to": (self.connect_to, CLOSED_PORT),
            "connect_timeout": 2.0,
            "read_timeout": 5.0,
            "fetch_retries": 0,
            "llm_retries": 0,
            "llm_timeout": 5.0,
        }
        return Settings(**{**values, **overrides})

    def url(self, host: str, path: str = "/") -> str:
        """A URL that reaches this server directly, without connect-to (for the CLI and loopback tests)."""
        return (
            f"http://{host}:{self.port}{path}"
            if host != "127.0.0.1"
            else f"http://127.0.0.1:{self.port}{path}"
        )

    # --- behaviour
    def route(self, host: str, path: str, reply: Reply | Route) -> None:
        self.routes[(host, path)] = reply

    def requested(self, host: str | None = None) -> list[str]:
        with self._lock:
            return [p for h, p in self.requests if host is None or h == host]

    def reset_log(self) -> None:
        with self._lock:
            self.requests.clear()

    def most_in_flight(self, host: str) -> int:
        """The most requests to `host` this server was answering at once."""
        with self._lock:
            return self._most_in_flight[host]

    def _arrived(self, host: str) -> None:
        with self._lock:
            self._in_flight[host] += 1
            self._most_in_flight[host] = max(self._most_in_flight[host], self._in_flight[host])

    def _answering(self, host: str) -> None:
        with self._lock:
            self._in_flight[host] -= 1

    def _resolve(self, host: str, path: str) -> Reply:
        route = self.routes.get((host, path)) or self.routes.get((host, urlsplit(path).path))
        if route is not None:
            return route(host, path) if callable(route) else route
        site = self.root / host
        moved = _redirects(site).get(urlsplit(path).path)
        if moved is not None:
            return moved
        rel = urlsplit(path).path.lstrip("/")
        candidates = [site / rel] if rel else []
        candidates += [site / rel / "index.html", site / f"{rel}.html"] if rel else [site / "index.html"]
        for candidate in candidates:
            if candidate.is_file() and site.resolve() in candidate.resolve().parents:
                ctype = mimetypes.guess_type(candidate.name)[0] or "application/octet-stream"
                if ctype.startswith("text/"):
                    ctype += "; charset=utf-8"
                return Reply(200, candidate.read_bytes(), {"Content-Type": ctype})
        return Reply(404, "<html><body><h1>Not found</h1></body></html>", {"Content-Type": "text/html"})

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        web = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def handle_one_request(self) -> None:
                # A TLS handshake (an https:// attempt on this plain-HTTP port) is refused at once, as a real
                # server does, instead of waiting for a request line that never comes.
                first = self.rfile.peek(1)[:1] if hasattr(self.rfile, "peek") else b""
                if first == b"\x16":
                    self.close_connection = True
                    return
                super().handle_one_request()

            def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
                host = (self.headers.get("Host") or "127.0.0.1").rsplit(":", 1)[0].strip("[]").lower()
                with web._lock:
                    web.requests.append((host, self.path))
                    extra = web._random.uniform(0, web.jitter) if web.jitter else 0.0
                web._arrived(host)
                try:
                    reply = web._resolve(host, self.path)
                    if web.latency or reply.delay or extra:
                        time.sleep(web.latency + reply.delay + extra)
                finally:
                    web._answering(host)
                body = reply.encoded()
                headers = {
                    "Content-Type": "text/html; charset=utf-8",
                    "Content-Length": str(len(body)),
                    **reply.headers,
                }
                if reply.trickle:
                    self._trickle(reply, headers, body)
                    return
                self.send_response(reply.status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.end_headers()
                with contextlib.suppress(ConnectionError):
                    self.wfile.write(body)

            def _trickle(self, reply: Reply, headers: dict[str, str], body: bytes) -> None:
                """The answer a byte at a time, until it is all sent or the client hangs up."""
                self.close_connection = True
                lines = [f"HTTP/1.1 {reply.status} {self.responses[reply.status][0]}"]
                lines += [f"{name}: {value}" for name, value in headers.items()]
                head = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")
                slow = head + body if reply.trickle_from == "head" else body
                with contextlib.suppress(ConnectionError):
                    if reply.trickle_from == "body":
                        self.wfile.write(head)
                    for byte in slow:
                        self.wfile.write(bytes([byte]))
                        self.wfile.flush()
                        time.sleep(reply.trickle)

            def log_message(self, format: str, *args: object) -> None:  # noqa: A002
                pass

        return Handler

"""The HTTP server: waitress, sized so that open event streams never take the threads requests need.

Waitress reads and writes sockets on one thread (an asyncore loop) and runs the app on a fixed pool of
threads; a streamed response holds its thread until it ends. So the pool is the request threads plus one
thread per event stream the app allows (Settings.max_streams, counted by service.sse.StreamSlots, past
which a listener gets 503 and Retry-After): a full house of streams leaves every request thread free.
"""

from __future__ import annotations

import json
from typing import Any

import waitress
from flask import Flask
from waitress.channel import HTTPChannel
from waitress.server import BaseWSGIServer, MultiSocketServer
from waitress.task import ErrorTask

from server.config import Settings
from server.service.errors import HTTP_CODES, too_large_message

# Connections beyond streams and busy requests: idle keep-alive connections of browsers and panels. Past
# waitress's connection limit it stops accepting, which would leave even /health unanswered.
SPARE_CONNECTIONS = 100


def make_server(
    app: Flask, host: str, port: int, *, threads: int, map: dict[int, Any] | None = None
) -> BaseWSGIServer | MultiSocketServer:
    """A waitress server for the app: `threads` for requests, and a thread for each stream it allows."""
    settings: Settings = app.config["SETTINGS"]
    sockets: dict[int, Any] = {} if map is None else map
    server = waitress.create_server(
        app,
        map=sockets,
        host=host,
        port=port,
        threads=threads + settings.max_streams,
        connection_limit=threads + settings.max_streams + SPARE_CONNECTIONS,
        # select() cannot watch descriptors numbered past 1024; poll() can.
        asyncore_use_poll=True,
        # A body over the limit is refused before it is read (not buffered to disk first, up to waitress's
        # 1 GB default, for the app to refuse), with the app's own answer.
        max_request_body_size=settings.max_request_bytes,
    )
    # Each listening socket (one per address the host resolves to) makes the channels of its connections.
    for listener in sockets.values():
        if isinstance(listener, BaseWSGIServer):
            listener.channel_class = JsonErrorChannel
    return server


class JsonErrorTask(ErrorTask):
    """What waitress answers itself (a malformed request, headers or body over its limits) in the API's
    one error shape, not as plain text: clients of a JSON API read these too."""

    def execute(self) -> None:
        error = self.request.error
        status = error.code
        if status == 413:
            message = too_large_message(self.channel.server.adj.max_request_body_size)
        else:
            message = f"{error.reason}: {error.body}."
        code = HTTP_CODES.get(status, "http_error")
        body = json.dumps({"error": {"code": code, "message": message}}).encode("utf-8")
        self.status = f"{status} {error.reason}"
        self.response_headers.append(("Content-Type", "application/json"))
        self.set_close_on_finish()
        self.content_length = len(body)
        self.write(body)


class JsonErrorChannel(HTTPChannel):
    error_task_class = JsonErrorTask

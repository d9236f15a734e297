"""A real OpenAI-compatible HTTP server on 127.0.0.1 that answers from a script, for testing the real client.

The openai client is built on httpx2, which respx and pytest-httpx cannot intercept; and a real server tests
what matters anyway: the bytes sent, the status codes, the client's own retries and timeouts.

    fake_llm.script(answer({"subject": "Hi"}), rate_limited(), slow(2.0))  # in order, one per request
    fake_llm.refuse_response_format("json_schema", status=500)  # a standing trait, like a real server
    fake_llm.requests[0]["response_format"]  # every request body, as sent

Tests get one by name from the `fake_llm` fixture (tests/conftest.py); bench/ starts its own.
"""

from __future__ import annotations

import json
import threading
import time
from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from pydantic import BaseModel

from server.config import Settings

MODEL = "fake-model"
API_KEY = "test-key"


@dataclass(frozen=True)
class Step:
    """One scripted reply: a chat completion (status 200) or an error status with an OpenAI-style body."""

    status: int = 200
    content: str | None = None
    usage: tuple[int, int] | None = None  # (prompt_tokens, completion_tokens); None: no usage in the reply
    finish_reason: str = "stop"
    error: Mapping[str, Any] | None = None
    headers: Mapping[str, str] = field(default_factory=dict)
    delay: float = 0.0
    # A 200 whose whole HTTP body is this, with this content type: a proxy's error page, a cut-off body.
    raw: tuple[str, str] | None = None


def answer(
    content: str | Mapping[str, Any] | BaseModel,
    *,
    usage: tuple[int, int] | None = (12, 7),
    finish_reason: str = "stop",
) -> Step:
    """A 200 whose message content is the given JSON (a string is sent exactly as given)."""
    if isinstance(content, BaseModel):
        content = content.model_dump_json()
    elif not isinstance(content, str):
        content = json.dumps(content)
    return Step(content=content, usage=usage, finish_reason=finish_reason)


def malformed(content: str = '{"subject": "Hello", "body": "cut off mid', **kwargs: Any) -> Step:
    """A 200 whose content is not valid JSON."""
    return answer(content, **kwargs)


def raw_body(body: str, content_type: str = "application/json") -> Step:
    """A 200 whose HTTP body is not a chat completion at all (not JSON, or HTML from a proxy)."""
    return Step(raw=(body, content_type))


def error(
    status: int, message: str = "something went wrong", *, kind: str = "server_error", **headers: str
) -> Step:
    """An error status with the body OpenAI sends: {"error": {"message", "type", "param", "code"}}."""
    body = {"message": message, "type": kind, "param": None, "code": None}
    return Step(status=status, error=body, headers={k.replace("_", "-"): v for k, v in headers.items()})


def rate_limited() -> Step:
    """A 429 asking to retry at once."""
    # openai ignores "retry-after: 0" (it falls back to its 0.5 s backoff); retry-after-ms keeps tests fast.
    return Step(
        status=429,
        error={
            "message": "Rate limit reached for requests",
            "type": "requests",
            "param": None,
            "code": "rate_limit_exceeded",
        },
        headers={"retry-after": "0", "retry-after-ms": "1"},
    )


def slow(seconds: float, then: Step | None = None) -> Step:
    """A reply sent only after a delay, to make the client time out."""
    then = then or answer({})
    return Step(
        status=then.status,
        content=then.content,
        usage=then.usage,
        finish_reason=then.finish_reason,
        error=then.error,
        headers=then.headers,
        delay=seconds,
    )


class FakeLLM:
    """POST /v1/chat/completions and GET /v1/models, answered from `script` in order."""

    def __init__(self, api_key: str = API_KEY):
        self.api_key = api_key
        self.requests: list[dict[str, Any]] = []  # every chat completion request body, refused ones included
        self.headers: list[dict[str, str]] = []  # their headers, names lowercased
        self._steps: deque[Step] = deque()
        self._refused: dict[str, int] = {}  # response_format type -> status it is refused with
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self._server.daemon_threads = True
        # A short poll interval: shutdown() waits for the next poll (0.5 s by default) in every teardown.
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.02,), daemon=True)

    # --- lifecycle
    def start(self) -> FakeLLM:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()  # wakes replies still sleeping in a delay
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> FakeLLM:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # --- addresses
    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}/v1"

    def settings(self, **overrides: Any) -> Settings:
        """Settings that reach this server, fast to fail: 1 s timeout, no retries unless overridden."""
        values: dict[str, Any] = {
            "openai_api_key": self.api_key,
            "openai_base_url": self.base_url,
            "openai_model": MODEL,
            "llm_timeout": 1.0,
            "llm_retries": 0,
        }
        return Settings(**{**values, **overrides})

    # --- behaviour
    def script(self, *steps: Step) -> None:
        """Queue replies, one per chat completion request; with none left the server answers 500."""
        with self._lock:
            self._steps.extend(steps)

    def refuse_response_format(self, *types: str, status: int = 500) -> None:
        """Refuse requests whose response_format has one of these types, without using up the script.

        500 is llama-cpp-python's answer to json_schema (its validation error wrapped as a server error);
        400 is what OpenAI-style servers send for an unsupported parameter.
        """
        with self._lock:
            self._refused.update(dict.fromkeys(types, status))

    @property
    def remaining(self) -> int:
        """Scripted replies not yet used."""
        with self._lock:
            return len(self._steps)

    def _reply(self, body: dict[str, Any]) -> Step:
        kind = (body.get("response_format") or {}).get("type")
        with self._lock:
            if kind in self._refused:
                return _refusal(kind, self._refused[kind])
            if not self._steps:
                return error(500, "fake LLM: no scripted reply left", x_should_retry="false")
            return self._steps.popleft()

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
                if self.path.rstrip("/") != "/v1/models":
                    self._send(error(404, f"no route {self.path}", kind="invalid_request_error"), {})
                    return
                model = {"id": MODEL, "object": "model", "created": 0, "owned_by": "tests"}
                self._send_json(200, {"object": "list", "data": [model]}, {})

            def do_POST(self) -> None:  # noqa: N802
                raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                if self.path != "/v1/chat/completions":
                    self._send(error(404, f"no route {self.path}", kind="invalid_request_error"), {})
                    return
                if self.headers.get("Authorization") != f"Bearer {fake.api_key}":
                    self._send(error(401, "Incorrect API key provided", kind="invalid_request_error"), {})
                    return
                try:
                    body = json.loads(raw)
                except ValueError:
                    self._send(error(400, "the body is not JSON", kind="invalid_request_error"), {})
                    return
                with fake._lock:
                    fake.requests.append(body)
                    fake.headers.append({k.lower(): v for k, v in self.headers.items()})
                if not body.get("model") or not body.get("messages"):
                    required = error(400, "'model' and 'messages' are required", kind="invalid_request_error")
                    self._send(required, body)
                    return
                self._send(fake._reply(body), body)

            def _send(self, step: Step, body: dict[str, Any]) -> None:
                if step.delay and fake._stopping.wait(step.delay):
                    return
                if step.status != 200:
                    self._send_json(step.status, {"error": dict(step.error or {})}, step.headers)
                    return
                if step.raw is not None:
                    self._send_bytes(200, step.raw[0].encode(), step.raw[1], step.headers)
                    return
                self._send_json(200, _completion(step, body.get("model", MODEL)), step.headers)

            def _send_json(self, status: int, payload: dict[str, Any], headers: Mapping[str, str]) -> None:
                self._send_bytes(status, json.dumps(payload).encode(), "application/json", headers)

            def _send_bytes(
                self, status: int, data: bytes, content_type: str, headers: Mapping[str, str]
            ) -> None:
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", content_type)
                    for name, value in headers.items():
                        self.send_header(name, value)
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (a timeout test): nobody is left to answer

            def log_message(self, format: str, *args: object) -> None:  # noqa: A002
                pass

        return Handler


def _completion(step: Step, model: str) -> dict[str, Any]:
    completion: dict[str, Any] = {
        "id": "chatcmpl-fake",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": model,
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": step.content, "refusal": None},
                "finish_reason": step.finish_reason,
                "logprobs": None,
            }
        ],
    }
    if step.usage is not None:
        prompt, answer_tokens = step.usage
        completion["usage"] = {
            "prompt_tokens": prompt,
            "completion_tokens": answer_tokens,
            "total_tokens": prompt + answer_tokens,
        }
    return completion


def _refusal(kind: str, status: int) -> Step:
    allowed = "'text'" if kind == "json_object" else "'text' or 'json_object'"
    if status == 500:
        # llama-cpp-python wraps the request's validation error as an internal server error.
        message = (
            "1 validation error for CreateChatCompletionRequest\nresponse_format.type\n"
            f"  Input should be {allowed} [type=literal_error, input_value='{kind}', input_type=str]"
        )
        return error(500, message, kind="internal_server_error")
    message = f"Invalid parameter: 'response_format' of type '{kind}' is not supported with this model."
    return error(status, message, kind="invalid_request_error")

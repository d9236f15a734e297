"""The OpenAI-compatible LLM client: one JSON answer of a given shape per call, or an LLMError saying why not.

Servers differ in how they take structured output: OpenAI, vLLM, Ollama and llama.cpp's
server accept `response_format` type `json_schema`; llama-cpp-python's server answers that with HTTP 500 but
accepts `{"type": "json_object", "schema": ...}`; some accept neither. The first call tries them in that
order and the client remembers the first mode that worked, so later calls go straight to it.

Retries on 429, 5xx, timeouts and connection errors are the openai client's own (exponential backoff,
honouring Retry-After), `settings.llm_retries` of them, each attempt bounded by `settings.llm_timeout`.
LLMUsage.calls counts HTTP attempts, retries and fallbacks included.

The instructions this module adds (JSON only, repair) are prompt files like any other: prompts/json_only.md
and prompts/repair.md, filled by json_only_variables() and repair_variables().
"""

from __future__ import annotations

import json
import logging
import math
import re
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, Literal, TypeVar

import openai
from openai.types.chat import ChatCompletion
from pydantic import BaseModel, ValidationError

from server.config import Settings
from server.errors import RapportError
from server.models import LLMUsage
from server.writing.prompts import load_prompt, render

log = logging.getLogger(__name__)

DEFAULT_BASE_URL = "https://api.openai.com/v1"
Mode = Literal["json_schema", "json_object", "plain"]
MODES: tuple[Mode, ...] = ("json_schema", "json_object", "plain")

# Prompt files (prompts/): the JSON instruction is sent only when the server does not enforce the schema.
JSON_ONLY_PROMPT = "json_only"
REPAIR_PROMPT = "repair"

_SCHEMA_NAME = re.compile(r"[A-Za-z0-9_-]{1,64}")
_FENCE = re.compile(r"\A```[A-Za-z]*[ \t]*\n?(.*?)\n?[ \t]*```\Z", re.DOTALL)
# Words in an error body that show the server refused the response_format rather than failed.
_FORMAT_WORDS = ("response_format", "response format", "json_schema", "json_object")
_REJECTION_STATUSES = (400, 422, 500)
_NUMBER_WORDS = ("no", "once", "twice", "three times", "four times", "five times", "six times")

T = TypeVar("T", bound=BaseModel)

# HTTP attempts made by the current call: the openai client retries inside one method call, and an httpx
# request hook is the one place that sees every attempt. A ContextVar keeps threads' counts apart.
_attempts: ContextVar[list[int] | None] = ContextVar("llm_attempts", default=None)


def _count_attempt(request: object) -> None:
    counter = _attempts.get()
    if counter is not None:
        counter[0] += 1


class LLMError(RapportError):
    """The LLM could not give a usable answer; `reason` says why in words a user can read."""


@dataclass
class RepairBudget:
    """Repair requests a caller allows over one or more calls; each repair sent spends one."""

    left: int = 1


@dataclass(frozen=True)
class _Answer:
    content: str
    cut_off: bool  # finish_reason "length": the model hit its token limit mid-answer


class _Rejected(Exception):
    """The server refused the request's response_format: try the next mode."""


class _BadAnswer(Exception):
    """The answer was not JSON of the expected shape."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


class LLM:
    """A long-lived client for one OpenAI-compatible server and model; safe to share between threads."""

    def __init__(self, settings: Settings):
        self.model = settings.openai_model
        self.base_url = settings.openai_base_url or DEFAULT_BASE_URL
        self.timeout = settings.llm_timeout
        self.mode: Mode | None = None  # learned from the first answer
        self._client: openai.OpenAI | None = None
        if settings.llm_configured:
            self._client = openai.OpenAI(
                # Local servers (llama.cpp, Ollama, vLLM) take any key; the client insists on one.
                api_key=settings.openai_api_key or "no-key",
                # Explicit, so OPENAI_BASE_URL in the environment cannot override what Settings decided.
                base_url=self.base_url,
                # The library's default is ten minutes.
                timeout=openai.Timeout(
                    settings.llm_timeout, connect=min(settings.llm_timeout, settings.connect_timeout)
                ),
                max_retries=settings.llm_retries,
                http_client=openai.DefaultHttpx2Client(event_hooks={"request": [_count_attempt]}),
            )

    @property
    def available(self) -> bool:
        """Whether a key or a server is configured; without either the offline engine drafts."""
        return self._client is not None

    def close(self) -> None:
        """Close the connection pool."""
        if self._client is not None:
            self._client.close()

    def __enter__(self) -> LLM:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def complete_json(
        self,
        messages: list[dict[str, str]],
        schema: type[T],
        usage: LLMUsage,
        *,
        name: str,
        temperature: float | None = None,
        repairs: RepairBudget | None = None,
    ) -> T:
        """Ask for an answer shaped like `schema`; a repair request if it is malformed and `repairs` has one.

        repairs: shared by calls that budget their requests together; None gives this call one of its own.
        """
        budget = repairs if repairs is not None else RepairBudget()
        if self._client is None:
            raise LLMError("no LLM is configured: set OPENAI_API_KEY (and OPENAI_BASE_URL for other servers)")
        if not _SCHEMA_NAME.fullmatch(name):
            raise ValueError(f"schema name {name!r} must be 1-64 letters, digits, '_' or '-'")
        answer = self._ask(messages, schema, usage, name, temperature)
        try:
            return _parse(answer.content, schema)
        except _BadAnswer as problem:
            if answer.cut_off:
                raise LLMError("the answer was cut off at the model's token limit") from None
            if budget.left <= 0:
                raise LLMError(problem.reason) from None
            log.info("LLM answer for %s unusable (%s); asking once for a repair", name, problem.reason)
            repair_messages = [
                *messages,
                {"role": "assistant", "content": answer.content},
                {"role": "user", "content": _instruction(REPAIR_PROMPT, repair_variables(problem.reason))},
            ]
        budget.left -= 1
        answer = self._ask(repair_messages, schema, usage, name, temperature)
        try:
            return _parse(answer.content, schema)
        except _BadAnswer as problem:
            reason = "the answer was cut off at the model's token limit" if answer.cut_off else problem.reason
            raise LLMError(f"{reason} (also after one repair request)") from None

    def _ask(
        self,
        messages: list[dict[str, str]],
        schema: type[BaseModel],
        usage: LLMUsage,
        name: str,
        temperature: float | None,
    ) -> _Answer:
        """One answer, in the remembered mode or, if the server refuses it, in the next one that works."""
        json_schema = schema.model_json_schema()
        start = MODES.index(self.mode) if self.mode else 0
        for mode in MODES[start:]:
            request = _request(self.model, mode, messages, json_schema, name, temperature)
            try:
                completion = self._create(request, usage, can_fall_back=mode != "plain")
            except _Rejected as rejection:
                log.info("LLM server at %s refused response_format %s (%s)", self.base_url, mode, rejection)
                continue
            if self.mode != mode:
                log.info("LLM server at %s takes structured output as: %s", self.base_url, mode)
                self.mode = mode
            return _answer(completion, request["messages"], usage)
        raise AssertionError("plain mode never falls back")

    def _create(self, request: dict[str, Any], usage: LLMUsage, *, can_fall_back: bool) -> ChatCompletion:
        """One chat completion (the client's own retries included), failures turned into LLMError."""
        assert self._client is not None
        counter = [0]
        token = _attempts.set(counter)
        try:
            completion = self._client.chat.completions.create(**request)
        except ValueError as exc:  # a 200 whose body is not JSON at all (json's decoding error)
            reason = f"the LLM server's answer was not a chat completion ({_shorten(str(exc))})"
            raise LLMError(reason) from exc
        except openai.APIStatusError as exc:
            if can_fall_back and _refuses_response_format(exc):
                raise _Rejected(f"{exc.status_code}: {_detail(exc)}") from exc
            raise LLMError(self._status_reason(exc, counter[0])) from exc
        except openai.APITimeoutError as exc:
            reason = f"the LLM server timed out after {self.timeout:g}s{_attempts_note(counter[0])}"
            raise LLMError(reason) from exc
        except openai.APIConnectionError as exc:
            reason = f"could not reach the LLM server at {self.base_url}{_attempts_note(counter[0])}"
            raise LLMError(reason) from exc
        except openai.OpenAIError as exc:
            raise LLMError(f"the LLM client failed: {exc}") from exc
        finally:
            _attempts.reset(token)
            usage.calls += counter[0]
        if not isinstance(completion, ChatCompletion):
            # An HTML page from a proxy, or JSON of another shape: the client hands it over as it came.
            kind = type(completion).__name__
            raise LLMError(f"the LLM server's answer was not a chat completion (a {kind} came back)")
        return completion

    def _status_reason(self, exc: openai.APIStatusError, attempts: int) -> str:
        status = exc.status_code
        if status == 429:
            return f"the LLM server answered 429 (rate limited) {_times(attempts)}"
        if status in (401, 403):
            return f"the LLM server refused the API key ({status}): {_detail(exc)}"
        if status == 404:
            return f"the LLM server answered 404 for model {self.model!r}: {_detail(exc)}"
        times = f" {_times(attempts)}" if attempts > 1 else ""
        return f"the LLM server answered {status}{times}: {_detail(exc)}"


def _request(
    model: str,
    mode: Mode,
    messages: list[dict[str, str]],
    json_schema: dict[str, Any],
    name: str,
    temperature: float | None,
) -> dict[str, Any]:
    """The keyword arguments of chat.completions.create for one mode."""
    request: dict[str, Any] = {"model": model, "messages": messages}
    if mode == "json_schema":
        spec = {"name": name, "schema": json_schema, "strict": _is_strict(json_schema)}
        request["response_format"] = {"type": "json_schema", "json_schema": spec}
    else:
        request["messages"] = _with_instruction(messages, json_schema)
        if mode == "json_object":
            request["response_format"] = {"type": "json_object", "schema": json_schema}
    if temperature is not None:
        request["temperature"] = temperature
    return request


def json_only_variables(json_schema: dict[str, Any]) -> dict[str, str]:
    """The variables of prompts/json_only.md."""
    return {"schema": json.dumps(json_schema, separators=(",", ":"))}


def repair_variables(problem: str) -> dict[str, str]:
    """The variables of prompts/repair.md: why the answer was refused, never the answer itself."""
    return {"problem": problem}


def _instruction(name: str, variables: dict[str, str]) -> str:
    """The text of a one-section prompt file; the caller decides which message it goes in."""
    return render(load_prompt(name), **variables)[-1]["content"]


def _with_instruction(messages: list[dict[str, str]], json_schema: dict[str, Any]) -> list[dict[str, str]]:
    """The messages with the JSON instruction in the system message (some chat templates allow only one)."""
    instruction = _instruction(JSON_ONLY_PROMPT, json_only_variables(json_schema))
    if messages and messages[0]["role"] == "system":
        first = {**messages[0], "content": f"{messages[0]['content']}\n\n{instruction}"}
        return [first, *messages[1:]]
    return [{"role": "system", "content": instruction}, *messages]


def _is_strict(node: object) -> bool:
    """Whether OpenAI's strict mode takes the schema: every object closed, every property required."""
    if isinstance(node, list):
        return all(_is_strict(item) for item in node)
    if not isinstance(node, dict):
        return True
    if node.get("type") == "object" and (
        node.get("additionalProperties") is not False
        or set(node.get("required", ())) != set(node.get("properties", {}))
    ):
        return False
    return all(_is_strict(value) for value in node.values())


def _refuses_response_format(exc: openai.APIStatusError) -> bool:
    """A 400/422, or llama-cpp-python's 500, whose error names the response format."""
    if exc.status_code not in _REJECTION_STATUSES:
        return False
    text = (json.dumps(exc.body) if exc.body is not None else exc.message).lower()
    return any(word in text for word in _FORMAT_WORDS)


def _answer(completion: ChatCompletion, sent: list[dict[str, str]], usage: LLMUsage) -> _Answer:
    """The answer's text, its tokens added to usage (estimated when the server does not say)."""
    choice = completion.choices[0] if completion.choices else None
    content = (choice.message.content or "") if choice else ""
    counted = completion.usage
    if counted is not None and counted.prompt_tokens is not None and counted.completion_tokens is not None:
        usage.input_tokens += counted.prompt_tokens
        usage.output_tokens += counted.completion_tokens
    else:
        usage.input_tokens += _estimate_tokens(sum(len(m["content"]) for m in sent))
        usage.output_tokens += _estimate_tokens(len(content))
        usage.estimated = True
    if choice is None:
        raise LLMError("the LLM server sent an answer with no choices")
    if choice.message.refusal:
        raise LLMError(f"the model refused to answer: {_shorten(choice.message.refusal)}")
    return _Answer(content=content, cut_off=choice.finish_reason == "length")


def _parse(content: str, schema: type[T]) -> T:
    """The answer as a validated schema instance; tolerates code fences and prose around one object."""
    text = content.strip()
    if not text:
        raise _BadAnswer("the answer was empty")
    fenced = _FENCE.match(text)
    if fenced:
        text = fenced.group(1).strip()
    try:
        data = json.loads(text)
    except json.JSONDecodeError:
        # Small models in plain mode say "Here is the JSON:" first; the object is still usable.
        start, end = text.find("{"), text.rfind("}")
        try:
            data = json.loads(text[start : end + 1]) if 0 <= start < end else None
        except json.JSONDecodeError:
            data = None
        if data is None:
            raise _BadAnswer("the answer was not valid JSON") from None
    try:
        return schema.model_validate(data)
    except ValidationError as exc:
        raise _BadAnswer(f"the answer did not match the expected shape ({_summarise(exc)})") from None


def _summarise(exc: ValidationError) -> str:
    # loc and msg only: `input` would copy the model's text (perhaps a drafted email) into logs and errors.
    parts = [f"{'.'.join(str(p) for p in e['loc']) or 'answer'}: {e['msg']}" for e in exc.errors()[:3]]
    more = exc.error_count() - len(parts)
    return "; ".join(parts) + (f"; and {more} more" if more > 0 else "")


def _detail(exc: openai.APIStatusError) -> str:
    body = exc.body
    message = body.get("message") if isinstance(body, dict) else None
    return _shorten(str(message if message else body if body is not None else exc.message))


def _shorten(text: str, limit: int = 200) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _estimate_tokens(chars: int) -> int:
    return math.ceil(chars / 4)


def _times(n: int) -> str:
    return _NUMBER_WORDS[n] if n < len(_NUMBER_WORDS) else f"{n} times"


def _attempts_note(attempts: int) -> str:
    return f" ({attempts} attempts)" if attempts > 1 else ""

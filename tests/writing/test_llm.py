"""The LLM client, the real openai library against the fake OpenAI-compatible server in tests/fake_llm.py."""

from __future__ import annotations

import math
import socket
import threading
import time

import openai
import pytest
from pydantic import BaseModel, ConfigDict

from server.config import Settings
from server.models import LLMUsage
from server.writing.llm import LLM, LLMError, RepairBudget
from server.writing.prompts import load_prompt, render
from tests.fake_llm import (
    MODEL,
    FakeLLM,
    answer,
    error,
    malformed,
    rate_limited,
    slow,
)

MESSAGES = [
    {"role": "system", "content": "You write short notes."},
    {"role": "user", "content": "Note the two points about Dana."},
]


class Note(BaseModel):
    model_config = ConfigDict(extra="forbid")

    subject: str
    points: list[str]


class LooseNote(BaseModel):
    """A field with a default is not required, which OpenAI's strict mode would refuse."""

    subject: str
    tone: str = "warm"


GOOD = Note(subject="Dana's talk", points=["spoke at DataConf", "leads data engineering"])


def ask(llm: LLM, usage: LLMUsage | None = None, schema: type[BaseModel] = Note) -> BaseModel:
    return llm.complete_json(MESSAGES, schema, usage if usage is not None else LLMUsage(), name="note")


def formats(fake: FakeLLM) -> list[str | None]:
    return [(body.get("response_format") or {}).get("type") for body in fake.requests]


# --- structured output ------------------------------------------------------------------------------------


def test_valid_structured_output_sends_the_json_schema(fake_llm: FakeLLM) -> None:
    fake_llm.script(answer(GOOD, usage=(40, 12)))
    usage = LLMUsage()
    with LLM(fake_llm.settings()) as llm:
        assert ask(llm, usage) == GOOD
        assert llm.mode == "json_schema"
    [sent] = fake_llm.requests
    assert sent["model"] == MODEL
    assert sent["messages"] == MESSAGES  # the server enforces the schema: no instruction added
    assert sent["response_format"] == {
        "type": "json_schema",
        "json_schema": {"name": "note", "schema": Note.model_json_schema(), "strict": True},
    }
    assert fake_llm.headers[0]["authorization"] == "Bearer test-key"
    assert usage == LLMUsage(calls=1, input_tokens=40, output_tokens=12, estimated=False)


def test_schema_with_optional_fields_is_sent_without_strict(fake_llm: FakeLLM) -> None:
    fake_llm.script(answer({"subject": "Hello"}))
    with LLM(fake_llm.settings()) as llm:
        assert ask(llm, schema=LooseNote) == LooseNote(subject="Hello", tone="warm")
    assert fake_llm.requests[0]["response_format"]["json_schema"]["strict"] is False


@pytest.mark.parametrize(
    "content",
    [
        f"```json\n{GOOD.model_dump_json()}\n```",
        f"```\n{GOOD.model_dump_json(indent=2)}\n```",
        f"  {GOOD.model_dump_json()}\n",
        f"Here is the JSON you asked for:\n{GOOD.model_dump_json()}\nHope it helps.",
    ],
    ids=["json-fence", "bare-fence", "whitespace", "prose-around"],
)
def test_answers_wrapped_in_fences_or_prose_are_accepted(fake_llm: FakeLLM, content: str) -> None:
    fake_llm.script(answer(content))
    with LLM(fake_llm.settings()) as llm:
        assert ask(llm) == GOOD
    assert len(fake_llm.requests) == 1


# --- malformed answers ------------------------------------------------------------------------------------


def test_malformed_json_gets_one_repair_request(fake_llm: FakeLLM) -> None:
    bad = '{"subject": "Dana\'s talk", "points": ["spoke at'
    fake_llm.script(malformed(bad), answer(GOOD))
    usage = LLMUsage()
    with LLM(fake_llm.settings()) as llm:
        assert ask(llm, usage) == GOOD
    repair = fake_llm.requests[1]["messages"]
    assert repair[: len(MESSAGES)] == MESSAGES
    assert repair[-2] == {"role": "assistant", "content": bad}
    assert repair[-1]["role"] == "user" and "not valid JSON" in repair[-1]["content"]
    assert usage.calls == 2 and usage.input_tokens == 24 and usage.output_tokens == 14


def test_malformed_json_twice_is_an_error(fake_llm: FakeLLM) -> None:
    fake_llm.script(malformed(), malformed())
    usage = LLMUsage()
    with LLM(fake_llm.settings()) as llm, pytest.raises(LLMError) as caught:
        ask(llm, usage)
    assert caught.value.reason == "the answer was not valid JSON (also after one repair request)"
    assert usage.calls == 2 and fake_llm.remaining == 0


def test_a_shared_repair_budget_is_spent_by_each_repair(fake_llm: FakeLLM) -> None:
    fake_llm.script(malformed(), answer(GOOD), answer(GOOD))
    usage, repairs = LLMUsage(), RepairBudget(2)
    with LLM(fake_llm.settings()) as llm:
        llm.complete_json(MESSAGES, Note, usage, name="note", repairs=repairs)
        llm.complete_json(MESSAGES, Note, usage, name="note", repairs=repairs)
    assert (usage.calls, repairs.left) == (3, 1)


def test_without_repair_a_malformed_answer_is_an_error_at_once(fake_llm: FakeLLM) -> None:
    """A caller with its own request budget (a revision after a repaired draft) may have none left."""
    fake_llm.script(malformed(), answer(GOOD))
    usage = LLMUsage()
    with LLM(fake_llm.settings()) as llm, pytest.raises(LLMError) as caught:
        llm.complete_json(MESSAGES, Note, usage, name="note", repairs=RepairBudget(0))
    assert caught.value.reason == "the answer was not valid JSON"
    assert usage.calls == 1 and fake_llm.remaining == 1


def test_the_repair_request_is_the_prompt_file_filled_with_the_problem(fake_llm: FakeLLM) -> None:
    fake_llm.script(malformed(), answer(GOOD))
    with LLM(fake_llm.settings()) as llm:
        ask(llm)
    expected = render(load_prompt("repair"), problem="the answer was not valid JSON")[-1]
    assert fake_llm.requests[1]["messages"][-1] == expected


def test_wrong_shape_names_the_fields_but_not_the_text(fake_llm: FakeLLM) -> None:
    wrong = {"subject": "Secret draft text", "points": "not a list"}
    fake_llm.script(answer(wrong), answer(wrong))
    with LLM(fake_llm.settings()) as llm, pytest.raises(LLMError) as caught:
        ask(llm)
    assert caught.value.reason.startswith("the answer did not match the expected shape (points: ")
    assert "not a list" not in caught.value.reason and "Secret" not in caught.value.reason
    assert "did not match" in fake_llm.requests[1]["messages"][-1]["content"]


def test_answer_cut_off_at_the_token_limit_is_not_repaired(fake_llm: FakeLLM) -> None:
    fake_llm.script(malformed(finish_reason="length"))
    with LLM(fake_llm.settings()) as llm, pytest.raises(LLMError, match="cut off at the model's token limit"):
        ask(llm)
    assert len(fake_llm.requests) == 1


# --- retries, timeouts and errors -------------------------------------------------------------------------


def test_rate_limit_is_retried_by_the_client_and_counted(fake_llm: FakeLLM) -> None:
    fake_llm.script(rate_limited(), answer(GOOD))
    usage = LLMUsage()
    with LLM(fake_llm.settings(llm_retries=2)) as llm:
        assert ask(llm, usage) == GOOD
    assert usage.calls == 2
    assert fake_llm.requests[0] == fake_llm.requests[1]


def test_rate_limited_every_time_says_how_often(fake_llm: FakeLLM) -> None:
    fake_llm.script(rate_limited(), rate_limited(), rate_limited())
    usage = LLMUsage()
    with LLM(fake_llm.settings(llm_retries=2)) as llm, pytest.raises(LLMError) as caught:
        ask(llm, usage)
    assert caught.value.reason == "the LLM server answered 429 (rate limited) three times"
    assert usage.calls == 3 and fake_llm.remaining == 0


def test_timeout_is_an_error_within_bounds(fake_llm: FakeLLM) -> None:
    fake_llm.script(slow(5.0, answer(GOOD)))
    started = time.monotonic()
    with LLM(fake_llm.settings(llm_timeout=0.5, llm_retries=0)) as llm, pytest.raises(LLMError) as caught:
        ask(llm)
    assert 0.5 <= time.monotonic() - started < 2.0
    assert caught.value.reason == "the LLM server timed out after 0.5s"


def test_timeout_is_retried_by_the_client(fake_llm: FakeLLM) -> None:
    fake_llm.script(slow(5.0, answer(GOOD)), answer(GOOD))
    usage = LLMUsage()
    started = time.monotonic()
    with LLM(fake_llm.settings(llm_timeout=0.5, llm_retries=1)) as llm:
        assert ask(llm, usage) == GOOD
    assert time.monotonic() - started < 3.0  # one timeout plus the client's first backoff (at most 0.5 s)
    assert usage.calls == 2


def test_each_thread_counts_only_its_own_attempts(fake_llm: FakeLLM) -> None:
    """One LLM serves every run; a retry in one run must not be billed to another."""
    fake_llm.script(rate_limited(), answer(GOOD), answer(GOOD))
    usages = [LLMUsage(), LLMUsage()]
    with LLM(fake_llm.settings(llm_retries=1)) as llm:
        threads = [threading.Thread(target=ask, args=(llm, usage)) for usage in usages]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert sorted(usage.calls for usage in usages) == [1, 2]
    assert fake_llm.remaining == 0


def test_server_error_is_reported_and_does_not_change_the_mode(fake_llm: FakeLLM) -> None:
    fake_llm.script(error(500, "the model crashed"))
    with LLM(fake_llm.settings()) as llm, pytest.raises(LLMError) as caught:
        ask(llm)
    assert caught.value.reason == "the LLM server answered 500: the model crashed"
    assert formats(fake_llm) == ["json_schema"]
    assert llm.mode is None


def test_wrong_key_is_reported(fake_llm: FakeLLM) -> None:
    with LLM(fake_llm.settings(openai_api_key="wrong")) as llm, pytest.raises(LLMError) as caught:
        ask(llm)
    assert caught.value.reason == "the LLM server refused the API key (401): Incorrect API key provided"


def test_unreachable_server_is_reported() -> None:
    with socket.socket() as sock:  # a port that was free a moment ago: nothing listens there
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    settings = Settings(openai_api_key="k", openai_base_url=f"http://127.0.0.1:{port}/v1", llm_retries=0)
    with LLM(settings) as llm, pytest.raises(LLMError) as caught:
        ask(llm)
    assert caught.value.reason == f"could not reach the LLM server at http://127.0.0.1:{port}/v1"


# --- structured-output fallbacks --------------------------------------------------------------------------


@pytest.mark.parametrize("status", [500, 400], ids=["llama-cpp-python-500", "openai-style-400"])
def test_refused_json_schema_falls_back_to_json_object_and_remembers(fake_llm: FakeLLM, status: int) -> None:
    fake_llm.refuse_response_format("json_schema", status=status)
    fake_llm.script(answer(GOOD), answer(GOOD))
    usage = LLMUsage()
    with LLM(fake_llm.settings()) as llm:
        assert ask(llm, usage) == GOOD
        assert ask(llm, usage) == GOOD
        assert llm.mode == "json_object"
    assert formats(fake_llm) == ["json_schema", "json_object", "json_object"]
    sent = fake_llm.requests[1]
    assert sent["response_format"] == {"type": "json_object", "schema": Note.model_json_schema()}
    # json_object does not enforce the schema everywhere, so the prompt carries it too.
    assert sent["messages"][0]["content"].startswith("You write short notes.\n\nAnswer with one JSON object")
    assert '"points"' in sent["messages"][0]["content"]
    assert usage.calls == 3


def test_refusing_both_formats_falls_back_to_plain_prompting(fake_llm: FakeLLM) -> None:
    fake_llm.refuse_response_format("json_schema", "json_object", status=500)
    fake_llm.script(answer(GOOD), answer(GOOD))
    with LLM(fake_llm.settings()) as llm:
        assert ask(llm) == GOOD
        assert ask(llm) == GOOD
        assert llm.mode == "plain"
    assert formats(fake_llm) == ["json_schema", "json_object", None, None]
    assert "response_format" not in fake_llm.requests[-1]
    assert "JSON Schema" in fake_llm.requests[-1]["messages"][0]["content"]


def test_plain_mode_adds_a_system_message_when_there_is_none(fake_llm: FakeLLM) -> None:
    fake_llm.refuse_response_format("json_schema", "json_object", status=400)
    fake_llm.script(answer(GOOD))
    user_only = [{"role": "user", "content": "Note the two points."}]
    with LLM(fake_llm.settings()) as llm:
        assert llm.complete_json(user_only, Note, LLMUsage(), name="note") == GOOD
    sent = fake_llm.requests[-1]["messages"]
    instruction_start = load_prompt("json_only").user.split("$")[0]
    assert sent[0]["role"] == "system" and sent[0]["content"].startswith(instruction_start)
    assert sent[1:] == user_only


def test_llama_cpp_refusal_is_retried_like_any_500_before_falling_back(fake_llm: FakeLLM) -> None:
    """The client cannot tell a refusal from a crash until it reads the body, after its own retries."""
    fake_llm.refuse_response_format("json_schema", status=500)
    fake_llm.script(answer(GOOD))
    usage = LLMUsage()
    with LLM(fake_llm.settings(llm_retries=1)) as llm:
        assert ask(llm, usage) == GOOD
    assert formats(fake_llm) == ["json_schema", "json_schema", "json_object"]
    assert usage.calls == 3


# --- usage and configuration ------------------------------------------------------------------------------


def test_tokens_are_estimated_when_the_server_sends_no_usage(fake_llm: FakeLLM) -> None:
    fake_llm.script(answer(GOOD, usage=None))
    usage = LLMUsage()
    with LLM(fake_llm.settings()) as llm:
        ask(llm, usage)
    sent_chars = sum(len(m["content"]) for m in MESSAGES)
    assert usage == LLMUsage(
        calls=1,
        input_tokens=math.ceil(sent_chars / 4),
        output_tokens=math.ceil(len(GOOD.model_dump_json()) / 4),
        estimated=True,
    )


def test_usage_accumulates_over_a_run(fake_llm: FakeLLM) -> None:
    fake_llm.script(answer(GOOD, usage=(100, 20)), answer(GOOD, usage=(50, 10)))
    usage = LLMUsage()
    with LLM(fake_llm.settings()) as llm:
        ask(llm, usage)
        ask(llm, usage)
    assert (usage.calls, usage.input_tokens, usage.output_tokens) == (2, 150, 30)


def test_usages_add_up() -> None:
    """A run's usage is the sum of its drafts' usages; one estimate makes the sum an estimate."""
    first = LLMUsage(calls=1, input_tokens=100, output_tokens=20)
    second = LLMUsage(calls=2, input_tokens=50, output_tokens=5, estimated=True)
    assert first + second == LLMUsage(calls=3, input_tokens=150, output_tokens=25, estimated=True)
    assert first + LLMUsage() == first


def test_without_a_key_or_a_server_the_llm_is_not_available() -> None:
    llm = LLM(Settings(openai_api_key=None, openai_base_url=None))
    assert llm.available is False
    with pytest.raises(LLMError, match="no LLM is configured"):
        ask(llm)
    llm.close()


def test_a_local_server_needs_no_key(fake_llm: FakeLLM) -> None:
    with LLM(Settings(openai_base_url=fake_llm.base_url, openai_api_key=None, llm_retries=0)) as llm:
        assert llm.available is True


def test_with_a_key_the_llm_is_available(fake_llm: FakeLLM) -> None:
    with LLM(fake_llm.settings()) as llm:
        assert llm.available is True
    assert fake_llm.requests == []  # being available costs no request


@pytest.mark.parametrize("name", ["", "has space", "x" * 65, "dots.not.allowed"])
def test_schema_names_the_api_refuses_are_caught_before_sending(fake_llm: FakeLLM, name: str) -> None:
    with LLM(fake_llm.settings()) as llm, pytest.raises(ValueError, match="schema name"):
        llm.complete_json(MESSAGES, Note, LLMUsage(), name=name)
    assert fake_llm.requests == []


def test_fake_server_lists_its_model_to_the_real_client(fake_llm: FakeLLM) -> None:
    with openai.OpenAI(api_key="test-key", base_url=fake_llm.base_url, timeout=1.0, max_retries=0) as client:
        assert [m.id for m in client.models.list()] == [MODEL]

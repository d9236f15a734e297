"""extension/panel/sse.js: the panel reads the run's event stream with fetch(), in chunks cut anywhere."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import BrowserContext, Page

from tests.support.browser import Extension

pytestmark = pytest.mark.browser

PARSE = """async (chunks) => {
  const { createSseParser } = await import("/panel/sse.js");
  const events = [];
  const parser = createSseParser((event) => events.push(event));
  chunks.forEach((chunk) => parser.push(chunk));
  return { events, lastEventId: parser.lastEventId, retry: parser.retry };
}"""

FRAME = 'id: 3\nevent: page\ndata: {"seq":3,"stage":"fetch"}\n\n'


@pytest.fixture(scope="module")
def page(context: BrowserContext, extension: Extension) -> Iterator[Page]:
    tab = context.new_page()
    tab.goto(extension.url("options/options.html"))  # any page of the extension's origin
    yield tab
    tab.close()


@pytest.mark.parametrize(
    ("chunks", "events", "last_id", "retry"),
    [
        pytest.param([FRAME], [("3", "page", '{"seq":3,"stage":"fetch"}')], "3", None, id="one chunk"),
        pytest.param(
            [FRAME[:7], FRAME[7:20], FRAME[20:-1], FRAME[-1:]],
            [("3", "page", '{"seq":3,"stage":"fetch"}')],
            "3",
            None,
            id="cut mid-field and between the two newlines",
        ),
        pytest.param(
            ["id: 1\r", "\nevent: page\r\nda", 'ta: {"a":1}\r\n\r', "\n"],
            [("1", "page", '{"a":1}')],
            "1",
            None,
            id="CRLF cut between CR and LF",
        ),
        pytest.param(
            ["retry: 3000\n\n: keep-alive\n\n", "data:one\ndata: two\n\n"],
            [("", "message", "one\ntwo")],
            "",
            3000,
            id="comments, retry, data on two lines",
        ),
        pytest.param(
            ["id: 7\nevent: page\n\n", 'event: end\ndata: {"status":"done"}\n\n'],
            [("7", "end", '{"status":"done"}')],
            "7",
            None,
            id="a frame without data is not an event; its id stays",
        ),
        pytest.param([FRAME[:-1]], [], "", None, id="an unfinished frame waits for its blank line"),
    ],
)
def test_events_come_out_whole_however_the_stream_is_cut(
    page: Page, chunks: list[str], events: list[tuple[str, str, str]], last_id: str, retry: int | None
) -> None:
    parsed: dict[str, Any] = page.evaluate(PARSE, chunks)
    assert [(e["id"], e["event"], e["data"]) for e in parsed["events"]] == events
    assert parsed["lastEventId"] == last_id
    assert parsed["retry"] == retry


FOLLOW_WHEN_NO_STREAM_IS_FREE = """async () => {
  const { createClient } = await import("/panel/api.js");
  const asked = [];
  const json = (body, status, headers = {}) =>
    new Response(JSON.stringify(body), {
      status,
      headers: { "Content-Type": "application/json", ...headers },
    });
  const fetchImpl = async (url) => {
    asked.push(new URL(url).pathname);
    if (url.endsWith("/events")) {
      return json({ error: { code: "too_many_streams", message: "200 event streams are open" } }, 503, {
        "Retry-After": "5",
      });
    }
    return json({ run_id: "r1", status: asked.length > 2 ? "done" : "running" }, 200);
  };
  const client = createClient({ baseUrl: "http://127.0.0.1:9", token: "t", fetchImpl });
  const result = await client.followRun("r1", () => {}, { pollMs: 10 });
  return { result, asked };
}"""


def test_the_panel_reads_the_run_when_the_server_has_no_stream_to_spare(page: Page) -> None:
    # Before: a 503 on the event stream was thrown at the user as a server error, though the run went on.
    followed: dict[str, Any] = page.evaluate(FOLLOW_WHEN_NO_STREAM_IS_FREE)
    assert followed["result"] == {"status": "done"}
    assert followed["asked"] == ["/api/v1/runs/r1/events", "/api/v1/runs/r1", "/api/v1/runs/r1"]

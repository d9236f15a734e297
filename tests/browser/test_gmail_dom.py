"""extension/content/gmail.js, the one module that knows Gmail's page, on saved Gmail pages in Chromium."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import BrowserContext, Error, Page

from tests.support.browser import GMAIL, THREAD_HASH
from tests.support.persona import DANA

pytestmark = pytest.mark.browser

ACCOUNT = {"name": "Alex Moreno", "email": "alex.moreno@brightwave.test"}
DRAFT = {
    "subject": "The event-log rule, and a benchmark you might like",
    "body": "Hi Dana,\n\nYour rule about backfills from the event log stuck with me.\n\nBest,\nAlex",
}


@pytest.fixture(scope="module")
def tab(context: BrowserContext) -> Iterator[Page]:
    page = context.new_page()
    yield page
    page.close()


def show(tab: Page, fixture: str) -> Page:
    tab.goto(f"{GMAIL}?rapport-fixture={fixture}{THREAD_HASH}")
    return tab


def read(tab: Page) -> dict[str, Any]:
    return tab.evaluate("async () => (await import('/__rapport__/gmail.js')).readGmail(document)")


def insert(tab: Page, draft: dict[str, str]) -> dict[str, Any]:
    return tab.evaluate(
        "async (draft) => (await import('/__rapport__/gmail.js')).insertDraft(document, draft)", draft
    )


def body_lines(tab: Page) -> list[str]:
    """The compose body's lines as Gmail keeps them: one <div> per line, empty lines as <div><br></div>."""
    lines = '[aria-label="Message Body"] > div:not(.gmail_quote):not(.gmail_signature)'
    return tab.eval_on_selector_all(lines, "divs => divs.map(d => d.textContent)")


def test_inbox_view_has_no_recipient(tab: Page) -> None:
    state = read(show(tab, "inbox"))
    assert state["view"] == "list"
    assert state["account"] == ACCOUNT
    assert state["recipient"] is None
    assert state["thread"] is None
    assert state["compose"] is None


def test_thread_gives_the_recipient_and_the_last_messages(tab: Page) -> None:
    state = read(show(tab, "thread"))
    assert state["view"] == "thread"
    assert state["subject"] == "Streaming pipelines, and that backfill question"
    assert state["recipient"] == DANA
    first, last = state["thread"]["messages"]
    # A collapsed message: only its snippet is in the page.
    assert first["from"] == {**ACCOUNT, "me": True}
    assert first["complete"] is False
    assert first["text"].startswith("Hi Dana, great to meet you at DataSummit.")
    # An expanded one: its own words with paragraphs, without the quoted message under it.
    assert last["from"] == {**DANA, "me": False}
    assert last["date"] == "Wed, Jun 17, 2026, 4:48 PM"
    assert last["text"].startswith("Hi Alex,\n\nThanks — glad the talk was useful.")
    assert "the event log" in last["text"]
    assert "wrote:" not in last["text"]
    assert "most practical hour" not in last["text"]


def test_reply_box_is_read_and_gets_the_body_under_the_thread_subject(tab: Page) -> None:
    state = read(show(tab, "reply"))
    assert state["compose"] == {
        "kind": "reply",
        "subject": "Re: Streaming pipelines, and that backfill question",
        "recipients": [DANA],
    }
    assert state["recipient"] == DANA

    assert insert(tab, DRAFT) == {"target": "reply", "subject": "kept", "opened": False}
    assert body_lines(tab) == [
        "Hi Dana,",
        "",
        "Your rule about backfills from the event log stuck with me.",
        "",
        "Best,",
        "Alex",
        "",  # the gap Gmail keeps above the quoted thread
    ]
    assert tab.locator('[aria-label="Message Body"] .gmail_quote').count() == 1
    subject = tab.locator('input[name="subjectbox"]').input_value()
    assert subject == "Re: Streaming pipelines, and that backfill question"


def test_thread_without_a_reply_box_gets_one_opened_first(tab: Page) -> None:
    show(tab, "thread")
    assert read(tab)["compose"] is None
    assert insert(tab, DRAFT) == {"target": "reply", "subject": "kept", "opened": True}
    assert body_lines(tab)[:3] == DRAFT["body"].splitlines()[:3]


def test_new_compose_window_gives_the_recipient_from_its_chips_and_gets_subject_and_body(tab: Page) -> None:
    state = read(show(tab, "compose"))
    assert state["view"] == "list"
    assert state["compose"] == {
        "kind": "new",
        "subject": None,
        "recipients": [{"name": "Priya Raman", "email": "priya@fernhill.test"}],
    }
    assert state["recipient"] == {"name": "Priya Raman", "email": "priya@fernhill.test"}

    assert insert(tab, DRAFT) == {"target": "new", "subject": "set", "opened": False}
    assert tab.locator('input[name="subjectbox"]').input_value() == DRAFT["subject"]
    assert body_lines(tab)[0] == "Hi Dana,"
    # The signature stays under the draft.
    body = tab.locator('[aria-label="Message Body"]').inner_text()
    assert body.index("Alex\n") < body.index("--") < body.index("Solutions Engineer, Brightwave")


def test_insert_with_nothing_to_write_into_says_what_to_do(tab: Page) -> None:
    show(tab, "inbox")
    with pytest.raises(Error, match="No compose window is open. Open the thread or start a new message"):
        insert(tab, DRAFT)

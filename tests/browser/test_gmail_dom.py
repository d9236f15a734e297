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


def coached(tab: Page, *, inserted_only: bool = False) -> dict[str, Any] | None:
    """What the coaching reads of the compose box it would follow (None: no box to follow)."""
    return tab.evaluate(
        """async (insertedOnly) => {
            const gmail = await import('/__rapport__/gmail.js');
            const box = gmail.composeToCoach(document, { insertedOnly });
            return box && gmail.readCompose(document, box);
        }""",
        inserted_only,
    )


def test_coaching_reads_back_the_reply_a_draft_went_into_and_not_the_quoted_thread(tab: Page) -> None:
    show(tab, "reply")
    assert coached(tab, inserted_only=True) is None  # nothing inserted yet: nothing to pick up again
    # The thread quoted under the reply, as Gmail shows it once its trimmed content is opened.
    tab.eval_on_selector(
        '[aria-label="Message Body"] .gmail_quote', "q => { q.textContent = 'On Wed, Dana wrote: hiring'; }"
    )
    insert(tab, DRAFT)
    assert coached(tab) == {
        "compose": {"kind": "reply", "subject": None, "recipients": [DANA]},
        "draft": {"subject": "", "body": DRAFT["body"]},
    }
    # What the person types there is read as they wrote it: lines kept, nothing from the quote.
    tab.keyboard.press("Enter")
    tab.keyboard.type("P.S.  Happy to help.")
    body = coached(tab)["draft"]["body"]
    assert body == DRAFT["body"] + "\nP.S.  Happy to help."
    assert "Dana wrote" not in body
    # Another view opens and Gmail hides the thread's page, reply and all: that reply is not picked up.
    tab.eval_on_selector('div[role="main"]', "main => { main.style.display = 'none'; }")
    assert coached(tab, inserted_only=True) is None


def test_coaching_reads_a_new_message_with_its_subject_and_without_the_signature(tab: Page) -> None:
    show(tab, "compose")
    insert(tab, DRAFT)
    assert coached(tab) == {
        "compose": {
            "kind": "new",
            "subject": DRAFT["subject"],
            "recipients": [{"name": "Priya Raman", "email": "priya@fernhill.test"}],
        },
        "draft": {"subject": DRAFT["subject"], "body": DRAFT["body"]},
    }


def test_with_no_draft_inserted_coaching_follows_the_box_being_typed_in_and_only_that(tab: Page) -> None:
    show(tab, "compose").reload()  # the same address: without a reload, the last test's page stays
    assert coached(tab) is None  # a box is open, but the person is not in it
    tab.locator('[aria-label="Message Body"]').click(position={"x": 8, "y": 8})  # its first line
    tab.keyboard.type("Hi Priya,")
    assert coached(tab)["draft"]["body"] == "Hi Priya,"
    assert coached(tab, inserted_only=True) is None

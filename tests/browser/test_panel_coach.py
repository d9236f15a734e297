"""Coaching inside Gmail: after Insert, the panel keeps checking what the person writes in Gmail's compose."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import BrowserContext, Page, Request, expect

from tests.support.browser import (
    Extension,
    Service,
    open_gmail,
    open_panel,
    screenshot,
)

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("close_tabs")]

PITCH = " Could we book a demo of our platform next week?"


def checks_sent(panel: Page) -> list[Request]:
    """The check requests the panel sends to the service, as they leave the panel."""
    sent: list[Request] = []

    def seen(request: Request) -> None:
        if request.method == "POST" and request.url.endswith("/api/v1/checks"):
            sent.append(request)

    panel.on("request", seen)
    return sent


def draft_and_insert(panel: Page) -> None:
    panel.get_by_role("button", name="Research & draft").click()
    expect(panel.locator("#progress")).to_have_attribute("data-status", "done", timeout=30_000)
    panel.get_by_role("button", name="Insert into Gmail").click()
    expect(panel.locator("#draft-status")).to_contain_text("Inserted into a new reply in Gmail.")


def caret_after(gmail: Page, line_text: str) -> None:
    """Put the caret at the end of the compose body's line holding line_text, as a click there would.

    Gmail comes to the front, as it is beside a side panel: a tab behind another gets its timers put off
    while keys arrive, which would hide how often the page speaks."""
    gmail.bring_to_front()
    line = gmail.locator('[aria-label="Message Body"] > div', has_text=line_text).first
    line.evaluate(
        """(line) => {
            line.closest('[contenteditable="true"]').focus();
            const caret = document.createRange();
            caret.selectNodeContents(line);
            caret.collapse(false);
            getSelection().removeAllRanges();
            getSelection().addRange(caret);
        }"""
    )


def score(coach: Page) -> int:
    return int(coach.locator("meter").get_attribute("value") or "-1")


def test_advice_and_score_follow_what_the_person_types_in_the_gmail_reply(
    context: BrowserContext, extension: Extension, connected: Service
) -> None:
    gmail = open_gmail(context, "thread")
    panel = open_panel(context, extension)
    sent = checks_sent(panel)
    draft_and_insert(panel)

    # The panel says it checks the Gmail draft, and which one, then scores what is there.
    coach = panel.locator("#coach")
    expect(coach.get_by_role("heading")).to_have_text("Checking your Gmail draft")
    expect(coach).to_contain_text("Your reply to Dana Okafor, checked as you write in Gmail.")
    expect(coach.get_by_role("meter", name="Gmail draft score")).to_be_visible()
    expect(coach.locator(".checks")).not_to_have_class(re.compile("pending"))
    first_score = score(coach)
    assert not coach.locator(".advice li", has_text="book a demo").count()
    screenshot(panel, "coach-01-checking-gmail-draft")

    # A pitch typed in Gmail, key by key: advice about it, a lower score, and one check after the typing.
    before = len(sent)
    paragraph = panel.get_by_label("Message").input_value().split("\n\n")[1].splitlines()[0]
    caret_after(gmail, paragraph[:40])
    gmail.keyboard.type(PITCH, delay=30)
    pitch_advice = coach.locator(".advice li", has_text="book a demo")
    expect(pitch_advice).to_be_visible(timeout=10_000)
    expect(coach.locator(".checks")).not_to_have_class(re.compile("pending"))
    assert score(coach) < first_score
    typed_checks = len(sent) - before
    assert 1 <= typed_checks <= 3, f"{typed_checks} check requests for {len(PITCH)} keystrokes"
    screenshot(panel, "coach-02-pitch-typed-in-gmail")

    # Taken out again: the advice goes and the score comes back.
    for _ in PITCH:
        gmail.keyboard.press("Backspace")
    expect(pitch_advice).to_have_count(0, timeout=10_000)
    expect(coach.locator(".checks")).not_to_have_class(re.compile("pending"))
    assert score(coach) == first_score
    screenshot(panel, "coach-03-pitch-taken-out")

    # The reply is discarded in Gmail: the coaching stops and says why.
    gmail.get_by_role("button", name=re.compile("^Discard draft")).click()
    expect(coach.get_by_role("heading")).to_have_text("Stopped checking your Gmail draft")
    expect(coach).to_contain_text("Your reply to Dana Okafor was sent or closed in Gmail.")
    expect(coach.get_by_role("meter")).to_have_count(0)
    screenshot(panel, "coach-04-reply-closed")


def test_a_reopened_panel_picks_up_the_reply_until_stopped_or_the_thread_is_left(
    context: BrowserContext, extension: Extension, connected: Service
) -> None:
    gmail = open_gmail(context, "thread")
    panel = open_panel(context, extension)
    draft_and_insert(panel)
    expect(panel.locator("#coach").get_by_role("meter", name="Gmail draft score")).to_be_visible()

    # The panel is closed and opened again: it goes on checking the reply the draft went into.
    panel.close()
    panel = open_panel(context, extension)
    sent = checks_sent(panel)
    coach = panel.locator("#coach")
    expect(coach).to_contain_text("Your reply to Dana Okafor, checked as you write in Gmail.")
    expect(coach.get_by_role("meter", name="Gmail draft score")).to_be_visible()
    screenshot(panel, "coach-05-reopened-panel")

    # Stopped: what is typed in Gmail is not read. Check again reads the reply as it is now.
    coach.get_by_role("button", name="Stop checking").click()
    expect(coach).to_contain_text("You stopped it. Rapport no longer reads your reply to Dana Okafor.")
    assert_nothing_checked_while_typing(gmail, panel, sent)
    screenshot(panel, "coach-06-stopped")
    coach.get_by_role("button", name="Check again").click()
    expect(coach.locator(".advice li", has_text="book a demo")).to_be_visible(timeout=10_000)

    # The person opens another view in Gmail: the reply stays in the page here, but is no longer read.
    gmail.evaluate("() => { location.hash = '#inbox'; }")
    expect(coach).to_contain_text("You left the thread in Gmail, so Rapport stopped reading your reply")
    expect(coach.get_by_role("meter")).to_have_count(0)
    assert_nothing_checked_while_typing(gmail, panel, sent)


def assert_nothing_checked_while_typing(gmail: Page, panel: Page, sent: list[Request]) -> None:
    before = len(sent)
    caret_after(gmail, "Dana")
    gmail.keyboard.type(PITCH, delay=10)
    panel.wait_for_timeout(1_500)  # longer than the panel waits after typing before it checks
    assert len(sent) == before


def test_the_web_page_has_no_gmail_to_coach_in_and_no_error_about_it(
    context: BrowserContext, connected: Service
) -> None:
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.goto(connected.url + "/")
    page.get_by_label("API token").fill(connected.token)
    page.get_by_role("button", name="Save token").click()
    expect(page.locator("#connection")).to_have_text("Connected")
    expect(page.locator("body")).to_have_attribute("data-ready", "true")
    expect(page.locator("#coach")).to_have_count(0)
    assert errors == []

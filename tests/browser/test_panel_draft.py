"""The draft as a busy person works on it in the 400 px panel: who they are asked first, the draft on top with
its idea, tone and re-draft beside it, versions they can go back to, rewrites by a language model, and why
some details were left out."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from tests.fake_llm import FakeLLM, answer
from tests.fixture_web import FixtureWeb
from tests.support.browser import (
    PANEL_VIEWPORT,
    Extension,
    Service,
    configure,
    open_gmail,
    open_panel,
    open_the_form,
    put_profile,
    running_service,
    screenshot,
)
from tests.support.persona import DANA_LLM_DRAFT

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("close_tabs")]

ALEX = {"name": "Alex Moreno", "signature": "Alex"}
MY_WORDS = "\n\nP.S. I still use the notes from your offsite talk."
PERSONAL_NOTE = "http://danaokafor.test/posts/personal-note"
SHORTER_BODY = (
    "Hi Dana,\n\nCongratulations on the new role leading data engineering at Northwind Analytics. Your "
    "team's streaming platform makes forecasts useful to the people who read them every morning. I have "
    "notes from a similar move, yours if they help.\n\nIf I can ever be useful, tell me.\n\nBest,\nAlex"
)


@pytest.fixture
def panel(context: BrowserContext, extension: Extension, service: Service) -> Page:
    """The panel beside Dana's thread, connected, with Alex's profile saved before."""
    put_profile(service, ALEX)
    configure(context, extension, service.url, service.token)
    open_gmail(context, "thread")
    return open_panel(context, extension)


def research(panel: Page) -> None:
    panel.get_by_role("button", name="Research & draft").click()
    expect(panel.locator("#progress")).to_have_attribute("data-status", "done", timeout=30_000)
    expect(panel.get_by_label("Message")).not_to_have_value("")


def message(panel: Page) -> str:
    return panel.get_by_label("Message").input_value()


def test_the_first_time_the_panel_asks_who_you_are_before_anything_and_lets_you_skip(
    context: BrowserContext, extension: Extension, web: FixtureWeb, tmp_path: Path
) -> None:
    with running_service(web, tmp_path / "home") as fresh:  # no profile saved yet
        configure(context, extension, fresh.url, fresh.token)
        open_gmail(context, "thread")
        panel = open_panel(context, extension)
        card = panel.locator("#profile")
        expect(card.get_by_text("Before your first draft")).to_be_visible()
        # Asked first: above who you're writing to, open, before any research.
        assert card.bounding_box()["y"] < panel.locator("#setup").bounding_box()["y"]
        expect(card.get_by_label("Your name")).to_be_visible()
        screenshot(panel, "draft-01-first-run-asks-who-you-are")

        card.get_by_role("button", name="Skip for now").click()
        expect(card.get_by_label("Your name")).to_be_hidden()
        assert card.bounding_box()["y"] > panel.locator("#setup").bounding_box()["y"]
        expect(panel.get_by_label("Name", exact=True)).to_be_focused()
        panel.get_by_role("button", name="Research & draft").click()
        expect(panel.locator("#progress")).to_have_attribute("data-status", "done", timeout=30_000)

        # Afterwards, one click away in the header.
        panel.get_by_role("button", name="About you").click()
        expect(card.get_by_label("Your name")).to_be_focused()
        card.get_by_label("Your name").fill("Alex Moreno")
        card.get_by_role("button", name="Save profile").click()
        expect(panel.locator("#profile-status")).to_have_text("Saved. New drafts use it.")


def test_after_research_the_draft_is_on_the_first_screen_with_the_idea_it_rests_on(panel: Page) -> None:
    research(panel)
    expect(panel.get_by_role("tab", name="Draft")).to_have_attribute("aria-selected", "true")
    for part in ("#draft-idea", "#draft-subject", "#draft-body", "#insert"):
        box = panel.locator(part).bounding_box()
        assert box["y"] < PANEL_VIEWPORT["height"], f"{part} starts at {box['y']}px, below the first screen"
    idea = panel.locator("#draft-idea-text").inner_text()
    screenshot(panel, "draft-02-draft-first")
    # The idea line is the idea picked under Ideas; the tabs go by arrow keys, as tabs do.
    panel.get_by_role("tab", name="Draft").focus()
    panel.keyboard.press("ArrowRight")
    expect(panel.get_by_role("tab", name="Ideas")).to_be_focused()
    expect(panel.get_by_role("tab", name="Ideas")).to_have_attribute("aria-selected", "true")
    expect(panel.locator("#tabpanel-draft")).to_be_hidden()
    expect(panel.locator(".packet.selected .packet-text")).to_have_text(idea)
    panel.keyboard.press("End")
    expect(panel.get_by_role("tab", name="Sources")).to_be_focused()
    expect(panel.locator("#identity .identity-name")).to_be_visible()
    # Offline, there are no rewrite buttons, and the panel says why.
    panel.keyboard.press("Home")
    expect(panel.locator("#refine")).to_be_hidden()
    expect(panel.locator("#refine-absent")).to_contain_text("need a language model on the server")


def test_undo_after_a_re_draft_brings_back_the_users_edited_text(panel: Page) -> None:
    research(panel)
    written = message(panel)
    body = panel.get_by_label("Message")
    body.click()
    body.press("Control+End")
    body.press_sequentially(MY_WORDS, delay=2)
    edited = message(panel)

    panel.get_by_role("button", name="Re-draft").click()
    expect(panel.locator("#draft-status")).to_contain_text("Your edited version is kept")
    expect(body).to_have_value(written)
    screenshot(panel, "draft-03-redrafted-edit-kept")

    panel.get_by_role("button", name="Bring back my edit").click()
    expect(body).to_have_value(edited)
    panel.get_by_role("button", name="Redo").click()
    expect(body).to_have_value(written)
    panel.get_by_role("button", name="Undo").click()
    expect(body).to_have_value(edited)
    expect(panel.locator("#version")).to_have_text(re.compile(r"^Version \d of \d$"))

    # Another idea replaces the edit too: still one Undo away.
    panel.get_by_role("tab", name="Ideas").click()
    panel.get_by_role("radio").nth(1).check()
    expect(panel.locator("#ideas-status")).to_contain_text("Your edited version is kept")
    panel.get_by_role("tab", name="Draft").click()
    expect(body).not_to_have_value(edited)
    panel.get_by_role("button", name="Undo").click()
    expect(body).to_have_value(edited)


def test_tone_and_re_draft_sit_beside_the_draft(panel: Page) -> None:
    research(panel)
    draft = panel.locator("#draft")
    tone = draft.get_by_label("Tone")
    expect(tone).to_be_visible()
    # The offline writer writes the same email again for the same idea and tone, and the panel says so.
    draft.get_by_role("button", name="Re-draft").click()
    expect(panel.locator("#draft-status")).to_have_text(
        "It came out the same: pick another idea or tone for a different one."
    )
    tone.select_option("formal")
    expect(panel.locator("#draft-status")).to_have_text("New draft written in this tone.")
    expect(panel.get_by_label("Message")).to_have_value(re.compile(r"^Dear Dana,"))
    # The next research is in that tone too.
    expect(panel.locator("#setup #tone")).to_have_value("formal")
    screenshot(panel, "draft-04-formal-tone")


def test_left_out_details_say_rapport_never_uses_them_by_design(panel: Page) -> None:
    open_the_form(panel)  # Dana's last run is back from an earlier test, the form folded away
    panel.get_by_placeholder("https://…").fill(PERSONAL_NOTE)
    panel.get_by_role("button", name="Add", exact=True).click()
    research(panel)
    warning = panel.locator("#warnings li", has_text="Left out")
    expect(warning).to_have_text(
        re.compile(
            r"^Left out \d+ sensitive details \([a-z, ]+\) from danaokafor\.test: Rapport never uses health, "
            r"family, religion, politics, home or legal details, by design\.$"
        )
    )
    warning.scroll_into_view_if_needed()
    screenshot(panel, "draft-05-left-out-explained")


def test_with_a_language_model_the_draft_can_be_rewritten_shorter_and_undone(
    context: BrowserContext, extension: Extension, web: FixtureWeb, fake_llm: FakeLLM, tmp_path: Path
) -> None:
    drafted = answer({"subject": "Your streaming post", "body": DANA_LLM_DRAFT, "fact_ids": []})
    shorter = answer({"subject": "Your streaming post", "body": SHORTER_BODY, "fact_ids": []})
    fake_llm.script(drafted, drafted, shorter)  # the draft cites no fact id: it is asked for one revision
    llm = {"openai_base_url": fake_llm.base_url, "openai_api_key": fake_llm.api_key, "llm_timeout": 10.0}
    with running_service(web, tmp_path / "home", settings=llm) as service:
        put_profile(service, ALEX)
        configure(context, extension, service.url, service.token)
        open_gmail(context, "thread")
        panel = open_panel(context, extension)
        research(panel)
        body = panel.get_by_label("Message")
        expect(body).to_have_value(DANA_LLM_DRAFT)
        expect(panel.locator("#refine-absent")).to_be_hidden()
        screenshot(panel, "draft-06-refine-offered")

        panel.locator("#refine").get_by_role("button", name="Shorter").click()
        expect(body).to_have_value(SHORTER_BODY)
        expect(panel.locator("#draft-status")).to_have_text(
            "Rewritten: shorter. Undo brings back the version before."
        )
        expect(panel.locator("#checks .score-text")).to_be_visible()
        screenshot(panel, "draft-07-refined-shorter")
        panel.get_by_role("button", name="Undo").click()
        expect(body).to_have_value(DANA_LLM_DRAFT)
    assert len(fake_llm.requests) == 3
    assert "this change: shorter." in fake_llm.requests[2]["messages"][-1]["content"]

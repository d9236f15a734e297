"""The side panel as a person uses it: a Gmail thread open, the panel beside it, the real service behind."""

from __future__ import annotations

import re
from pathlib import Path
from typing import NoReturn

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from tests.fake_llm import FakeLLM, answer
from tests.fixture_web import FixtureWeb, free_port
from tests.support.browser import (
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
from tests.support.persona import DANA, DANA_LLM_DRAFT

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("close_tabs")]

# Who writes, set up before: research no longer asks for it first (tests/browser/test_panel_gifts.py does).
ALEX = {"name": "Alex Moreno", "signature": "Alex"}
SALESY = "\n\nI'd love to jump on a quick call to show you a demo of our platform and discuss pricing."


def draft_body(panel: Page) -> str:
    return panel.get_by_label("Message").input_value()


def test_a_person_drafts_from_a_gmail_thread_and_inserts_the_draft(
    context: BrowserContext, extension: Extension, connected: Service
) -> None:
    gmail = open_gmail(context, "thread")
    panel = open_panel(context, extension)

    # The recipient and the thread's last messages are read from the Gmail tab.
    expect(panel.get_by_role("status").first).to_have_text("Connected")
    expect(panel.get_by_label("Name", exact=True)).to_have_value(DANA["name"])
    expect(panel.get_by_label("Email", exact=True)).to_have_value(DANA["email"])
    context_box = panel.get_by_label("What you've talked about")
    expect(context_box).to_have_value(re.compile(r"Dana Okafor, Jun 17, 2026:\nHi Alex,"))
    expect(context_box).not_to_have_value(re.compile("wrote:"))
    expect(panel.get_by_text("Read from the open thread in Gmail.")).to_be_visible()
    screenshot(panel, "panel-01-recipient-from-thread")

    panel.get_by_role("button", name="Research & draft").click()

    # Live progress, then who we found, the facts with their sources, and the packets.
    expect(panel.locator("#progress")).to_be_visible()
    expect(panel.locator("#counts")).to_have_text(re.compile(r"\d+ pages found · \d+ read · \d+ facts"))
    expect(panel.locator("#progress")).to_have_attribute("data-status", "done", timeout=30_000)
    expect(panel.locator("#counts")).to_have_text(re.compile(r"[1-9]\d* read · [1-9]\d* facts"))
    # The draft comes first; who we found, the facts and the ideas are a tab away.
    expect(panel.get_by_role("tab", name="Draft")).to_have_attribute("aria-selected", "true")
    expect(panel.get_by_label("Subject")).not_to_have_value("")
    first_body = draft_body(panel)
    assert "Dana" in first_body
    screenshot(panel, "panel-02-research-done")
    panel.get_by_role("tab", name="Sources").click()
    identity = panel.locator("#identity")
    expect(identity.locator(".identity-role")).to_have_text("VP of Data Engineering · Northwind Analytics")
    expect(identity.locator(".sure-label")).to_have_text("Sure")
    expect(identity.get_by_role("button", name=re.compile("^Not this person")).first).to_be_visible()
    panel.get_by_role("tab", name="Dossier").click()
    role = panel.locator("#dossier .fact[data-kind='role']").first
    expect(role).to_contain_text("VP of Data Engineering")
    expect(role.locator("time")).to_have_text(re.compile(r"^Oct \d{1,2}, 2026$"))
    expect(role.get_by_role("link")).to_have_attribute("href", "http://northwind.test/team")
    panel.get_by_role("tab", name="Ideas").click()
    packets = panel.get_by_role("radio")
    assert packets.count() >= 2
    expect(packets.first).to_be_checked()

    # Another packet: the draft is written again around it.
    packets.nth(1).check()
    expect(panel.locator("#ideas-status")).to_have_text("New draft written around the idea you picked.")
    expect(packets.nth(1)).to_be_checked()
    panel.get_by_role("tab", name="Draft").click()
    second_body = draft_body(panel)
    assert second_body != first_body

    # An edit is checked as the person types: a pitch shows up as advice.
    advice_before = panel.locator("#checks .advice li, #checks .advice-none").all_inner_texts()
    body = panel.get_by_label("Message")
    body.click()
    body.press("Control+End")
    body.press_sequentially(SALESY, delay=5)
    expect(panel.locator("#checks")).not_to_have_class(re.compile("pending"), timeout=5_000)
    expect(panel.locator("#checks .advice li").first).to_be_visible()
    advice_after = panel.locator("#checks .advice li").all_inner_texts()
    assert advice_after != advice_before
    screenshot(panel, "panel-03-edited-with-advice")

    # Insert: Gmail's Reply opens and the draft lands in its body.
    panel.get_by_role("button", name="Insert into Gmail").click()
    expect(panel.locator("#draft-status")).to_contain_text("Inserted into a new reply in Gmail.")
    editor = gmail.locator('[aria-label="Message Body"]')
    expect(editor).to_contain_text(second_body.splitlines()[0])
    expect(editor).to_contain_text("show you a demo of our platform")
    screenshot(panel, "panel-04-inserted")
    screenshot(gmail, "gmail-after-insert")


def test_each_gmail_tab_has_its_own_panel_which_follows_what_the_tab_shows(
    context: BrowserContext, extension: Extension, connected: Service
) -> None:
    elsewhere = "http://localhost:8999/elsewhere"
    page = "<title>Elsewhere</title><p>Not Gmail."
    context.route(elsewhere, lambda route: route.fulfill(body=page, content_type="text/html"))
    gmail = open_gmail(context, "inbox")
    context.new_page().goto(elsewhere)
    panels = extension.worker.evaluate(
        """async () => Promise.all((await chrome.tabs.query({})).map(async (tab) =>
            ({url: tab.url, options: await chrome.sidePanel.getOptions({tabId: tab.id})})))"""
    )
    by_url = {panel["url"]: panel["options"] for panel in panels}
    gmail_panel = by_url[gmail.url]
    assert gmail_panel["enabled"] is True
    assert re.fullmatch(r"panel/panel\.html\?tab=\d+", gmail_panel["path"])
    assert by_url[elsewhere]["enabled"] is False

    # The panel Chrome would show beside that Gmail tab: the inbox has no recipient yet.
    panel = open_panel(context, extension, "?" + gmail_panel["path"].split("?")[1])
    expect(panel.get_by_label("Name", exact=True)).to_have_value("")
    # The Gmail tab opens a thread: the panel follows.
    gmail.goto(gmail.url.replace("rapport-fixture=inbox", "rapport-fixture=thread"))
    expect(panel.get_by_label("Name", exact=True)).to_have_value(DANA["name"])
    expect(panel.get_by_label("Email", exact=True)).to_have_value(DANA["email"])
    # The person edits the name; another view in Gmail no longer overwrites it, it offers.
    panel.get_by_label("Name", exact=True).fill("Dana O.")
    gmail.goto(gmail.url.replace("rapport-fixture=thread", "rapport-fixture=compose"))
    expect(panel.locator("#gmail-note")).to_contain_text("Gmail now shows Priya Raman.")
    expect(panel.get_by_label("Name", exact=True)).to_have_value("Dana O.")
    panel.get_by_role("button", name="Write to them instead").click()
    expect(panel.get_by_label("Name", exact=True)).to_have_value("Priya Raman")
    expect(panel.get_by_text("Read from the message you're writing in Gmail.")).to_be_visible()


def test_not_this_person_researches_again_without_that_page(
    context: BrowserContext, extension: Extension, connected: Service
) -> None:
    open_gmail(context, "thread")
    panel = open_panel(context, extension)
    panel.get_by_role("button", name="Research & draft").click()
    expect(panel.locator("#progress")).to_have_attribute("data-status", "done", timeout=30_000)
    panel.get_by_role("tab", name="Sources").click()
    used = panel.locator("#identity .source-list:not(.compact) .source")
    promoted = "northwind.test/news/dana-promoted"
    expect(used.filter(has_text=promoted)).to_have_count(1)
    if not used.filter(has_text=promoted).is_visible():  # past the first few: open the rest, as people do
        panel.locator("#identity summary", has_text="more page").click()
    used.filter(has_text=promoted).get_by_role("button", name=re.compile("^Not this person")).click()

    expect(panel.locator("#summary-detail")).to_contain_text("1 left out")
    expect(panel.locator("#progress")).to_have_attribute("data-status", "done", timeout=30_000)
    panel.get_by_role("tab", name="Sources").click()  # a new run opens on its draft
    expect(used.first).to_be_visible()
    expect(used.filter(has_text=promoted)).to_have_count(0)
    expect(panel.locator(f"#dossier .fact a[href$='{promoted.split('/', 1)[1]}']")).to_have_count(0)


def test_use_this_page_hands_over_the_page_in_another_tab(
    context: BrowserContext, extension: Extension, connected: Service, web: FixtureWeb
) -> None:
    """A page the service may not fetch itself (here: localhost, a different site) reaches it from the tab."""
    speakers = (web.root / "datasummit.test" / "2026" / "speakers.html").read_text(encoding="utf-8")
    captured_url = "http://localhost:8999/2026/speakers"
    context.route(captured_url, lambda route: route.fulfill(body=speakers, content_type="text/html"))
    other = context.new_page()
    other.goto(captured_url)
    open_gmail(context, "thread")
    panel = open_panel(context, extension)
    open_the_form(panel)  # her last run may be back (restored), the form folded away

    picker = panel.get_by_label("Or hand over a page open in another tab")
    option = picker.locator("option", has_text="localhost:8999/2026/speakers")
    expect(option).to_have_count(1)
    picker.select_option(value=option.get_attribute("value"))
    panel.get_by_role("button", name="Use this page").click()
    expect(panel.locator("#page-list")).to_contain_text("From your browser")
    panel.get_by_role("button", name="Research & draft").click()
    expect(panel.locator("#progress")).to_have_attribute("data-status", "done", timeout=30_000)
    panel.get_by_role("tab", name="Dossier").click()
    talk = panel.locator("#dossier .fact[data-kind='talk']", has_text="Streaming without tears").first
    if not talk.is_visible():  # past the first few facts: open the rest, as a person would
        panel.locator("#dossier summary", has_text="more fact").click()
    expect(talk.get_by_role("link")).to_have_attribute("href", captured_url)


def test_wrong_token_says_so_and_what_to_do(
    context: BrowserContext, extension: Extension, service: Service
) -> None:
    said = configure(context, extension, service.url, "not-the-token")
    assert "The server didn't accept your token" in said
    open_gmail(context, "thread")
    panel = open_panel(context, extension)
    alert = panel.get_by_role("alert")
    expect(alert).to_contain_text("The server didn't accept your token")
    expect(alert).to_contain_text("make token")
    expect(alert.get_by_role("button", name="Open settings")).to_be_visible()
    expect(panel.locator("#connection")).to_have_text("Token rejected")
    screenshot(panel, "panel-05-wrong-token")


def test_server_down_says_so_and_what_to_do(context: BrowserContext, extension: Extension) -> None:
    down = f"http://127.0.0.1:{free_port()}"
    configure(context, extension, down, "any-token")
    open_gmail(context, "thread")
    panel = open_panel(context, extension)
    alert = panel.get_by_role("alert")
    expect(alert).to_contain_text("Can't reach the Rapport server")
    expect(alert).to_contain_text(f"Nothing answered at {down}")
    expect(alert).to_contain_text("make run")
    expect(alert.get_by_role("button", name="Try again")).to_be_visible()
    expect(panel.locator("#connection")).to_have_text("Server offline")
    # Research still explains itself rather than failing silently.
    panel.get_by_role("button", name="Research & draft").click()
    expect(alert).to_contain_text("Can't reach the Rapport server")
    expect(panel.get_by_label("Name", exact=True)).to_be_visible()
    expect(panel.locator("#progress")).to_be_hidden()
    screenshot(panel, "panel-06-server-down")


def test_failed_run_shows_what_was_kept_and_what_to_do(
    context: BrowserContext, extension: Extension, web: FixtureWeb, tmp_path: Path
) -> None:
    def drafting_breaks(*args: object, **kwargs: object) -> NoReturn:
        raise RuntimeError("the language model server did not answer")

    with running_service(web, tmp_path / "home", DRAFT=drafting_breaks) as broken:
        put_profile(broken, ALEX)
        configure(context, extension, broken.url, broken.token)
        open_gmail(context, "thread")
        panel = open_panel(context, extension)
        panel.get_by_role("button", name="Research & draft").click()
        expect(panel.locator("#progress")).to_have_attribute("data-status", "failed", timeout=30_000)
        alert = panel.get_by_role("alert")
        expect(alert).to_contain_text("The run stopped before it finished")
        kept = re.compile(r"Rapport kept what it found — \d+ facts and \d+ pages looked at")
        expect(alert).to_contain_text(kept)
        expect(alert).to_contain_text("the language model server did not answer")
        expect(alert.get_by_role("button", name="Try again")).to_be_visible()
        # The research is kept and shown; there is no draft to show.
        role = panel.locator("#dossier .fact[data-kind='role']").first
        expect(role).to_contain_text("VP of Data Engineering")
        expect(panel.locator("#draft")).to_be_hidden()
        screenshot(panel, "panel-07-run-failed")


def test_the_service_serves_the_panel_as_a_web_page(context: BrowserContext, connected: Service) -> None:
    """Without the extension: the page at / asks for the token, keeps it, and drafts for a typed-in person."""
    page = context.new_page()
    page.set_viewport_size({"width": 900, "height": 1000})
    page.goto(connected.url + "/")
    expect(page.get_by_role("heading", name="Connect to the Rapport server")).to_be_visible()
    expect(page.get_by_role("button", name="Insert into Gmail")).to_have_count(0)
    expect(page.get_by_text("Or hand over a page open in another tab")).to_have_count(0)
    screenshot(page, "web-01-connect")
    page.get_by_label("API token").fill(connected.token)
    page.get_by_role("button", name="Save token").click()
    expect(page.locator("#connection")).to_have_text("Connected")
    expect(page.get_by_role("heading", name="Connect to the Rapport server")).to_be_hidden()

    page.reload()  # the token was kept in this browser
    expect(page.locator("#connection")).to_have_text("Connected")
    # Who writes: drafts offer what the sender lists and end with their signature.
    profile = page.locator("#profile")
    profile.get_by_text("About you").click()
    profile.get_by_label("Your name").fill("Alex Moreno")
    profile.get_by_label("Role").fill("Solutions Engineer")
    profile.get_by_label("Company").fill("Brightwave")
    profile.get_by_label("Signature").fill("Alex Moreno\nSolutions Engineer, Brightwave")
    profile.get_by_role("button", name="Save profile").click()
    expect(page.locator("#profile-status")).to_have_text("Saved. New drafts use it.")
    expect(page.locator("#profile-summary")).to_have_text("Alex Moreno · Solutions Engineer")
    page.get_by_label("Name", exact=True).fill(DANA["name"])
    page.get_by_label("Email", exact=True).fill(DANA["email"])
    page.get_by_placeholder("https://…").fill("http://danaokafor.test/posts/streaming-migration")
    page.get_by_role("button", name="Add", exact=True).click()
    expect(page.locator("#page-list")).to_contain_text("danaokafor.test/posts/streaming-migration")
    page.get_by_role("button", name="Research & draft").click()
    expect(page.locator("#progress")).to_have_attribute("data-status", "done", timeout=30_000)
    expect(page.locator("#dossier .fact[data-kind='article']").first).to_contain_text("streaming")
    expect(page.get_by_label("Message")).to_have_value(re.compile(r"^H\w+ Dana,[\s\S]+Alex Moreno"))
    screenshot(page, "web-02-drafted")


def test_with_a_language_model_the_panel_says_the_model_wrote_the_draft(
    context: BrowserContext, extension: Extension, web: FixtureWeb, fake_llm: FakeLLM, tmp_path: Path
) -> None:
    """The service configured with an OpenAI-compatible server (the tests' own, on loopback)."""
    body = DANA_LLM_DRAFT
    reply = answer({"subject": "Your streaming post", "body": body, "fact_ids": []})
    fake_llm.script(reply, reply)  # the draft cites no fact id, so it is asked for its one revision
    llm = {"openai_base_url": fake_llm.base_url, "openai_api_key": fake_llm.api_key, "llm_timeout": 10.0}
    with running_service(web, tmp_path / "home", settings=llm) as service:
        put_profile(service, ALEX)
        configure(context, extension, service.url, service.token)
        open_gmail(context, "thread")
        panel = open_panel(context, extension)
        expect(panel.get_by_label("Email", exact=True)).to_have_value(DANA["email"])
        panel.get_by_role("button", name="Research & draft").click()
        expect(panel.locator("#progress")).to_have_attribute("data-status", "done", timeout=30_000)
        expect(panel.locator("#draft-engine")).to_have_text("Written by your language model")
        expect(panel.get_by_label("Subject")).to_have_value("Your streaming post")
        expect(panel.get_by_label("Message")).to_have_value(body)
    assert len(fake_llm.requests) == 2
    assert fake_llm.requests[0]["response_format"]["type"] == "json_schema"

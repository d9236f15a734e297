"""Nothing lost: reopening the panel brings the recipient's last run back, Recent runs reopens an earlier one,
pages marked "not this person" are listed and put back, and a page given that cannot be read says so.

The tests of this module share one service (one database), and run in order: the later ones start from the
runs the earlier ones made, as a person coming back to the panel would.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, Locator, Page, expect

from tests.fixture_web import FixtureWeb
from tests.support import browser
from tests.support.browser import Extension, Service
from tests.support.persona import DANA

pytestmark = pytest.mark.browser

PROMOTED = "northwind.test/news/dana-promoted"
DANA_ROLE = "VP of Data Engineering · Northwind Analytics"


@pytest.fixture
def panel(context: BrowserContext, extension: Extension, service: Service) -> Iterator[Page]:
    """The panel beside Dana's thread in Gmail, connected, with who writes already set up."""
    browser.configure(context, extension, service.url, service.token)
    browser.put_profile(service, {"name": "Alex Moreno", "signature": "Alex"})
    browser.open_gmail(context, "thread")
    yield browser.open_panel(context, extension)
    for page in context.pages[1:]:
        page.close()


def research(panel: Page) -> None:
    """Press Research & draft (under the form, or beside a run shown) and wait for the run to end."""
    panel.get_by_role("button", name="Research & draft").click()
    expect(panel.locator("#progress")).not_to_have_attribute("data-status", "running", timeout=30_000)


def show_sources(panel: Page) -> None:
    """The Sources tab: who was found, the pages used and those left out."""
    panel.get_by_role("tab", name="Sources").click()


def used_source(panel: Page, short_url: str) -> Locator:
    """A page research used, by its short address; the list past the first few opened, as people do."""
    show_sources(panel)
    more = panel.locator("#identity details.more-items").first
    if more.count() and more.get_attribute("open") is None:
        more.locator("summary").click()
    exact = re.compile(f"^{re.escape(short_url)}$")
    return panel.locator("#identity .source-list:not(.compact) .source").filter(
        has=panel.locator(".source-url", has_text=exact)
    )


def test_reloading_the_panel_brings_back_the_last_run_for_the_thread(panel: Page) -> None:
    research(panel)
    expect(panel.locator("#progress")).to_have_attribute("data-status", "done")
    subject, body = panel.get_by_label("Subject").input_value(), panel.get_by_label("Message").input_value()
    facts = panel.locator("#dossier .fact").count()
    assert body and facts

    panel.reload()
    panel.wait_for_selector("body[data-ready='true']")
    # The run as it was: who, the progress card's end, the dossier and the draft.
    expect(panel.locator("#summary-name")).to_have_text(DANA["name"])
    expect(panel.locator("#progress")).to_have_attribute("data-status", "done")
    expect(panel.locator("#progress-title")).to_have_text(f"Researched {DANA['name']}")
    expect(panel.locator("#identity .identity-role")).to_have_text(DANA_ROLE)
    expect(panel.locator("#dossier .fact")).to_have_count(facts)
    expect(panel.get_by_label("Subject")).to_have_value(subject)
    expect(panel.get_by_label("Message")).to_have_value(body)
    browser.screenshot(panel, "runs-01-restored-after-reload")


def test_recent_runs_reopen_an_earlier_run(panel: Page) -> None:
    expect(panel.locator("#summary-name")).to_have_text(DANA["name"])  # her last run, restored
    panel.get_by_role("button", name="Edit").click()
    panel.get_by_label("Name", exact=True).fill("Priya Raman")
    panel.get_by_label("Email", exact=True).fill("priya@fernhill.test")
    research(panel)
    expect(panel.locator("#identity .identity-role")).to_contain_text("Fernhill Robotics")

    recent = panel.locator("#recent")
    recent.get_by_text("Recent runs").click()
    runs = recent.get_by_role("button")
    expect(runs.first).to_contain_text("Priya Raman")
    expect(runs.first).to_have_attribute("aria-current", "true")
    expect(runs.first).to_contain_text("Open")
    expect(runs.nth(1)).to_contain_text(DANA["name"])
    expect(runs.nth(1)).to_contain_text(re.compile(r"Today \d\d:\d\d"))
    expect(runs.nth(1)).to_contain_text("Done")
    browser.screenshot(panel, "runs-02-recent-runs")

    runs.nth(1).click()
    expect(panel.locator("#summary-name")).to_have_text(DANA["name"])
    expect(panel.locator("#identity .identity-role")).to_have_text(DANA_ROLE)
    expect(panel.get_by_label("Message")).to_have_value(re.compile(r"Dana"))
    expect(recent).not_to_have_attribute("open", "")


def test_not_this_person_is_offered_only_on_pages_about_them(panel: Page) -> None:
    research(panel)
    team, home = used_source(panel, "northwind.test/team"), used_source(panel, "northwind.test")
    expect(team.get_by_role("button", name=re.compile("^Not this person"))).to_be_visible()
    # Their company's home page is read for its goals, but it is not a page about anyone to mistake.
    expect(home).to_contain_text("Company page")
    expect(home).to_be_visible()
    expect(home.get_by_role("button", name=re.compile("^Not this person"))).to_have_count(0)
    browser.screenshot(panel, "runs-03-company-page-without-not-this-person")


def test_a_page_left_out_is_listed_kept_after_reload_and_put_back(panel: Page) -> None:
    research(panel)
    used_source(panel, PROMOTED).get_by_role("button", name=re.compile("^Not this person")).click()
    expect(panel.locator("#progress")).to_have_attribute("data-status", "done", timeout=30_000)
    show_sources(panel)
    excluded = panel.locator("#excluded")
    expect(excluded.get_by_role("heading")).to_have_text("Left out as not them (1)")
    expect(excluded.get_by_role("link")).to_have_attribute("href", f"http://{PROMOTED}")
    expect(used_source(panel, PROMOTED)).to_have_count(0)
    browser.screenshot(panel, "runs-04-page-left-out")

    # Kept by the service: after a reload the page is still left out, and listed.
    panel.reload()
    panel.wait_for_selector("body[data-ready='true']")
    show_sources(panel)
    expect(excluded.get_by_role("link")).to_have_attribute("href", f"http://{PROMOTED}")
    expect(panel.locator("#summary-detail")).to_contain_text("1 left out")

    excluded.get_by_role("button", name=re.compile("^Put back")).click()
    expect(panel.locator("#progress")).to_have_attribute("data-status", "done", timeout=30_000)
    show_sources(panel)
    expect(excluded).to_be_hidden()
    expect(used_source(panel, PROMOTED)).to_have_count(1)
    expect(panel.locator("#summary-detail")).not_to_contain_text("left out")
    browser.screenshot(panel, "runs-05-page-put-back")


def test_a_page_given_that_cannot_be_read_is_shown_as_failed_with_what_to_do(
    context: BrowserContext, service: Service
) -> None:
    """On the web page at /: a 404 and a refused site; with nothing else to read, the run is a warning."""
    page = context.new_page()
    page.set_viewport_size({"width": 400, "height": 900})
    page.goto(service.url + "/")
    page.get_by_label("API token").fill(service.token)
    page.get_by_role("button", name="Save token").click()
    expect(page.locator("#connection")).to_have_text("Connected")
    page.get_by_label("Name", exact=True).fill("Dana Okafor")
    for url in ("http://northwind.test/no-such-page", "http://closed.example.com/about"):
        page.get_by_placeholder("https://…").fill(url)
        page.get_by_role("button", name="Add", exact=True).click()
    research(page)

    progress = page.locator("#progress")
    expect(progress).to_have_attribute("data-status", "warning")
    expect(page.locator("#progress-title")).to_have_text("Nothing could be read")
    failures = page.locator("#start-failures")
    expect(failures).to_contain_text("Couldn't read 2 pages you gave")
    missing, refused = failures.get_by_role("listitem").first, failures.get_by_role("listitem").nth(1)
    expect(missing).to_contain_text("northwind.test/no-such-page")
    expect(missing).to_contain_text("There is no page at this address (HTTP 404).")
    expect(refused).to_contain_text("closed.example.com/about")
    expect(refused).to_contain_text("The site refused the connection.")
    expect(failures).to_contain_text("Check the address")
    browser.screenshot(page, "runs-06-start-pages-failed-nothing-read")

    # With the email, their company's site is read: the run is done, and the failed page still said.
    page.get_by_role("button", name="Edit").click()
    page.get_by_label("Email", exact=True).fill(DANA["email"])
    page.get_by_role("button", name="Remove closed.example.com/about").click()
    research(page)
    expect(progress).to_have_attribute("data-status", "done")
    expect(failures).to_contain_text("Couldn't read a page you gave")
    expect(failures).to_contain_text("northwind.test/no-such-page")
    browser.screenshot(page, "runs-07-start-page-failed-others-read")

    # The web page has no Gmail thread: reloaded, it brings back the run of the person last typed here.
    page.reload()
    page.wait_for_selector("body[data-ready='true']")
    expect(page.locator("#summary-name")).to_have_text(DANA["name"])
    expect(failures).to_contain_text("northwind.test/no-such-page")
    expect(page.get_by_label("Message")).to_have_value(re.compile("Dana"))
    page.close()


def test_reloading_during_a_run_follows_it_to_the_end(
    context: BrowserContext, extension: Extension, tmp_path: Path
) -> None:
    """A slow web (half a second an answer): the panel reloaded mid-run picks the run up from its events."""
    with FixtureWeb(latency=0.5) as slow, browser.running_service(slow, tmp_path / "home") as service:
        browser.configure(context, extension, service.url, service.token)
        browser.put_profile(service, {"name": "Alex Moreno", "signature": "Alex"})
        browser.open_gmail(context, "thread")
        panel = browser.open_panel(context, extension)
        panel.get_by_role("button", name="Research & draft").click()
        expect(panel.locator("#counts")).to_have_text(re.compile(r"[1-9]\d* read"), timeout=20_000)

        panel.reload()
        panel.wait_for_selector("body[data-ready='true']")
        progress = panel.locator("#progress")
        expect(progress).to_have_attribute("data-status", "running")
        expect(panel.locator("#progress-title")).to_have_text(f"Researching {DANA['name']}")
        # The pages read before the reload are counted again from the run's stored events.
        expect(panel.locator("#counts")).to_have_text(re.compile(r"[1-9]\d* read"))
        browser.screenshot(panel, "runs-08-run-resumed-after-reload")
        expect(progress).to_have_attribute("data-status", "done", timeout=60_000)
        expect(panel.get_by_label("Message")).to_have_value(re.compile(r"Dana"))
        panel.close()

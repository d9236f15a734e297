"""The Renewals view: the thread opened in Gmail gives the contact book its last exchange; a CSV imported
through the panel, its bad row named by line; renewals started, drafts appearing as they are ready; Open in
Gmail opening a compose with the draft (intercepted here: nothing leaves the machine, nothing is sent);
snooze, skip and done taking people off the list.

The tests of this module share one service and run in order, as one person's session would.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import BrowserContext, Locator, Page, Route, expect

from tests.support import browser
from tests.support.browser import Extension, Service

pytestmark = pytest.mark.browser

# Three people of the fixture web, unheard of for years or never; a row with a malformed address on line 4.
BOOK = """Full name,E-mail Address,Organization,Last contacted,Notes
Priya Raman,priya@fernhill.test,Fernhill Robotics,2024-11-02,"Met at the ""Field Robotics"" meetup"
Katrin Vogel,katrin.vogel@elbwerk.test,,,
Bo Tran,bo-at-tran.test,,,
Keiko Tanaka,keiko.tanaka@harborpine.test,,2023-05-20,
"""
DUE = ["Priya Raman", "Katrin Vogel", "Keiko Tanaka"]


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("contacts") / "contacts.csv"
    path.write_text(BOOK, encoding="utf-8")
    return path


@pytest.fixture
def panel(context: BrowserContext, extension: Extension, connected: Service) -> Iterator[Page]:
    """The panel beside Dana's thread in Gmail, connected."""
    browser.open_gmail(context, "thread")
    yield browser.open_panel(context, extension)
    for page in context.pages[1:]:
        page.close()


def contacts(service: Service) -> dict[str, dict[str, Any]]:
    auth = {"Authorization": f"Bearer {service.token}"}
    body = service.app.test_client().get("/api/v1/contacts", headers=auth).get_json()
    return {entry["email"]: entry for entry in body["contacts"]}


def renewal(panel: Page, name: str) -> Locator:
    return panel.get_by_role("listitem").filter(has=panel.get_by_role("heading", name=name, exact=True))


def test_opening_a_thread_records_its_last_exchange_and_nothing_of_the_messages(
    panel: Page, connected: Service
) -> None:
    expect(panel.locator("#person-email")).to_have_value("dana.okafor@northwind.test")
    # The panel posts once the connection is up; the book is read until it has her (or 5 s have passed).
    dana = None
    for _ in range(50):
        dana = contacts(connected).get("dana.okafor@northwind.test")
        if dana:
            break
        panel.wait_for_timeout(100)
    # The thread's last message is dated Wed, Jun 17, 2026 (tests/fixtures/gmail/thread.html): the day and
    # the address are all the book has of it.
    assert dana is not None
    assert {key: value for key, value in dana.items() if key != "due"} == {
        "email": "dana.okafor@northwind.test",
        "name": None,
        "company": None,
        "last_exchange": "2026-06-17",
        "note": None,
    }


def test_a_csv_imported_through_the_panel_reports_its_bad_row_and_lists_who_is_due(
    panel: Page, book: Path
) -> None:
    panel.get_by_role("tab", name="Renewals").click()
    expect(panel.get_by_role("heading", name="Due for renewal")).to_be_visible()
    panel.get_by_label("Import a CSV or vCard file").set_input_files(book)
    panel.get_by_role("button", name="Import", exact=True).click()
    report = panel.locator("#import-report")
    expect(report).to_contain_text("3 imported, 0 updated; 1 row left out:")
    expect(report).to_contain_text("Line 4: 'bo-at-tran.test' is not an email address")
    for name in DUE:
        expect(renewal(panel, name)).to_contain_text("Not started")
    expect(renewal(panel, "Priya Raman")).to_contain_text("Last exchange Nov 2, 2024")
    expect(renewal(panel, "Katrin Vogel")).to_contain_text("No exchange on record")
    browser.screenshot(panel, "renewals-01-imported")


def test_renewals_started_show_their_drafts_to_review_with_the_news_found(panel: Page) -> None:
    panel.get_by_role("tab", name="Renewals").click()
    panel.get_by_role("button", name="Research & draft all").click()
    expect(panel.locator("#renewals-status")).to_contain_text("Researching 3 in the background")
    for name in DUE:
        item = renewal(panel, name)
        expect(item).to_contain_text("Draft ready", timeout=60_000)
        expect(item.locator(".renewal-idea")).to_contain_text("Idea:")
        expect(item.locator(".renewal-subject")).not_to_be_empty()
        expect(item.locator(".renewal-body")).to_contain_text("Alex")  # signed as the sender profile says
    expect(panel.get_by_role("button", name="Research & draft all")).to_be_disabled()
    browser.screenshot(panel, "renewals-02-drafts-ready")


def test_open_in_gmail_opens_a_compose_with_the_draft_and_sends_nothing(
    panel: Page, context: BrowserContext
) -> None:
    opened: list[str] = []

    def compose(route: Route) -> None:
        opened.append(route.request.url)
        route.fulfill(body="<title>Compose</title><p>compose window</p>", content_type="text/html")

    context.route(re.compile(r"^https://mail\.google\.com/mail/\?view=cm"), compose)
    panel.get_by_role("tab", name="Renewals").click()
    item = renewal(panel, "Priya Raman")
    subject = item.locator(".renewal-subject").inner_text().removeprefix("Subject: ")
    body = item.locator(".renewal-body").inner_text()
    with context.expect_page() as new_tab:
        item.get_by_role("link", name="Open in Gmail").click()
    new_tab.value.wait_for_load_state()
    context.unroute(re.compile(r"^https://mail\.google\.com/mail/\?view=cm"))
    assert len(opened) == 1
    query = parse_qs(urlsplit(opened[0]).query)
    assert query["view"] == ["cm"] and query["to"] == ["priya@fernhill.test"]
    assert query["su"] == [subject]
    assert query["body"][0].split() == body.split()


def test_snooze_skip_and_done_take_each_off_the_list(panel: Page, connected: Service) -> None:
    panel.get_by_role("tab", name="Renewals").click()
    expect(renewal(panel, "Priya Raman")).to_contain_text("Draft ready")
    panel.get_by_label("Snooze Priya Raman for").select_option(label="2 weeks")
    panel.get_by_role("button", name="Snooze Priya Raman").click()
    status = panel.locator("#renewals-status")
    expect(status).to_have_text("Snoozed Priya Raman for 14 days.")
    expect(renewal(panel, "Priya Raman")).to_have_count(0)
    expect(panel.locator("#due-title")).to_be_focused()
    renewal(panel, "Katrin Vogel").get_by_role("button", name="Skip").click()
    expect(status).to_have_text("Skipped Katrin Vogel this time.")
    renewal(panel, "Keiko Tanaka").get_by_role("button", name="Done").click()
    expect(status).to_have_text("Marked Keiko Tanaka done: written today.")
    expect(panel.get_by_role("listitem").filter(has=panel.locator(".renewal-name"))).to_have_count(0)
    expect(panel.get_by_text("No one is due.")).to_be_visible()
    browser.screenshot(panel, "renewals-03-all-decided")
    keiko = contacts(connected)["keiko.tanaka@harborpine.test"]
    assert (keiko["last_exchange"], keiko["due"]) == (date.today().isoformat(), False)
    # Reloaded, the view comes back as the service keeps it.
    panel.reload()
    panel.get_by_role("tab", name="Renewals").click()
    expect(panel.get_by_text("No one is due.")).to_be_visible()

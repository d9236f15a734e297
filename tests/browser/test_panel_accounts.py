"""Two people on one server, each with their own token: a teammate's panel beside the same Gmail thread
neither restores nor lists another's run, and a revoked token is refused with what to do.

The tests of this module share one service and one browser, and run in order, as the two people would."""

from __future__ import annotations

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from server import storage
from tests.support import browser
from tests.support.browser import Extension, Service
from tests.support.persona import DANA

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def bens_token(service: Service) -> str:
    """A teammate added as the operator adds one (`users add ben`)."""
    return storage.add_user(service.app.extensions["rapport.engine"], "ben")


def panel_as(context: BrowserContext, extension: Extension, service: Service, token: str) -> Page:
    said = browser.configure(context, extension, service.url, token)
    assert "Connected to Rapport" in said, said
    browser.open_gmail(context, "thread")
    return browser.open_panel(context, extension)


@pytest.mark.usefixtures("close_tabs")
def test_a_teammates_panel_shows_only_their_own_runs(
    context: BrowserContext, extension: Extension, service: Service, bens_token: str
) -> None:
    browser.put_profile(service, {"name": "Alex Moreno", "signature": "Alex"})  # the default user's
    anas = panel_as(context, extension, service, service.token)
    anas.get_by_role("button", name="Research & draft").click()
    expect(anas.locator("#progress")).to_have_attribute("data-status", "done", timeout=30_000)
    assert anas.get_by_label("Message").input_value().rstrip().endswith("Alex")

    ben = {"Authorization": f"Bearer {bens_token}"}
    profile = {"name": "Ben Ito", "signature": "Ben"}
    assert service.app.test_client().put("/api/v1/profile", json=profile, headers=ben).status_code == 200
    bens = panel_as(context, extension, service, bens_token)
    # The same thread, the same server: nothing of Ana's run comes back, and no run of hers is listed.
    expect(bens.get_by_label("Name", exact=True)).to_have_value(DANA["name"])  # read from the thread
    expect(bens.locator("#progress")).not_to_have_attribute("data-status", "done")
    expect(bens.get_by_label("Message")).to_have_value("")
    expect(bens.locator("#recent")).to_be_hidden()
    browser.screenshot(bens, "accounts-01-teammate-starts-afresh")

    bens.get_by_role("button", name="Research & draft").click()
    expect(bens.locator("#progress")).to_have_attribute("data-status", "done", timeout=30_000)
    assert bens.get_by_label("Message").input_value().rstrip().endswith("Ben")  # his profile, not Ana's


@pytest.mark.usefixtures("close_tabs")
def test_a_revoked_token_is_refused_saying_what_to_do(
    context: BrowserContext, extension: Extension, service: Service, bens_token: str
) -> None:
    storage.revoke_user(service.app.extensions["rapport.engine"], "ben")
    said = browser.configure(context, extension, service.url, bens_token)
    assert "The server didn't accept your token" in said
    browser.open_gmail(context, "thread")
    panel = browser.open_panel(context, extension)
    alert = panel.get_by_role("alert")
    expect(alert).to_contain_text("or it was revoked")
    expect(alert).to_contain_text("ask whoever runs it for yours")
    expect(panel.locator("#connection")).to_have_text("Token rejected")
    browser.screenshot(panel, "accounts-02-revoked-token")

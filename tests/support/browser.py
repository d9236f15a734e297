"""What the browser tests share: Chromium and the extension, Gmail played by saved pages, the service on a
loopback port, and the panel's steps (configure, open, screenshot)."""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from flask import Flask
from playwright.sync_api import BrowserContext, Page, Route, Worker, expect
from werkzeug.serving import make_server

from server.app import create_app, shutdown
from tests.fixture_web import FixtureWeb

ROOT = Path(__file__).resolve().parents[2]


EXTENSION = ROOT / "extension"


GMAIL_PAGES = ROOT / "tests" / "fixtures" / "gmail"


SCREENSHOTS = ROOT / "test-output" / "screenshots"


CHROMIUM = Path(os.environ.get("RAPPORT_CHROMIUM", "/usr/bin/chromium"))


GMAIL = "https://mail.google.com/mail/u/0/"


# What the fixture Gmail's thread is open on (a realistic thread id in the hash; Gmail's own URLs look so).
THREAD_HASH = "#inbox/FMfcgzQZTVbKvDsBnWtLqJhHxRmPcNgS"


PANEL_VIEWPORT = {"width": 400, "height": 900}  # about a side panel's size


CHROMIUM_ARGS = [
    f"--disable-extensions-except={EXTENSION}",
    f"--load-extension={EXTENSION}",
    "--no-sandbox",  # tests run as root in a container
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@dataclass
class Service:
    url: str
    token: str
    app: Flask


@dataclass
class Extension:
    id: str
    worker: Worker  # the service worker

    def url(self, path: str) -> str:
        return f"chrome-extension://{self.id}/{path}"


def serve_gmail(route: Route) -> None:
    """Gmail, played by a saved page: ?rapport-fixture=NAME picks tests/fixtures/gmail/NAME.html."""
    parts = urlsplit(route.request.url)
    if parts.path.startswith("/__rapport__/"):  # the extension's Gmail module, for the DOM tests
        source = EXTENSION / "content" / parts.path.removeprefix("/__rapport__/")
        route.fulfill(body=source.read_text(encoding="utf-8"), content_type="text/javascript")
        return
    name = parse_qs(parts.query).get("rapport-fixture", ["inbox"])[0]
    page = GMAIL_PAGES / f"{name}.html"
    if page.parent != GMAIL_PAGES or not page.is_file():
        route.fulfill(status=404, body="no such fixture")
        return
    route.fulfill(body=page.read_text(encoding="utf-8"), content_type="text/html; charset=utf-8")


def open_gmail(context: BrowserContext, fixture: str) -> Page:
    """A Gmail tab showing a saved view: inbox, thread, reply or compose."""
    page = context.new_page()
    page.goto(f"{GMAIL}?rapport-fixture={fixture}{THREAD_HASH if fixture in ('thread', 'reply') else ''}")
    return page


@contextmanager
def running_service(
    web: FixtureWeb, home: Path, settings: dict[str, Any] | None = None, **config: Any
) -> Iterator[Service]:
    """The real service on a loopback port: the research pipeline over the fixture web, the offline engine.

    settings overrides Settings (an LLM server, say); config is create_app's test_config (DRAFT, to stand
    in for drafting).
    """
    settings = web.settings(home, **{"sse_keepalive_seconds": 2.0, "llm_timeout": 60.0, **(settings or {})})
    app = create_app({"SETTINGS": settings, **config})
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_port}"
        yield Service(url=url, token=app.extensions["rapport.token"], app=app)
    finally:
        server.shutdown()
        server.server_close()
        shutdown(app)


def put_profile(service: Service, profile: dict[str, Any]) -> None:
    """Store the sender profile through the API, as a user who set it up before would have."""
    auth = {"Authorization": f"Bearer {service.token}"}
    assert service.app.test_client().put("/api/v1/profile", json=profile, headers=auth).status_code == 200


def get_profile(service: Service) -> dict[str, Any]:
    auth = {"Authorization": f"Bearer {service.token}"}
    resp = service.app.test_client().get("/api/v1/profile", headers=auth)
    assert resp.status_code == 200
    return resp.get_json()


def configure(context: BrowserContext, extension: Extension, server_url: str, token: str) -> str:
    """Set the server and token on the options page, as a person would; returns what the page said."""
    page = context.new_page()
    page.goto(extension.url("options/options.html"))
    page.wait_for_selector("body[data-ready='true']")  # the saved address is in: filling replaces it whole
    page.get_by_label("Server address").fill(server_url)
    page.get_by_label("API token").fill(token)
    page.get_by_role("button", name="Save and check").click()
    status = page.get_by_role("status")
    expect(status).to_have_text(re.compile(r"^Saved.+\.$"))
    expect(status).not_to_have_text(re.compile("Checking"))
    said = status.inner_text()
    page.close()
    return said


def open_panel(context: BrowserContext, extension: Extension, query: str = "") -> Page:
    """The side panel's page in a tab of its own, next to the Gmail tab (as Chrome would show it beside)."""
    panel = context.new_page()
    panel.set_viewport_size(PANEL_VIEWPORT)
    panel.goto(extension.url(f"panel/panel.html{query}"))
    panel.wait_for_selector("body[data-ready='true']")
    return panel


def open_the_form(panel: Page) -> None:
    """The recipient's form, unfolded when their last run came back with it folded away (as after a run)."""
    if panel.locator("#setup-summary").is_visible():
        panel.get_by_role("button", name="Edit", exact=True).click()


def screenshot(page: Page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.evaluate("() => window.scrollTo(0, 0)")  # else the sticky header is drawn mid-page
    page.screenshot(path=str(path), full_page=True)
    return path

"""Browser tests: headless Chromium with the unpacked extension, Gmail played by saved pages, and the real
service on a loopback port, researching the fixture web with the offline engine.

Chromium is Debian's (/usr/bin/chromium, or $RAPPORT_CHROMIUM); Playwright never downloads one here.
Screenshots of the panel land in test-output/screenshots/.
"""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import BrowserContext, Playwright, sync_playwright

from tests.fixture_web import FixtureWeb
from tests.support.browser import (
    CHROMIUM,
    CHROMIUM_ARGS,
    Extension,
    Service,
    configure,
    put_profile,
    running_service,
    serve_gmail,
)


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    if not CHROMIUM.exists():
        pytest.skip(f"no Chromium at {CHROMIUM}: apt-get install -y chromium (or set RAPPORT_CHROMIUM)")
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="module")
def context(playwright: Playwright, tmp_path_factory: pytest.TempPathFactory) -> Iterator[BrowserContext]:
    """One Chromium per test module, with the extension loaded and Gmail served from tests/fixtures/gmail."""
    browser = playwright.chromium.launch_persistent_context(
        tmp_path_factory.mktemp("chromium-profile"),
        executable_path=str(CHROMIUM),
        headless=True,
        args=CHROMIUM_ARGS,
    )
    browser.set_default_timeout(10_000)
    browser.route("https://mail.google.com/**", serve_gmail)
    yield browser
    browser.close()


@pytest.fixture(scope="module")
def extension(context: BrowserContext) -> Extension:
    workers = context.service_workers
    worker = workers[0] if workers else context.wait_for_event("serviceworker")
    return Extension(id=urlsplit(worker.url).hostname or "", worker=worker)


@pytest.fixture(scope="module")
def service(web: FixtureWeb, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Service]:
    with running_service(web, tmp_path_factory.mktemp("rapport-home")) as running:
        yield running


@pytest.fixture
def close_tabs(context: BrowserContext) -> Iterator[None]:
    """The tabs a test opened close after it (the first, Chromium's own, stays for the next test)."""
    yield
    for page in context.pages[1:]:
        page.close()


@pytest.fixture
def connected(context: BrowserContext, extension: Extension, service: Service) -> Service:
    """The extension pointed at the service, and who writes set up before: research does not ask for it."""
    said = configure(context, extension, service.url, service.token)
    assert "Connected to Rapport" in said and "the token works" in said
    put_profile(service, {"name": "Alex Moreno", "signature": "Alex"})
    return service

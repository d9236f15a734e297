"""The panel for people who use a screen reader or only a keyboard: axe-core over each state the panel shows
finds no serious or critical violation, and the main flow works with the keyboard alone, focus always seen.

axe-core (MPL-2.0) is installed from npm beside these tests by `make test` (the Makefile's axe-core target),
never committed; where it is absent, the axe check is skipped, saying so. A new panel state is one more entry
in STATES: a function that leaves the panel showing it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn

import pytest
from playwright.sync_api import BrowserContext, Locator, Page, expect

from tests.fixture_web import FixtureWeb, free_port
from tests.support import browser
from tests.support.persona import DANA

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("close_tabs")]

AXE = browser.ROOT / "tests" / "browser" / "node_modules" / "axe-core" / "axe.min.js"
ALEX = {"name": "Alex Moreno", "signature": "Alex"}
SERIOUS = ("serious", "critical")
# What axe checks: the WCAG 2.x A and AA rules and its best practices (landmarks, headings, regions).
AXE_RUN = """async () => {
  const result = await axe.run(document, {
    runOnly: {
      type: "tag",
      values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"],
    },
    resultTypes: ["violations"],
  });
  return result.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map((n) => ({ impact: n.impact, target: n.target.join(" "), html: n.html.slice(0, 160) })),
  }));
}"""


@dataclass
class Stage:
    """What a state's setup may use; services it starts are stopped when the test ends."""

    context: BrowserContext
    extension: browser.Extension
    web: FixtureWeb
    home: Path
    stack: ExitStack

    def service(
        self,
        *,
        profile: dict[str, Any] | None = ALEX,
        web: FixtureWeb | None = None,
        settings: dict[str, Any] | None = None,
        **config: Any,
    ) -> browser.Service:
        """A service of this test's own (settings and create_app's config as running_service takes them), the
        extension pointed at it; Alex's profile stored unless None."""
        running = browser.running_service(web or self.web, self.home, settings, **config)
        service = self.stack.enter_context(running)
        if profile is not None:
            browser.put_profile(service, profile)
        browser.configure(self.context, self.extension, service.url, service.token)
        return service

    def panel(self) -> Page:
        """The panel beside a Gmail thread with Dana."""
        browser.open_gmail(self.context, "thread")
        panel = browser.open_panel(self.context, self.extension)
        expect(panel.get_by_label("Name", exact=True)).to_have_value(DANA["name"])
        return panel


def first_run(stage: Stage) -> Page:
    stage.service(profile=None)
    panel = stage.panel()
    panel.get_by_role("button", name="Research & draft").click()
    expect(panel.get_by_text("Before your first draft")).to_be_visible()
    return panel


def recipient_from_thread(stage: Stage) -> Page:
    stage.service()
    panel = stage.panel()
    expect(panel.locator("#connection")).to_have_text("Connected")
    return panel


def research_running(stage: Stage) -> Page:
    # Every answer of this web takes 2 s: research is still reading when axe looks; its deadline ends it soon
    # after, so that the service stops without waiting long.
    slow = stage.stack.enter_context(FixtureWeb(latency=2.0))
    stage.service(web=slow, settings={"research_deadline": 8.0})
    panel = stage.panel()
    panel.get_by_role("button", name="Research & draft").click()
    expect(panel.locator("#progress")).to_have_attribute("data-status", "running")
    expect(panel.locator("#counts")).to_have_text(re.compile(r"\d+ pages found"))
    return panel


def draft_shown(stage: Stage) -> Page:
    stage.service()
    panel = stage.panel()
    panel.get_by_role("button", name="Research & draft").click()
    expect(panel.locator("#progress")).to_have_attribute("data-status", "done", timeout=30_000)
    expect(panel.get_by_label("Message")).not_to_have_value("")
    return panel


def run_failed(stage: Stage) -> Page:
    def drafting_breaks(*args: object, **kwargs: object) -> NoReturn:
        raise RuntimeError("the language model server did not answer")

    stage.service(DRAFT=drafting_breaks)
    panel = stage.panel()
    panel.get_by_role("button", name="Research & draft").click()
    expect(panel.locator("#progress")).to_have_attribute("data-status", "failed", timeout=30_000)
    expect(panel.get_by_role("alert")).to_contain_text("The run stopped before it finished")
    return panel


def server_unreachable(stage: Stage) -> Page:
    down = f"http://127.0.0.1:{free_port()}"
    browser.configure(stage.context, stage.extension, down, "any-token")
    panel = stage.panel()
    panel.get_by_role("button", name="Research & draft").click()
    expect(panel.get_by_role("alert")).to_contain_text("Can't reach the Rapport server")
    return panel


def token_rejected(stage: Stage) -> Page:
    service = stage.service()
    browser.configure(stage.context, stage.extension, service.url, "not-the-token")
    panel = stage.panel()
    expect(panel.get_by_role("alert")).to_contain_text("The server didn't accept your token")
    return panel


def web_page_connect(stage: Stage) -> Page:
    service = stage.service()
    page = stage.context.new_page()
    page.set_viewport_size({"width": 400, "height": 900})
    page.goto(service.url + "/")
    expect(page.get_by_role("heading", name="Connect to the Rapport server")).to_be_visible()
    return page


def sources_with_a_page_left_out(stage: Stage) -> Page:
    """The Sources tab after "Not this person" on a page, the page listed to put back, recent runs open."""
    panel = draft_shown(stage)
    panel.get_by_role("tab", name="Sources").click()
    panel.locator("#identity").get_by_role("button", name=re.compile("^Not this person")).first.click()
    expect(panel.locator("#progress")).to_have_attribute("data-status", "done", timeout=30_000)
    panel.get_by_role("tab", name="Sources").click()
    expect(panel.locator("#excluded").get_by_role("heading")).to_have_text("Left out as not them (1)")
    panel.locator("#recent").get_by_text("Recent runs").click()
    return panel


def coaching_the_gmail_draft(stage: Stage) -> Page:
    """After Insert: the card that keeps checking what the user writes in Gmail."""
    panel = draft_shown(stage)
    panel.get_by_role("button", name="Insert into Gmail").click()
    expect(panel.locator("#coach")).to_be_visible()
    expect(panel.locator("#coach").get_by_role("meter", name="Gmail draft score")).to_be_visible()
    return panel


def renewals_with_drafts(stage: Stage) -> Page:
    """The Renewals view: a file imported with a bad row, one renewal drafted, one that needs a name."""
    stage.service()
    book = stage.home / "contacts.csv"
    book.write_text(
        "Name,Email\nPriya Raman,priya@fernhill.test\nBo Tran,bo-at-tran.test\n,someone@nowhere.test\n",
        encoding="utf-8",
    )
    panel = stage.panel()
    panel.get_by_role("tab", name="Renewals").click()
    panel.get_by_label("Import a CSV or vCard file").set_input_files(book)
    panel.get_by_role("button", name="Import", exact=True).click()
    expect(panel.locator("#import-report")).to_contain_text("Line 3")
    panel.get_by_role("button", name="Research & draft all").click()
    expect(panel.locator(".renewal").first).to_contain_text("Draft ready", timeout=30_000)
    return panel


# Each state the panel shows, by a function that leaves the panel showing it. Add new states here.
STATES: dict[str, Callable[[Stage], Page]] = {
    "first-run": first_run,
    "recipient-from-thread": recipient_from_thread,
    "research-running": research_running,
    "renewals-with-drafts": renewals_with_drafts,
    "draft-shown": draft_shown,
    "run-failed": run_failed,
    "server-unreachable": server_unreachable,
    "token-rejected": token_rejected,
    "web-page-connect": web_page_connect,
    "sources-with-a-page-left-out": sources_with_a_page_left_out,
    "coaching-the-gmail-draft": coaching_the_gmail_draft,
}


@pytest.fixture
def stage(
    context: BrowserContext, extension: browser.Extension, web: FixtureWeb, tmp_path: Path
) -> Iterator[Stage]:
    with ExitStack() as stack:
        yield Stage(context, extension, web, tmp_path / "home", stack)


@pytest.fixture(scope="module")
def axe_source() -> str:
    if not AXE.is_file():
        pytest.skip(
            f"axe-core is not installed at {AXE.relative_to(browser.ROOT)}: "
            "`make axe-core` installs it with npm"
        )
    return AXE.read_text(encoding="utf-8")


def serious_violations(page: Page, axe_source: str) -> list[str]:
    """axe's serious and critical violations on the page as it is now, a line each."""
    page.evaluate(axe_source)  # evaluated, not a <script>: the extension's pages allow no inline script
    found: list[dict[str, Any]] = page.evaluate(AXE_RUN)
    return [
        f"{v['id']} ({node['impact']}): {v['help']} at {node['target']}: {node['html']}"
        for v in found
        for node in v["nodes"]
        if node["impact"] in SERIOUS
    ]


@pytest.mark.parametrize("state", list(STATES))
def test_axe_finds_no_serious_violation(stage: Stage, axe_source: str, state: str) -> None:
    page = STATES[state](stage)
    browser.screenshot(page, f"a11y-{state}")
    assert serious_violations(page, axe_source) == []


# The focused element has its own focus indicator (an outline, or a ring drawn with box-shadow), and nothing
# (the sticky header) covers it where the browser scrolled it to.
FOCUS_SEEN = """() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
  const box = el.getBoundingClientRect();
  const atCentre = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
  return {
    what: el.outerHTML.slice(0, 120),
    ring: outline || style.boxShadow !== "none",
    uncovered: atCentre !== null && (el === atCentre || el.contains(atCentre)),
  };
}"""


def seen_now(page: Page, name: str) -> None:
    """A screenshot of what the panel shows now, scrolled where the focus is (not the whole page)."""
    browser.SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(browser.SCREENSHOTS / f"{name}.png"))


def tab_to(page: Page, target: Locator, *, back: bool = False, presses: int = 120) -> None:
    """Press Tab (Shift+Tab: back) until target has the focus, checking at every stop that it can be seen."""
    for _ in range(presses):
        page.keyboard.press("Shift+Tab" if back else "Tab")
        focus = page.evaluate(FOCUS_SEEN)
        assert focus["ring"], f"no visible focus on {focus['what']}"
        assert focus["uncovered"], f"the focus on {focus['what']} is covered"
        if target.evaluate("(el) => el === document.activeElement"):
            return
    raise AssertionError(f"Tab never reached {target}")


def test_the_main_flow_works_with_the_keyboard_alone_and_the_focus_is_always_seen(stage: Stage) -> None:
    """Tab, Enter and Space (and the arrow keys within the ideas, as in any radio group); no mouse."""
    stage.service()
    gmail = browser.open_gmail(stage.context, "thread")
    panel = browser.open_panel(stage.context, stage.extension)
    expect(panel.locator("#connection")).to_have_text("Connected")

    # The recipient, typed over what the thread gave.
    name, email = panel.get_by_label("Name", exact=True), panel.get_by_label("Email", exact=True)
    tab_to(panel, name)
    panel.keyboard.press("Control+A")
    panel.keyboard.type(DANA["name"])
    tab_to(panel, email)
    panel.keyboard.press("Control+A")
    panel.keyboard.type(DANA["email"])
    expect(name).to_have_value(DANA["name"])

    tab_to(panel, panel.get_by_role("button", name="Research & draft"))
    panel.keyboard.press("Enter")
    expect(panel.locator("#progress")).to_have_attribute("data-status", "done", timeout=30_000)
    first_body = panel.get_by_label("Message").input_value()

    # Another idea: an arrow key moves from the Draft tab to Ideas, Tab reaches the chosen idea, an arrow
    # key picks the next, and back on the Draft tab the draft has followed.
    tab_to(panel, panel.get_by_role("tab", name="Draft"))
    panel.keyboard.press("ArrowRight")
    expect(panel.get_by_role("tab", name="Ideas")).to_be_focused()
    ideas = panel.get_by_role("radio")
    tab_to(panel, ideas.first)
    seen_now(panel, "a11y-keyboard-idea-focused")
    panel.keyboard.press("ArrowDown")
    expect(ideas.nth(1)).to_be_checked()
    expect(panel.locator("#draft-status")).to_have_text("New draft written around the idea you picked.")
    tab_to(panel, panel.get_by_role("tab", name="Ideas"), back=True)
    panel.keyboard.press("ArrowLeft")
    expect(panel.get_by_role("tab", name="Draft")).to_be_focused()
    expect(panel.get_by_label("Message")).not_to_have_value(first_body)

    message = panel.get_by_label("Message")
    tab_to(panel, message)
    panel.keyboard.press("Control+End")
    panel.keyboard.type("\n\nPS: the benchmark is yours whenever it helps.")

    tab_to(panel, panel.get_by_role("button", name="Insert into Gmail"))
    seen_now(panel, "a11y-keyboard-insert-focused")
    panel.keyboard.press("Space")
    expect(panel.locator("#draft-status")).to_contain_text("Inserted into a new reply in Gmail.")
    expect(gmail.locator('[aria-label="Message Body"]')).to_contain_text(
        "the benchmark is yours whenever it helps"
    )

    # Back up past every source link to change who it is for: the focus never hides under the header.
    # (It did: focus going up was scrolled to the top edge, under the sticky header.)
    tab_to(panel, panel.get_by_role("button", name="Edit", exact=True), back=True)
    panel.keyboard.press("Enter")
    expect(name).to_be_focused()


def test_on_the_web_page_the_keyboard_connects_drafts_and_copies(stage: Stage) -> None:
    """The panel as the page at `/`: the token, the recipient, research and Copy, with keys alone."""
    service = stage.service()
    stage.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=service.url)
    page = stage.context.new_page()
    page.set_viewport_size({"width": 400, "height": 900})
    page.goto(service.url + "/")

    tab_to(page, page.get_by_label("API token"))
    page.keyboard.type(service.token)
    page.keyboard.press("Enter")
    expect(page.locator("#connection")).to_have_text("Connected")

    tab_to(page, page.get_by_label("Name", exact=True))
    page.keyboard.type(DANA["name"])
    tab_to(page, page.get_by_label("Email", exact=True))
    page.keyboard.type(DANA["email"])
    page.keyboard.press("Enter")  # Enter in a field sends the form, as in any form
    expect(page.locator("#progress")).to_have_attribute("data-status", "done", timeout=30_000)

    tab_to(page, page.get_by_role("button", name="Copy"))
    seen_now(page, "a11y-keyboard-web-copy-focused")
    page.keyboard.press("Enter")
    expect(page.locator("#draft-status")).to_contain_text("Copied the email.")
    assert page.evaluate("navigator.clipboard.readText()") == page.get_by_label("Message").input_value()

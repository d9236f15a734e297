"""The About-you card's gifts, as a new user meets them: research asks who they are first, the offer they
type is read into gifts they can edit, remove and add to, and the saved gifts are what drafts may offer."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from tests.support.browser import (
    Extension,
    Service,
    configure,
    get_profile,
    open_gmail,
    open_panel,
    put_profile,
    screenshot,
)

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("close_tabs")]

OFFER = (
    "Brightwave builds streaming data pipelines for retailers. Alex can share Brightwave's 2026 streaming "
    "migration benchmark, send a backfill checklist, and introduce people to data engineering leads in his "
    "network."
)


def gift(panel: Page, n: int) -> tuple:
    """Gift n's kind, words and topics as the card shows them."""
    return (
        panel.get_by_label(f"Kind of gift {n}"),
        panel.get_by_label(f"Gift {n}", exact=True),
        panel.get_by_label(f"Topics of gift {n}"),
    )


def test_a_first_run_asks_who_you_are_reads_your_offer_into_gifts_you_edit_then_researches(
    context: BrowserContext, extension: Extension, service: Service
) -> None:
    configure(context, extension, service.url, service.token)
    open_gmail(context, "thread")
    panel = open_panel(context, extension)
    expect(panel.locator("#connection")).to_have_text("Connected")

    # No profile yet: research asks for it first.
    panel.get_by_role("button", name="Research & draft").click()
    card = panel.locator("#profile")
    expect(card.get_by_text("Before your first draft")).to_be_visible()
    expect(card.get_by_label("Your name")).to_be_focused()
    expect(panel.locator("#progress")).to_be_hidden()

    card.get_by_label("Your name").fill("Alex Moreno")
    card.get_by_label("Company").fill("Brightwave")
    card.get_by_label("Signature").fill("Alex Moreno\nSolutions Engineer, Brightwave")
    card.get_by_label("What you can offer").fill(OFFER)

    # The gifts it understood: the benchmark, the checklist and the introduction; not what Brightwave sells.
    items = card.locator(".gift-item")
    expect(items).to_have_count(3)
    kind, what, topics = gift(panel, 1)
    expect(kind).to_have_value("resource")
    expect(what).to_have_value("our 2026 streaming migration benchmark")
    expect(topics).to_have_value(re.compile(r"streaming.*benchmark"))
    expect(gift(panel, 2)[1]).to_have_value("a backfill checklist")
    kind, what, _ = gift(panel, 3)
    expect(kind).to_have_value("introduction")
    expect(what).to_have_value("data engineering leads in my network")
    expect(card.locator("#gifts-hint")).to_contain_text("Read from what you can offer")
    screenshot(panel, "gifts-01-read-from-the-offer")

    # Edit one, remove one, add one.
    _, what, topics = gift(panel, 2)
    what.fill("a checklist for streaming backfills")
    topics.fill("streaming, backfills")
    panel.get_by_role("button", name="Remove gift 3").click()
    expect(items).to_have_count(2)
    card.get_by_role("button", name="Add a gift").click()
    expect(items).to_have_count(3)
    kind, what, topics = gift(panel, 3)
    expect(what).to_be_focused()
    kind.select_option(label="Volunteer time")
    what.fill("an afternoon reviewing your streaming migration plan")
    topics.fill("streaming, migration")
    # Typing the offer again no longer overwrites the gifts the user edited; they can ask for it.
    card.get_by_label("What you can offer").press("End")
    card.get_by_label("What you can offer").press_sequentially(" ")
    expect(card.get_by_role("button", name="Read my offer again")).to_be_visible()
    expect(gift(panel, 2)[1]).to_have_value("a checklist for streaming backfills")
    screenshot(panel, "gifts-02-edited")

    card.get_by_role("button", name="Save and research").click()
    expect(panel.locator("#profile-status")).to_have_text("Saved. Researching now…")
    expect(panel.locator("#progress")).to_have_attribute("data-status", "done", timeout=30_000)
    expect(panel.get_by_label("Message")).to_have_value(re.compile(r"Alex Moreno"))
    stored = get_profile(service)
    assert [(g["kind"], g["what"], g["topics"]) for g in stored["gifts"]] == [
        ("resource", "our 2026 streaming migration benchmark", gift_topics(stored, 0)),
        ("resource", "a checklist for streaming backfills", ["streaming", "backfills"]),
        ("time", "an afternoon reviewing your streaming migration plan", ["streaming", "migration"]),
    ]

    # The next time, the card shows the gifts as kept.
    panel = open_panel(context, extension)
    expect(panel.locator("#profile .gift-item")).to_have_count(3)
    expect(gift(panel, 3)[0]).to_have_value("time")
    expect(panel.locator("#gifts-hint")).to_have_text("As you kept them. Drafts offer only these.")


def gift_topics(profile: dict, index: int) -> list[str]:
    topics = profile["gifts"][index]["topics"]
    assert {"streaming", "migration", "benchmark"} <= set(topics)
    return topics


def test_a_gift_the_user_kept_is_offered_in_the_drafted_email(
    context: BrowserContext, extension: Extension, service: Service
) -> None:
    put_profile(
        service,
        {
            "name": "Alex Moreno",
            "signature": "Alex",
            "gifts": [
                {
                    "kind": "resource",
                    "what": "our 2026 streaming migration benchmark",
                    "topics": ["streaming", "migration", "pipelines", "benchmark"],
                }
            ],
        },
    )
    configure(context, extension, service.url, service.token)
    open_gmail(context, "thread")
    panel = open_panel(context, extension)
    expect(gift(panel, 1)[1]).to_have_value("our 2026 streaming migration benchmark")
    panel.get_by_role("button", name="Research & draft").click()
    expect(panel.locator("#progress")).to_have_attribute("data-status", "done", timeout=30_000)
    screenshot(panel, "gifts-03-drafted")
    expect(panel.get_by_label("Message")).to_have_value(re.compile(r"streaming migration benchmark"))

"""Gift letters for the other personas of the fixture web, each in its own site styles and languages: the
draft offers the gift that fits their work, congratulates their newest role with its month when there is
one, says how long it has been in the thread's words, and never carries a page's grammar into the email."""

from __future__ import annotations

import re
from datetime import date

import pytest

from server.models import Person, Run, RunRequest, SenderProfile
from server.service.once import run_once
from tests.fixture_web import FixtureWeb

TODAY = date(2026, 11, 23)  # the fixture web's "now"
SENDER = SenderProfile(
    name="Sam Lee",
    company="Atlas Advisory",
    signature="Sam Lee",
    offer=(
        "Atlas Advisory runs operations reviews. Sam can share Atlas's 2026 repair-programme benchmark "
        "across 30 retailers and our energy storage grid-connection survey, and introduce people to "
        "warehouse robotics founders."
    ),
)
# name: (request, the gift that fits, the new role and its month or None, how long it has been)
CASES = {
    "priya": (
        RunRequest(
            person=Person(name="Priya Raman", email="priya@fernhill.test"),
            urls=["http://priyaraman.test/talks", "http://smiledental.test/team"],
            context="Met at RoboCon 2024; last spoke about a year ago.",
        ),
        "warehouse robotics founders",
        None,
        "about a year",
    ),
    "keiko": (
        RunRequest(
            person=Person(name="Keiko Tanaka", email="keiko.tanaka@harborpine.test"),
            urls=["http://keikotanaka.test/", "http://coastgazette.test/2026/11/qa-keiko-tanaka/"],
            context="Last spoke about 20 months ago about repair logistics.",
        ),
        "repair-programme benchmark",
        None,
        "about 20 months",
    ),
    "tomas": (
        RunRequest(
            person=Person(name="Tomás Rivera", email="tomas.rivera@larkspurfreight.test"),
            urls=[
                "http://freightweekly.test/2026/02/stockton-cold-chain-hub",
                "http://coldchainsummit.test/2026/speakers",
            ],
            context="Last spoke about 20 months ago.",
        ),
        "grid-connection survey",
        ("VP Operations", "September"),
        "about 20 months",
    ),
}


@pytest.fixture(scope="module", params=sorted(CASES))
def drafted(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Run]:
    run_request = CASES[request.param][0].model_copy(update={"sender": SENDER})
    with FixtureWeb() as web:
        settings = web.settings(tmp_path_factory.mktemp(request.param))
        return request.param, run_once(run_request, settings, lambda _: None, today=TODAY)


def test_the_gift_that_fits_their_work_is_offered(drafted: tuple[str, Run]) -> None:
    name, run = drafted
    assert run.draft is not None and CASES[name][1] in run.draft.body


def test_their_newest_role_is_congratulated_with_its_month(drafted: tuple[str, Run]) -> None:
    name, run = drafted
    assert run.draft is not None
    role = CASES[name][2]
    opening = run.draft.body.split("\n\n")[1]
    if role:
        title, month = role
        assert re.search(rf"{title}[^.]*\bin {month}\b", opening) and "ongrat" in opening
    else:
        assert "ongrat" not in opening  # no new role found: no congratulations on an old one


def test_the_time_since_is_said_in_the_threads_words(drafted: tuple[str, Run]) -> None:
    name, run = drafted
    assert run.draft is not None and CASES[name][3] in run.draft.body


def test_no_page_grammar_reaches_the_email(drafted: tuple[str, Run]) -> None:
    _, run = drafted
    assert run.draft is not None
    body = run.draft.body
    assert not re.search(r"(?i)\btoday\b|announced|\bsaid\b|goal of [a-z]+ \d", body)
    assert "?" not in body and run.draft.checks.issues == []

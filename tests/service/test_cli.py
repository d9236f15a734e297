"""`python -m server research|draft|extract`, run as a person runs them: real processes on the fixture web.

Each process pays a few seconds of imports, so every command this file needs runs once, all side by side, in
one module fixture (`ran`); the tests then read what each printed.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from tests.fixture_web import FixtureWeb
from tests.support.command_line import ROOT, environment
from tests.support.fixture_types import AssertRunContract
from tests.support.persona import DANA_EMAIL, DANA_NAME, DANA_SITE, SAM

DANA = ("--name", DANA_NAME, "--email", DANA_EMAIL, "--url", DANA_SITE)
NAMESAKE = "http://sweetcrumb.test/about"
SAVED_URL = "http://saved.test/bio"  # no fixture site has this host: a fetch would show in the web's log
REFUSED_PATH = "/refused-probe"  # no command but the refused one asks for this path
SAVED_HTML = """<!doctype html>
<html><head><title>Dana Okafor – speaker bio</title></head>
<body><article><h1>Dana Okafor</h1>
<p>Dana Okafor is VP of Data Engineering at Northwind Analytics, where she leads the team that moved
400 batch pipelines to streaming.</p></article></body></html>
"""
# The run JSON's fields, in order, as `--json` prints them.
RUN_KEYS = [
    "run_id",
    "status",
    "person",
    "facts",
    "sources",
    "generosity",
    "draft",
    "warnings",
    "created_at",
    "error",
    "selected_packet",
    "tone",
    "usage",
    "given",
]


@dataclass(frozen=True)
class Command:
    args: tuple[str, ...]
    allowlist: bool = True  # RAPPORT_FETCH_ALLOWLIST=127.0.0.1, so the fixture web may be fetched


def commands(files: Path) -> dict[str, Command]:
    saved, sender = files / "saved.html", files / "sender.json"
    nameless = files / "nameless.json"
    return {
        # The slowest first, so that the quick ones fill in around them.
        "draft-text": Command(("draft", *DANA, "--sender", str(sender))),
        "draft-json": Command(
            ("draft", *DANA, "--sender", str(sender), "--tone", "brief", "--packet", "1", "--json")
        ),
        "research-text": Command(("research", *DANA, "--url", NAMESAKE)),
        "research-json": Command(
            ("research", *DANA, "--url", NAMESAKE, "--page", f"{SAVED_URL}={saved}", "--json")
        ),
        "extract-fetched": Command(("extract", "--url", "http://northwind.test/news/series-b", "--json")),
        "extract-file": Command(
            ("extract", "--url", "http://example.test/x", "--file", str(saved), "--json")
        ),
        "refused-loopback": Command(("extract", "--url", "http://127.0.0.1:9/"), allowlist=False),
        "refused-connect-to": Command(
            ("extract", "--url", f"http://northwind.test{REFUSED_PATH}"), allowlist=False
        ),
        "bad-email": Command(("research", "--name", "Dana Okafor", "--email", "dana.okafor-at-northwind")),
        "bad-port": Command(("research", "--name", "Dana Okafor", "--url", "https://northwind.test:99999/")),
        "page-without-file": Command(("research", "--name", "Dana Okafor", "--page", SAVED_URL)),
        "page-file-missing": Command(
            ("research", "--name", "Dana Okafor", "--page", f"{SAVED_URL}={files / 'missing.html'}")
        ),
        "sender-without-name": Command(("draft", *DANA, "--sender", str(nameless))),
    }


@dataclass
class Ran:
    results: dict[str, subprocess.CompletedProcess[str]]
    saved_host_requests: list[str]  # what the fixture web was asked for on saved.test while they ran

    def __getitem__(self, name: str) -> subprocess.CompletedProcess[str]:
        return self.results[name]

    def json(self, name: str) -> Any:
        done = self.results[name]
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout)

    def text(self, name: str) -> str:
        done = self.results[name]
        assert done.returncode == 0, done.stderr
        return done.stdout


@pytest.fixture(scope="module")
def ran(tmp_path_factory: pytest.TempPathFactory, web: FixtureWeb) -> Iterator[Ran]:
    """Every command of this file, each on an instance folder of its own, four at a time."""
    files = tmp_path_factory.mktemp("files")
    (files / "saved.html").write_text(SAVED_HTML, encoding="utf-8")
    (files / "sender.json").write_text(json.dumps(SAM), encoding="utf-8")
    (files / "nameless.json").write_text(json.dumps({"role": "Founder"}), encoding="utf-8")
    saved_before = len(web.requested("saved.test"))

    def run(name: str, command: Command) -> subprocess.CompletedProcess[str]:
        home = tmp_path_factory.mktemp(name) / "instance"
        return subprocess.run(
            [sys.executable, "-m", "server", *command.args],
            cwd=ROOT,
            env=environment(home, web, allowlist=command.allowlist),
            capture_output=True,
            text=True,
            timeout=180,
        )

    todo = commands(files)
    with ThreadPoolExecutor(max_workers=4) as pool:
        futures = {name: pool.submit(run, name, command) for name, command in todo.items()}
        results = {name: future.result() for name, future in futures.items()}
    yield Ran(results, web.requested("saved.test")[saved_before:])


# --- research ------------------------------------------------------------------------------------------


def test_research_json_is_the_run_contract_without_a_draft(
    ran: Ran, assert_run_contract: AssertRunContract
) -> None:
    """The run JSON (assert_run_contract), and what research alone leaves empty."""
    # Besides the contract: the fields in RUN_KEYS' order, created_at an ISO time with its zone, error null
    # for a run that ended done; research drafts nothing, so no packets, no draft, no packet or tone chosen
    # and no LLM calls.
    assert ran["research-json"].stderr == ""  # progress goes to a terminal only; a pipe gets pure JSON
    run = ran.json("research-json")
    assert list(run) == RUN_KEYS
    assert_run_contract(run)
    assert (run["status"], run["error"]) == ("done", None)
    assert datetime.fromisoformat(run["created_at"]).tzinfo is not None
    assert (run["generosity"], run["draft"]) == ([], None)
    assert (run["selected_packet"], run["tone"]) == (None, None)
    assert run["usage"] == {"calls": 0, "input_tokens": 0, "output_tokens": 0, "estimated": False}
    assert run["person"] == {
        "name": DANA_NAME,
        "email": DANA_EMAIL,
        "title": "VP of Data Engineering",
        "company": "Northwind Analytics",
        "title_since": "2026-03-02",  # her promotion
    }
    assert any(f["kind"] == "role" and "VP of Data Engineering" in f["text"] for f in run["facts"])


def test_research_reads_a_saved_page_as_its_url_without_fetching_it(ran: Ran) -> None:
    sources = {source["url"]: source for source in ran.json("research-json")["sources"]}
    assert sources[SAVED_URL]["status"] == "used"
    assert sources[SAVED_URL]["title"] == "Dana Okafor – speaker bio"
    assert ran.saved_host_requests == []


def test_research_marks_the_namesake_not_about_the_person(ran: Ran) -> None:
    sources = {source["url"]: source for source in ran.json("research-json")["sources"]}
    assert sources[NAMESAKE]["status"] == "not_about_person"
    assert "pastry chef" in sources[NAMESAKE]["reason"]


def test_research_without_json_prints_a_readable_dossier(ran: Ran) -> None:
    text = ran.text("research-text")
    lines = text.splitlines()
    assert not text.lstrip().startswith("{")
    assert lines[:3] == [
        DANA_NAME,
        "VP of Data Engineering, Northwind Analytics",
        DANA_EMAIL,
    ]
    # A fact: "[date] kind: text", then its quote, then the page it came from.
    role = next(
        i for i, line in enumerate(lines) if re.match(r"\s+\[\d{4}-\d{2}-\d{2}\] role: VP of Data", line)
    )
    assert re.fullmatch(r"\s+http://northwind\.test/\S*", lines[role + 2])
    assert re.search(rf"^\s+x not_about_person\s+{re.escape(NAMESAKE)}$", text, re.M)
    assert "a pastry chef" in text  # the reason, under the source


@pytest.mark.parametrize(
    ("name", "says"),
    [
        ("bad-email", "'dana.okafor-at-northwind' is not an email address"),
        # It printed a ValueError's traceback.
        ("bad-port", "'https://northwind.test:99999/' is not a valid URL (Port out of range 0-65535)"),
        ("page-without-file", f"--page takes URL=FILE, not '{SAVED_URL}'"),
        ("page-file-missing", "missing.html: No such file or directory"),
        ("sender-without-name", "name: Field required"),
    ],
)
def test_input_typed_wrong_exits_2_saying_what_is_wrong(ran: Ran, name: str, says: str) -> None:
    done = ran[name]
    assert done.returncode == 2, done.stderr
    assert done.stdout == ""
    assert says in done.stderr
    assert re.match(r"\.venv/bin/python -m server (research|draft): error: ", done.stderr)
    assert "Traceback" not in done.stderr


# --- draft ---------------------------------------------------------------------------------------------


def test_draft_json_honours_the_sender_tone_and_packet(
    ran: Ran, assert_run_contract: AssertRunContract
) -> None:
    run = ran.json("draft-json")
    assert list(run) == RUN_KEYS
    assert_run_contract(run)
    assert run["status"] == "done"
    assert (run["selected_packet"], run["tone"]) == (1, "brief")
    assert run["usage"]["calls"] == 0

    draft = run["draft"]
    assert draft["engine"] == "offline"
    assert draft["body"].rstrip().splitlines()[-1] == SAM["name"]
    assert set(run["generosity"][1]["fact_ids"]) <= set(draft["fact_ids"])
    assert set(draft["fact_ids"]) <= {fact["id"] for fact in run["facts"]}
    # The sender file's resource is one of the ways to be useful.
    assert any(p["resource"] == SAM["resources"][0] for p in run["generosity"])


def test_draft_without_json_prints_subject_body_and_checks(ran: Ran) -> None:
    text = ran.text("draft-text")
    assert re.search(r"^Draft \(written by the offline engine; checks score \d+/100\)$", text, re.M)
    subject = re.search(r"^Subject: (.+)$", text, re.M)
    assert subject and subject.group(1).strip()
    body = text[subject.end() :]
    assert re.search(r"^(Hi|Hello|Dear) Dana,$", body, re.M)
    assert re.search(rf"^{SAM['name']}$", body, re.M)
    # The chosen idea opens on her news and gives the sender's resource.
    assert re.search(r"^ \*0\. share_resource: .+, and offer Streaming cost benchmark", text, re.M)


# --- extract -------------------------------------------------------------------------------------------

PAGE_KEYS = {"url", "title", "author", "published", "site_name", "text", "links"}


def test_extract_fetches_a_page_and_prints_its_fields(ran: Ran) -> None:
    page = ran.json("extract-fetched")
    assert set(page) == PAGE_KEYS
    assert page["url"] == "http://northwind.test/news/series-b"
    assert page["published"] == "2026-09-15"
    assert page["title"] == "Northwind Analytics raises $40M Series B"
    assert "$40 million Series B" in page["text"]
    assert {"url": "http://northwind.test/team", "text": "Team", "chrome": True} in page["links"]


def test_extract_reads_a_saved_file_as_the_url_given(ran: Ran, web: FixtureWeb) -> None:
    page = ran.json("extract-file")
    assert set(page) == PAGE_KEYS
    assert page["url"] == "http://example.test/x"
    assert page["title"] == "Dana Okafor – speaker bio"
    assert "VP of Data Engineering at Northwind Analytics" in page["text"]
    assert web.requested("example.test") == []


@pytest.mark.parametrize(
    ("name", "url", "reason"),
    [
        ("refused-loopback", "http://127.0.0.1:9/", "refused: 127.0.0.1 is a loopback address"),
        (
            "refused-connect-to",
            f"http://northwind.test{REFUSED_PATH}",
            "refused: northwind.test resolves to 127.0.0.1, a loopback address",
        ),
    ],
    ids=["loopback", "through-connect-to"],
)
def test_extract_refuses_a_private_address_before_connecting(
    ran: Ran, web: FixtureWeb, name: str, url: str, reason: str
) -> None:
    done = ran[name]
    assert done.returncode == 1, done.stdout
    assert done.stdout == ""
    assert done.stderr.startswith(f"Could not read {url}: {reason}")
    assert "Traceback" not in done.stderr
    # The fixture web is where northwind.test leads: it was never asked.
    assert REFUSED_PATH not in web.requested("northwind.test")

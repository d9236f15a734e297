"""What `python -m server` exits with and says while it works, run as a person runs it: real processes on the
fixture web (and a terminal, for progress), each command once, side by side, in one module fixture."""

from __future__ import annotations

import json
import os
import pty
import re
import socket
import subprocess
import sys
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.fixture_web import FixtureWeb
from tests.support.command_line import ROOT, environment
from tests.support.persona import DANA_EMAIL, DANA_NAME, DANA_SITE, SAM

PROG = ".venv/bin/python -m server"
MISSING = "http://danaokafor.test/no-such-page"  # the fixture web answers 404
DANA = ("--name", DANA_NAME, "--email", DANA_EMAIL, "--url", DANA_SITE)
# A progress line: the seconds so far, then what happened.
PROGRESS = re.compile(r" *\d+\.\ds  (?P<said>\S.*)")


@dataclass(frozen=True)
class Command:
    args: tuple[str, ...]
    env: dict[str, str] = field(default_factory=dict)
    terminal: bool = False  # stderr a terminal (a person watching), else a pipe


@dataclass(frozen=True)
class Done:
    status: int
    stdout: str
    stderr: str


def commands(sender: Path) -> dict[str, Command]:
    return {
        "drafted at a terminal": Command(
            ("draft", *DANA, "--url", MISSING, "--sender", str(sender)), terminal=True
        ),
        "research verbose to a pipe": Command(("research", *DANA, "--url", MISSING, "--verbose", "--json")),
        "nothing to draft": Command(("draft", "--name", DANA_NAME, "--url", MISSING)),
        "nothing found": Command(("research", "--name", DANA_NAME, "--url", MISSING)),
        "no such packet": Command(("draft", "--name", DANA_NAME, "--packet", "3")),
        "unknown tone": Command(("draft", "--name", DANA_NAME, "--tone", "shouty")),
        "bad setting": Command(("draft", "--name", DANA_NAME), env={"RAPPORT_PAGE_BUDGET": "many"}),
        # A loopback port nothing listens on: the database server is down.
        "database down": Command(
            ("users", "list"), env={"DATABASE_URL": "postgresql://rapport@127.0.0.1:9/rapport"}
        ),
    }


def run(args: tuple[str, ...], env: dict[str, str], *, terminal: bool) -> Done:
    """The exit status and output; with terminal, stderr is a pseudo-terminal, read until the process ends."""
    if not terminal:
        done = subprocess.run(
            [sys.executable, "-m", "server", *args],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=180,
        )
        return Done(done.returncode, done.stdout, done.stderr)
    reader, writer = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "server", *args], cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=writer
    )
    os.close(writer)
    said = b""
    while True:
        try:
            chunk = os.read(reader, 4096)
        except OSError:  # the terminal's other end closed: the process has ended
            break
        if not chunk:
            break
        said += chunk
    os.close(reader)
    stdout, _ = process.communicate(timeout=180)
    return Done(process.returncode, stdout.decode("utf-8"), said.decode("utf-8").replace("\r\n", "\n"))


@pytest.fixture(scope="module")
def ran(tmp_path_factory: pytest.TempPathFactory, web: FixtureWeb) -> Iterator[dict[str, Done]]:
    files = tmp_path_factory.mktemp("files")
    (files / "sender.json").write_text(json.dumps(SAM), encoding="utf-8")

    def one(name: str, command: Command) -> Done:
        home = tmp_path_factory.mktemp("home") / "instance"
        return run(command.args, environment(home, web) | command.env, terminal=command.terminal)

    with ThreadPoolExecutor(max_workers=4) as pool:
        futures = {
            name: pool.submit(one, name, command) for name, command in commands(files / "sender.json").items()
        }
        yield {name: future.result() for name, future in futures.items()}


@pytest.mark.parametrize(
    ("name", "status", "says"),
    [
        (
            "nothing to draft",
            1,
            f"{PROG} draft: nothing drafted: no page found was about {DANA_NAME}; 1 could not be read; "
            "give one that is with --url URL or --page URL=FILE",
        ),
        (
            "nothing found",
            1,
            f"{PROG} research: nothing found: no page found was about {DANA_NAME}; 1 could not be read; "
            "give one that is with --url URL or --page URL=FILE",
        ),
        ("no such packet", 2, f"{PROG} draft: error: packet 3 does not exist; this run has 0 packet(s)"),
        (
            "bad setting",
            3,
            f"{PROG} draft: error: bad setting: RAPPORT_PAGE_BUDGET: Input should be a valid integer, "
            "unable to parse string as an integer",
        ),
        (
            "database down",
            3,
            f"{PROG} users: error: the database could not be reached: (psycopg.OperationalError) connection "
            'failed: connection to server at "127.0.0.1", port 9 failed: Connection refused',
        ),
    ],
)
def test_a_command_that_cannot_give_what_was_asked_exits_with_its_status_and_one_line(
    ran: dict[str, Done], name: str, status: int, says: str
) -> None:
    # Before: a run that drafted nothing exited 0, as if it had.
    done = ran[name]
    assert done.status == status, done.stderr
    assert done.stderr == says + "\n"


def test_nothing_drafted_still_prints_what_research_found(ran: dict[str, Done]) -> None:
    report = ran["nothing to draft"].stdout
    assert re.search(rf"^  ! failed +{re.escape(MISSING)}$", report, re.M)
    assert "HTTP 404" in report
    assert "Draft (" not in report


def test_an_unknown_option_value_is_bad_usage(ran: dict[str, Done]) -> None:
    done = ran["unknown tone"]
    assert done.status == 2
    assert "argument --tone: invalid choice: 'shouty'" in done.stderr
    assert done.stderr.startswith(f"usage: {PROG} draft ")


def test_progress_at_a_terminal_is_a_few_timed_lines_with_failed_pages_counted(ran: dict[str, Done]) -> None:
    done = ran["drafted at a terminal"]
    assert done.status == 0, done.stderr
    lines = done.stderr.splitlines()
    said = [PROGRESS.fullmatch(line) for line in lines]
    assert all(said), f"a progress line without its time: {lines}"
    # A running count ("... so far") shows when reading is slow; the milestones are four lines.
    milestones = [match["said"] for match in said if match and not match["said"].endswith(" so far")]
    assert milestones[0] == f"researching {DANA_NAME}, starting from 3 pages"
    assert re.fullmatch(rf"read \d+ pages, [1-9]\d* failed: \d+ facts about {DANA_NAME}", milestones[1])
    assert re.fullmatch(r"\d+ ways to be useful", milestones[2])
    assert re.fullmatch(r"drafted by the offline engine; checks score \d+/100", milestones[3])
    assert len(milestones) == 4
    assert "http" not in done.stderr  # no line per page, failed or read
    assert done.stdout.lstrip().startswith(DANA_NAME)


def test_verbose_shows_every_page_even_to_a_pipe(ran: dict[str, Done]) -> None:
    done = ran["research verbose to a pipe"]
    assert done.status == 0, done.stderr
    assert json.loads(done.stdout)["person"]["name"] == DANA_NAME  # stdout stays pure JSON
    events = [PROGRESS.fullmatch(line) for line in done.stderr.splitlines()]
    assert all(events)
    assert any(re.fullmatch(rf"fetch +Read {re.escape(DANA_SITE)}", e["said"]) for e in events if e)
    assert any(
        re.fullmatch(rf"fetch +Could not use {re.escape(MISSING)}: .*404.*", e["said"]) for e in events if e
    )


def test_a_second_server_on_a_busy_port_says_so_in_one_line(tmp_path: Path, web: FixtureWeb) -> None:
    # Before: a second `make run` printed waitress's OSError traceback.
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        env = environment(tmp_path / "instance", web) | {"RAPPORT_PORT": str(port)}
        done = run(("serve",), env, terminal=False)
    assert done.status == 3
    assert done.stdout == ""
    assert done.stderr == (
        f"{PROG} serve: error: port {port} on 127.0.0.1 is in use (is Rapport running already?); "
        f"choose another with RAPPORT_PORT={port + 1} make run, or serve --port {port + 1}\n"
    )

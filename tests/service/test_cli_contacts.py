"""`python -m server contacts import FILE`, run as a person runs it: counts, each bad row with its line and
why, importing again without duplicates, and the exit statuses the README lists."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest

from server import storage
from server.config import Settings
from tests.support.command_line import ROOT

FILES = ROOT / "tests" / "fixtures" / "contacts"
PROG = ".venv/bin/python -m server contacts"


@dataclass(frozen=True)
class Done:
    status: int
    stdout: str
    stderr: str


def import_file(home: Path, path: Path) -> Done:
    env = {
        key: value for key, value in os.environ.items() if not key.startswith(("RAPPORT_", "DATABASE_URL"))
    }
    env["RAPPORT_HOME"] = str(home)
    args: Sequence[str] = [sys.executable, "-m", "server", "contacts", "import", str(path)]
    done = subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    return Done(done.returncode, done.stdout, done.stderr)


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("contacts")


@pytest.fixture(scope="module")
def ran(folder: Path) -> dict[str, Done]:
    """The commands, each once: one instance imported into three times in turn, the failures side by side."""
    (folder / "all-bad.csv").write_text("Email,Name\nnot-an-address,Bo Tran\n", encoding="utf-8")
    (folder / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    home = folder / "home"

    def in_turn() -> dict[str, Done]:
        first = import_file(home, FILES / "outlook.csv")
        return {
            "first": first,
            "again": import_file(home, FILES / "outlook.csv"),
            "vcard": import_file(home, FILES / "contacts4.vcf"),
        }

    with ThreadPoolExecutor(4) as pool:
        book = pool.submit(in_turn)
        others = {
            name: pool.submit(import_file, folder / name, folder / file)
            for name, file in (("all-bad", "all-bad.csv"), ("binary", "photo.png"), ("missing", "none.csv"))
        }
        return book.result() | {name: future.result() for name, future in others.items()}


@pytest.fixture(scope="module")
def stored(ran: dict[str, Done], folder: Path) -> list[str]:
    """The emails in the book the three imports in turn went into."""
    engine = storage.make_engine(Settings.from_env({"RAPPORT_HOME": str(folder / "home")}))
    try:
        return [contact.email for contact in storage.list_contacts(engine, storage.default_user_id(engine))]
    finally:
        engine.dispose()


def test_an_import_prints_its_counts_and_each_bad_row_with_its_line_and_exits_0(ran: dict[str, Done]) -> None:
    first = ran["first"]
    assert first.status == 0, first.stderr
    assert first.stdout.splitlines() == [
        "2 imported, 0 updated, 4 bad",
        "  line 5: 'someday soon' is not a date",
        "  line 6: 'ana.ruiz-at-lumen.test' is not an email address",
        "  line 7: no email address",
        "  line 8: dana.okafor@northwind.test is already on line 2",
    ]


def test_importing_again_updates_and_never_duplicates(ran: dict[str, Done], stored: list[str]) -> None:
    assert ran["again"].stdout.splitlines()[0] == "0 imported, 2 updated, 4 bad"
    assert ran["vcard"].stdout.splitlines() == ["1 imported, 1 updated, 0 bad"]
    assert sorted(stored) == ["dana.okafor@northwind.test", "efua@mensah.test", "sam.lee@atlas.test"]


def test_a_file_with_no_good_row_exits_1_saying_so(ran: dict[str, Done]) -> None:
    done = ran["all-bad"]
    assert (done.status, done.stdout.splitlines()[0]) == (1, "0 imported, 0 updated, 1 bad")
    assert done.stderr.strip().endswith(
        "no contact could be imported from " + str(Path(done.stderr.split(" from ")[-1].strip()))
    )
    assert done.stderr.startswith(f"{PROG}: ")


@pytest.mark.parametrize(
    ("name", "says"),
    [("binary", "This is not a CSV or vCard file"), ("missing", "cannot read")],
)
def test_what_is_no_contacts_file_is_bad_input_exit_2_in_one_line(
    ran: dict[str, Done], name: str, says: str
) -> None:
    done = ran[name]
    assert done.status == 2
    assert done.stdout == ""
    assert done.stderr.startswith(f"{PROG}: error: ") and says in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1

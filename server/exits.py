"""How the command line ends: its exit statuses (listed by --help and the README) and its one-line errors."""

from __future__ import annotations

import sys
from enum import IntEnum

# How to run a command from a clone: `make run` and `make setup` make this venv; a bare `python` may not
# have Rapport's dependencies. Messages name this, or a make target.
PROG = ".venv/bin/python -m server"


class ExitCode(IntEnum):
    """What a command exits with: --help and the README list them (EXIT_STATUS)."""

    DONE = 0
    NOTHING = 1
    USAGE = 2
    FAILED = 3


EXIT_STATUS = {
    ExitCode.DONE: "done: a draft written (draft), facts found (research), the page read (extract), contacts "
    "imported or updated (contacts import)",
    ExitCode.NOTHING: "nothing came of it: nothing to draft, no fact found, the page could not be read, no "
    "contact in the file",
    ExitCode.USAGE: "bad usage or input: an unknown option, a file that cannot be read (or is not a CSV or "
    "vCard), no such packet",
    ExitCode.FAILED: "Rapport could not work: a bad setting, a port in use, a broken prompt file, a bug",
}
EPILOG = "exit status:\n" + "\n".join(f"  {code.value}  {text}" for code, text in EXIT_STATUS.items())


class UsageError(Exception):
    """Input a person typed wrong: said plainly on stderr, exit status 2."""


def say(command: str, reason: str) -> None:
    """One line on stderr: which command, and why it stopped (whitespace folded, so one line it is)."""
    print(f"{PROG} {command}: {' '.join(reason.split())}", file=sys.stderr, flush=True)

"""The README keeps up with the code: every setting and every command a user can reach is documented."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from server.cli import build_parser
from server.config import Settings
from server.exits import EXIT_STATUS, ExitCode

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def configuration_table() -> set[str]:
    """The variables named in the first column of README's "Configuration (environment)" table."""
    section = README.split("## Configuration (environment)", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("|")]
    return {name for row in rows[2:] for name in re.findall(r"`([A-Z][A-Z0-9_]*)`", row.split("|")[1])}


DOCUMENTED = configuration_table()
READ = {variable for names in Settings.environment_variables().values() for variable in names}


@pytest.mark.parametrize("variable", sorted(READ))
def test_every_environment_setting_is_in_the_readme(variable: str) -> None:
    assert variable in DOCUMENTED, f"Settings reads {variable}, but README's configuration table lacks it"


@pytest.mark.parametrize("variable", sorted(DOCUMENTED))
def test_every_documented_variable_is_read(variable: str) -> None:
    assert variable in READ, f"README's configuration table documents {variable}, which Settings never reads"


def test_the_configuration_table_was_found() -> None:
    assert len(DOCUMENTED) > 10


@pytest.mark.parametrize("command", sorted(build_parser()._subparsers._group_actions[0].choices))
def test_every_command_is_in_the_readme(command: str) -> None:
    assert f"python -m server {command}" in README


@pytest.mark.parametrize("code", list(ExitCode))
def test_every_exit_status_is_in_the_readme_and_in_help(code: ExitCode) -> None:
    row = f"| `{code.value}` | {EXIT_STATUS[code]} |"
    assert row in README, f"README's exit status table lacks {row}"
    assert f"  {code.value}  {EXIT_STATUS[code]}" in build_parser().format_help()

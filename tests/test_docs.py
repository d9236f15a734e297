"""The README keeps up with the code: every setting and every command a user can reach is documented."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from server.cli import build_parser

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
SETTINGS = sorted(
    set(
        re.findall(
            r'"((?:RAPPORT|OPENAI|DATABASE|BRAVE)_[A-Z_]+)"', (ROOT / "server" / "config.py").read_text()
        )
    )
)


@pytest.mark.parametrize("variable", SETTINGS)
def test_every_environment_setting_is_in_the_readme(variable: str) -> None:
    assert variable in README, f"{variable} is read by server/config.py but not documented in README.md"


@pytest.mark.parametrize("command", sorted(build_parser()._subparsers._group_actions[0].choices))
def test_every_command_is_in_the_readme(command: str) -> None:
    assert f"python -m server {command}" in README

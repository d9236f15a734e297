"""`python -m server users add|list|revoke` run as an operator runs them (real processes), and the tokens
they make as the API takes them."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from flask import Flask

from server.config import Settings

ROOT = Path(__file__).resolve().parents[2]
PROG = ".venv/bin/python -m server users"


def users(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("RAPPORT_", "OPENAI_", "DATABASE_URL"))}
    return subprocess.run(
        [sys.executable, "-m", "server", "users", *args],
        cwd=ROOT,
        env={**env, "RAPPORT_HOME": str(home)},
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.fixture
def status_of(make_app: Callable[..., Flask], settings: Settings) -> Iterator[Callable[[str], int]]:
    """What the API answers a token on GET /runs, the server built on the same instance folder."""
    app = make_app()

    def status(token: str) -> int:
        return app.test_client().get("/api/v1/runs", headers={"Authorization": f"Bearer {token}"}).status_code

    yield status


def test_a_user_added_gets_a_token_printed_once_that_the_api_takes_until_revoked(
    settings: Settings, status_of: Callable[[str], int]
) -> None:
    added = users(settings.home, "add", "ben")
    assert added.returncode == 0, added.stderr
    token = added.stdout.strip()
    assert len(token) >= 40 and added.stdout == token + "\n"  # the token alone on stdout, for scripts
    assert "shown this once" in added.stderr
    assert status_of(token) == 200

    revoked = users(settings.home, "revoke", "ben")
    assert (revoked.returncode, revoked.stdout) == (
        0,
        "revoked ben: their token is refused from now on; what they stored stays\n",
    )
    assert status_of(token) == 401


def test_users_are_listed_with_whether_revoked_and_never_a_token(
    settings: Settings, status_of: Callable[[str], int]
) -> None:
    ben, cho = (users(settings.home, "add", name).stdout.strip() for name in ("ben", "cho"))
    users(settings.home, "revoke", "cho")
    listed = users(settings.home, "list")
    assert listed.returncode == 0, listed.stderr
    rows = [line.split("\t") for line in listed.stdout.splitlines()]
    assert [(row[0], row[1].split()[0]) for row in rows] == [
        ("default", "active"),
        ("ben", "active"),
        ("cho", "revoked"),
    ]
    assert "make token" in rows[0][-1]  # the default user is the instance token's
    assert ben not in listed.stdout and cho not in listed.stdout
    assert status_of(ben) == 200 and status_of(cho) == 401


WRONG = [
    (("add", "ben"), "There is already a user named 'ben'."),
    (("revoke", "nobody"), "There is no user named 'nobody'."),
    (("add",), "a user name is 1-100 letters, digits and . _ @ -"),
    (("add", "ben smith"), "a user name is 1-100 letters, digits and . _ @ -"),
]


def test_a_users_command_asked_wrongly_says_why_and_changes_nothing(settings: Settings) -> None:
    users(settings.home, "add", "ben")
    before = users(settings.home, "list").stdout
    for args, says in WRONG:
        done = users(settings.home, *args)
        assert (done.returncode, done.stdout) == (2, ""), args
        assert done.stderr.startswith(f"{PROG}: error: {says}"), done.stderr
    assert users(settings.home, "list").stdout == before


def test_commands_started_together_on_a_new_instance_both_make_it_once(settings: Settings) -> None:
    # Each start upgrades the database first: without the migration lock, both made the first tables.
    env = {k: v for k, v in os.environ.items() if not k.startswith(("RAPPORT_", "OPENAI_", "DATABASE_URL"))}
    started = [
        subprocess.Popen(
            [sys.executable, "-m", "server", "users", "add", name],
            cwd=ROOT,
            env={**env, "RAPPORT_HOME": str(settings.home)},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name in ("ben", "cho", "dee")
    ]
    said = [(process.communicate(timeout=60)[1], process.returncode) for process in started]
    assert [code for _, code in said] == [0, 0, 0], said
    names = [line.split("\t")[0] for line in users(settings.home, "list").stdout.splitlines()]
    assert sorted(names) == ["ben", "cho", "dee", "default"]

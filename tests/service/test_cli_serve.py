"""`python -m server token` and `python -m server serve`, run as the user runs them: real processes."""

from __future__ import annotations

import os
import pty
import re
import select
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[2]


def environment(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("RAPPORT_", "OPENAI_", "DATABASE_URL"))}
    return {**env, "RAPPORT_HOME": str(home), "PYTHONUNBUFFERED": "1"}


def token(home: Path) -> str:
    """What `python -m server token` prints."""
    done = subprocess.run(
        [sys.executable, "-m", "server", "token"],
        cwd=ROOT,
        env=environment(home),
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return done.stdout.strip()


def test_token_prints_the_same_private_token_every_time(tmp_path: Path) -> None:
    home = tmp_path / "instance"
    first = token(home)
    assert re.fullmatch(r"[A-Za-z0-9_-]{40,}", first)
    assert token(home) == first
    assert (home / "token").stat().st_mode & 0o077 == 0


@contextmanager
def serving(home: Path, *, terminal: bool = False) -> Iterator[tuple[subprocess.Popen[bytes], str, str]]:
    """`python -m server serve --port 0`, its output a pipe or a terminal; the process, its URL and what it
    printed before serving."""
    reader, writer = pty.openpty() if terminal else os.pipe()
    process = subprocess.Popen(
        [sys.executable, "-m", "server", "serve", "--port", "0"],
        cwd=ROOT,
        env=environment(home),
        stdout=writer,
        stderr=subprocess.DEVNULL,
    )
    os.close(writer)
    try:
        printed = read_until(reader, "Instance folder:")
        match = re.search(r"(http://127\.0\.0\.1:\d+)/api/v1", printed)
        assert match, f"serve did not say where it listens: {printed!r}"
        yield process, match.group(1), printed
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGINT)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        os.close(reader)


def read_until(fd: int, marker: str, timeout: float = 60) -> str:
    """What the process wrote to fd until a line holding marker (or the deadline, or its end)."""
    printed = ""
    deadline = time.monotonic() + timeout
    while marker not in printed or not printed.endswith("\n"):
        ready, _, _ = select.select([fd], [], [], max(0.0, deadline - time.monotonic()))
        if not ready:
            break
        try:
            chunk = os.read(fd, 4096)
        except OSError:  # a terminal whose other end has closed
            break
        if not chunk:
            break
        printed += chunk.decode("utf-8", "replace")
    return printed


def test_serve_prints_where_it_listens_and_answers(tmp_path: Path) -> None:
    home = tmp_path / "instance"
    with serving(home) as (process, url, _):
        secret = token(home)
        assert httpx.get(f"{url}/api/v1/health", timeout=10).json()["status"] == "ok"
        assert httpx.get(f"{url}/api/v1/runs/nope", timeout=10).status_code == 401
        auth = {"Authorization": f"Bearer {secret}"}
        missing = httpx.get(f"{url}/api/v1/runs/nope", headers=auth, timeout=10)
        assert missing.status_code == 404
        assert missing.json()["error"]["code"] == "run_not_found"

        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=20) == 0


def test_the_api_token_is_shown_once_to_a_terminal_and_never_to_a_log(tmp_path: Path) -> None:
    # Before: every start printed the token, so it landed in every log a service manager keeps.
    home = tmp_path / "instance"
    with serving(home, terminal=True) as (_, _, at_first_start):
        secret = token(home)
        assert secret in at_first_start
    with serving(home, terminal=True) as (_, _, at_a_later_start):
        assert secret not in at_a_later_start
        assert "`make token`" in at_a_later_start
    fresh = tmp_path / "logged"
    with serving(fresh) as (_, _, logged):  # stdout a pipe (a log): the token is made but never shown
        assert token(fresh) not in logged
        assert "`make token`" in logged

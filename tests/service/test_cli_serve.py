"""`python -m server token` and `python -m server serve`, run as the user runs them: real processes."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[2]


def environment(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("RAPPORT_", "OPENAI_", "DATABASE_URL"))}
    return {**env, "RAPPORT_HOME": str(home), "PYTHONUNBUFFERED": "1"}


def test_token_prints_the_same_private_token_every_time(tmp_path: Path) -> None:
    home = tmp_path / "instance"

    def token() -> str:
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

    first = token()
    assert re.fullmatch(r"[A-Za-z0-9_-]{40,}", first)
    assert token() == first
    assert (home / "token").stat().st_mode & 0o077 == 0


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[subprocess.Popen[str], str, str]]:
    """`python -m server serve --port 0`, with the URL and token it printed."""
    process = subprocess.Popen(
        [sys.executable, "-m", "server", "serve", "--port", "0"],
        cwd=ROOT,
        env=environment(tmp_path / "instance"),
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert process.stdout is not None
        url = token = None
        deadline = time.monotonic() + 60
        while (url is None or token is None) and time.monotonic() < deadline:
            line = process.stdout.readline()
            if not line:
                break
            if match := re.search(r"(http://127\.0\.0\.1:\d+)/api/v1", line):
                url = match.group(1)
            if match := re.search(r"API token: (\S+)", line):
                token = match.group(1)
        assert url and token, "serve did not print its URL and token"
        yield process, url, token
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGINT)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        if process.stdout is not None:
            process.stdout.close()


def test_serve_prints_url_and_token_and_answers(served: tuple[subprocess.Popen[str], str, str]) -> None:
    process, url, token = served
    assert httpx.get(f"{url}/api/v1/health", timeout=10).json()["status"] == "ok"
    assert httpx.get(f"{url}/api/v1/runs/nope", timeout=10).status_code == 401
    missing = httpx.get(f"{url}/api/v1/runs/nope", headers={"Authorization": f"Bearer {token}"}, timeout=10)
    assert missing.status_code == 404
    assert missing.json()["error"]["code"] == "run_not_found"

    process.send_signal(signal.SIGINT)
    assert process.wait(timeout=20) == 0

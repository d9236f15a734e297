"""Running `python -m server ...` as a person runs it: a real process, on an instance folder of its own."""

from __future__ import annotations

import os
from pathlib import Path

from tests.fixture_web import FixtureWeb

ROOT = Path(__file__).resolve().parents[2]


def environment(home: Path, web: FixtureWeb, *, allowlist: bool = True) -> dict[str, str]:
    """This machine's environment less Rapport's, the LLM's and search keys (offline engine, no search), with
    the fixture web reachable (allowlist: its loopback address may be fetched)."""
    skip = ("RAPPORT_", "OPENAI_", "DATABASE_URL", "BRAVE_API_KEY")
    env = {key: value for key, value in os.environ.items() if not key.startswith(skip)}
    env |= {"RAPPORT_HOME": str(home), "RAPPORT_CONNECT_TO": web.connect_to, "PYTHONUNBUFFERED": "1"}
    if allowlist:
        env["RAPPORT_FETCH_ALLOWLIST"] = "127.0.0.1"
    return env

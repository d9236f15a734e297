"""The server's log: web addresses in it keep scheme, host and path; never a query, fragment or password."""

from __future__ import annotations

import io
import logging
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from server.config import Settings
from server.research.fetch import Fetcher, FetchError
from server.service.logs import url_without_query, without_url_queries

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("url", "logged"),
    [
        ("https://danaokafor.test/talks?token=s3cret&utm_source=mail", "https://danaokafor.test/talks"),
        ("http://dana:hunter2@danaokafor.test:8080/a/b#private", "http://danaokafor.test:8080/a/b"),
        ("http://[::1]:8765/api/v1/runs?x=1", "http://[::1]:8765/api/v1/runs"),
        ("https://site.test:99999/x?q=1", "<url>"),
    ],
)
def test_a_logged_url_keeps_scheme_host_and_path(url: str, logged: str) -> None:
    assert url_without_query(url) == logged


@pytest.fixture
def log_lines() -> Iterator[io.StringIO]:
    """Everything logged at DEBUG and above during the test, through the server's URL filter."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(without_url_queries)
    root = logging.getLogger()
    level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    try:
        yield stream
    finally:
        root.removeHandler(handler)
        root.setLevel(level)


def test_fetched_urls_are_logged_without_their_query_string(
    settings: Settings, log_lines: io.StringIO
) -> None:
    # Before: "fetched http://...?token=..." went to the log whole.
    with Fetcher(settings) as fetcher:
        fetcher.fetch("http://danaokafor.test/?invite=s3cret-invite")
        with pytest.raises(FetchError):
            fetcher.fetch("http://danaokafor.test/no-such-page?session=s3cret-session")
    logged = log_lines.getvalue()
    assert "http://danaokafor.test/ " in logged
    assert "http://danaokafor.test/no-such-page" in logged
    assert "s3cret" not in logged


def test_serve_logs_through_the_filter() -> None:
    logged = subprocess.run(
        [
            sys.executable,
            "-c",
            "import logging; from server.service.logs import configure_logging; configure_logging(); "
            "logging.getLogger('server.research.fetch').info('fetched %s', 'https://a.test/p?key=s3cret')",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    ).stderr
    assert "fetched https://a.test/p" in logged
    assert "s3cret" not in logged

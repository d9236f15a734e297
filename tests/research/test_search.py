"""The optional search provider: off by default, and a failure never stops research."""

from __future__ import annotations

import json

import pytest

from server.config import Settings
from server.research.search import SearchError, SearxngSearch, search_provider
from tests.fixture_web import FixtureWeb, Reply


def test_search_is_off_unless_configured() -> None:
    assert search_provider(Settings()) is None
    with search_provider(Settings(searxng_url="http://127.0.0.1:9/")) as provider:
        assert isinstance(provider, SearxngSearch)


def test_searxng_results_become_http_urls(fresh_web: FixtureWeb, settings: Settings) -> None:
    results = {
        "results": [
            {"url": "http://danaokafor.test/"},
            {"url": "javascript:alert(1)"},
            {"title": "x"},
            {"url": "https://northwind.test/team"},
        ]
    }
    fresh_web.route(
        "127.0.0.1", "/search", Reply(200, json.dumps(results), {"Content-Type": "application/json"})
    )
    with SearxngSearch(fresh_web.url("127.0.0.1"), settings) as search:
        urls = search.search('"Dana Okafor"')
    assert urls == ["http://danaokafor.test/", "https://northwind.test/team"]
    assert fresh_web.requested("127.0.0.1") == ["/search?q=%22Dana+Okafor%22&format=json"]


@pytest.mark.parametrize(
    ("reply", "reason"),
    [(Reply(503, "busy"), "HTTP 503"), (Reply(200, "<html>not json</html>"), "did not answer with JSON")],
)
def test_a_failing_search_service_says_why(
    fresh_web: FixtureWeb, settings: Settings, reply: Reply, reason: str
) -> None:
    fresh_web.route("127.0.0.1", "/search", reply)
    with (
        SearxngSearch(fresh_web.url("127.0.0.1"), settings) as search,
        pytest.raises(SearchError, match=reason),
    ):
        search.search("x")

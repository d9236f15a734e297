"""The fetcher against a real HTTP server on 127.0.0.1: pages, redirects, limits, retries, cache, guard."""

from __future__ import annotations

import gzip
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime

import pytest

from server.config import Settings
from server.models import Response
from server.research.fetch import ConnectToResolver, Fetcher, FetchError, SystemResolver
from server.research.fetch.errors import ResolveError
from tests.fixture_web import FixtureWeb, Reply


def html(title: str) -> Reply:
    return Reply(200, f"<!doctype html><html><head><title>{title}</title></head><body>{title}</body></html>")


def fetch_error(fetcher: Fetcher, url: str) -> FetchError:
    with pytest.raises(FetchError) as caught:
        fetcher.fetch(url)
    assert caught.value.url == url
    return caught.value


class Counter:
    """A route that answers from a script of replies, counting calls (the last reply repeats)."""

    def __init__(self, *replies: Reply):
        self.replies = list(replies)
        self.calls = 0
        self._lock = threading.Lock()

    def __call__(self, host: str, path: str) -> Reply:
        with self._lock:
            self.calls += 1
            return self.replies[min(self.calls, len(self.replies)) - 1]


# --- pages and redirects -------------------------------------------------------------------------------


def test_fetches_a_page_by_its_test_host_name(fetcher: Fetcher, fresh_web: FixtureWeb) -> None:
    fresh_web.route("site.test", "/about", html("About us"))
    response = fetcher.fetch("http://site.test/about")
    assert response.url == response.final_url == "http://site.test/about"
    assert (response.status_code, response.content_type, response.from_cache) == (200, "text/html", False)
    assert "<title>About us</title>" in response.text
    assert response.fetched_at.tzinfo is not None
    assert fresh_web.requested("site.test") == ["/robots.txt", "/about"]


def test_follows_redirects_across_hosts(fetcher: Fetcher, fresh_web: FixtureWeb) -> None:
    fresh_web.route("site.test", "/old", Reply(301, "", {"Location": "/middle"}))
    fresh_web.route("site.test", "/middle", Reply(302, "", {"Location": "http://other.test/new?x=1"}))
    fresh_web.route("other.test", "/new", html("New home"))
    response = fetcher.fetch("http://site.test/old")
    assert response.url == "http://site.test/old"
    assert response.final_url == "http://other.test/new?x=1"
    assert "New home" in response.text
    assert fresh_web.requested("site.test") == ["/robots.txt", "/old", "/middle"]
    assert fresh_web.requested("other.test") == ["/robots.txt", "/new?x=1"]


def test_gives_up_after_max_redirects(site_settings: Settings, fresh_web: FixtureWeb) -> None:
    fresh_web.route("site.test", "/a", Reply(302, "", {"Location": "/b"}))
    fresh_web.route("site.test", "/b", Reply(302, "", {"Location": "/a"}))
    with Fetcher(site_settings.replace(max_redirects=2)) as fetcher:
        error = fetch_error(fetcher, "http://site.test/a")
    assert (error.kind, error.reason) == ("failed", "more than 2 redirects")
    assert fresh_web.requested("site.test") == ["/robots.txt", "/a", "/b", "/a"]


def test_redirect_without_location_fails(fetcher: Fetcher, fresh_web: FixtureWeb) -> None:
    fresh_web.route("site.test", "/moved", Reply(301, ""))
    error = fetch_error(fetcher, "http://site.test/moved")
    assert (error.kind, error.reason) == ("failed", "HTTP 301 without a Location header")


def test_http_error_status_fails_without_retrying(site_settings: Settings, fresh_web: FixtureWeb) -> None:
    missing = Counter(Reply(404, "<h1>Not found</h1>"))
    fresh_web.route("site.test", "/gone", missing)
    with Fetcher(site_settings.replace(fetch_retries=2)) as fetcher:
        error = fetch_error(fetcher, "http://site.test/gone")
    assert (error.kind, error.reason) == ("failed", "HTTP 404")
    assert missing.calls == 1


# --- what is read, and how much ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content_type", "kind"),
    [("text/plain; charset=utf-8", "text/plain"), ("application/xhtml+xml", "application/xhtml+xml")],
)
def test_reads_plain_text_and_xhtml(
    fetcher: Fetcher, fresh_web: FixtureWeb, content_type: str, kind: str
) -> None:
    fresh_web.route("site.test", "/doc", Reply(200, "Dana Okafor", {"Content-Type": content_type}))
    response = fetcher.fetch("http://site.test/doc")
    assert (response.content_type, response.text) == (kind, "Dana Okafor")


@pytest.mark.parametrize(
    ("content_type", "reason"),
    [
        ("application/pdf", "not HTML or text (application/pdf)"),
        ("image/png", "not HTML or text (image/png)"),
        ("application/json; charset=utf-8", "not HTML or text (application/json)"),
    ],
)
def test_skips_what_is_not_html_or_text(
    fetcher: Fetcher, fresh_web: FixtureWeb, content_type: str, reason: str
) -> None:
    fresh_web.route(
        "site.test", "/files/report", Reply(200, b"%PDF-1.7 binary", {"Content-Type": content_type})
    )
    error = fetch_error(fetcher, "http://site.test/files/report")
    assert (error.kind, error.reason) == ("skipped", reason)


def test_decodes_by_the_declared_charset(fetcher: Fetcher, fresh_web: FixtureWeb) -> None:
    body = "<p>Crème brûlée at the café</p>".encode("cp1252")
    fresh_web.route(
        "site.test", "/menu", Reply(200, body, {"Content-Type": "text/html; charset=windows-1252"})
    )
    assert fetcher.fetch("http://site.test/menu").text == "<p>Crème brûlée at the café</p>"


def test_refuses_a_page_over_the_size_cap(site_settings: Settings, fresh_web: FixtureWeb) -> None:
    fresh_web.route("site.test", "/huge", Reply(200, "<p>" + "x" * 5000 + "</p>"))
    with Fetcher(site_settings.replace(max_page_bytes=1000)) as fetcher:
        error = fetch_error(fetcher, "http://site.test/huge")
    assert (error.kind, error.reason) == ("failed", "larger than 1000 bytes")


def test_size_cap_counts_decompressed_bytes(site_settings: Settings, fresh_web: FixtureWeb) -> None:
    """A small gzip body that inflates past the cap is stopped while streaming (a decompression bomb)."""
    bomb = gzip.compress(b"<p>" + b"a" * 200_000 + b"</p>")
    assert len(bomb) < 1000
    fresh_web.route("site.test", "/bomb", Reply(200, bomb, {"Content-Encoding": "gzip"}))
    with Fetcher(site_settings.replace(max_page_bytes=10_000)) as fetcher:
        error = fetch_error(fetcher, "http://site.test/bomb")
    assert (error.kind, error.reason) == ("failed", "larger than 10000 bytes")


def test_read_timeout(site_settings: Settings, fresh_web: FixtureWeb) -> None:
    fresh_web.route("site.test", "/slow", Reply(200, "<p>late</p>", delay=1.0))
    with Fetcher(site_settings.replace(read_timeout=0.2)) as fetcher:
        started = time.monotonic()
        error = fetch_error(fetcher, "http://site.test/slow")
    assert (error.kind, error.reason) == ("failed", "timed out after 0.2s")
    assert time.monotonic() - started < 0.9


# --- retries -------------------------------------------------------------------------------------------


def test_retries_a_503_then_succeeds(site_settings: Settings, fresh_web: FixtureWeb) -> None:
    flaky = Counter(Reply(503, "busy"), html("Back"))
    fresh_web.route("site.test", "/flaky", flaky)
    with Fetcher(site_settings.replace(fetch_retries=1)) as fetcher:
        response = fetcher.fetch("http://site.test/flaky")
    assert "Back" in response.text
    assert flaky.calls == 2


def test_reports_the_last_status_when_retries_run_out(site_settings: Settings, fresh_web: FixtureWeb) -> None:
    down = Counter(Reply(502, "bad gateway"))
    fresh_web.route("site.test", "/down", down)
    with Fetcher(site_settings.replace(fetch_retries=2)) as fetcher:
        error = fetch_error(fetcher, "http://site.test/down")
    assert (error.kind, error.reason) == ("failed", "HTTP 502")
    assert down.calls == 3


def test_honours_a_short_retry_after(site_settings: Settings, fresh_web: FixtureWeb) -> None:
    limited = Counter(Reply(429, "slow down", {"Retry-After": "0"}), html("OK"))
    fresh_web.route("site.test", "/limited", limited)
    with Fetcher(site_settings.replace(fetch_retries=1)) as fetcher:
        assert "OK" in fetcher.fetch("http://site.test/limited").text
    assert limited.calls == 2


def test_does_not_wait_out_a_long_retry_after(site_settings: Settings, fresh_web: FixtureWeb) -> None:
    limited = Counter(Reply(429, "come back in an hour", {"Retry-After": "3600"}), html("OK"))
    fresh_web.route("site.test", "/limited", limited)
    with Fetcher(site_settings.replace(fetch_retries=1)) as fetcher:
        error = fetch_error(fetcher, "http://site.test/limited")
    assert (error.kind, error.reason) == ("failed", "HTTP 429")
    assert limited.calls == 1


def test_retries_a_read_timeout(site_settings: Settings, fresh_web: FixtureWeb) -> None:
    slow_once = Counter(Reply(200, "late", delay=0.6), html("Prompt"))
    fresh_web.route("site.test", "/slow-once", slow_once)
    with Fetcher(site_settings.replace(read_timeout=0.2, fetch_retries=1)) as fetcher:
        assert "Prompt" in fetcher.fetch("http://site.test/slow-once").text
    assert slow_once.calls == 2


# --- cache ---------------------------------------------------------------------------------------------


class DictCache:
    """A PageCache kept in a dict, recording the max_age it is asked with."""

    def __init__(self) -> None:
        self.pages: dict[str, Response] = {}
        self.max_ages: list[float] = []

    def get(self, url: str, max_age: float) -> Response | None:
        self.max_ages.append(max_age)
        page = self.pages.get(url)
        if page is None or (datetime.now(UTC) - page.fetched_at).total_seconds() > max_age:
            return None
        return page

    def put(self, response: Response) -> None:
        self.pages[response.url] = response


def test_cache_serves_a_second_fetch_without_a_request(
    site_settings: Settings, fresh_web: FixtureWeb
) -> None:
    fresh_web.route("site.test", "/team", html("Team"))
    cache = DictCache()
    with Fetcher(site_settings, cache=cache) as fetcher:
        first = fetcher.fetch("http://site.test/team")
        requests_after_first = fresh_web.requested()
        second = fetcher.fetch("http://site.test/team")
    assert not first.from_cache and second.from_cache
    assert second.text == first.text and second.final_url == first.final_url
    assert fresh_web.requested() == requests_after_first == ["/robots.txt", "/team"]
    assert cache.max_ages == [site_settings.cache_ttl_seconds] * 2


def test_cache_does_not_keep_failures(site_settings: Settings, fresh_web: FixtureWeb) -> None:
    fresh_web.route("site.test", "/gone", Reply(404, "no"))
    cache = DictCache()
    with Fetcher(site_settings, cache=cache) as fetcher:
        fetch_error(fetcher, "http://site.test/gone")
    assert cache.pages == {}


# --- bounded concurrency -------------------------------------------------------------------------------


class InFlight:
    """A slow route that records how many requests it was serving at once."""

    def __init__(self) -> None:
        self.now = 0
        self.peak = 0
        self._lock = threading.Lock()

    def __call__(self, host: str, path: str) -> Reply:
        with self._lock:
            self.now += 1
            self.peak = max(self.peak, self.now)
        time.sleep(0.15)
        with self._lock:
            self.now -= 1
        return html(path)


def test_per_host_concurrency_is_bounded(site_settings: Settings, fresh_web: FixtureWeb) -> None:
    route = InFlight()
    urls = [f"http://site.test/p{i}" for i in range(6)]
    for i in range(6):
        fresh_web.route("site.test", f"/p{i}", route)
    bounded = site_settings.replace(per_host_concurrency=2, fetch_concurrency=8)
    with Fetcher(bounded) as fetcher, ThreadPoolExecutor(max_workers=6) as pool:
        responses = list(pool.map(fetcher.fetch, urls))
    assert [r.final_url for r in responses] == urls
    assert route.peak == 2


def test_global_concurrency_is_bounded(site_settings: Settings, fresh_web: FixtureWeb) -> None:
    route = InFlight()
    urls = [f"http://h{i}.test/page" for i in range(6)]
    for i in range(6):
        fresh_web.route(f"h{i}.test", "/page", route)
    bounded = site_settings.replace(per_host_concurrency=2, fetch_concurrency=3)
    with Fetcher(bounded) as fetcher, ThreadPoolExecutor(max_workers=6) as pool:
        list(pool.map(fetcher.fetch, urls))
    assert route.peak == 3


# --- SSRF guard ----------------------------------------------------------------------------------------


def test_loopback_is_refused_without_an_allowlist(fresh_web: FixtureWeb) -> None:
    with Fetcher(Settings(connect_to=(fresh_web.connect_to,))) as fetcher:
        by_name = fetch_error(fetcher, "http://site.test/")
        by_address = fetch_error(fetcher, fresh_web.url("127.0.0.1", "/"))
    assert (by_name.kind, by_name.reason) == (
        "blocked",
        "refused: site.test resolves to 127.0.0.1, a loopback address",
    )
    assert (by_address.kind, by_address.reason) == ("blocked", "refused: 127.0.0.1 is a loopback address")
    assert fresh_web.requested() == []


@pytest.mark.parametrize(
    ("target", "reason"),
    [
        ("http://10.0.0.5/", "refused: 10.0.0.5 is a private address"),
        ("http://169.254.169.254/latest/meta-data/", "refused: 169.254.169.254 is a cloud metadata address"),
        ("http://[fd00:ec2::254]/latest/meta-data/", "refused: fd00:ec2::254 is a cloud metadata address"),
        ("http://100.100.100.200/latest/meta-data/", "refused: 100.100.100.200 is a cloud metadata address"),
        ("http://0xa9fea9fe/latest/meta-data/", "refused: 169.254.169.254 is a cloud metadata address"),
        ("file:///etc/passwd", "refused: only http and https URLs are fetched, not file"),
    ],
)
def test_a_redirect_to_a_private_address_is_refused_at_the_check(
    fetcher: Fetcher, fresh_web: FixtureWeb, target: str, reason: str
) -> None:
    fresh_web.route("site.test", "/go", Reply(302, "", {"Location": target}))
    error = fetch_error(fetcher, "http://site.test/go")
    assert error.kind == "blocked"
    assert error.reason.startswith(reason)
    assert fresh_web.requested() == ["/robots.txt", "/go"]


@pytest.mark.parametrize(
    ("address", "shown", "why"),
    [
        ("10.1.2.3", "10.1.2.3", "a private address"),
        ("169.254.169.254", "169.254.169.254", "a cloud metadata address"),
        ("[fd00::1]", "fd00::1", "a unique local address"),
        # allowlisting 127.0.0.1 (as the test settings do) does not open its IPv6-mapped spelling
        ("[::ffff:127.0.0.1]", "::ffff:127.0.0.1", "a loopback address"),
        ("100.64.1.1", "100.64.1.1", "a carrier-grade NAT address"),
    ],
)
def test_a_name_resolving_to_a_private_address_is_refused(
    site_settings: Settings, fresh_web: FixtureWeb, address: str, shown: str, why: str
) -> None:
    rules = (f"evil.example::{address}:80", *site_settings.connect_to)
    with Fetcher(site_settings.replace(connect_to=rules)) as fetcher:
        error = fetch_error(fetcher, "http://evil.example/admin")
    assert (error.kind, error.reason) == ("blocked", f"refused: evil.example resolves to {shown}, {why}")


class TableResolver:
    """A Resolver answering from a table: what DNS would say, with no DNS involved."""

    def __init__(self, table: dict[str, list[str]]):
        self.table = table

    def resolve(self, host: str, port: int) -> list[tuple[str, int]]:
        if host not in self.table:
            raise ResolveError(host, "unknown test host")
        return [(address, port) for address in self.table[host]]


def test_a_name_is_refused_if_any_of_its_addresses_is_private(settings: Settings) -> None:
    resolver = TableResolver({"mixed.example": ["93.184.216.34", "10.0.0.7"]})
    with Fetcher(settings, resolver=resolver) as fetcher:
        error = fetch_error(fetcher, "http://mixed.example/")
    assert (error.kind, error.reason) == (
        "blocked",
        "refused: mixed.example resolves to 10.0.0.7, a private address",
    )


def test_an_unresolvable_name_fails(settings: Settings) -> None:
    with Fetcher(settings, resolver=TableResolver({})) as fetcher:
        error = fetch_error(fetcher, "http://nowhere.example/")
    assert error.kind == "failed"
    assert error.reason.startswith("could not resolve nowhere.example")


def test_ipv6_loopback_is_refused(fetcher: Fetcher, fresh_web: FixtureWeb) -> None:
    error = fetch_error(fetcher, f"http://[::1]:{fresh_web.port}/")
    assert (error.kind, error.reason) == ("blocked", "refused: ::1 is a loopback address")


@pytest.mark.parametrize(
    "url",
    ["http://2130706433/", "http://0177.0.0.1/", "http://0x7f.0.0.1/", "http://0x7F000001/", "http://127.1/"],
)
def test_numeric_spellings_of_loopback_are_refused(url: str) -> None:
    with Fetcher(Settings()) as fetcher:
        error = fetch_error(fetcher, url)
    assert (error.kind, error.reason) == ("blocked", "refused: 127.0.0.1 is a loopback address")


def test_allowlist_by_cidr(fresh_web: FixtureWeb) -> None:
    fresh_web.route("site.test", "/", html("Home"))
    settings = Settings(connect_to=(fresh_web.connect_to,), fetch_allowlist=("127.0.0.0/8",))
    with Fetcher(settings) as fetcher:
        assert "Home" in fetcher.fetch("http://site.test/").text


def test_allowlist_by_host_name_exempts_that_name_only(fresh_web: FixtureWeb) -> None:
    fresh_web.route("site.test", "/", html("Home"))
    fresh_web.route(
        "site.test", "/to-ip", Reply(302, "", {"Location": f"http://2130706433:{fresh_web.port}/"})
    )
    settings = Settings(connect_to=(fresh_web.connect_to,), fetch_allowlist=("site.test",))
    with Fetcher(settings) as fetcher:
        assert "Home" in fetcher.fetch("http://site.test/").text
        other = fetch_error(fetcher, "http://other.test/")
        raw_ip = fetch_error(fetcher, "http://site.test/to-ip")
    assert (other.kind, other.reason) == (
        "blocked",
        "refused: other.test resolves to 127.0.0.1, a loopback address",
    )
    assert raw_ip.kind == "blocked"
    assert raw_ip.reason.startswith("refused: 127.0.0.1 is a loopback address")
    assert fresh_web.requested("other.test") == []
    assert fresh_web.requested("127.0.0.1") == []


@pytest.mark.parametrize(
    ("url", "kind", "reason"),
    [
        ("ftp://site.test/file", "blocked", "refused: only http and https URLs are fetched, not ftp"),
        ("file:///etc/passwd", "blocked", "refused: only http and https URLs are fetched, not file"),
        ("/relative/path", "failed", "not an absolute http(s) URL"),
        ("http://[::1/", "failed", "invalid URL (Invalid IPv6 URL)"),
    ],
)
def test_refuses_urls_it_must_not_or_cannot_fetch(fetcher: Fetcher, url: str, kind: str, reason: str) -> None:
    error = fetch_error(fetcher, url)
    assert (error.kind, error.reason) == (kind, reason)


def test_environment_proxy_cannot_route_around_the_guard(
    site_settings: Settings, fresh_web: FixtureWeb, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A proxy from the environment would connect for us, out of the guard's sight: it is ignored."""
    monkeypatch.setenv("HTTP_PROXY", "http://127.0.0.1:9")
    monkeypatch.setenv("ALL_PROXY", "http://127.0.0.1:9")
    fresh_web.route("site.test", "/", html("Direct"))
    with Fetcher(site_settings) as fetcher:
        assert "Direct" in fetcher.fetch("http://site.test/").text


def test_default_resolver_applies_connect_to_rules(site_settings: Settings, fresh_web: FixtureWeb) -> None:
    fresh_web.route("site.test", "/", html("Via rule"))
    resolver = ConnectToResolver(site_settings.connect_to, SystemResolver())
    with Fetcher(site_settings, resolver=resolver) as fetcher:
        assert "Via rule" in fetcher.fetch("http://site.test/").text


# --- the persona sites ---------------------------------------------------------------------------------


def test_persona_pages_fetch_and_the_report_pdf_is_skipped(settings: Settings) -> None:
    with Fetcher(settings) as fetcher:
        team = fetcher.fetch("http://northwind.test/team")
        report = fetch_error(fetcher, "http://northwind.test/files/report.pdf")
    assert team.content_type == "text/html" and "Dana Okafor" in team.text
    assert (report.kind, report.reason) == ("skipped", "not HTML or text (application/pdf)")

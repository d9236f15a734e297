"""robots.txt: disallowed pages are never requested, first hop or after a redirect; RFC 9309 statuses."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from server.config import USER_AGENT, Settings
from server.research.fetch import Fetcher, FetchError
from server.research.fetch.robots import (
    RobotsCache,
    RobotsRules,
    product_token,
    rules_from_reply,
    unreachable,
)
from tests.fixture_web import FixtureWeb, Reply, free_port

ROBOTS = "User-agent: *\nDisallow: /private/\n"


def robots(text: str) -> Reply:
    return Reply(200, text, {"Content-Type": "text/plain"})


def page(title: str) -> Reply:
    return Reply(200, f"<html><head><title>{title}</title></head><body>{title}</body></html>")


def blocked(fetcher: Fetcher, url: str) -> FetchError:
    with pytest.raises(FetchError) as caught:
        fetcher.fetch(url)
    return caught.value


def test_a_disallowed_path_is_never_requested(fetcher: Fetcher, fresh_web: FixtureWeb) -> None:
    fresh_web.route("site.test", "/robots.txt", robots(ROBOTS))
    fresh_web.route("site.test", "/private/roadmap", page("Roadmap"))
    fresh_web.route("site.test", "/about", page("About"))
    error = blocked(fetcher, "http://site.test/private/roadmap")
    assert (error.kind, error.reason) == ("blocked", "disallowed by robots.txt")
    assert "About" in fetcher.fetch("http://site.test/about").text
    assert fresh_web.requested("site.test") == ["/robots.txt", "/about"]


def test_a_redirect_into_a_disallowed_path_is_blocked(fetcher: Fetcher, fresh_web: FixtureWeb) -> None:
    fresh_web.route("site.test", "/robots.txt", robots(ROBOTS))
    fresh_web.route("site.test", "/latest", Reply(302, "", {"Location": "/private/roadmap"}))
    fresh_web.route("site.test", "/private/roadmap", page("Roadmap"))
    error = blocked(fetcher, "http://site.test/latest")
    assert error.kind == "blocked"
    assert error.reason == "disallowed by robots.txt (after a redirect to http://site.test/private/roadmap)"
    assert fresh_web.requested("site.test") == ["/robots.txt", "/latest"]


def test_a_redirect_to_another_site_obeys_that_sites_robots(fetcher: Fetcher, fresh_web: FixtureWeb) -> None:
    fresh_web.route("site.test", "/speaker", Reply(301, "", {"Location": "http://other.test/private/bio"}))
    fresh_web.route("other.test", "/robots.txt", robots(ROBOTS))
    error = blocked(fetcher, "http://site.test/speaker")
    assert error.reason.startswith("disallowed by robots.txt")
    assert fresh_web.requested("other.test") == ["/robots.txt"]


@pytest.mark.parametrize("status", [404, 410, 403])
def test_a_missing_robots_txt_allows_everything(fetcher: Fetcher, fresh_web: FixtureWeb, status: int) -> None:
    fresh_web.route("site.test", "/robots.txt", Reply(status, "nothing here"))
    fresh_web.route("site.test", "/private/notes", page("Notes"))
    assert "Notes" in fetcher.fetch("http://site.test/private/notes").text


def test_robots_txt_is_fetched_once_per_origin(fetcher: Fetcher, fresh_web: FixtureWeb) -> None:
    slow_robots = Reply(200, ROBOTS, {"Content-Type": "text/plain"}, delay=0.1)
    fresh_web.route("site.test", "/robots.txt", slow_robots)
    urls = [f"http://site.test/p{i}" for i in range(8)]
    for i in range(8):
        fresh_web.route("site.test", f"/p{i}", page(f"Page {i}"))
    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(fetcher.fetch, urls))
    assert fresh_web.requested("site.test").count("/robots.txt") == 1
    # another port is another origin
    with pytest.raises(FetchError):
        fetcher.fetch(f"http://site.test:{fresh_web.port}/private/x")
    assert fresh_web.requested("site.test").count("/robots.txt") == 2


def test_a_failing_robots_txt_disallows_the_site(fetcher: Fetcher, fresh_web: FixtureWeb) -> None:
    fresh_web.route("site.test", "/robots.txt", Reply(503, "down for maintenance"))
    first = blocked(fetcher, "http://site.test/about")
    second = blocked(fetcher, "http://site.test/team")
    assert first.kind == second.kind == "blocked"
    assert first.reason == "robots.txt unavailable (HTTP 503), so the site is treated as disallowed"
    assert fresh_web.requested("site.test") == ["/robots.txt"]  # kept: asked once, pages never requested


def test_an_unreachable_site_fails_at_its_robots_txt(site_settings: Settings) -> None:
    settings = site_settings.replace(connect_to=(f"down.test::127.0.0.1:{free_port()}",))
    with Fetcher(settings) as fetcher:
        error = blocked(fetcher, "http://down.test/")
    assert error.kind == "failed"
    assert error.reason.startswith("robots.txt unreachable: could not connect")


def test_groups_for_our_product_token_apply(fetcher: Fetcher, fresh_web: FixtureWeb) -> None:
    rules = "User-agent: RapportBot\nDisallow: /\n\nUser-agent: *\nAllow: /\n"
    fresh_web.route("site.test", "/robots.txt", robots(rules))
    fresh_web.route("other.test", "/robots.txt", robots("User-agent: OtherBot\nDisallow: /\n"))
    fresh_web.route("other.test", "/", page("Other"))
    assert blocked(fetcher, "http://site.test/").reason == "disallowed by robots.txt"
    assert "Other" in fetcher.fetch("http://other.test/").text


def test_a_redirected_robots_txt_is_followed(fetcher: Fetcher, fresh_web: FixtureWeb) -> None:
    fresh_web.route(
        "site.test", "/robots.txt", Reply(301, "", {"Location": "http://www.site.test/robots.txt"})
    )
    fresh_web.route("www.site.test", "/robots.txt", robots(ROBOTS))
    assert blocked(fetcher, "http://site.test/private/x").reason == "disallowed by robots.txt"


def test_a_robots_txt_redirect_to_a_private_address_is_refused(
    fetcher: Fetcher, fresh_web: FixtureWeb
) -> None:
    fresh_web.route("site.test", "/robots.txt", Reply(302, "", {"Location": "http://10.0.0.5/robots.txt"}))
    error = blocked(fetcher, "http://site.test/")
    assert (error.kind, error.reason) == ("blocked", "refused: 10.0.0.5 is a private address")
    assert fresh_web.requested("site.test") == ["/robots.txt"]


# --- the rules themselves, without a server ------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "allows", "refusal"),
    [
        (200, False, None),  # the body's rules decide: /private/ is disallowed
        (404, True, None),
        (410, True, None),
        (401, True, None),
        (403, True, None),
        (308, True, None),  # a redirect chain too long to follow counts as no robots.txt
        (429, False, "robots.txt unavailable (HTTP 429), so the site is treated as disallowed"),
        (500, False, "robots.txt unavailable (HTTP 500), so the site is treated as disallowed"),
        (503, False, "robots.txt unavailable (HTTP 503), so the site is treated as disallowed"),
    ],
)
def test_rules_from_reply(status: int, allows: bool, refusal: str | None) -> None:
    rules = rules_from_reply(status, ROBOTS.encode())
    assert rules.allows("http://site.test/private/page", "RapportBot") is allows
    assert rules.refusal == refusal


def test_rules_from_reply_survives_bad_bytes() -> None:
    rules = rules_from_reply(200, b"\xff\xfeUser-agent: *\n\x00Disallow: /x\n\xc3")
    assert rules.allows("http://site.test/", "RapportBot")


@pytest.mark.parametrize(
    ("user_agent", "token"),
    [(USER_AGENT, "RapportBot"), ("RapportBot", "RapportBot"), ("Acme Crawler/2", "Acme"), ("", "*")],
)
def test_product_token(user_agent: str, token: str) -> None:
    assert product_token(user_agent) == token


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_cache_keeps_rules_a_day_and_failures_briefly() -> None:
    clock = Clock()
    answers = {
        "http://ok.test/robots.txt": RobotsRules(),
        "http://down.test/robots.txt": unreachable("timed out"),
    }
    loads: list[str] = []
    lock = threading.Lock()

    def load(location: httpx.URL) -> RobotsRules:
        with lock:
            loads.append(str(location))
        return answers[str(location)]

    cache = RobotsCache(load, clock=clock)
    for url in ["http://ok.test/a", "http://ok.test/b?q=1", "http://down.test/", "http://down.test/c"]:
        cache.rules_for(httpx.URL(url))
    assert loads == ["http://ok.test/robots.txt", "http://down.test/robots.txt"]
    clock.now += 301  # past the failure's five minutes, within the day
    cache.rules_for(httpx.URL("http://ok.test/"))
    cache.rules_for(httpx.URL("http://down.test/"))
    assert loads[2:] == ["http://down.test/robots.txt"]
    clock.now += 24 * 3600
    cache.rules_for(httpx.URL("http://ok.test/"))
    assert loads[3:] == ["http://ok.test/robots.txt"]


# --- the persona sites ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("host", "path"), [("northwind.test", "/internal/roadmap"), ("priyaraman.test", "/private/")]
)
def test_persona_sites_private_pages_are_never_fetched(
    fetcher: Fetcher, fresh_web: FixtureWeb, host: str, path: str
) -> None:
    error = blocked(fetcher, f"http://{host}{path}")
    assert (error.kind, error.reason) == ("blocked", "disallowed by robots.txt")
    assert fresh_web.requested(host) == ["/robots.txt"]

"""The guard's settings as fetches see them: what is refused now is refused from the cache too; the ports
allowed. Loopback only: the fixture web on 127.0.0.1."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine

from server import storage
from server.config import Settings
from server.research.fetch import Fetcher, FetchError
from tests.fixture_web import FixtureWeb, Reply

PAGE = Reply(200, "<html><head><title>Team</title></head><body><h1>Team</h1></body></html>")


@pytest.fixture
def engine(site_settings: Settings) -> Iterator[Engine]:
    engine = storage.make_engine(site_settings)
    yield engine
    engine.dispose()


def test_a_page_cached_under_an_old_allowlist_is_not_served_after_it_changes(
    site_settings: Settings, fresh_web: FixtureWeb, engine: Engine
) -> None:
    """The cache was read before the guard: a page stored while 127.0.0.1 was allowed was still served after
    the operator took it off the allowlist."""
    fresh_web.route("intranet.test", "/team", PAGE)
    cache = storage.SqlPageCache(engine)
    with Fetcher(site_settings, cache=cache) as fetcher:
        assert not fetcher.fetch("http://intranet.test/team").from_cache
        assert fetcher.fetch("http://intranet.test/team").from_cache
    fresh_web.reset_log()
    unlisted = site_settings.replace(fetch_allowlist=())
    with Fetcher(unlisted, cache=cache) as fetcher, pytest.raises(FetchError) as caught:
        fetcher.fetch("http://intranet.test/team")
    assert caught.value.kind == "blocked"
    assert caught.value.reason == "refused: intranet.test resolves to 127.0.0.1, a loopback address"
    assert fresh_web.requested() == []


def test_a_cached_page_whose_redirect_led_somewhere_refused_now_is_not_served(
    site_settings: Settings, fresh_web: FixtureWeb, engine: Engine
) -> None:
    """The address asked for may still be allowed while the one its redirect reached no longer is."""
    fresh_web.route("www.moved.test", "/", Reply(301, "", {"Location": "http://intranet.test/team"}))
    fresh_web.route("intranet.test", "/team", PAGE)
    cache = storage.SqlPageCache(engine)
    with Fetcher(site_settings, cache=cache) as fetcher:
        assert fetcher.fetch("http://www.moved.test/").final_url == "http://intranet.test/team"
    narrower = site_settings.replace(fetch_allowlist=("www.moved.test",))
    with Fetcher(narrower, cache=cache) as fetcher, pytest.raises(FetchError) as caught:
        fetcher.fetch("http://www.moved.test/")
    assert caught.value.reason == "refused: intranet.test resolves to 127.0.0.1, a loopback address"


def test_the_allowlisted_fixture_web_answers_on_its_random_port(
    site_settings: Settings, fresh_web: FixtureWeb
) -> None:
    """Only ports 80 and 443 of public hosts are read; an allowlisted loopback server keeps any port."""
    fresh_web.route("127.0.0.1", "/team", PAGE)
    with Fetcher(site_settings.replace(connect_to=())) as fetcher:
        response = fetcher.fetch(fresh_web.url("127.0.0.1", "/team"))
    assert response.status_code == 200 and "Team" in response.text
    assert fresh_web.port not in Settings().fetch_ports


def test_the_ports_setting_reads_a_comma_list() -> None:
    assert Settings().fetch_ports == (80, 443)
    assert Settings.from_env({"RAPPORT_FETCH_PORTS": "80, 443,8443"}).fetch_ports == (80, 443, 8443)
    with pytest.raises(ValueError, match="RAPPORT_FETCH_PORTS"):
        Settings.from_env({"RAPPORT_FETCH_PORTS": "80,99999"})

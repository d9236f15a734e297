"""A malformed URL, from a page's links, a search or an email address, is one failed source with its reason;
it never ends the run. Every site here is the fixture web on 127.0.0.1."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from server.models import Dossier, Person, ResearchRequest
from server.research import ResearchDeps, research
from server.research.discover import normalize_url
from server.research.fetch import Fetcher, FetchError
from server.research.search import SearxngSearch
from tests.fixture_web import FixtureWeb, Reply

DANA = Person(name="Dana Okafor", company="Northwind Analytics")  # no email: only the sites given

# What the fetcher says of each (urllib's, idna's and ipaddress's own words).
BAD_URLS = {
    "https://site:99999/x": "invalid URL (Port out of range 0-65535)",
    "https://site:abc/": "invalid URL (Port could not be cast to integer value as 'abc')",
    "http://site:-1/talk": "invalid URL (Port could not be cast to integer value as '-1')",
    "http://0x7f.1:99999/": "invalid URL (Port out of range 0-65535)",
    "http://[::1]:65536/": "invalid URL (Port out of range 0-65535)",
    "http://xn--zz/": "invalid URL (Invalid A-label)",
    "http://256.256.256.256/": "invalid URL (Invalid IPv4 address: '256.256.256.256')",
}
LINKS = "".join(f'<li><a href="{url}">Dana Okafor, talk {n}</a></li>' for n, url in enumerate(BAD_URLS))

# Two styles of the person's own site linking out to her talks: a blog's post list, and a company team
# page's profile card.
SITES = {
    "blog": (
        "dana-writes.test",
        "<html><head><title>Dana Okafor's notes</title></head><body><main><h1>Notes</h1>"
        "<p>Dana Okafor is VP of Data Engineering at Northwind Analytics.</p>"
        f"<h2>Talks</h2><ul>{LINKS}</ul></main></body></html>",
    ),
    "team page": (
        "okafor-data.test",
        "<html><head><title>Team – Okafor Data</title></head><body><main><h1>Our team</h1>"
        '<section class="card"><h3>Dana Okafor</h3><p class="role">VP of Data Engineering</p>'
        "<p>Dana Okafor is VP of Data Engineering at Northwind Analytics.</p>"
        f'<div class="speaking"><h4>Speaking</h4><ul>{LINKS}</ul></div></section></main></body></html>',
    ),
}


def run(request: ResearchRequest, web: FixtureWeb, tmp: Path, search: SearxngSearch | None = None) -> Dossier:
    settings = web.settings(tmp)
    with Fetcher(settings) as fetcher:
        deps = ResearchDeps(settings=settings, fetcher=fetcher, search=search)
        return research(request, deps, lambda _: None)


@pytest.mark.parametrize("site", SITES)
def test_one_bad_link_does_not_kill_the_run(site: str, fresh_web: FixtureWeb, tmp_path: Path) -> None:
    """A link with an invalid port (https://site:99999/x) raised ValueError out of the crawl: 0 facts."""
    host, page = SITES[site]
    fresh_web.route(host, "/", Reply(body=page))
    dossier = run(ResearchRequest(person=DANA, urls=[f"http://{host}/"]), fresh_web, tmp_path)
    sources = {source.url: source for source in dossier.sources}
    assert sources[f"http://{host}/"].status == "used"
    for url, reason in BAD_URLS.items():
        assert (sources[url].status, sources[url].reason) == ("failed", reason)
    assert dossier.person.title == "VP of Data Engineering"
    assert dossier.facts


def test_a_bad_search_result_or_email_domain_is_a_failed_source(
    fresh_web: FixtureWeb, tmp_path: Path
) -> None:
    """Search results and the email's domain became start URLs unchecked, the same ValueError waiting."""
    results = {"results": [{"url": "https://site:99999/x"}, {"url": "http://danaokafor.test/"}]}
    fresh_web.route(
        "127.0.0.1", "/search", Reply(200, json.dumps(results), {"Content-Type": "application/json"})
    )
    person = DANA.model_copy(update={"email": "dana@northwind.test:99999"})
    with SearxngSearch(fresh_web.url("127.0.0.1"), fresh_web.settings(tmp_path)) as search:
        dossier = run(ResearchRequest(person=person), fresh_web, tmp_path, search)
    sources = {source.url: source for source in dossier.sources}
    assert sources["https://site:99999/x"].reason == "invalid URL (Port out of range 0-65535)"
    # The email's site is tried over https, then http: the last address tried is the source.
    assert sources["http://northwind.test:99999/"].status == "failed"
    assert sources["http://danaokafor.test/"].status == "used"


@pytest.mark.parametrize("url", [*BAD_URLS, "http://[::1/x", "http://exa mple/"])
def test_a_url_too_malformed_to_canonicalize_is_its_own_spelling(url: str) -> None:
    assert normalize_url(f" {url} ") in (url, normalize_url(url))


@pytest.mark.parametrize(
    ("location", "reason"),
    [
        ("https://site:99999/", "invalid URL (Port out of range 0-65535)"),
        ("http://xn--zz/", "redirect to an invalid URL (Invalid A-label)"),
        ("javascript:alert(1)", "redirect to an invalid URL (For absolute URLs, path must be empty"),
        ("//site:abc/", "Invalid URL in location header: Invalid port: 'abc'"),
    ],
)
@pytest.mark.parametrize("where", ["/page", "/robots.txt"])
def test_a_redirect_to_a_malformed_url_is_a_failed_fetch(
    where: str, location: str, reason: str, fresh_web: FixtureWeb, tmp_path: Path
) -> None:
    """httpx builds the request a redirect asks for even when not following it, and raised IDNAError or
    InvalidURL from there: out of the fetch, and out of the run."""
    fresh_web.route("moved.test", "/page", Reply(body="<html><head><title>Page</title></head></html>"))
    fresh_web.route("moved.test", where, Reply(302, "", {"Location": location}))
    with Fetcher(fresh_web.settings(tmp_path)) as fetcher, pytest.raises(FetchError) as caught:
        fetcher.fetch("http://moved.test/page")
    assert caught.value.kind == "failed"
    assert reason in caught.value.reason

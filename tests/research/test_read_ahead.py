"""Reading ahead: while research waits on one page, the pages after it are already on their way."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import NoReturn

from server.config import Settings
from server.models import Link
from server.research.discover import Candidate, Frontier, normalize_url
from server.research.fetch import FetchError
from server.research.read_ahead import EarlyLinks, ReadAhead
from tests.support.persona import DANA_PERSON

HOME = "http://danaokafor.test/"
TEAM = "http://danaokafor.test/team/"


def test_the_links_of_the_page_whose_turn_it_is_go_out_while_it_is_still_being_read() -> None:
    """A start page's links leave as soon as its HTML is in, not once its reading (extraction, identity,
    facts) is done: each hop of a chain then waits on the network only."""
    frontier = Frontier(DANA_PERSON, Settings(), own_sites={"danaokafor.test"})
    frontier.push(Candidate(score=100, url=HOME, hop=0, reason="given by you", from_user=True))
    team_asked = threading.Event()

    def read(candidate: Candidate, on_links: Callable[[EarlyLinks], None]) -> NoReturn:
        if candidate.url == HOME:
            on_links((HOME, [Link(url=TEAM, text="Our team")]))
            team_asked.wait(timeout=5)  # the home page is "being read" until its link has gone out
        else:
            team_asked.set()
        raise FetchError("failed", candidate.url, "this test reads no page")

    with ReadAhead(frontier, read, limit=4, attempts=10) as ahead:
        ahead.fill(10)
        home = ahead.claim(frontier.pop())
        assert home is not None
        while not home.done():
            ahead.wait_for(home, timeout=5)
            ahead.fill(10)
        assert team_asked.is_set()


def test_a_folder_and_its_index_page_are_one_page() -> None:
    assert normalize_url("http://danaokafor.test/index.html") == normalize_url(HOME)
    assert (
        normalize_url("http://danaokafor.test/news/INDEX.HTM?page=2") == "http://danaokafor.test/news/?page=2"
    )
    assert normalize_url("http://danaokafor.test/indexes.html") != normalize_url(HOME)

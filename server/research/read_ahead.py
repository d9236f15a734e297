"""Reading ahead: the best pages waiting are fetched and read before their turn, so that research, which
records pages strictly one by one in order of value, waits on the network as little as possible.

Reading a page (fetch, extract, identify, facts) depends on nothing the crawl learns, so reading one early
changes nothing but the wall time; a page read ahead that better links overtake is simply not used. A page
on the person's own or company site (or one the user gave) is almost always one whose links are followed,
so its links are fetched ahead as soon as its HTML is in, while it is still being read: each hop of a chain
then waits on the network, not on the reading before it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from threading import Event

from server.models import CapturedPage, FactsResult, Link, Page, Response, Verdict
from server.research.discover import Candidate, Frontier, site_of
from server.research.fetch import FetchError
from server.text.urls import host_of


@dataclass
class Reading:
    """What became of one page: read, judged, and mined for facts."""

    candidate: Candidate
    response: Response
    page: Page
    verdict: Verdict
    found: FactsResult

    @property
    def leads_on(self) -> bool:
        """Whether its links are worth reading: a page about the person, or one the user gave."""
        return self.verdict.usable or self.candidate.from_user


# A page's address after redirects and its links, as soon as its HTML is in (before it is read).
EarlyLinks = tuple[str, list[Link]]
Read = Callable[[Candidate, Callable[[EarlyLinks], None]], Reading]


class ReadAhead:
    """Pages being read ahead of their turn, by URL, within `limit` at once and `attempts` in all."""

    def __init__(
        self,
        frontier: Frontier,
        read: Read,
        *,
        limit: int,
        attempts: int,
        per_host: int | None = None,
    ):
        self.frontier = frontier
        self.read = read
        self.limit = limit
        # A site's pages beyond what it is fetched at once would only wait for its slots, holding ours.
        self.per_host = per_host or limit
        self.attempts = attempts
        self.started = 0
        self._pool = ThreadPoolExecutor(max_workers=limit, thread_name_prefix="research")
        # The candidate each page was fetched as, and its reading.
        self._ahead: dict[str, tuple[Candidate, Future[Reading]]] = {}
        # What each page read ahead leads to (its links, or its fallback URL), worked out once it is read.
        self._leads: dict[str, list[Candidate]] = {}
        # Links of pages on their own sites as soon as the HTML is in, and the candidates they give.
        self._early: dict[str, Future[EarlyLinks]] = {}
        self._early_leads: dict[str, list[Candidate]] = {}
        # The page whose turn it is, claimed but perhaps still in flight: its links go ahead like the others'.
        self._claimed: tuple[Candidate, Future[Reading]] | None = None
        # Set when a page's HTML or reading comes in; cleared when fill looks: news that lands while fill is
        # busy would otherwise wait for the next page to end before its links go out.
        self._news = Event()

    def __enter__(self) -> ReadAhead:
        return self

    def __exit__(self, *exc: object) -> None:
        for _, unused in self._in_hand():
            unused.cancel()
        self._pool.shutdown(wait=True)

    def _start(self, candidate: Candidate) -> None:
        self.started += 1
        early: Future[EarlyLinks] = Future()
        self._early[candidate.url] = early
        early.add_done_callback(self._heard)
        reading = self._pool.submit(self._read, candidate, early)
        reading.add_done_callback(self._heard)
        self._ahead[candidate.url] = (candidate, reading)

    def _heard(self, _: Future[object]) -> None:
        self._news.set()

    def _read(self, candidate: Candidate, early: Future[EarlyLinks]) -> Reading:
        try:
            return self.read(candidate, early.set_result)
        finally:
            if not early.done():
                early.set_result(("", []))  # never fetched: no links to read ahead

    def _running(self) -> list[Future[Reading]]:
        return [future for _, future in self._in_hand() if not future.done()]

    def _in_hand(self) -> list[tuple[Candidate, Future[Reading]]]:
        """Every page started: those read ahead, and the one whose turn it is."""
        return [*self._ahead.values(), *([self._claimed] if self._claimed else [])]

    def fill(self, room: int) -> None:
        """Start the best pages that could still fit the `room` left, while slots are free: those waiting,
        and the links (or the fallback URL) of pages read ahead, which join the queue at their page's turn."""
        self._news.clear()
        in_flight = [candidate for candidate, future in self._in_hand() if not future.done()]
        running = len(in_flight)
        if running >= self.limit or room <= 0:
            return
        # Pages fetched ahead that failed wait for their turn too, but take none of the room left.
        failed = {url for url, (_, future) in self._ahead.items() if future.done() and future.exception()}
        waiting = self.frontier.best(room + len(failed))
        for candidate, future in self._in_hand():
            url = candidate.url
            if future.done() and url not in self._ahead:
                continue  # the page whose turn it is, read: its links are being queued by the crawl
            if future.done():
                if url not in self._leads:
                    self._leads[url] = self._leads_of(candidate, future)
                leads = self._leads[url]
            else:
                leads = self._early_leads_of(candidate)
            waiting += [lead for lead in leads if self.frontier.is_new(lead.url)]
        busy = Counter(host_of(candidate.url) for candidate in in_flight)
        considered = 0
        # Once each (a page may wait in the queue and among the leads of several pages read ahead).
        best: dict[str, Candidate] = {}
        for candidate in waiting:
            if candidate.url not in best or candidate.score > best[candidate.url].score:
                best[candidate.url] = candidate
        for candidate in sorted(best.values(), key=lambda c: -c.score):
            if running >= self.limit or self.started >= self.attempts or considered >= room:
                return
            host = host_of(candidate.url)
            if candidate.url in failed:
                continue
            if candidate.url not in self._ahead:
                if busy[host] >= self.per_host:
                    continue  # its site is busy: a page of another site goes ahead meanwhile
                self._start(candidate)
                running += 1
                busy[host] += 1
            considered += 1

    def _early_leads_of(self, candidate: Candidate) -> list[Candidate]:
        """The links of a page still being read, when its HTML is in and it is on their own or company
        site (or the user gave it): fetched ahead on the bet that its reading will say to follow them."""
        early = self._early.get(candidate.url)
        if early is None or not early.done():
            return []
        if candidate.url not in self._early_leads:
            final, links = early.result()
            ours = candidate.from_user or site_of(final or candidate.url) in self.frontier.own_sites
            leads = self.frontier.link_candidates(links, final, candidate.hop) if final and ours else []
            self._early_leads[candidate.url] = leads
        return self._early_leads[candidate.url]

    def _leads_of(self, candidate: Candidate, future: Future[Reading]) -> list[Candidate]:
        error = future.exception()
        if error is None:
            early = future.result()
            if not early.leads_on:
                return []
            return self.frontier.link_candidates(early.page.links, early.response.final_url, candidate.hop)
        fallback = fallback_of(candidate, error) if isinstance(error, FetchError) else None
        return [fallback] if fallback else []

    def claim(self, candidate: Candidate) -> Future[Reading] | None:
        """The reading of the page whose turn it is, started now if it was not read ahead; None when the
        attempts are spent."""
        if candidate.url not in self._ahead:
            if self.started >= self.attempts:
                return None
            self._start(candidate)
        if self._claimed is not None:
            before = self._claimed[0].url
            self._early.pop(before, None)
            self._early_leads.pop(before, None)
        self._leads.pop(candidate.url, None)
        self._claimed = (candidate, self._ahead.pop(candidate.url)[1])
        return self._claimed[1]

    def wait_for(self, future: Future[Reading], timeout: float | None = None) -> None:
        """Until this page's reading or any other one ends, or `timeout` seconds have passed; not at all when
        one ended (or a page's HTML came in) since fill last looked."""
        if self._news.is_set():
            return
        # A page's links coming in wakes it too: their fetches can start before the page is read.
        pending = [early for early in self._early.values() if not early.done()]
        wait([future, *self._running(), *pending], timeout=timeout, return_when=FIRST_COMPLETED)


def fallback_of(candidate: Candidate, error: FetchError) -> Candidate | None:
    """The next URL to try when a candidate could not be reached at all (http after https), if any."""
    if error.kind != "failed" or not candidate.fallbacks:
        return None
    nxt, *rest = candidate.fallbacks
    return replace(candidate, url=nxt, fallbacks=tuple(rest))


def captured_response(page: CapturedPage) -> Response:
    """A page the user's browser handed over, as research reads a fetched one."""
    return Response(
        url=page.url,
        final_url=page.url,
        status_code=200,
        content_type="text/html",
        text=page.html,
        fetched_at=datetime.now(UTC),
        captured=True,
    )

"""The research half of the pipeline: discover -> fetch -> extract -> identify -> facts, as one crawl.

Pages are recorded one by one, best first, as if read strictly in turn, so the same web always gives the same
dossier; meanwhile the best pages waiting are read ahead concurrently (research.read_ahead), so the wall time
follows the longest chain of pages that lead to one another rather than their number.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from server.config import Settings
from server.events import (
    DiscoverStarted,
    DiscoverStartedData,
    Event,
    FactsDone,
    FactsDoneData,
    FetchDone,
    FetchDoneData,
    LinksFound,
    LinksFoundData,
    PageExtracted,
    PageExtractedData,
    PageFacts,
    PageFactsData,
    PageFailed,
    PageFailedData,
    PageJudged,
    PageJudgedData,
    PageRead,
    PageReadData,
    RunStarted,
    RunStartedData,
    Searched,
    SearchedData,
)
from server.models import (
    Dossier,
    Fact,
    FactsResult,
    Link,
    Person,
    ResearchRequest,
    Response,
    Source,
    SourceStatus,
    Verdict,
)
from server.research.anchors import Known
from server.research.discover import (
    Candidate,
    Frontier,
    own_sites,
    search_candidates,
    site_of,
    start_candidates,
)
from server.research.extract import Parsed, extract_parsed, parse_page
from server.research.facts import merge_facts
from server.research.fetch import Deadline, Fetcher, FetchError
from server.research.judge import Judge
from server.research.read_ahead import EarlyLinks, ReadAhead, Reading, captured_response, fallback_of
from server.research.search import SearchError, SearchProvider
from server.research.twins import Twins

log = logging.getLogger(__name__)

Emit = Callable[[Event], None]
NOT_THEM = "you marked this page as not about this person"


@dataclass
class ResearchDeps:
    settings: Settings
    fetcher: Fetcher
    search: SearchProvider | None = None


class Research:
    """One research run's state: the queue, the sources seen, the facts found."""

    def __init__(self, request: ResearchRequest, deps: ResearchDeps, emit: Emit):
        self.request = request
        self.deps = deps
        self.settings = deps.settings
        self._emit = emit
        self.own_sites = own_sites(request, deps.settings)
        self.frontier = Frontier(
            request.person, deps.settings, exclude=set(request.exclude_urls), own_sites=self.own_sites
        )
        # The operator's list, so that discover and identify agree on which addresses name no employer.
        self.free_mail = frozenset(deps.settings.free_mail_domains)
        self.sources: list[Source] = []
        self.facts: list[Fact] = []
        self.warnings: list[str] = []
        self.pages_read = 0  # what the budget counts
        # Pages judged not about the person, kept to judge again once research has learned who they are.
        self.rejected: list[Reading] = []
        # Pages used, kept to judge again against what later pages teach (a namesake's site, a city).
        self.used: list[Reading] = []
        self.judge = Judge(request, self.own_sites, self.free_mail)
        self.twins = Twins()
        # However slowly servers answer, research ends by this; the pages in hand by then make the dossier.
        seconds = deps.settings.research_deadline
        self.deadline = Deadline.after(seconds, f"research stopped at its {seconds:g}s deadline")

    # --- the stages, for one page

    def read(self, candidate: Candidate, response: Response, parsed: Parsed | None = None) -> Reading:
        """Extract, identify and mine one page; pure work, safe to run on a worker thread. `parsed`: its HTML
        when already parsed (to send its links ahead)."""
        parsed = parsed or parse_page(response.text, response.final_url)
        page = extract_parsed(parsed, response.final_url)
        verdict, found = self.judge.judge(page, self.request.person, given=candidate.from_user)
        return Reading(candidate, response, page, verdict, found)

    def fetch_and_read(self, candidate: Candidate, on_links: Callable[[EarlyLinks], None]) -> Reading:
        """Fetch and read one page, telling `on_links` its links as soon as its HTML is in."""
        response = self.deps.fetcher.fetch(candidate.url, until=self.deadline)
        parsed = parse_page(response.text, response.final_url)
        on_links((response.final_url, parsed.links if parsed else []))
        return self.read(candidate, response, parsed)

    # --- bookkeeping, on the research thread only (events stay in order)

    def record(self, reading: Reading) -> None:
        if self.twin(reading):
            return
        reading = self.judge.settle(reading)
        self.judge.learn(reading)
        for site, _ in self.judge.learned.company_sites:
            # Their company's site under its new name speaks for them as their email's domain's did.
            self.frontier.add_own_site(site_of(f"http://{site}/"))
        for host in self.judge.learned.own_sites:
            self.frontier.add_personal_site(site_of(f"http://{host}/"))
        page, verdict, response = reading.page, reading.verdict, reading.response
        url = response.final_url
        self.frontier.mark_seen(url)
        how = "from your browser" if response.captured else ("from cache" if response.from_cache else "")
        self._emit(
            PageRead(
                message=f"Read {url} {how}".strip(),
                data=PageReadData(url=url, from_cache=response.from_cache, hop=reading.candidate.hop),
            )
        )
        self._emit(
            PageExtracted(
                message=f"Extracted “{page.title or url}”",
                data=PageExtractedData(
                    url=url, title=page.title, published=page.published, links=len(page.links)
                ),
            )
        )
        self.judged(url, verdict)
        if not verdict.usable:
            self.sources.append(
                Source(url=url, title=page.title, status="not_about_person", reason=verdict.reason)
            )
            self.rejected.append(reading)
            if reading.leads_on:
                # A page the user gave leads somewhere even when it does not name the person itself (a
                # blog's front page, a conference's programme): its links are read like a useful page's.
                self.follow_links(page.links, url, reading.candidate.hop)
            return
        if self.frontier.is_excluded(url):
            self.sources.append(Source(url=url, title=page.title, status="skipped", reason=NOT_THEM))
            return
        self.used.append(reading)
        facts = self.take(url, reading.found)
        reason = verdict.reason if facts else f"{verdict.reason}; no facts found"
        self.sources.append(
            Source(url=url, title=page.title, status="used", reason=reason, subject=verdict.subject)
        )
        self.follow_links(page.links, url, reading.candidate.hop)

    def twin(self, reading: Reading) -> bool:
        """A page already recorded under another address: skipped, its facts and links not taken twice."""
        skipped = self.twins.skipped(reading)
        if skipped is not None:
            self.frontier.mark_seen(skipped.url)
            self.sources.append(skipped)
        return skipped is not None

    def follow_links(self, links: list[Link], url: str, hop: int) -> None:
        added = self.frontier.add_links(links, url, hop)
        if added:
            self._emit(
                LinksFound(
                    message=f"Found {added} more page(s) to read on {url}",
                    data=LinksFoundData(url=url, added=added),
                )
            )

    def judged(self, url: str, verdict: Verdict, again: bool = False) -> None:
        data = PageJudgedData(url=url, subject=verdict.subject, confidence=verdict.confidence, again=again)
        self._emit(PageJudged(message=verdict.reason, data=data))

    def take(self, url: str, found: FactsResult) -> list[Fact]:
        """Keep a page's facts and warnings, and tell the panel what the page gave."""
        self.facts.extend(found.facts)
        self.warnings.extend(w for w in found.warnings if w not in self.warnings)
        self._emit(
            PageFacts(
                message=f"{len(found.facts)} fact(s) from {url}",
                data=PageFactsData(url=url, facts=list(found.facts)),
            )
        )
        return found.facts

    def failed(self, candidate: Candidate, error: FetchError) -> None:
        # Out of time, http after https is not tried: the source says why the page was not read.
        fallback = None if self.deadline.passed else fallback_of(candidate, error)
        if fallback is not None:
            self.frontier.push(fallback)
            return
        self.sources.append(Source(url=candidate.url, title=None, status=error.kind, reason=error.reason))
        self._emit(
            PageFailed(
                message=f"Could not use {candidate.url}: {error.reason}",
                data=PageFailedData(
                    url=candidate.url, status=error.kind, reason=error.reason, hop=candidate.hop
                ),
            )
        )

    # --- the run

    def run(self) -> Dossier:
        person = self.request.person
        self._emit(RunStarted(message=f"Researching {person.name}", data=RunStartedData(person=person)))
        starts = start_candidates(self.request, self.settings) + self.search_candidates()
        for page in self.request.pages:
            self.frontier.mark_seen(page.url)
        captured = [page.url for page in self.request.pages]
        for candidate, reason in self.frontier.push_starts(starts, NOT_THEM, given_before=captured):
            self.sources.append(Source(url=candidate.url, status="skipped", reason=reason))
        self._emit(
            DiscoverStarted(
                message=f"Starting from {len(starts) + len(self.request.pages)} page(s)",
                data=DiscoverStartedData(
                    urls=[c.url for c in starts], captured=[p.url for p in self.request.pages]
                ),
            )
        )
        for captured in self.request.pages:
            self.record(
                self.read(
                    Candidate(score=100, url=captured.url, hop=0, reason="from your browser", from_user=True),
                    captured_response(captured),
                )
            )
        self.crawl()
        self.recheck()
        unread = f"page budget of {self.settings.page_budget} reached"
        if self.deadline.passed:
            unread = f"{self.deadline.reason} before this page was read"
            self.warnings.append(
                f"Research stopped at its deadline ({self.settings.research_deadline:g}s, "
                "RAPPORT_RESEARCH_DEADLINE): the dossier has what was found by then."
            )
        for left in self.frontier.drain():
            if left.from_user:
                self.sources.append(Source(url=left.url, status="skipped", reason=unread))
        facts, current = merge_facts(self.facts, person, self.ours(person))
        learned = (
            (current.company, current.title) != (person.company, person.title)
            or self.judge.learned.own_sites
            or self.judge.learned.knows_company
        )
        if learned and self.reconsider(current):
            facts, current = merge_facts(self.facts, person, self.ours(person))
        if not any(s.status == "used" for s in self.sources):
            self.warnings.append(f"No page found was about {person.name}; add a URL you know is theirs.")
        elif not facts:
            self.warnings.append(
                f"Pages about {person.name} were found, but no facts could be taken from them."
            )
        self._emit(
            FetchDone(message=f"Read {self.pages_read} page(s)", data=FetchDoneData(pages=self.pages_read))
        )
        self._emit(
            FactsDone(
                message=f"{len(facts)} fact(s) about {current.name}",
                data=FactsDoneData(count=len(facts), person=current),
            )
        )
        return Dossier(person=current, facts=facts, sources=self.sources, warnings=self.warnings)

    def ours(self, person: Person) -> Callable[[str], bool]:
        """Whether an organisation's name is the person's company's, under any name research learned."""
        return Known.of(person, self.free_mail, self.judge.learned.background()).names_company

    def crawl(self) -> None:
        """Read pages best first, one at a time in effect, with the next best fetched ahead of time.

        The pages read and the order they are recorded in are those of reading strictly one by one, best
        first: after each page, the best page waiting is the next one, whichever fetch finished first. So
        the same web gives the same dossier whatever the timing or the cache. Meanwhile the best pages
        waiting are fetched (and read) ahead, as many at once as the settings allow, so the wall time
        follows the longest chain of pages that lead to one another rather than their number. A page ahead
        that better links overtake is simply not used. Pages that could not be fetched do not count
        against the budget (dead links would starve it); attempts are bounded at three times the budget.
        Reading stops at the research deadline: the page waited for then is failed with that reason.
        """
        budget = self.settings.page_budget
        limit = max(1, self.settings.fetch_concurrency)
        per_host = self.settings.per_host_concurrency
        with ReadAhead(
            self.frontier, self.fetch_and_read, limit=limit, attempts=3 * budget, per_host=per_host
        ) as ahead:
            while self.pages_read < budget and not self.deadline.passed:
                ahead.fill(budget - self.pages_read)
                candidate = self.frontier.pop()
                if candidate is None:
                    break
                future = ahead.claim(candidate)
                if future is None:
                    break
                while not future.done() and not self.deadline.passed:
                    # Waiting on this page: keep the fetch slots busy with the pages after it.
                    ahead.wait_for(future, timeout=self.deadline.remaining())
                    ahead.fill(budget - self.pages_read - 1)
                if not future.done():
                    self.failed(candidate, FetchError("failed", candidate.url, self.deadline.reason))
                    break
                try:
                    reading = future.result()
                except FetchError as error:
                    self.failed(candidate, error)
                else:
                    self.pages_read += 1
                    self.record(reading)

    def recheck(self) -> None:
        """Judge the pages used again against all that research learned: a namesake's post read before the
        about page that showed whose site it is, a page placing the name in another city."""
        if not self.judge.has_learned:
            return
        for reading in list(self.used):
            given = reading.candidate.from_user
            verdict = self.judge.verdict(reading.page, self.request.person, given=given, learned=True)
            if not verdict.usable:
                self.facts = [f for f in self.facts if f.source_url != reading.response.final_url]
                self.restate(reading, verdict, "not_about_person")
                self.used.remove(reading)

    def reconsider(self, learned: Person) -> int:
        """Judge rejected pages again with what research learned (a company the user did not know).

        A podcast page naming "Miguel Santos of Tidewater Logistics" has no anchor until the leadership page
        has said where Miguel works; a namesake's page still names another employer and stays rejected.
        """
        kept = 0
        for reading in self.rejected:
            given = reading.candidate.from_user
            verdict, found = self.judge.judge(reading.page, learned, given=given, learned=True)
            if verdict.usable:
                self.restate(reading, verdict, "used")
                self.take(reading.response.final_url, found)
                kept += 1
        return kept

    def restate(self, reading: Reading, verdict: Verdict, status: SourceStatus) -> None:
        """A page's new verdict, judged again with what was learned, in its source's place."""
        url, reason = reading.response.final_url, f"{verdict.reason} (judged again with what was learned)"
        subject = verdict.subject if verdict.usable else None
        self.sources = [
            Source(url=url, title=reading.page.title, status=status, reason=reason, subject=subject)
            if source.url == url and source.status in ("used", "not_about_person")
            else source
            for source in self.sources
        ]
        self.judged(url, verdict, again=True)

    def search_candidates(self) -> list[Candidate]:
        if self.deps.search is None:
            return []
        try:
            found = search_candidates(self.request.person, self.deps.search)
        except SearchError as error:
            self.warnings.append(f"Web search was unavailable: {error.reason}")
            return []
        urls = [candidate.url for candidate in found]
        self._emit(Searched(message=f"Search found {len(urls)} page(s)", data=SearchedData(urls=urls)))
        return found


def research(request: ResearchRequest, deps: ResearchDeps, emit: Emit) -> Dossier:
    """Research a person from public pages; every stage reports its progress through `emit`."""
    return Research(request, deps, emit).run()

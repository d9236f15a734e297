"""Judging pages for one run: whether each is about the person, and its facts, against what is known.

A page read ahead of its turn is judged against what was known at the start, so reading it early changes
nothing; when its turn comes it is judged again if research has learned meanwhile who the person is (their
organisation's city, a site that is theirs) or is not (a namesake's site). Pages are recorded in one order
whatever the timing, so the verdicts are the same run after run.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import replace

from server.models import FactsResult, Page, Person, ResearchRequest, Verdict
from server.research.anchors import Background, Known, email_domain
from server.research.facts import extract_facts
from server.research.identify import identify
from server.research.learned import Learned, notes_of
from server.research.portrait import without_namesakes
from server.research.read_ahead import Reading
from server.text.urls import host_of, on_site


class Judge:
    """The run's judge: the sites that speak for the person, the free-mail list, and what was learned."""

    def __init__(self, request: ResearchRequest, own_sites: Collection[str], free_mail: Collection[str]):
        self.person = request.person
        self.own_sites = tuple(own_sites)
        self.free_mail = free_mail
        # What tells the person from a namesake: the sender's note from the start, then what pages teach.
        self.learned = Learned(notes=notes_of(request))
        self.start = self.learned.background()

    def background(self, learned: bool) -> Background:
        return self.learned.background() if learned else self.start

    @property
    def has_learned(self) -> bool:
        return self.learned.background() != self.start

    def verdict(self, page: Page, person: Person, *, given: bool, learned: bool = False) -> Verdict:
        background = self.background(learned)
        own = (*self.own_sites, *background.own_sites)
        return identify(
            page, person, own_sites=own, free_mail=self.free_mail, given=given, background=background
        )

    def judge(
        self, page: Page, person: Person, *, given: bool, learned: bool = False
    ) -> tuple[Verdict, FactsResult]:
        """Whether the page is about the person as known, and its facts (none from a namesake beside them)."""
        verdict = self.verdict(page, person, given=given, learned=learned)
        if not verdict.usable:
            return verdict, FactsResult(facts=[])
        page = self.beside(page, learned, person)
        return verdict, extract_facts(
            page, person, verdict, free_mail=self.free_mail, background=self.background(learned)
        )

    def beside(self, page: Page, learned: bool, person: Person | None = None) -> Page:
        """The page without the entries of namesakes listed beside the person."""
        return without_namesakes(
            page, Known.of(person or self.person, self.free_mail, self.background(learned))
        )

    def settle(self, reading: Reading) -> Reading:
        """A page read ahead, judged again at its turn if research has learned since who the person is."""
        # Where the site of their email's domain led is known as soon as the page is, before it is judged.
        domain = email_domain(self.person.email, self.free_mail)
        self.learned.redirected(reading.response.url, reading.response.final_url, domain)
        if not self.has_learned:
            return reading
        given = reading.candidate.from_user
        if reading.verdict.usable:
            verdict = self.verdict(reading.page, self.person, given=given, learned=True)
            if not verdict.usable:
                return replace(reading, verdict=verdict, found=FactsResult(facts=[]))
            namesakes_show = self.beside(reading.page, True) != self.beside(reading.page, False)
            if self.learned.knows_company or namesakes_show:
                # A namesake listed beside them shows only now (placed in another city than theirs), or their
                # company's other name (its site, where their email's domain leads) now ties the page to them.
                return replace(
                    reading,
                    verdict=verdict,
                    found=self.judge(reading.page, self.person, given=given, learned=True)[1],
                )
            return reading
        host = host_of(reading.page.url)
        # A page rejected for naming them at another employer may name their company's other name.
        if self.learned.knows_company or any(on_site(host, site) for site in self.learned.own_sites):
            verdict, found = self.judge(reading.page, self.person, given=given, learned=True)
            return replace(reading, verdict=verdict, found=found)
        return reading

    def learn(self, reading: Reading) -> None:
        known = Known.of(self.person, self.free_mail, self.learned.background())
        self.learned.learn(reading.page, reading.verdict, known)

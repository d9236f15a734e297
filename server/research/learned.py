"""What research learns about who the person is as it reads, in the order pages are recorded.

The sender's words about them (the request's context and their relationship note) are known from the start.
Their organisation's own site then says where it is (a schema.org address, a postal address in its footer)
and what it is (a law firm's people are no namesakes for being lawyers). A site that presents itself as
the name's but describes someone else (another profession, another country) is learned to be a namesake's,
so that none of its pages, "Hi, I'm Anna" posts included, is taken for theirs; one that presents itself as
theirs and a hard anchor confirms is learned to be theirs. A renamed or merged organisation's own site
says what else it is called: the site of their email's domain redirects to the new one, its structured data
gives an `alternateName`, its prose says "formerly Larkspur Freight" or "is now Corvid Logistics". Pages are
recorded in one order whatever the timing, so what is learned is the same run after run.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from server.models import Page, ResearchRequest, RunRequest, Verdict
from server.research.anchors import Background, Known
from server.text.companies import company_core, renamings, same_org
from server.text.names import same_name
from server.text.occupations import occupations_in
from server.text.places import Place, address_in_text, place_of
from server.text.schema_org import nodes, text_values, types_of
from server.text.urls import host_of, is_site_root, on_site

ORGANISATIONS = {"Organization", "Corporation", "LocalBusiness", "NGO", "EducationalOrganization"}


def notes_of(request: ResearchRequest) -> str:
    """What the sender wrote about the person: the run's context and their profile's relationship note."""
    notes = [request.context or ""]
    if isinstance(request, RunRequest) and request.sender and request.sender.relationship_note:
        notes.append(request.sender.relationship_note)
    return "\n".join(note for note in notes if note.strip())


def organisation_places(page: Page) -> list[Place]:
    """Where the organisation whose site this is says it is: its structured address, else its footer's."""
    places = [
        found
        for item in nodes(page.structured)
        if types_of(item) & ORGANISATIONS
        for address in _as_list(item.get("address") or item.get("location"))  # every office
        if (found := place_of(address))
    ]
    if not places and (footer := address_in_text("\n".join(page.lines[-30:]))):
        places.append(footer)
    return list(dict.fromkeys(places))


def organisation_names(page: Page, known: Known) -> list[str]:
    """The names the organisation whose site this is gives itself in its structured data: its name, its
    `alternateName` (a former name, a short one) and `legalName`. Its own item is the one whose URL is on
    this host or that carries a name already known for it; a partner or a customer listed there is not."""
    host = host_of(page.url)
    names: list[str] = []
    for item in nodes(page.structured):
        if not types_of(item) & ORGANISATIONS:
            continue
        called = [n for key in ("name", "alternateName", "legalName") for n in text_values(item.get(key))]
        own = any(on_site(host_of(url), host) for url in text_values(item.get("url")))
        if own or any(known.same_company(n) for n in called):
            names += called
    return names


def renamed_names(page: Page, known: Known) -> list[str]:
    """Names the page's prose says the organisation went or goes by ("Corvid Logistics, formerly Larkspur
    Freight", "Larkspur Freight is now Corvid Logistics"), where the other name of the pair is known for it:
    a page naming two strangers' renaming teaches nothing about theirs."""
    text = "\n".join(filter(None, (page.title, page.description, page.text, *page.lines[-30:])))
    found: list[str] = []
    for new, old in renamings(text):
        if _known_tail(new, known):
            found.append(old)
        elif _known_tail(old, known):
            found.append(new)
    return found


def _known_tail(name: str, known: Known) -> bool:
    """Whether the name, or its last words (a sentence's first word may run into it), is their company's."""
    words = name.split()
    return any(known.same_company(" ".join(words[i:])) for i in range(len(words)))


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


@dataclass
class Learned:
    """The background research judges pages against, growing as pages are recorded."""

    notes: str = ""
    places: list[Place] = field(default_factory=list)
    namesake_sites: dict[str, str] = field(default_factory=dict)
    own_sites: list[str] = field(default_factory=list)
    occupations: list[str] = field(default_factory=list)
    company_names: list[tuple[str, str]] = field(default_factory=list)
    company_sites: list[tuple[str, str]] = field(default_factory=list)

    def background(self) -> Background:
        return Background(
            notes=self.notes,
            places=tuple(self.places),
            namesake_sites=tuple(self.namesake_sites.items()),
            own_sites=tuple(self.own_sites),
            occupations=tuple(self.occupations),
            company_names=tuple(self.company_names),
            company_sites=tuple(self.company_sites),
        )

    @property
    def knows_company(self) -> bool:
        """Whether research learned names or a site for their organisation, which can tie pages to them."""
        return bool(self.company_names or self.company_sites)

    def redirected(self, asked: str, final: str, domain: str | None) -> None:
        """Take in where the site of their email's domain leads: a renamed or merged company's new site.

        Only its front page sending visitors to another front page says the whole site moved: a link on it
        that redirects elsewhere (its blog on a publishing platform, a page builder's shared host) does not
        make that other site speak for the company."""
        to = host_of(final)
        if not (domain and to and host_of(asked) == domain and is_site_root(asked) and is_site_root(final)):
            return
        if not on_site(to, domain) and all(site != to for site, _ in self.company_sites):
            self.company_sites.append((to, domain))

    def learn(self, page: Page, verdict: Verdict, known: Known) -> None:
        """Take in what a recorded page says about who the person is (`known`: as known before it)."""
        codes = dict(anchor.split(":", 1) for anchor in verdict.anchors if ":" in anchor)
        host = host_of(page.url)
        if "company_site" in codes and verdict.usable:
            # Only their organisation's own site may give it other names: a stranger's page saying that
            # their company "is now" another would make that other company's people look like theirs.
            for name in (*organisation_names(page, known), *renamed_names(page, known)):
                self._learn_name(name, host, known)
            # What the organisation says it is (its title, name and description, not its every sentence:
            # "software for nurses" does not make its people nurses) is their field.
            says = " ".join(v for v in (page.title, page.site_name, page.description) if v)
            self.occupations += [o for o in occupations_in(says) if o not in self.occupations]
            for place in organisation_places(page):
                if not any(_covers(known, place) for known in self.places):
                    self.places.append(place)
        if "self_described" in codes and "namesake" in codes:
            self.namesake_sites.setdefault(host, codes["namesake"])
        # A site that presents itself as the name's, on a page that also carries a hard anchor (their
        # company beside their name, their email), is theirs: its pages in their voice are theirs too.
        if "corroborated" in codes and verdict.subject == "person" and host not in self.own_sites:
            self.own_sites.append(host)

    def _learn_name(self, name: str, host: str, known: Known) -> None:
        name = company_core(name)
        if len(name) < 3 or same_name(name, known.name) or known.same_company(name):
            return
        if not any(same_org(have, name) for have, _ in self.company_names):
            self.company_names.append((name, host))


def _covers(known: Place, place: Place) -> bool:
    """Whether a place says nothing a known one does not ("Berlin" beside "Berlin, Germany")."""
    mine = (known.city, known.region, known.country)
    return all(
        part is None or part == have
        for part, have in zip((place.city, place.region, place.country), mine, strict=True)
    )

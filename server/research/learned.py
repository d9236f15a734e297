"""What research learns about who the person is as it reads, in the order pages are recorded.

The sender's words about them (the request's context and their relationship note) are known from the start.
Their organisation's own site then says where it is (a schema.org address, a postal address in its footer)
and what it is (a law firm's people are no namesakes for being lawyers). A site that presents itself as
the name's but describes someone else (another profession, another country) is learned to be a namesake's,
so that none of its pages, "Hi, I'm Anna" posts included, is taken for theirs; one that presents itself as
theirs and a hard anchor confirms is learned to be theirs. Pages are recorded in one order whatever the
timing, so what is learned is the same run after run.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from server.models import Page, ResearchRequest, RunRequest, Verdict
from server.research.anchors import Background
from server.text.occupations import occupations_in
from server.text.places import Place, address_in_text, place_of
from server.text.schema_org import nodes, types_of
from server.text.urls import host_of

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

    def background(self) -> Background:
        return Background(
            notes=self.notes,
            places=tuple(self.places),
            namesake_sites=tuple(self.namesake_sites.items()),
            own_sites=tuple(self.own_sites),
            occupations=tuple(self.occupations),
        )

    def learn(self, page: Page, verdict: Verdict) -> None:
        """Take in what a recorded page says about who the person is."""
        codes = dict(anchor.split(":", 1) for anchor in verdict.anchors if ":" in anchor)
        host = host_of(page.url)
        if "company_site" in codes and verdict.usable:
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


def _covers(known: Place, place: Place) -> bool:
    """Whether a place says nothing a known one does not ("Berlin" beside "Berlin, Germany")."""
    mine = (known.city, known.region, known.country)
    return all(
        part is None or part == have
        for part, have in zip((place.city, place.region, place.country), mine, strict=True)
    )

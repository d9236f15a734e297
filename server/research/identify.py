"""Identify: is a page about this person, about their company, or about neither, and why.

The rule. A page is about the person when it names them (text, title, byline or structured data) and
something ties that name to the person we know:
- a hard anchor: their email address; the site of their email's domain; structured data for a Person of
  that name who works for their company; their company named in the same passage as their name;
- a soft anchor, which holds unless the page says otherwise: a site that speaks for them (`own_sites`: one
  the user gave, one named after them), a copyright line naming them there, the user's handing the page over;
- or, failing those, a weak anchor that nothing contradicts: their company or email domain elsewhere on the
  page, their title beside their name, a link to one of their sites. A host named after the name or a
  byline is no evidence by itself.
What the page says of the name contradicts the person when it ties them to another employer, gives them
another profession or places them elsewhere (research/portrait), or describes several people of the name,
or when the site is learned to be a namesake's: that outweighs every soft and weak anchor, whoever gave the
page and whatever its host is called. A name with no anchor at all is never enough: common names are
shared, and a wrong fact in an email is worse than a missing one.

A page that does not name the person may be about their company (research/company_page). Text that tries
to instruct an AI is ignored before any of this is decided.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any

from server.models import Page, Person, Verdict
from server.research.anchors import Background, Known, org_phrase, text_naming
from server.research.company_page import company_or_none
from server.research.portrait import (
    Contradiction,
    contradiction,
    describe,
    described_as,
    employer_in,
    entries_of,
    looks_back,
    namesake_reason,
    one_of,
    site_entry,
)
from server.text.json_strings import strings_in
from server.text.names import find_name, fold, fold_with_index, host_named_for, same_name, unfold_span
from server.text.safety import is_instruction, mask_instructions
from server.text.schema_org import first_field, nodes, text_values, types_of
from server.text.sentences import person_passages
from server.text.urls import host_of, is_about_page, is_site_root, on_site

NEAR = 250  # characters either side of a name that count as "the same passage" on a page about one person


def matching_people(page: Page, person: Known) -> list[dict[str, Any]]:
    """Structured Person items that carry the person's name."""
    return [
        item
        for item in nodes(page.structured)
        if "Person" in types_of(item)
        and any(same_name(n, person.name) for n in text_values(item.get("name")))
    ]


def employers(item: dict[str, Any]) -> list[str]:
    """Organisations a structured Person works for or is affiliated with."""
    return [org for key in ("worksFor", "affiliation", "memberOf") for org in text_values(item.get(key))]


# --- The verdict ----------------------------------------------------------------------------------------


@dataclass
class Evidence:
    """What a page offers for and against it being about the person."""

    strong: list[tuple[str, str]] = field(default_factory=list)  # (anchor code, what a user reads)
    weak: list[tuple[str, str]] = field(default_factory=list)
    context: list[str] = field(default_factory=list)  # "on northwind.test, their email's domain"
    other_employer: str | None = None
    described_as: str | None = None
    against: Contradiction | None = None  # what the page says of the name that cannot be the person
    self_described: str | None = None  # the host, when the page presents its site as the name's
    home: bool = False  # the page is its site's front or about page, which say whose the site is
    firm_employer: bool = False  # the other employer is stated in structured data

    def anchors(self) -> list[str]:
        return list(dict.fromkeys(f"{code}:{value}" for code, value in (*self.strong, *self.weak)))


def identify(
    page: Page,
    person: Person,
    *,
    own_sites: Collection[str] = (),
    free_mail: Collection[str],
    given: bool = False,
    background: Background | None = None,
) -> Verdict:
    """Whether `page` is about `person` (or their company), with a reason a user can read.

    free_mail: the configured free-mail domains, whose addresses say nothing about an employer.
    given: the user handed this page over (a start URL, "Use this page"): their choice is evidence that a page
    naming the person is about them, though not proof: what the page says against it still counts.
    background: what research knows besides the person's fields (the sender's note, places, namesakes' sites).
    """
    return _identify(page, Known.of(person, free_mail, background), tuple(own_sites), given)


def _identify(page: Page, person: Known, own_sites: tuple[str, ...], given: bool) -> Verdict:
    text, _ = mask_instructions(text_naming(page, person.name))
    host = host_of(page.url)
    domain = person.domain
    whose = person.company_site_note(host)  # how the host is their organisation's site, when it is
    company_site = whose is not None
    own_site = any(on_site(host, site) for site in own_sites)
    named_host = host_named_for(host, person.name)
    spans = find_name(text, person.name)
    in_meta = [
        value
        for value in (page.title, page.author)
        if value and not is_instruction(value) and find_name(value, person.name)
    ]
    people = matching_people(page, person)
    named = bool(spans or in_meta or people)
    # A site the user gave (or their email's) whose copyright line names them is theirs: its pages speak in
    # their voice ("Hi, I'm Marisol", posts signed with a first name). On any other site a copyright line
    # proves nothing about them: a namesake's blog carries one too.
    holder = page.copyright_holder
    site_owner = bool(
        (own_site or company_site)
        and holder
        and not is_instruction(holder)
        and same_name(holder, person.name)
    )

    namesake_site = None if company_site else person.namesake_site(host)
    if not named:
        if namesake_site:
            return Verdict(
                subject="none",
                confidence=0.85,
                anchors=[f"namesake_site:{host}"],
                reason=f"on {host}, the site of another {person.name}: {namesake_site}",
            )
        if site_owner:
            return Verdict(
                subject="person",
                confidence=0.75,
                anchors=[f"own_site:{host}", f"site_owner:{host}"],
                reason=f"on {host}, {person.name}'s own site (its pages are © {holder})",
            )
        if own_site and named_host:
            return Verdict(
                subject="person",
                confidence=0.7,
                anchors=[f"own_site:{host}"],
                reason=f"on {host}, {person.name}'s own site",
            )
        if own_site and not company_site and is_site_root(page.url):
            # The home page of a site the user gave that does not name them is their organisation's;
            # a publication's home page (a podcast, a conference) lists its guests and names them.
            return Verdict(
                subject="company",
                confidence=0.6,
                anchors=[f"own_site:{host}"],
                reason=f"the home page of {host}, a site you gave; does not name {person.name}",
            )
        return company_or_none(page, person, text, host, whose)

    ev = Evidence()
    if page.author and same_name(page.author, person.name):
        ev.weak.append(("author", page.author))
    learned_own = any(on_site(host, site) for site in person.background.own_sites)
    _site_anchors(ev, host, whose, own_site, named_host or learned_own)
    if site_owner:
        ev.strong.append(("site_owner", host))
    linked = sorted({host_of(link.url) for link in page.links} - {host})
    linked_own = [h for h in linked if any(on_site(h, site) for site in own_sites)]
    if linked_own and not own_site:
        ev.weak.append(("links", linked_own[0]))
    _email_anchor(ev, page, person, text)
    _structured_anchors(ev, people, person)
    _text_anchors(ev, page, person, text, spans)
    # A site that presents itself as the name's (named after it, its copyright line) says where that person
    # is and what they do: the site's address, locale and description describe the name too.
    self_described = named_host or bool(
        holder and not is_instruction(holder) and same_name(holder, person.name)
    )
    entries = entries_of(page, text, person.name, people)
    if self_described and (entry := site_entry(page)):
        entries.append(entry)
    ev.self_described = host if self_described else None
    ev.home = is_about_page(page.url)
    ev.against = contradiction(entries, person)
    if namesake_site and not ev.against:
        ev.against = Contradiction("site", f"on {host}, the site of another {person.name}: {namesake_site}")
    if given:
        ev.weak.append(("given", "a page you gave"))
        ev.context.append("a page you gave")
    return _decide(ev, person, domain)


def _site_anchors(ev: Evidence, host: str, whose: str | None, own_site: bool, named_host: bool) -> None:
    if whose:
        ev.strong.append(("company_site", host))
        ev.context.append(f"on {host}, {whose}")
    elif own_site and named_host:
        ev.strong.append(("own_site", host))
        ev.strong.append(("named_host", host))
        ev.context.append(f"on {host}, their own site")
    elif own_site:
        ev.strong.append(("own_site", host))
        ev.context.append(f"on {host}, a site you gave")
    elif named_host:
        ev.weak.append(("named_host", host))
        ev.context.append(f"on {host}, a site named after them")


def _email_anchor(ev: Evidence, page: Page, person: Known, text: str) -> None:
    if not person.email or "@" not in person.email:
        return
    email = person.email.strip().lower()
    haystacks = [text.lower(), *(link.url.lower() for link in page.links)]
    haystacks += [s.lower() for s in strings_in(page.structured) if not is_instruction(s)]
    if any(email in h for h in haystacks):
        ev.strong.append(("email", person.email.strip()))


def _structured_anchors(ev: Evidence, people: list[dict[str, Any]], person: Known) -> None:
    domain = person.domain
    for item in people:
        orgs = employers(item)
        urls = [u.lower() for u in text_values(item.get("url")) + text_values(item.get("sameAs"))]
        org_urls = [
            u
            for key in ("worksFor", "affiliation")
            for org in _as_list(item.get(key))
            if isinstance(org, dict)
            for u in text_values(org.get("url"))
        ]
        if any(person.same_company(org) for org in orgs):
            org = next(org for org in orgs if person.same_company(org))
            ev.strong.append(("jsonld", f"Person at {org}"))
        elif domain and any(on_site(host_of(u), domain) for u in urls + org_urls):
            ev.strong.append(("jsonld", f"Person linked to {domain}"))
        elif orgs and not ev.other_employer:
            ev.other_employer, ev.firm_employer = orgs[0], True
            title = first_field(item, "jobTitle")
            ev.described_as = f"{title} at {orgs[0]}" if title else f"at {orgs[0]}"
        if person.title and any(fold(t) == fold(person.title) for t in text_values(item.get("jobTitle"))):
            ev.weak.append(("title", person.title))


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def _text_anchors(ev: Evidence, page: Page, person: Known, text: str, spans: list[tuple[int, int]]) -> None:
    passages = person_passages(text, person.name)
    if passages.listing:
        near = [span for span in passages.own if any(span[0] <= s < span[1] for s, _ in spans)]
        near += [(max(0, s - 80), e + 160) for s, e in spans if not passages.contains(s, e)]
    else:
        near = [(max(0, s - NEAR), e + NEAR) for s, e in spans]
    companies = person.find_company(text)
    close = [(s, e) for s, e in companies if any(a <= s and e <= b for a, b in near)]
    if close:
        ev.strong.append(("company", max((org_phrase(text, *span) for span in close), key=len)))
    elif companies:
        ev.weak.append(("company", max((org_phrase(text, *span) for span in companies), key=len)))
    elif page.site_name and person.same_company(page.site_name):
        ev.weak.append(("company", page.site_name))
    domain = person.domain
    if domain and (domain in text.lower() or any(on_site(host_of(link.url), domain) for link in page.links)):
        ev.weak.append(("domain", domain))
    if person.title:
        title = re.compile(rf"(?<!\w){re.escape(fold(person.title))}(?!\w)")
        folded, index = fold_with_index(text)
        found = [unfold_span(index, m.start(), m.end()) for m in title.finditer(folded)]
        if any(a <= s and e <= b for s, e in found for a, b in near):
            ev.weak.append(("title", person.title))
    if not ev.other_employer and not close:
        ev.described_as, ev.other_employer = _described(text, spans, person)


def _described(text: str, spans: list[tuple[int, int]], person: Known) -> tuple[str | None, str | None]:
    """How the page describes the name (role, organisation), and the organisation if it is not theirs.

    What the description looks back on ("formerly at Acme") and an organisation the sender's note names
    (an earlier employer they shared) say nothing against the person.
    """
    for _, end in spans:
        desc = describe(text, end)
        if not desc or looks_back(desc):
            continue
        org = employer_in(desc)
        if org and not person.same_company(org) and fold(org) not in fold(person.notes):
            return desc, org
        return desc, None
    return None, None


# Anchors that are a site's say-so or the user's word: what the page says against the person outweighs them.
# Their email, their organisation's own site, their company beside their name or in a Person item do not
# yield: a namesake's page never carries those.
SOFT = {"own_site", "named_host", "site_owner"}
_NOUNS = ("company", "title", "domain")  # weak anchors a reason names


def _decide(ev: Evidence, person: Known, domain: str | None) -> Verdict:
    name = person.name
    where = f", {'; '.join(dict.fromkeys(ev.context))}" if ev.context else ""
    other_employer = bool(ev.other_employer and (person.company or domain))
    hard = any(code not in SOFT for code, _ in ev.strong)
    if ev.strong and (hard or not (ev.against or other_employer)):
        # Their company as the page spells it most fully, in its text or in its structured data.
        companies = [v for c, v in ev.strong if c == "company"]
        companies += [v.removeprefix("Person at ") for c, v in ev.strong if c == "jsonld" and " at " in v]
        nouns = [person.as_named(max(companies, key=len))] if companies else []
        nouns += [value for code, value in ev.strong if code == "email"]
        said = f"names {name}" + (f" and {_join(list(dict.fromkeys(nouns)), 'and')}" if nouns else "")
        confidence = min(0.98, 0.85 + 0.05 * (len({c for c, _ in ev.strong}) - 1) + 0.02 * len(ev.weak))
        # A site presenting itself as theirs, on a page that a hard anchor ties to them, is theirs.
        theirs = [f"corroborated:{ev.self_described}"] if hard and ev.self_described else []
        return Verdict(
            subject="person",
            reason=said + where,
            confidence=round(confidence, 2),
            anchors=[*ev.anchors(), *theirs],
        )
    looked_for = _join(_known_anchors(person, domain), "or")
    if other_employer:
        who = described_as(ev.described_as or f"at {ev.other_employer}", ev.other_employer)
        return Verdict(
            subject="none",
            confidence=0.9,
            anchors=[*ev.anchors(), "contradicts:employer", *_namesake_marks(ev, who, ev.firm_employer)],
            reason=f"names {one_of(name)}, but {who} – no link to {looked_for}",
        )
    if ev.against:
        return Verdict(
            subject="none",
            confidence=0.85,
            anchors=[
                *ev.anchors(),
                f"contradicts:{ev.against.kind}",
                *_namesake_marks(ev, ev.against.who, ev.against.firm),
            ],
            reason=namesake_reason(ev.against, person, looked_for),
        )
    # A byline or a host named after the name is no evidence by itself: namesakes write and own sites too.
    weak = [(code, value) for code, value in ev.weak if code not in ("author", "named_host")]
    if weak:
        nouns = [person.as_named(v) if c == "company" else v for c, v in weak if c in _NOUNS]
        said = f"names {name}" + (f" and {_join(list(dict.fromkeys(nouns)), 'and')}" if nouns else "")
        if any(code == "links" for code, _ in weak):
            said += ", linking to their site"
        confidence = min(0.8, 0.6 + 0.05 * (len(weak) - 1))
        return Verdict(
            subject="person", reason=said + where, confidence=round(confidence, 2), anchors=ev.anchors()
        )
    who = f" ({described_as(ev.described_as, ev.other_employer)})" if ev.described_as else ""
    hint = "" if person.company or domain else "; adding their company would help"
    return Verdict(
        subject="none",
        confidence=0.8,
        anchors=ev.anchors(),
        reason=f"names {one_of(name)}{who}, but nothing ties it to {looked_for}{hint}",
    )


def _namesake_marks(ev: Evidence, who: str, firm: bool) -> list[str]:
    """On a site that presents itself as the name's, who that is: research then knows the whole site.

    Only its front or about page or a description stated as data (structured data, its address) says so: one
    loose phrase in a post ("Marisol Vega, speaker at ...") must not give the person's own site away.
    """
    if (
        not ev.self_described
        or not (firm or ev.home)
        or (ev.against and ev.against.kind in ("site", "several"))
    ):
        return []
    return [f"self_described:{ev.self_described}", f"namesake:{who}"]


def _known_anchors(person: Known, domain: str | None) -> list[str]:
    known = list(person.company_names)
    if domain:
        known.append(domain)
    if person.email:
        known.append(person.email.strip())
    return known or ["anything we know about them"]


def _join(items: list[str], word: str) -> str:
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {word} {items[-1]}"

"""Identify: is a page about this person, about their company, or about neither, and why.

The rule. A page is about the person when it names them (text, title, byline or structured data) and
something ties that name to the person we know:
- a strong anchor: their email address; the site of their email's domain or a site that speaks for them
  (`own_sites`); structured data for a Person of that name who works for their company; their company
  named in the same passage as their name;
- or, failing that, a weak anchor that nothing contradicts: their company or email domain elsewhere on the
  page, their title beside their name, a site named after them, a link to one of their sites.
A name tied on the page to another employer ("Dana Okafor, pastry chef at Sweet Crumb Bakery") is a
namesake unless a strong anchor says otherwise, and a name with no anchor at all is never enough: common
names are shared, and a wrong fact in an email is worse than a missing one.

A page that does not name the person is about their company when it is on the company's own site (the
email's domain) or is plainly about the company (named in the title or site name, in its structured data,
or more than once in the text). Text that tries to instruct an AI is ignored before any of this is decided.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any

from server.models import Page, Person, Verdict
from server.research.anchors import Known, org_phrase, text_naming
from server.text.companies import company_core
from server.text.json_strings import strings_in
from server.text.names import find_name, fold, fold_with_index, host_named_for, same_name, unfold_span
from server.text.safety import is_instruction, mask_instructions, sensitive_category
from server.text.schema_org import first_field, nodes, text_values, types_of
from server.text.sentences import person_passages
from server.text.urls import host_of, is_site_root, on_site

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

    def anchors(self) -> list[str]:
        return list(dict.fromkeys(f"{code}:{value}" for code, value in (*self.strong, *self.weak)))


def identify(
    page: Page,
    person: Person,
    *,
    own_sites: Collection[str] = (),
    free_mail: Collection[str],
    given: bool = False,
) -> Verdict:
    """Whether `page` is about `person` (or their company), with a reason a user can read.

    free_mail: the configured free-mail domains, whose addresses say nothing about an employer.
    given: the user handed this page over (a start URL, "Use this page"): their choice is evidence that a page
    naming the person is about them, though not proof: what the page says against it still counts.
    """
    return _identify(page, Known.of(person, free_mail), tuple(own_sites), given)


def _identify(page: Page, person: Known, own_sites: tuple[str, ...], given: bool) -> Verdict:
    text, _ = mask_instructions(text_naming(page, person.name))
    host = host_of(page.url)
    domain = person.domain
    company_site = bool(domain and on_site(host, domain))
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

    if not named:
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
        return _company_or_none(page, person, text, host, company_site, domain)

    ev = Evidence()
    if page.author and same_name(page.author, person.name):
        ev.weak.append(("author", page.author))
    _site_anchors(ev, host, company_site, own_site, named_host)
    if site_owner:
        ev.strong.append(("site_owner", host))
    linked = sorted({host_of(link.url) for link in page.links} - {host})
    linked_own = [h for h in linked if any(on_site(h, site) for site in own_sites)]
    if linked_own and not own_site:
        ev.weak.append(("links", linked_own[0]))
    _email_anchor(ev, page, person, text)
    _structured_anchors(ev, people, person)
    _text_anchors(ev, page, person, text, spans)
    if given:
        ev.weak.append(("given", "a page you gave"))
        ev.context.append("a page you gave")
    return _decide(ev, person, domain)


def _site_anchors(ev: Evidence, host: str, company_site: bool, own_site: bool, named_host: bool) -> None:
    if company_site:
        ev.strong.append(("company_site", host))
        ev.context.append(f"on {host}, their email's domain")
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
            ev.other_employer = orgs[0]
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


# After a name: ", pastry chef and owner of Sweet Crumb Bakery" or " is a dentist at Smile Dental".
_APPOSITIVE = re.compile(
    r"^(?:,\s*|\s+(?:is|was)\s+(?:an?\s+|the\s+)?|\s+[–—-]\s+|\s*\(\s*)(?P<desc>[^.;:()\n]{3,90}?)(?=[.;:)\n]|,\s|$)"
)
_ORG_NAME = r"(?:the\s+)?(?P<org>[A-Z][\w'’&.-]*(?:\s+(?:&\s+)?[A-Z][\w'’&.-]*)*)"
_ORG_AT = re.compile(rf"\bat\s+{_ORG_NAME}")  # "at" names an employer more surely than "of" or "for"
# "of" names an organisation after an owner or a chief ("owner of Sweet Crumb"), a department after a head
# or a VP ("VP of Data Engineering").
_ORG_OF = re.compile(
    rf"(?i:owner|founder|ceo|cto|cfo|coo|president|chair|partner|principal)\s+of\s+{_ORG_NAME}"
)
_ORG_AFTER_COMMA = re.compile(rf",\s+{_ORG_NAME}\s*$")


def _described(text: str, spans: list[tuple[int, int]], person: Known) -> tuple[str | None, str | None]:
    """How the page describes the name (role, organisation), and the organisation if it is not theirs."""
    for _, end in spans:
        line_end = text.find("\n", end)
        rest_of_line = text[end : line_end if line_end >= 0 else len(text)]
        if not rest_of_line.strip(" *_") and line_end >= 0:
            # A heading with the name alone: the next line says who they are ("Pastry chef, Sweet Crumb").
            nxt = text[line_end + 1 :].split("\n", 1)[0].strip()
            desc = nxt if 0 < len(nxt.split()) <= 12 and not nxt.endswith(".") else ""
        else:
            m = _APPOSITIVE.match(text[end : end + 120])
            desc = m.group("desc") if m else ""
        desc = " ".join(desc.split())
        if not desc or sensitive_category(desc) or is_instruction(desc) or len(desc.split()) > 12:
            continue
        org = _ORG_AT.search(desc) or _ORG_OF.search(desc) or _ORG_AFTER_COMMA.search(desc)
        if org and not person.same_company(org.group("org")):
            return desc, org.group("org")
        return desc, None
    return None, None


def _decide(ev: Evidence, person: Known, domain: str | None) -> Verdict:
    name = person.name
    where = f", {'; '.join(dict.fromkeys(ev.context))}" if ev.context else ""
    if ev.strong:
        # Their company as the page spells it most fully, in its text or in its structured data.
        companies = [v for c, v in ev.strong if c == "company"]
        companies += [v.removeprefix("Person at ") for c, v in ev.strong if c == "jsonld" and " at " in v]
        nouns = [max(companies, key=len)] if companies else []
        nouns += [value for code, value in ev.strong if code == "email"]
        said = f"names {name}" + (f" and {_join(list(dict.fromkeys(nouns)), 'and')}" if nouns else "")
        confidence = min(0.98, 0.85 + 0.05 * (len({c for c, _ in ev.strong}) - 1) + 0.02 * len(ev.weak))
        return Verdict(
            subject="person", reason=said + where, confidence=round(confidence, 2), anchors=ev.anchors()
        )
    looked_for = _join(_known_anchors(person, domain), "or")
    if ev.other_employer and (person.company or domain):
        who = described_as(ev.described_as or f"at {ev.other_employer}", ev.other_employer)
        return Verdict(
            subject="none",
            confidence=0.9,
            anchors=ev.anchors(),
            reason=f"names a {name}, but {who} – no link to {looked_for}",
        )
    weak = [(code, value) for code, value in ev.weak if code != "author"]
    if weak:
        nouns = [value for code, value in weak if code in ("company", "title", "domain")]
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
        reason=f"names a {name}{who}, but nothing ties it to {looked_for}{hint}",
    )


def described_as(description: str, org: str | None) -> str:
    """A namesake as a reader would say it: "a pastry chef & owner at Sweet Crumb Bakery"."""
    words = description.split()
    # Titles lose their capitals ("Pastry Chef" -> "pastry chef"); acronyms and the organisation keep theirs.
    org_words = set(org.split()) if org else set()
    words = [w if w.isupper() or w in org_words else w.lower() if w[:1].isupper() else w for w in words]
    phrase = " ".join(words)
    if re.match(r"(?i)(?:at|of|with|for|the|a|an|from)\b", phrase):
        return phrase
    return f"{'an' if phrase[:1].lower() in 'aeiou' else 'a'} {phrase}"


def _known_anchors(person: Known, domain: str | None) -> list[str]:
    known = [company_core(person.company)] if person.company else []
    if domain:
        known.append(domain)
    if person.email:
        known.append(person.email.strip())
    return known or ["anything we know about them"]


def _join(items: list[str], word: str) -> str:
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {word} {items[-1]}"


def _company_or_none(
    page: Page, person: Known, text: str, host: str, company_site: bool, domain: str | None
) -> Verdict:
    mentions = person.find_company(text)
    if person.company:
        label: str | None = company_core(person.company)
    else:
        label = org_phrase(text, *mentions[0]) if mentions else None
    in_head = [v for v in (page.title, page.site_name) if v and person.find_company(v)]
    orgs = [
        item
        for item in nodes(page.structured)
        if types_of(item) & {"Organization", "Corporation", "LocalBusiness", "NewsMediaOrganization"}
        and any(person.same_company(n) for n in text_values(item.get("name")))
    ]
    if company_site:
        about = f"about {label}, on {host}" if label else f"on {host}"
        return Verdict(
            subject="company",
            confidence=0.85,
            anchors=[f"company_site:{host}"],
            reason=f"{about}, their email's domain; does not name {person.name}",
        )
    if in_head or orgs or len(mentions) >= 2:
        label = label or person.companies[0]
        anchors = [f"company:{label}"]
        return Verdict(
            subject="company",
            confidence=0.7 if in_head or orgs else 0.6,
            anchors=anchors,
            reason=f"about {label}; does not name {person.name}",
        )
    return Verdict(subject="none", confidence=0.9, reason=f"does not mention {person.name}")

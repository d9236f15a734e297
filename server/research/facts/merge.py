"""Facts from all pages made one list: the same claim kept once, old roles superseded, the current title."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from server.models import Fact, Person
from server.research.facts.dedupe import drop_repeats
from server.research.facts.patterns import DEGREE, SIDE_ROLE, STARTED, STARTED_LAST, quoted
from server.research.facts.titles import is_credential
from server.text.companies import org_key, same_org
from server.text.names import (
    fold,
)

# --- Merging across pages -------------------------------------------------------------------------------

_TITLE_WORDS = {
    "vp": "vice president", "svp": "senior vice president", "evp": "executive vice president",
    "cto": "chief technology officer", "ceo": "chief executive officer", "cfo": "chief financial officer",
    "coo": "chief operating officer", "cio": "chief information officer", "cmo": "chief marketing officer",
    "cpo": "chief product officer", "sr": "senior", "jr": "junior", "mgr": "manager", "eng": "engineering",
    "dir": "director", "&": "and",
}  # fmt: skip


def title_key(title: str) -> str:
    """A title for comparison: "VP of Data Engineering" and "Vice President, Data Engineering" are one."""
    words = re.findall(r"[a-z0-9&]+", fold(title))
    expanded = " ".join(_TITLE_WORDS.get(w, w) for w in words).split()
    return " ".join(w for w in expanded if w not in ("of", "the", "for", "and"))


def split_role(text: str) -> tuple[str, str | None]:
    """A role fact's text as (title, organisation): "VP of Data Engineering at Northwind" -> both parts."""
    title, sep, org = text.partition(" at ")
    return title.strip(), (org.strip() or None) if sep else None


def role_key(text: str) -> str:
    return title_key(split_role(text)[0])


def claim_key(kind: str, text: str) -> str:
    """What makes two facts the same claim: the title for roles, the quoted title for talks, else the text."""
    if kind == "role":
        return role_key(text)
    if kind == "employer":
        return org_key(text.removeprefix("Works at "))
    if kind == "education":
        school = re.split(r",\s+|^Studied at\s+", text)[-1]
        return " ".join(re.findall(r"[a-z0-9]+", fold(school))[:2])
    if kind == "award":
        named = re.match(r"Named (?:the |a |an )?(.+?)(?: (?:19|20)\d\d)?(?: by .*)?$", text)
        if named:
            return " ".join(re.findall(r"[a-z0-9]+", fold(named.group(1))))
    if kind in ("talk", "podcast", "article", "award"):
        title = quoted(text)
        topic = (
            re.search(r"\babout (.+?)(?: \((?:19|20)\d\d-\d\d-\d\d\))?$", text) if kind == "talk" else None
        )
        if title or topic:
            return " ".join(re.findall(r"[a-z0-9]+", fold(title or topic.group(1))))
    body = re.sub(r"\s*\((?:19|20)\d\d-\d\d-\d\d\)$", "", text)
    return " ".join(re.findall(r"[a-z0-9]+", fold(body)))


SameOrg = Callable[[str, str], bool]


def one_company(ours: Callable[[str], bool] | None) -> SameOrg:
    """Organisation names compared as one: the same name, or both names of their company (a role at Larkspur
    Freight and one at Corvid Logistics, its new name, are at one employer)."""
    if ours is None:
        return same_org
    return lambda a, b: same_org(a, b) or (ours(a) and ours(b))


def merge_facts(
    facts: list[Fact], person: Person, ours: Callable[[str], bool] | None = None
) -> tuple[list[Fact], Person]:
    """Facts from all pages made one list, and the person with their current title and company.

    ours: whether an organisation's name is their company's, under any of the names research learned for it.

    - The same claim from several pages is kept once: the most confident statement, then the newest.
    - Supersession needs dates. The role with the newest evidence is the current one; a role with another
      title (or another organisation) whose newest evidence is older is superseded, and so is an employer
      other than the current one whose evidence is older. Superseded facts are kept for the record, not for
      drafting. An undated role is superseded by a dated current one at the same organisation with another
      title (undated evidence never beats dated: a team page nobody updated); otherwise undated facts are
      never superseded by date (we cannot tell their age), unless the page itself put them in the past
      ("Before that I was..."). Side roles (advisor, board member, fellow...) neither supersede nor are
      superseded.
    - The person's title and company come from the newest dated evidence. The user's values are the
      fallback when no page dates a role, then the most confident undated role: dated public evidence wins
      over what the user typed, which may come from an old signature or from memory.
    - A fact that repeats another from a different page in other words (a news index's teaser and the
      release it links to) is dropped for the better one, as are near-identical facts of one kind on one
      page: see research.facts.dedupe. This comes last, so titles and supersession see all the evidence.
    """
    one_org = one_company(ours)
    claims = _claims(facts, one_org)
    # Post-nominal letters ("RDH", "CFA, CFP") stand for a title only where nothing else names one.
    credentials = [c for c in claims if c.kind == "role" and is_credential(c.title) and not c.past]
    roles = [
        c for c in claims if c.kind == "role" and not SIDE_ROLE.search(c.title) and not is_credential(c.title)
    ]
    _date_starts(roles, facts)
    employers = [c for c in claims if c.kind == "employer"]
    current = max(
        (c for c in roles if c.latest and not c.past),
        key=lambda c: (c.latest, c.best.confidence),
        default=None,
    )
    current_org = _current_org(current, employers)
    out: list[Fact] = []
    for claim in claims:
        superseded = claim.past
        if (
            current
            and claim in roles
            and claim is not current
            and claim.latest
            and claim.latest < current.latest
        ):
            other_title = title_key(claim.title) != title_key(current.title)
            other_org = bool(claim.org and current_org and not one_org(claim.org, current_org))
            superseded = superseded or other_title or other_org
        if current and claim in roles and claim is not current and not claim.latest and current.latest:
            # Undated evidence never beats dated: another title at the current role's organisation (a team
            # page nobody updated) is an earlier one, since one holds one title at one organisation.
            same_place = not claim.org or not current_org or one_org(claim.org, current_org)
            superseded = superseded or (same_place and title_key(claim.title) != title_key(current.title))
        if claim in employers and current_org and claim.org and not one_org(claim.org, current_org):
            ours = [c.latest for c in employers + roles if c.org and one_org(c.org, current_org) and c.latest]
            superseded = superseded or bool(claim.latest and ours and claim.latest < max(ours))
        fact = claim.best
        out.append(
            fact.model_copy(update={"superseded": superseded}) if superseded != fact.superseded else fact
        )
    title = current.title if current else person.title
    if title is None:
        undated = sorted((c for c in roles if not c.past), key=lambda c: -c.best.confidence)
        title = undated[0].title if undated else None
    if title is None and credentials:
        title = max(credentials, key=lambda c: c.best.confidence).title
    company = current_org or person.company
    if company is None:
        orgs = [
            c.org for c in sorted(employers + roles, key=lambda c: -c.best.confidence) if c.org and not c.past
        ]
        company = orgs[0] if orgs else None
    out = drop_repeats(out)
    out.sort(key=lambda f: (f.superseded, -(_day(f.date) if f.date else 0), -f.confidence))
    since = current.started or None if current and title == current.title else None
    return out, person.model_copy(update={"title": title, "company": company, "title_since": since})


@dataclass(eq=False)
class Claim:
    """One claim made by one or more facts (the same title, the same employer, the same talk)."""

    kind: str
    key: str
    facts: list[Fact]
    title: str = ""
    org: str | None = None

    @property
    def best(self) -> Fact:
        """The statement to keep: the most confident and most complete; for a state (a role) the newest, for
        an event (a talk, an award) the oldest, since later pages repeat old news under their own date.
        Ties go to the smaller id, whatever order the pages were read in."""
        facts = sorted(self.facts, key=lambda f: f.id)  # max() keeps the first of equals
        if self.kind in ("role", "employer"):
            return max(facts, key=lambda f: (f.confidence, _fact_org(f) is not None, f.date or ""))
        if self.kind == "education":
            return max(facts, key=lambda f: (bool(DEGREE.search(f.text)), " in " in f.text, f.confidence))
        return max(facts, key=lambda f: (f.confidence, -_day(f.date), len(f.text)))

    started: str = ""  # when the person took the role up, from a dated start on the same page or naming it

    @property
    def latest(self) -> str:
        """The newest evidence of the claim: its facts' dates, or when the role started. A page that puts the
        claim in the past ("Elle était jusqu'ici directrice des opérations") dates its end, not the claim,
        unless every page does."""
        current = [f for f in self.facts if not f.superseded] or self.facts
        return max([f.date for f in current if f.date] + [self.started], default="")

    @property
    def past(self) -> bool:
        """Every page that made the claim put it in the past."""
        return all(f.superseded for f in self.facts)


def _claims(facts: list[Fact], one_org: SameOrg) -> list[Claim]:
    """Facts grouped by claim: a role by its title (and organisation, where both name one)."""
    claims: list[Claim] = []
    # A canonical order, not the order pages happened to be read in: a fact naming no organisation joins the
    # first claim it matches, so claims naming one form first, the most confident first.
    for f in sorted(facts, key=lambda f: (_fact_org(f) is None, -f.confidence, f.id)):
        key = claim_key(f.kind, f.text)
        org = _fact_org(f)
        title = split_role(f.text)[0] if f.kind == "role" else ""
        for claim in claims:
            if claim.kind != f.kind:
                continue
            if f.kind == "employer":
                same = bool(org and claim.org and one_org(org, claim.org))
            elif f.kind == "role":
                same = claim.key == key and not (org and claim.org and not one_org(org, claim.org))
            else:
                same = _same_words(claim.key, key)
            if same:
                claim.facts.append(f)
                if org and (not claim.org or len(org) > len(claim.org)):
                    claim.org = org
                break
        else:
            claims.append(Claim(kind=f.kind, key=key, facts=[f], title=title, org=org))
    return claims


def _date_starts(roles: list[Claim], facts: list[Fact]) -> None:
    """When each role started: the earliest dated start that is about it. A start names the role after its
    verb ("was promoted to VP of Data Engineering", "names Marisol Vega Chief Operating Officer"), or, for an
    undated role, stands on the role's own page ("She founded the firm in January 2026" beside "Founder &
    Principal"). A team page that never dates a title still tells when it began this way, and its undated
    evidence need not lose to older dated evidence of another role."""
    starts = [
        f
        for f in facts
        if f.kind in ("milestone", "role", "company_news")
        and f.date
        and (STARTED.search(f.quote) or STARTED_LAST.search(f.quote))
    ]
    for claim in roles:
        pages = set() if claim.latest else {f.source_url for f in claim.facts}
        # The role as each page words it ("VP Interoperability", "Vice President of Interoperability").
        keys = {role_key(f.text) for f in claim.facts}
        tied = [
            f.date for f in starts if f.date and (f.source_url in pages or _names_after_start(f.quote, keys))
        ]
        claim.started = min(tied, default="")


def _names_after_start(quote: str, keys: set[str]) -> bool:
    """Whether a start's verb is followed by the title ("has joined the company as Vice President of ...",
    "nomme Hélène Marchand directrice générale"), or, where the verb ends the clause, preceded by it ("zur
    Geschäftsführerin ernannt")."""
    windows = [quote[m.end() : m.end() + 80] for m in STARTED.finditer(quote)]
    windows += [m.group("title") for m in STARTED_LAST.finditer(quote)]
    return any(key and f" {key} " in f" {title_key(window)} " for window in windows for key in keys)


def _day(when: str | None) -> int:
    """A date as a number to compare; undated counts as newest, the least sure of when it happened."""
    return int(when.replace("-", "")) if when else 99_999_999


def _same_words(a: str, b: str) -> bool:
    """Two claims in the same words, or one a longer telling of the other (a teaser and its headline)."""
    short_key, long_key = sorted((a, b), key=len)
    return a == b or (len(short_key.split()) >= 5 and long_key.startswith(short_key + " "))


def _fact_org(f: Fact) -> str | None:
    return fact_org_text(f.kind, f.text)


def fact_org_text(kind: str, text: str) -> str | None:
    """The organisation a role or employer fact names."""
    if kind == "employer":
        return text.removeprefix("Works at ").strip() or None
    if kind == "role":
        return split_role(text)[1]
    return None


def _current_org(current: Claim | None, employers: list[Claim]) -> str | None:
    """The organisation of the current role, else of the employer with the newest evidence."""
    if current and current.org:
        return current.org
    dated = [c for c in employers if c.latest and c.org and not c.past]
    return max(dated, key=lambda c: c.latest).org if dated else None

"""What ties a page to the person: their name, email and organisation as research knows them.

identify judges pages with these, and facts finds the company's sentences with the same names, so the two
stages never disagree about what stands for the person's company.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass
from functools import cached_property

from server.models import Page, Person
from server.text.companies import GENERIC_WORDS, company_core, same_org
from server.text.names import find_name, fold, fold_with_index, unfold_span
from server.text.occupations import occupations_in
from server.text.places import Place, country_name, country_of_host
from server.text.urls import on_site


def email_domain(email: str | None, free_mail: Collection[str]) -> str | None:
    """The domain of an email address, unless it is free mail (gmail.com says nothing about an employer)."""
    if not email or "@" not in email:
        return None
    domain = email.rsplit("@", 1)[1].strip().lower().rstrip(".")
    return domain if domain and domain not in free_mail else None


@dataclass(frozen=True)
class Background:
    """What research knows of the person beyond the request's fields, for telling them from a namesake.

    notes: the sender's words about them (the request's context, their relationship note): what they mention
    (a city, an earlier employer, a profession) can never contradict. places: where their organisation is,
    learned from its own site. namesake_sites: hosts learned to be another person of the name's, and who.
    """

    notes: str = ""
    places: tuple[Place, ...] = ()
    namesake_sites: tuple[tuple[str, str], ...] = ()  # (host, who that is)
    own_sites: tuple[str, ...] = ()  # sites learned to be theirs: they present themselves so, and it holds
    occupations: tuple[str, ...] = ()  # what their organisation says it is ("Müller & Partner Rechtsanwälte")
    # The organisation's other names, as its own site gives them (a new name, a former one), with that site.
    company_names: tuple[tuple[str, str], ...] = ()  # (name, host that says so)
    # Hosts the site of their email's domain leads to (a renamed company's new site), with that domain.
    company_sites: tuple[tuple[str, str], ...] = ()  # (host, domain that redirects there)


@dataclass(frozen=True)
class Known:
    """The person as research knows them: what they are called, and what stands for their organisation."""

    person: Person
    domain: str | None  # their email's domain, unless it is free mail
    background: Background = Background()

    @classmethod
    def of(cls, person: Person, free_mail: Collection[str], background: Background | None = None) -> Known:
        return cls(person, email_domain(person.email, free_mail), background or Background())

    @property
    def notes(self) -> str:
        return self.background.notes

    @cached_property
    def places(self) -> tuple[Place, ...]:
        """Where they work: their organisation's addresses, else the country of their email's domain."""
        if self.background.places:
            return self.background.places
        country = country_of_host(self.domain) if self.domain else None
        return (Place(country=country),) if country else ()

    @cached_property
    def occupations(self) -> frozenset[str]:
        """Professions their title, the sender's note or their organisation give them ("Head Nurse")."""
        return frozenset((*occupations_in(f"{self.title or ''}\n{self.notes}"), *self.background.occupations))

    @property
    def knows_work(self) -> bool:
        """Whether anything says what work they do, so that another profession can contradict it."""
        return bool(self.title or self.company or self.domain)

    def company_site_note(self, host: str) -> str | None:
        """How a host is their organisation's own site, as a reason says it: their email's domain, or the
        site it leads to (a renamed company's new one); None when it is not."""
        if self.domain and on_site(host, self.domain):
            return "their email's domain"
        sites = self.background.company_sites
        return next((f"where {domain} leads" for site, domain in sites if on_site(host, site)), None)

    def as_named(self, org: str) -> str:
        """Their company as a page names it, saying so when that is a name its own site taught research."""
        host = next((host for name, host in self.background.company_names if same_org(org, name)), None)
        return f"{org} (their company, as {host} says)" if host else org

    def namesake_site(self, host: str) -> str | None:
        """Who the site is, when research learned it is another person's of the same name."""
        return next((who for site, who in self.background.namesake_sites if on_site(host, site)), None)

    def summary(self) -> str:
        """What is known, as a reader would say it: "VP Interoperability at kliniqa.example, in Berlin"."""
        org = company_core(self.company) if self.company else self.domain
        work = f"{self.title or ''} at {org}".strip() if org else self.title or ""
        where = [p.describe() or country_name(p.country or "") for p in self.places]
        place = f"in {' or '.join(dict.fromkeys(where))}" if where else ""
        return ", ".join(filter(None, (work, place)))

    @property
    def name(self) -> str:
        return self.person.name

    @property
    def email(self) -> str | None:
        return self.person.email

    @property
    def title(self) -> str | None:
        return self.person.title

    @property
    def company(self) -> str | None:
        return self.person.company

    @cached_property
    def companies(self) -> tuple[str, ...]:
        """Names that stand for their company: the given name, its distinctive first word, the domain's, then
        the other names its own site gives it (a company renamed since the user wrote its name down)."""
        names: list[str] = []
        given = [self.company] if self.company and self.company.strip() else []
        for company in (*given, *(name for name, _ in self.background.company_names)):
            core = company_core(company)
            names.append(core)
            words = core.split()
            if len(words) > 1 and len(words[0]) >= 5 and words[0].lower() not in GENERIC_WORDS:
                names.append(words[0])
        if self.domain:
            label = self.domain.split(".")[0]
            if len(label) >= 4 and label not in GENERIC_WORDS:
                names.append(label)
        return tuple(dict.fromkeys(names))

    @cached_property
    def acronym(self) -> str | None:
        """The initials the company goes by on its own pages ("Northside Literacy Collaborative": "NLC")."""
        if not self.company:
            return None
        words = [w for w in re.findall(r"[A-Za-z][\w'’&-]*", company_core(self.company)) if w[0].isupper()]
        return "".join(w[0] for w in words) if len(words) >= 2 else None

    @cached_property
    def _label(self) -> str | None:
        """The email domain's label as a pattern, when it spells the company's words run together:
        "harborpine" matches "Harbor & Pine", "Harbor and Pine", "harbor-pine"."""
        label = self.domain.split(".")[0] if self.domain else None
        if not (label and len(label) >= 6 and label.isalpha()):
            return None
        return _GAP.join(re.escape(c) for c in label)

    @cached_property
    def _company_patterns(self) -> tuple[re.Pattern[str], ...]:
        bodies = [re.escape(fold(name)) for name in self.companies] + ([self._label] if self._label else [])
        return tuple(re.compile(rf"(?<![\w.@/-]){body}(?![\w-])") for body in bodies)

    @cached_property
    def _full_names(self) -> tuple[str, ...]:
        """Their company's names of more than one word, folded ("corvid logistics")."""
        cores = (company_core(name).strip() for name in self.companies)
        return tuple(fold(core) for core in cores if " " in core)

    def find_company(self, text: str) -> list[tuple[int, int]]:
        """Spans where their company is named (capitalised, as a name is written); the domain's label also
        as words ("harborpine.com": "Harbor & Pine", "Harbor and Pine")."""
        spans: list[tuple[int, int]] = []
        folded, index = fold_with_index(text)
        for pattern in self._company_patterns:
            for m in pattern.finditer(folded):
                start, end = unfold_span(index, m.start(), m.end())
                if text[start].isupper() and not self._another_org(text, start, end):
                    spans.append((start, end))
        return sorted(set(spans))

    def _another_org(self, text: str, start: int, end: int) -> bool:
        """A short name of theirs that goes on as another organisation's: with "Corvid Logistics" known,
        "Corvid Analytics" is not theirs ("Corvid", "Corvid's", "Corvid Logistics Inc." are)."""
        fulls = self._full_names
        if not fulls or " " in text[start:end].strip():
            return False
        more = re.match(r"\s+[A-Z][\w&'’-]*", text[end:])
        if not more:
            return False
        named = fold(company_core(text[start : end + more.end()]))
        if named == fold(company_core(text[start:end])):
            return False  # "Corvid Inc.": a company form after the same name
        return not any(full == named or full.startswith(f"{named} ") for full in fulls)

    def names_company(self, org: str) -> bool:
        """Whether an organisation's full name is their company's: the given name, a name its own site gave
        it, or the words of their email's domain (not a first word alone: "Northwind Ventures" is not
        "Northwind Analytics")."""
        if self._label and re.fullmatch(self._label, fold(company_core(org))):
            return True
        return any(same_org(org, name) for name in self.company_names)

    @property
    def company_names(self) -> list[str]:
        """Their company's full names, as a reason lists them: the given one, then those its site gave."""
        given = [company_core(self.company)] if self.company else []
        return given + [name for name, _ in self.background.company_names]

    def same_company(self, org: str) -> bool:
        """Whether an organisation's name is their company (either may be the shorter form)."""
        if self._label and re.match(rf"{self._label}(?!\w)", fold(company_core(org))):
            return True
        return any(same_org(org, name) for name in self.companies)


# What may stand between the letters of a domain's label where the company's name has words: "Harbor & Pine".
_GAP = r"(?:\s*(?:&|\+|\band\b)?\s*|-)"


def org_phrase(text: str, start: int, end: int) -> str:
    """The organisation's name as the page writes it around a match ("Northwind" -> "Northwind Analytics")."""
    m = re.match(r"(?:[^\S\n]+[A-Z][\w&'’-]*){1,3}", text[end:])
    if m and not re.search(r"[,.;:]", m.group(0)):
        end += m.end()
    return text[start:end]


def text_naming(page: Page, name: str) -> str:
    """The page's main text, or every visible line of it when only those name the person (a team card, a
    testimonial's signature, a speaker list that main-text extraction left out)."""
    if find_name(page.text, name) or not page.lines:
        return page.text
    lines = "\n".join(page.lines)
    return lines if find_name(lines, name) else page.text

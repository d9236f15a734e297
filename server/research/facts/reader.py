"""Facts: what one page says about the person (or their company), each fact with a verbatim quote.

Where facts come from, most trusted first: structured data for the person (a Person's jobTitle and
worksFor, an Article they wrote, an Event they speak at, a PodcastEpisode they are a guest on); the lines of
their own passage on a page listing many people (a speaker's title and talk); then sentences about them:
sentences that name them, sentences whose pronoun continues a sentence that did, and first-person
sentences on pages in their own voice (their site, a post they wrote). On a page listing many people only
the person's own passage counts, so another speaker's talk is never theirs.

Every quote is a span of the page's text or a value of its structured data. Sensitive sentences and text
that tries to instruct an AI never become facts; the warnings say how many were left out, never what they
said.

Dates: the date the sentence itself states (a month alone is the 1st of that month, a year alone 1
January), else the page's published date, else None. merge_facts then keeps the newest evidence: see there.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Collection, Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from server.models import FactKind, FactsResult, Page, Person, Verdict
from server.research.anchors import Background, Known, text_naming
from server.research.facts.cards import card_lines
from server.research.facts.cues import ENGLISH, Cues, cues_for
from server.research.facts.found import Found, page_facts
from server.research.facts.listing import date_of_text, line_dates
from server.research.facts.patterns import (
    ARTICLE_TYPES,
    COMPANY,
    EPISODE_TYPES,
    FIRST_PERSON_SINGULAR,
    MAX_COMPANY,
    MAX_OTHER,
    MAX_QUOTE,
    NAMED,
    NEWS_TYPES,
    ORG,
    ORG_TYPES,
    OWN_VOICE,
    PASSAGE,
    PERSON_KINDS,
    PRONOUN,
    QUANTIFIED,
    SHORT_NAME,
    SIDE_ROLE,
    STRUCTURED,
    clause,
    clause_bounds,
    date_near,
    eventish,
    is_date_line,
    item_date,
    quoted,
    short,
    with_date,
)
from server.research.facts.points import numbered_points
from server.research.facts.sessions import Session, sessions_with
from server.research.facts.titles import clean_title, title_before, title_ok
from server.research.facts.voices import (
    LABELLED_ANSWER,
    is_prose,
    opens_quote,
    outside_quotations,
    someone_else_said,
    speaks_for_company,
)
from server.text.companies import company_core
from server.text.dates import first_date, parse_date
from server.text.json_strings import strings_in
from server.text.names import find_name, fold, same_name
from server.text.phrases import plain_quotes
from server.text.safety import is_instruction, mask_instructions, sensitive_categories
from server.text.schema_org import first_field, nodes, text_values, types_of
from server.text.sentences import person_heading, person_passages, sentence_spans
from server.text.urls import host_of, is_site_root

# --- Dates ----------------------------------------------------------------------------------------------

_PUBLISHED_LINE = re.compile(
    r"(?i)\b(?:last\s+)?(?:updated|posted|published|modified)(?:\s+on)?[:\s]+(?P<when>[^\n·|]{4,40})"
    # "Stand: 02.10.2026", "Publié le 20 novembre 2026", "Bijgewerkt op 3 juli 2026", "Publicado el ..."
    r"|\b(?:stand|aktualisiert(?:\s+am)?|veröffentlicht(?:\s+am)?|publié\s+le|mis\s+à\s+jour\s+le"
    r"|bijgewerkt\s+op|gepubliceerd\s+op|publicado\s+el|actualizado\s+el|pubblicato\s+il"
    r"|aggiornato\s+il)[:\s]+(?P<when_abroad>[^\n·|]{4,40})"
)
# What a page listing an event's speakers or sessions calls itself, in the languages research reads.
_LISTING = (
    r"speakers?|agenda|programme|program|schedule|sessions|lineup|sprekers|programma|referent(?:en|innen)"
    r"|programm|intervenants|ponentes|programa|relatori"
)
_URL_YEAR = re.compile(r"/((?:19|20)\d\d)(?:/|$|-)")


def page_date(page: Page) -> str | None:
    """When the page was published: its metadata, an "Updated October 2026" line, or a year in its URL."""
    if page.published:
        found = parse_date(page.published)
        if found:
            return found
    for m in _PUBLISHED_LINE.finditer(page.text[:5000]):
        found = first_date(m.group("when") or m.group("when_abroad"), None, page.lang)
        if found:
            return found
    m = _URL_YEAR.search(page.url)
    return f"{m.group(1)}-01-01" if m else None


# --- Reading one page -----------------------------------------------------------------------------------


@dataclass
class PageReader:
    """Reads one page's facts; the page and person stay fixed, findings and warnings accumulate."""

    page: Page
    person: Known
    verdict: Verdict
    text: str = ""  # what patterns read: the page's text with plain quotes and apostrophes (same length)
    verbatim: str = ""  # the page's text as it is: quotes are cut from here
    host: str = ""
    when: str | None = None
    own_voice: bool = False  # first-person sentences are the person's (their site, a post they wrote)
    own_site: bool = False  # every sentence is theirs (a site named after them, or that they own)
    profile: bool = False  # a profile or interview of them: its first-person answers are theirs
    company_page: bool = False
    firm: bool = False  # their company's site, the firm bearing their surname: their first name is them
    lang: str | None = None  # the page's language: its dates and cues are read in it
    cues: Cues = ENGLISH
    org: str | None = None
    event: str | None = None
    found: list[Found] = field(default_factory=list)
    sensitive: Counter[str] = field(default_factory=Counter)
    injected: int = 0
    about: int = 0  # sentences read as about the person
    _values: set[str] = field(default_factory=set)
    _ids: dict[str, dict[str, Any]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        anchors = {a.split(":", 1)[0] for a in self.verdict.anchors}
        self.own_site = self.verdict.subject == "person" and bool({"named_host", "site_owner"} & anchors)
        # Main-text extraction drops team cards and speaker lists; then the visible lines are what names them.
        # Not on their own site: there the main text is theirs without naming them, and its other lines are
        # menus and footers.
        text = self.page.text if self.own_site else text_naming(self.page, self.person.name)
        self.verbatim, self.injected = mask_instructions(text)
        # Patterns are written with plain apostrophes and quotes ("master's"); pages use typographic ones.
        self.text = plain_quotes(self.verbatim)
        self.injected += sum(
            1 for value in (self.page.title, self.page.description) if value and is_instruction(value)
        )
        self.host = host_of(self.page.url)
        self.when = page_date(self.page)
        self.lang = self.page.lang
        self.cues = cues_for(self.lang)
        author_is_person = bool(self.page.author and same_name(self.page.author, self.person.name))
        self.own_voice = self.own_site or (self.verdict.subject == "person" and author_is_person)
        self.company_page = self.verdict.subject == "company" or "company_site" in anchors
        self.firm = self._eponymous()
        self.profile = self.verdict.subject == "person" and self._is_profile()
        items = list(nodes(self.page.structured))
        for item in items:
            if isinstance(item.get("@id"), str):
                self._ids.setdefault(item["@id"], item)
        for value in (v.strip() for v in strings_in(self.page.structured, numbers=True) if v.strip()):
            if is_instruction(value):
                self.injected += 1
            else:
                self._values.add(value)
        if self.page.title and not is_instruction(self.page.title):
            # The headline is the page's own words too (its <title> or og:title), read by read_headline.
            self._values.add(" ".join(self.page.title.split()))
        self.org = self._page_org(items)
        # A page the company publishes speaks for it, on its own domain or not (a gmail contact's company).
        self.company_page = self.company_page or bool(
            self.page.site_name and self.person.same_company(self.page.site_name)
        )
        self.event = self._page_event(items)

    # --- context

    def _is_profile(self) -> bool:
        """The page is about them: its headline names them ("Forty under 40: Rebecca Osei", "Q&A with ..."),
        or its structured data says it is (`about` or `mainEntity` is the person)."""
        if self.page.title and find_name(self.page.title, self.person.name):
            return True
        return any(
            self.is_person(item.get(key))
            for item in nodes(self.page.structured)
            for key in ("about", "mainEntity")
        )

    def _page_org(self, items: list[dict[str, Any]]) -> str | None:
        """The organisation the page's unnamed "we" and bare titles belong to."""
        if self.person.company:
            return company_core(self.person.company)
        for item in items:
            if types_of(item) & ORG_TYPES:
                name = first_field(item, "name")
                if name and self.person.same_company(name):
                    return company_core(name)
        site = self.page.site_name
        # A site name that is only the host ("marchettiadvisory.example") names no organisation.
        if site and not re.fullmatch(r"[\w.-]+\.[a-z]{2,}", site) and self.person.same_company(site):
            return company_core(site)
        return None

    def _page_event(self, items: list[dict[str, Any]]) -> str | None:
        """The conference a speakers page belongs to ("DataSummit 2026"), from its data or its title."""
        events = [item for item in items if any("Event" in t for t in types_of(item))]
        for item in events:
            parent = first_field(item, "superEvent")
            if parent:
                return parent
        for item in events:
            # The conference itself, not one of its sessions (those name who speaks).
            if not first_field(item, "performer") and (name := first_field(item, "name")):
                return name
        title = self.page.title or ""
        if re.search(rf"(?i)\b(?:{_LISTING}|talks)\b", title):
            # "DataSummit 2026 speakers | DataSummit", "Speakers | Green Retail Summit 2026", "Sprekers –
            # Opslagdag 2026": the first part that is more than the page's word for its list.
            for part in re.split(r"\s+[|–—:-]\s+|(?i:\s+speakers?\b)", title):
                name = re.sub(rf"(?i)\b(?:{_LISTING}|archive)\b|&", "", part.strip(" -–—|"))
                name = " ".join(name.split()).strip(" -–—|()")
                words = name.split()
                if re.search(r"[^\W\d]", name) and not find_name(name, self.person.name) and len(words) <= 6:
                    return name  # a name, not just the year ("2026 Speakers")
        return None

    def _first_date(self, text: str, default: str | None) -> str | None:
        return first_date(text, default, self.lang)

    def _date_near(self, sentence: str, at: int, default: str | None) -> str | None:
        return date_near(sentence, at, default, self.lang)

    def resolve(self, value: Any) -> Any:
        """A structured reference ({"@id": ...}) replaced by the item it names."""
        if isinstance(value, list):
            return [self.resolve(v) for v in value]
        if isinstance(value, dict) and set(value) <= {"@id", "@type"} and value.get("@id") in self._ids:
            return self._ids[value["@id"]]
        return value

    def is_person(self, value: Any) -> bool:
        value = self.resolve(value)
        if isinstance(value, list):
            return any(self.is_person(v) for v in value)
        return any(same_name(n, self.person.name) for n in text_values(value))

    def add(
        self, kind: FactKind, text: str, quote: str, when: str | None, confidence: float, **extra: Any
    ) -> None:
        quote = quote.strip()
        if len(quote) > MAX_QUOTE:
            quote = quote[:MAX_QUOTE].rsplit(" ", 1)[0]
        at = self.text.find(quote) if quote else -1
        if at >= 0:
            quote = self.verbatim[at : at + len(quote)]  # as the page writes it, typographic quotes and all
        text = self._as_written(text)
        if not quote or not text.strip() or not (at >= 0 or quote in self._values):
            return  # never a quote the page does not hold
        if self._left_out(f"{text}\n{quote}"):
            return
        self.found.append(Found(kind, short(text), quote, when, confidence, **extra))

    def _as_written(self, text: str) -> str:
        """A fact's text in the page's typography: where the page holds it, as the page writes it; else with
        the page's apostrophes ("company’s")."""
        at = self.text.find(text)
        if at >= 0:
            return self.verbatim[at : at + len(text)]
        if "’" in self.verbatim:
            return re.sub(r"(?<=\w)'(?=\w)", "’", text)
        return text

    # --- structured data

    def read_structured(self) -> None:
        for item in nodes(self.page.structured):
            kinds = types_of(item)
            if "Person" in kinds and self.verdict.subject == "person" and self.is_person(item):
                self._person_item(item)
            elif kinds & ARTICLE_TYPES:
                self._article_item(item)
            elif kinds & EPISODE_TYPES:
                self._episode_item(item)
            elif any(k.endswith("Event") for k in kinds):
                self._event_item(item)

    def _person_item(self, item: dict[str, Any]) -> None:
        orgs = [o for key in ("worksFor", "affiliation") for o in text_values(self.resolve(item.get(key)))]
        org = orgs[0] if orgs else None
        org = org or (self.org if self.company_page else None)
        for title in text_values(item.get("jobTitle")):
            self.add(
                "role", f"{title} at {org}" if org else title, title, self.when, STRUCTURED, structured=True
            )
        for org_name in orgs[:2]:
            self.add("employer", f"Works at {org_name}", org_name, self.when, STRUCTURED, structured=True)
        for school in text_values(self.resolve(item.get("alumniOf"))):
            self.add("education", f"Studied at {school}", school, None, STRUCTURED, structured=True)
        for award in text_values(item.get("award")) + text_values(item.get("awards")):
            self.add("award", award, award, self.when, STRUCTURED, structured=True)
        for topic in text_values(item.get("knowsAbout"))[:5]:
            self.add("interest", f"Knows about {topic}", topic, None, STRUCTURED, structured=True)

    def _article_item(self, item: dict[str, Any]) -> None:
        # An OpenGraph article has its headline as og:title; it names no author: on their own site, theirs.
        headline = first_field(item, "headline", "name", "og:title")
        if not headline:
            return
        when = item_date(item, "datePublished", "dateCreated", "dateModified") or self.when
        author = item.get("author") or item.get("creator")
        theirs = self.is_person(author) if author else self.own_site and bool(when)
        if self.verdict.subject == "person" and theirs:
            self.add(
                "article", with_date(f"Wrote “{headline}”", when), headline, when, STRUCTURED, structured=True
            )
        elif self.company_page and (self.person.find_company(headline) or self.verdict.subject == "company"):
            self.add("company_news", headline, headline, when, STRUCTURED, structured=True)

    def _episode_item(self, item: dict[str, Any]) -> None:
        name = first_field(item, "name", "headline")
        if not name or self.verdict.subject != "person":
            return
        people = [
            self.resolve(item.get(k)) for k in ("actor", "guest", "performer", "contributor", "participant")
        ]
        if not any(self.is_person(p) for p in people if p):
            return
        series = first_field(self.resolve(item), "partOfSeries") or self.page.site_name
        number = first_field(item, "episodeNumber")
        when = item_date(item, "datePublished", "uploadDate", "dateCreated") or self.when
        where = f"{series}, episode {number}" if series and number else (series or "a podcast")
        self.add(
            "podcast", with_date(f"Guest on {where}: “{name}”", when), name, when, STRUCTURED, structured=True
        )

    def _event_item(self, item: dict[str, Any]) -> None:
        name = first_field(item, "name")
        if not name or self.verdict.subject != "person":
            return
        people = [
            self.resolve(item.get(k)) for k in ("performer", "performers", "speaker", "speakers", "actor")
        ]
        if not any(self.is_person(p) for p in people if p):
            return
        when = item_date(item, "startDate") or self.when
        parent = first_field(item, "superEvent")
        text = f"Talk at {parent}: “{name}”" if parent else f"Spoke at {name}"
        self.add("talk", with_date(text, when), name, when, STRUCTURED, structured=True)

    # --- lines of the person's passage on a page listing many people, or of their own talks page

    def read_passages(self) -> None:
        if self.verdict.subject != "person":
            return
        passages = person_passages(self.text, self.person.name)
        if passages.listing:
            for start, end in passages.own:
                self._listing_passage(start, end)
        if self.own_voice and re.search(
            r"(?i)\b(?:talks|speaking|presentations|appearances)\b",
            f"{self.page.title or ''} {self.page.url}",
        ):
            self._talk_list()

    def _lines(self, start: int, end: int) -> list[tuple[int, int]]:
        spans, pos = [], start
        for line in self.text[start:end].split("\n"):
            s, e = pos, pos + len(line)
            while s < e and self.text[s].isspace():
                s += 1
            while e > s and self.text[e - 1].isspace():
                e -= 1
            if e > s:
                spans.append((s, e))
            pos += len(line) + 1
        return spans

    def _listing_passage(self, start: int, end: int) -> None:
        lines = self._lines(start, end)
        if not lines:
            return
        first = self.text[slice(*lines[0])]
        rest = lines[1:]
        heading = person_heading(first)
        if heading and first.strip(" *_#-").rstrip(" *_") == heading and rest:
            role_line = self.text[slice(*rest[0])]
            self._role_line(role_line)
            rest = rest[1:]
        if not self.event:
            return
        for i, (s, e) in enumerate(rest):
            line = self.text[s:e]
            nxt = self.text[slice(*rest[i + 1])] if i + 1 < len(rest) else ""
            self._talk_line(line, nxt)

    def _role_line(self, line: str) -> None:
        line = line.strip(" ,;:·|–—-")  # ", VP Interoperability at Kliniqa": what follows a name on its line
        m = re.match(rf"^(?P<title>[^,·|]+?)(?P<sep>,\s*|\s+at\s+){ORG}(?:\s*\([^()]*\))?\s*$", line)
        title, org = (m.group("title"), m.group("org")) if m else (line, self.org)
        if m and m.group("sep").startswith(",") and self.org and not self.person.same_company(org):
            # "Vice President, Network Operations" on a page of the person's organisation: after a comma, a
            # name that is not the organisation's is a department of the title, not another employer.
            title, org = line, self.org
        title = clean_title(title)
        if title_ok(title):
            # "Former Branch Manager": a title they held, not theirs now.
            past = bool(self.cues.past.search(line)) and not SIDE_ROLE.search(title)
            self.add("role", f"{title} at {org}" if org else title, line, self.when, PASSAGE, superseded=past)

    def _talk_line(self, line: str, next_line: str) -> None:
        """A talk title in a speaker's passage: a title line then a date line, or "Title — 8 June 2023"."""
        if len(line.split()) > 14 or line.rstrip().endswith(".") or find_name(line, self.person.name):
            return
        m = re.match(r"^(?P<title>.+?)\s+[—–-]\s+(?P<when>.+)$", line)
        title, when = (m.group("title"), self._first_date(m.group("when"), None)) if m else (line, None)
        labelled = _TALK_LABEL.match(title)
        if when is None and labelled:
            when = self.when  # "Talk: Streets for people": the label says it is a talk, the page when
        elif when is None:
            when = self._first_date(next_line, None) if is_date_line(next_line, self.lang) else None
            if when is None or is_date_line(line, self.lang):
                return
        title = _TALK_LABEL.sub("", title).strip()
        if title_ok(title) and not quoted(title):
            return  # a role line, not a talk
        title = title.strip(" \"'“”‘’")
        self.add("talk", with_date(f"Talk at {self.event}: “{title}”", when), line, when, PASSAGE)

    def _talk_list(self) -> None:
        """On the person's own talks page: a title line, then the event line ("RoboCon 2026, Boston")."""
        lines = self._lines(0, len(self.text))
        for i in range(1, len(lines)):
            line = self.text[slice(*lines[i])]
            event = re.match(r"^(?P<event>[A-Z][^,·|\n]{2,60}?)\s*(?:[,·|]|$)", line)
            if not event or not eventish(event.group("event")):
                continue
            title_line = self.text[slice(*lines[i - 1])]
            if len(title_line.split()) > 14 or title_line.endswith(".") or re.fullmatch(r"\d{4}", title_line):
                continue
            after = self.text[slice(*lines[i + 1])] if i + 1 < len(lines) else ""
            when = self._first_date(line, None)
            when = when or (self._first_date(after, None) if is_date_line(after, self.lang) else None)
            when = when or self._first_date(event.group("event"), None) or self._year_heading(lines[:i])
            quote = self.text[lines[i - 1][0] : lines[i][1]]
            text = f"Talk at {event.group('event').strip()}: “{title_line.strip()}”"
            self.add("talk", with_date(text, when), quote, when, OWN_VOICE)

    def _year_heading(self, lines: list[tuple[int, int]]) -> str | None:
        """The year of the section a talk is listed under ("2022"), the nearest such heading above it."""
        for span in reversed(lines):
            if re.fullmatch(r"(?:19|20)\d\d", self.text[slice(*span)]):
                return f"{self.text[slice(*span)]}-01-01"
        return None

    # --- sentences

    def _eponymous(self) -> bool:
        """A page of their company's site when the firm bears their surname ("Marchetti Energy Advisory",
        marchettiadvisory.example, for Elena Marchetti): there "Elena" alone is her, as on her own site."""
        surname = fold(self.person.name).split()[-1] if self.person.name.strip() else ""
        if not (self.company_page and len(surname) >= 3):
            return False
        label = self.person.domain.split(".")[0] if self.person.domain else ""
        named = [fold(name) for name in self.person.companies]
        return label.startswith(surname) or any(re.search(rf"\b{re.escape(surname)}\b", n) for n in named)

    def _shared_names(self) -> set[str]:
        """The person's first name or surname as far as someone else on the page bears it too."""
        mine = set(fold(self.person.name).split())
        shared: set[str] = set()
        for line in self.page.lines:
            other = person_heading(line)
            if other and not same_name(other, self.person.name):
                shared |= set(fold(other).split()) & mine
        return shared

    def read_sentences(self) -> None:
        person = self.person
        full = find_name(self.text, person.name)
        firm = self.firm
        titled = any(v and find_name(v, person.name) for v in (self.page.title, self.page.author))
        named_on_page = bool(full) or firm or titled
        shorts = find_name(self.text, person.name, short=True) if named_on_page else []
        if shorts and (shared := self._shared_names()):
            # "Ethan" alone beside "Ethan Park" and "Ethan Parks": it could be either of them.
            shorts = [span for span in shorts if fold(self.text[slice(*span)]) not in shared]
        passages = person_passages(self.text, person.name)
        chain = quoting = False
        asked = ""
        others = 0
        company_count = 0
        page_when, teasers = self.when, line_dates(self.page.lines, self.page.headings, self.lang)
        listing = any(teasers)
        for start, end in sentence_spans(self.text):
            sentence = self.text[start:end]
            # On a listing of dated teasers each one's sentences are of its own date, not the page's.
            self.when = (listing and date_of_text(sentence, self.page.lines, teasers)) or page_when
            if "©" in sentence:
                continue  # a footer's copyright line says who owns the site, nothing about their work
            if sentence.rstrip().endswith("?") and not find_name(sentence, person.name, short=True):
                asked = sentence  # an interviewer's question: what kind of answer follows
                continue
            in_passage = passages.listing and passages.contains(start, end)
            if passages.listing and not in_passage:
                chain = False
            names_full = any(start <= s and e <= end for s, e in full)
            names_short = any(start <= s and e <= end for s, e in shorts) and (
                in_passage or not passages.listing
            )
            if self.verdict.subject != "person" and not (firm and names_short):
                about, base = False, 0.0
            elif names_full:
                about, base = True, NAMED
            elif names_short:
                about, base = True, SHORT_NAME
            elif self.own_site or (self.own_voice and self.cues.first_person.search(sentence)):
                about, base = True, OWN_VOICE
            elif chain and (self.cues.pronoun.search(sentence) or (quoting and opens_quote(sentence))):
                about, base = True, PRONOUN  # "She founded...", or their quotation going on
            elif self.profile and (labelled := LABELLED_ANSWER.match(sentence)):
                about, base = True, PRONOUN  # "Off the clock: “I’m a competitive sailor.”" in a profile
                asked = labelled.group("label")
            elif (
                self.profile
                and FIRST_PERSON_SINGULAR.search(sentence)
                and not someone_else_said(sentence, self.person.name)
            ):
                about, base = True, PRONOUN  # an answer in an interview or profile of them
            elif in_passage:
                about, base = True, PASSAGE
            else:
                about, base = False, 0.0
            chain = about and not (
                in_passage and not (names_full or names_short or self.cues.pronoun.search(sentence))
            )
            # A quotation they are credited with ("... ,” said Vega.) goes on in the next sentence that opens
            # with a quotation mark; one credited to someone else ends the chain of their words.
            if '"' in sentence:
                quoting = about and not someone_else_said(sentence, self.person.name)
            if about:
                self.about += 1
                if self._left_out(sentence):
                    continue
                made = self._person_sentence(sentence, base)
                if not made and asked:
                    made = self._answer(sentence, asked, base)
                asked = ""  # a question's answer is the sentence right after it
                if (
                    not made
                    and company_count < MAX_COMPANY
                    and (self._is_company_sentence(sentence, in_passage) or speaks_for_company(sentence))
                ):
                    made = self._company_sentence(sentence)
                    company_count += made
                if not made and names_full and others < MAX_OTHER and is_prose(sentence):
                    self.add("other", sentence, sentence, self._first_date(sentence, self.when), base * 0.85)
                    others += 1
                continue
            if company_count < MAX_COMPANY and self._is_company_sentence(sentence, in_passage):
                if self._left_out(sentence):
                    continue
                company_count += self._company_sentence(sentence)
        self.when = page_when

    def _answer(self, sentence: str, question: str, base: float) -> int:
        """An answer in an interview, read with its question ("What do you do when you're not at work?" /
        "I run trails, badly and happily."): the question says what kind of fact the answer is."""
        for kind, pattern in PERSON_KINDS:
            if pattern.search(question) and kind in ("interest", "education", "award", "member"):
                before = len(self.found)
                getattr(self, f"_{kind}")(sentence, re.match("", sentence), base)
                return len(self.found) - before
        return 0

    def _left_out(self, sentence: str) -> bool:
        if is_instruction(sentence):
            self.injected += 1
            return True
        categories = sensitive_categories(sentence)
        if categories:
            self.sensitive[categories[0]] += 1
            for extra in categories[1:]:
                self.sensitive.setdefault(extra, 0)
            return True
        return False

    def _is_company_sentence(self, sentence: str, in_passage: bool) -> bool:
        if not (self.company_page or in_passage):
            return False
        if self.person.find_company(sentence):
            return True
        # On the company's own pages its initials stand for it ("NLC opens a second reading center").
        acronym = self.person.acronym
        if self.company_page and acronym and re.search(rf"\b{acronym}\b", sentence):
            return True
        return self.company_page and bool(self.cues.company_voice.match(sentence))

    # --- classifying one sentence about the person

    def _person_sentence(self, sentence: str, base: float) -> int:
        """Facts the sentence states about the person; how many. A title it only names them by ("said
        executive director Rebecca Osei") is kept but not counted: the sentence still says something else."""
        before = len(self.found)
        described = 0
        # What the sentence says of the past, not what a quotation in it says ("“… until 2029,” said X, CEO").
        past = bool(self.cues.past.search(outside_quotations(sentence)))
        for title, org, at, weight in self._titles(sentence):
            when = self._date_near(sentence, at, self.when)
            text = f"{title} at {org}" if org else title
            superseded = past and not SIDE_ROLE.search(title)
            made = len(self.found)
            self.add("role", text, sentence, when, base * weight, superseded=superseded)
            if weight < 1:
                described += len(self.found) - made
            if self.cues.promoted.search(sentence):
                self.add("milestone", f"Promoted to {title}", sentence, when, base)
        # One fact per clause: "She holds a doctorate in medical informatics from Heidelberg University and is
        # a member of the technical committee of HL7 Deutschland" says two things.
        used: list[tuple[int, int]] = []
        for kind, pattern in self.cues.person_kinds:
            m = pattern.search(sentence)
            if (
                not m
                or self.cues.future.search(sentence[: m.start()])
                or any(a <= m.start() < b for a, b in used)
            ):
                continue
            bounds = clause_bounds(sentence, m.start())
            if used:
                # A further fact of the sentence is its own clause, quoted on its own.
                part = sentence[bounds[0] : bounds[1]].strip(" ,;")
                part = re.sub(r"^(?:where|which|who|and|but|while)\s+", "", part)
                m = pattern.search(part)
                if not m:
                    continue
                made = getattr(self, f"_{kind}")(part, m, base)
            else:
                made = getattr(self, f"_{kind}")(sentence, m, base)
            if made:
                used.append(bounds)
        m = next((m for p in self.cues.employer_patterns if (m := p.search(sentence))), None)
        if m and not any(f.kind == "role" and f.quote == sentence for f in self.found):
            org = m.group("org")
            if not self.event or fold(org) not in fold(self.event):
                when = self._date_near(sentence, m.start(), self.when)
                self.add("employer", f"Works at {org}", sentence, when, base, superseded=past)
        return len(self.found) - before - described

    def _titles(self, sentence: str) -> Iterator[tuple[str, str | None, int, float]]:
        """Job titles the sentence gives the person, with their organisation, where each was found, and how
        much to trust it: a title set before the name in prose ("personal injury attorney X") is a
        description more often than a job, so it counts for less than one stated after the name."""
        seen: set[str] = set()
        candidates: list[tuple[str, str | None, int, float]] = []
        for start, end in find_name(sentence, self.person.name):
            rest = sentence[end:]
            appointed = self.cues.appointed_before.search(sentence[:start])
            if appointed and (m := self.cues.appointed_as.match(rest)):
                candidates.append((m.group("title"), None, end, 1.0))
            for pattern in self.cues.appositives:
                m = pattern.match(rest)
                if m:
                    org = m.groupdict().get("org")
                    candidates.append((m.group("title"), org, end, 1.0))
                    break
            before = title_before(sentence[:start])
            if before:
                candidates.append((before, None, start, 0.9))
        for pattern in self.cues.role_patterns:
            for m in pattern.finditer(sentence):
                org = m.groupdict().get("org")
                candidates.append((m.group("title"), org, m.start(), 1.0))
        for raw, org, at, weight in candidates:
            title = clean_title(raw)
            # "Kliniqa (Berlin)", "Northside Literacy Collaborative (NLC)": the organisation without an aside.
            org = re.sub(r"\s*\([^()]*\)$", "", org.strip(" .")) if org else None
            if org and (find_name(org, self.person.name) or not re.match(r"(?:the\s+)?[A-Z]", org)):
                org = None
            if org and org.lower().startswith("the "):
                org = org[4:]
            if not title_ok(title) or fold(title) in seen:
                continue
            seen.add(fold(title))
            yield title, org or (self.org if self.company_page else None), at, weight

    def _award(self, sentence: str, m: re.Match[str], base: float) -> bool:
        when = self._date_near(sentence, m.start(), self.when)
        named = self.cues.award_name.search(sentence)
        title = quoted(sentence)
        if named:
            by = f" by {named.group('by')}" if named.group("by") else ""
            text = f"Named {named.group('award')}{by}"
        elif title:
            text = f"Award: “{title}”"
        else:
            text = clause(sentence, m.start())
            # A headline's "40 Under 40, Class of 2026: Rebecca Osei": the award is the part that is not her.
            parts = [p for p in HEADLINE_PARTS.split(text) if p.strip()]
            rest = [p for p in parts if not _is_just_a_name(p, self.person.name)]
            if len(parts) > 1 and len(rest) == 1:
                text = f"Award: “{rest[0].strip()}”"
        self.add("award", text, sentence, when, base)
        return True

    def _talk(self, sentence: str, m: re.Match[str], base: float) -> bool:
        title = quoted(sentence)
        at = self.cues.event_at.search(sentence)
        event = at.group("event") if at and eventish(at.group("event")) else self.event
        if not event and not title:
            return False
        # The year in an event's name ("Green Retail Summit 2026") is not the day of the talk.
        undated = sentence.replace(at.group("event"), " " * len(at.group("event"))) if at else sentence
        when = self._date_near(undated, m.start(), self.when)
        about = re.search(
            r"\babout (?P<topic>[^;.,(]{3,80}?)(?=\s+(?:at|in|on)\s|[;.,(]|$)", sentence[m.start() :]
        )
        text = f"Talk at {event}" if event else "Talk"
        if title:
            text += f": “{title}”"
        elif about:
            text += f" about {about.group('topic').strip()}"
        self.add("talk", with_date(text, when), sentence, when, base)
        return True

    def _podcast(self, sentence: str, m: re.Match[str], base: float) -> bool:
        title = quoted(sentence)
        on = re.search(
            r"\b(?:on|Guest on)\s+(?:the\s+)?(?P<show>[A-Z][\w'’&]*(?:\s+[A-Z][\w'’&]*){0,4})", sentence
        )
        # An episode's own heading: "Ep. 12: The repair economy, with Keiko Tanaka", on the show's site.
        episode = _EPISODE_HEADING.match(sentence)
        if episode and not title:
            title = episode.group("title").strip()
        if not title and not on:
            return False
        when = self._date_near(sentence, m.start(), self.when)
        show = on.group("show") if on else (self.page.site_name if episode else None)
        text = f"Guest on {show}" if show else "Podcast guest"
        if title:
            text += f": “{title}”"
        self.add("podcast", with_date(text, when), sentence, when, base)
        return True

    def _article(self, sentence: str, m: re.Match[str], base: float) -> bool:
        when = self._date_near(sentence, m.start(), self.when)
        title = quoted(sentence)
        text = f"Wrote “{title}”" if title else clause(sentence, m.start())
        self.add("article", with_date(text, when) if title else text, sentence, when, base)
        return True

    def _education(self, sentence: str, m: re.Match[str], base: float) -> bool:
        degree = self.cues.degree.search(sentence)
        # Other languages name a degree by a verb ("studierte Physik an der TU Wien"): "Studied Physik".
        name, field, school = (degree.group("degree", "field", "school")) if degree else (None, None, None)
        school = re.sub(r"^the\s+", "", school.strip(" .")) if school else None
        if name or field or school:
            parts = [name or "Studied"]
            if field:
                parts[0] += f" {'in ' if name else ''}{field.strip()}"
            if school:
                parts.append(school)
            text = ", ".join(parts) if name or field else f"Studied at {school}"
        else:
            text = clause(sentence, m.start())
        self.add("education", text, sentence, self._date_near(sentence, m.start(), None), base)
        return True

    def _milestone(self, sentence: str, m: re.Match[str], base: float) -> bool:
        when = self._date_near(sentence, m.start(), self.when)
        self.add("milestone", clause(sentence, m.start()), sentence, when, base)
        return True

    def _member(self, sentence: str, m: re.Match[str], base: float) -> bool:
        # From the verb on, without its copula: "is a member of the technical committee of HL7 Deutschland"
        # reads "Member of the technical committee of HL7 Deutschland".
        text = sentence[m.start() : clause_bounds(sentence, m.start())[1]].strip(" .")
        text = re.sub(r"(?i)^(?:is|was|became)\s+(?:an?\s+)?", "", text)
        self.add(
            "other", text[:1].upper() + text[1:], sentence, self._date_near(sentence, m.start(), None), base
        )
        return True

    def _interest(self, sentence: str, m: re.Match[str], base: float) -> bool:
        self.add("interest", clause(sentence, m.start()), sentence, self.when, base * 0.9)
        return True

    # --- company sentences

    def _company_sentence(self, sentence: str) -> int:
        if len(sentence.split()) < 5:
            return 0  # a heading ("Our commitment"), not a statement
        confidence = COMPANY if self.company_page else COMPANY - 0.1
        goal = self.cues.goal.search(sentence)
        if goal:
            self.add("company_goal", clause(sentence, goal.start()), sentence, self.when, confidence)
            return 1
        news = self.cues.news.search(sentence) or QUANTIFIED.search(sentence)
        if news and not self.cues.future.search(sentence[: news.start()]):
            when = self._date_near(sentence, news.start(), self.when)
            self.add("company_news", clause(sentence, news.start()), sentence, when, confidence)
            return 1
        return 0

    # --- cards

    def read_cards(self) -> None:
        """Titles the visible lines around the person's name give (see research.facts.cards): a team card's
        line under the name, a label before it, what continues it after a comma or dash, post-nominals."""
        if self.verdict.subject != "person":
            return
        for card in card_lines(self.page.lines, self.person.name):
            if self._left_out(card.quote):
                continue
            self._values.add(card.quote)  # the page's own words, though main-text extraction left them out
            if card.how == "title":
                self._role_line(card.text)
            elif card.how == "credential":
                # Below any title: merge takes post-nominal letters only when nothing else names a role.
                self.add("role", card.text, card.quote, self.when, PASSAGE * 0.8)
            else:
                past = bool(self.cues.past.search(card.text))
                for title, org, _, weight in self._titles(card.text):
                    text = f"{title} at {org}" if org else title
                    superseded = past and not SIDE_ROLE.search(title)
                    self.add("role", text, card.quote, self.when, PASSAGE * weight, superseded=superseded)
        if self.event:
            self._card_talks()
            self._session_talks()

    def _card_talks(self) -> None:
        """A speaker card's talk: under the line that is their name alone, the lines up to the next person's
        name ("Keiko Tanaka" / "Head of Sustainability, Harbor & Pine" / "“Repair is a growth strategy” —
        September 17, 2026"), which main-text extraction may run together."""
        lines = self.page.lines
        for i, line in enumerate(lines):
            if not _is_just_a_name(line, self.person.name, slack=3):
                continue
            below = lines[i + 1 : i + 6]
            for j, talk in enumerate(below):
                if person_heading(talk) or self._left_out(talk):
                    break
                self._values.add(talk)
                self._talk_line(talk, below[j + 1] if j + 1 < len(below) else "")

    def _session_talks(self) -> None:
        """A programme's sessions that list the person among their people (see research.facts.sessions)."""
        for session in sessions_with(self.page.lines, self.page.headings, self.person.name, self.lang):
            if self._left_out(session.title):
                continue
            when = self._session_day(session)
            self._values.update((session.title, session.when))
            text = f"{session.kind} at {self.event}: “{session.title}”"
            self.add("talk", with_date(text, when), session.title, when, PASSAGE)

    def _session_day(self, session: Session) -> str | None:
        """A session's day: written without a year, the event's year completes it; else the page's date."""
        year = (self.when or "")[:4]
        for line in session.day_lines() if year else []:
            day = self._first_date(f"{line} {year}", None)
            if day and not day.endswith("-01-01"):
                return day
        return self.when

    # --- the points of their article

    def read_points(self) -> None:
        """The numbered points of an article of theirs (see research.facts.points), under its title."""
        wrote = next((f for f in self.found if f.kind == "article"), None)
        if wrote is None or self.verdict.subject != "person":
            return
        for point in numbered_points(self.page.lines, self.page.headings):
            self._values.add(point)
            self.add("other", f"In “{wrote.quote}”: {point}", point, wrote.date, wrote.confidence * 0.8)

    # --- the headline

    def read_headline(self) -> None:
        """The page's headline, read like one of its sentences where the text does not repeat it: it is often
        the only place the news is stated ("40 Under 40, Class of 2026: Rebecca Osei")."""
        headline = " ".join((self.page.title or "").split())
        # "Northwind partners with the GCAA | Northwind Analytics": what it says is the part the text repeats
        # (then its sentences have been read already), else its longest part; the site's name is not news.
        parts = [part.strip() for part in HEADLINE_PARTS.split(headline) if part.strip()]
        in_text = [part for part in parts if len(part.split()) >= 3 and fold(part) in fold(self.text)]
        main = max(in_text or parts, key=len, default="")
        if len(main.split()) < 3 or self._left_out(headline):
            return
        read = bool(in_text) or fold(headline) in fold(self.text)
        if find_name(headline, self.person.name):
            if not read:
                self._person_sentence(headline, NAMED)
        elif self.company_page:
            self._values.add(main)
            made = 0 if read else self._company_sentence(main)
            if not made and self._is_release() and not self._has_news(main):
                # A release's headline is its news whatever verb it uses ("14 hospitals go live on ...").
                self.add("company_news", main, main, self.when, COMPANY)

    def _has_news(self, headline: str) -> bool:
        return any(f.kind == "company_news" and fold(headline) in fold(f.quote) for f in self.found)

    def _is_release(self) -> bool:
        """A dated news release or announcement: a NewsArticle, or an article under the site's news path."""
        kinds = {kind for item in nodes(self.page.structured) for kind in types_of(item)}
        news_path = bool(_NEWS_PATH.search(urlsplit(self.page.url).path))
        return bool(self.when) and bool(kinds & NEWS_TYPES or (kinds & ARTICLE_TYPES and news_path))

    # --- result

    def _private(self) -> bool:
        """A post of their own that is mostly about their private life: sensitive sentences are a third or
        more of what it says about them. (A profile by someone else that touches on it keeps its news.)"""
        left_out = sum(self.sensitive.values())
        post = bool(self.page.published) and not is_site_root(self.page.url)
        return self.own_voice and post and left_out >= 2 and left_out * 3 >= self.about

    def result(self) -> FactsResult:
        found = self.found
        if self._private():
            # A post mostly about their private life is no opening for an email: only what it says about
            # their work is kept ("My team at Northwind finished the move"), never the post itself.
            found = [
                f
                for f in found
                if f.kind in ("role", "employer")
                or (f.kind != "article" and self.person.find_company(f.quote))
            ]
        facts = page_facts(found, self.page.url)
        warnings = []
        if self.sensitive:
            count = sum(self.sensitive.values())
            kinds = ", ".join(self.sensitive)
            noun = "detail" if count == 1 else "details"
            # Said with the rule behind it: a bare count reads as an accident, or as a choice to be undone.
            warnings.append(
                f"Left out {count} sensitive {noun} ({kinds}) from {self.host}: Rapport never uses "
                "health, family, religion, politics, home or legal details, by design."
            )
        if self.injected:
            warnings.append(f"Ignored text on {self.host} that tried to instruct an AI.")
        return FactsResult(facts=facts, warnings=warnings)


# A line that says it names a talk: "Talk: Streets for people", "Keynote: ...", "Vortrag: ...".
_TALK_LABEL = re.compile(r"(?i)^(?:keynote|talk|session|workshop|panel|vortrag|conférence|ponencia)\s*:\s*")
_EPISODE_HEADING = re.compile(
    r"(?i)^(?:ep(?:isode)?\.?\s*#?\d+)\s*[:–—|-]\s*(?P<title>[^,|–—]{3,100}?)"
    r"(?:,?\s+(?:with|feat\.?|featuring|ft\.)\s+[^,|–—]+)?\s*$"
)
# The paths sites file their news under ("/newsroom/2026-10-08-go-live/", "/press/series-a").
_NEWS_PATH = re.compile(r"(?i)/(?:news|newsroom|press|press-releases?|announcements|media)(?:/|$)")
# Where a headline joins its parts: "40 Under 40: Rebecca Osei", "Rebecca Osei – Forty under 40".
HEADLINE_PARTS = re.compile(r":\s+|\s+[–—|-]\s+")


def _is_just_a_name(part: str, name: str, slack: int = 2) -> bool:
    """Whether `part` is the person's name and at most `slack` characters more ("Rebecca Osei:")."""
    spans = find_name(part, name)
    return bool(spans) and len(part.strip()) - sum(e - s for s, e in spans) <= slack


def extract_facts(
    page: Page,
    person: Person,
    verdict: Verdict,
    *,
    free_mail: Collection[str],
    background: Background | None = None,
) -> FactsResult:
    """Facts from one page, with warnings about what was left out; nothing from a page about someone else.
    background: what research learned of them (their company's other names among it)."""
    if verdict.subject == "none":
        return FactsResult(facts=[])
    reader = PageReader(page, Known.of(person, free_mail, background), verdict)
    reader.read_structured()
    reader.read_passages()
    reader.read_sentences()
    reader.read_cards()
    reader.read_headline()
    reader.read_points()
    result = reader.result()
    if verdict.subject == "company" and not reader.firm:
        result.facts = [f for f in result.facts if f.kind in ("company_news", "company_goal")]
    return result

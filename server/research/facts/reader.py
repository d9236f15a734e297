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

import hashlib
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from server.models import Fact, FactKind, FactsResult, Page, Person, Verdict
from server.research.facts.dedupe import drop_repeats
from server.research.identify import (
    company_core,
    find_company,
    first_text,
    host_of,
    nodes,
    same_company,
    text_values,
    types_of,
)
from server.text.dates import first_date, parse_date, without_dates
from server.text.json_strings import strings_in
from server.text.names import (
    find_name,
    fold,
    person_heading,
    person_passages,
    same_name,
    sentence_spans,
)
from server.text.safety import is_instruction, mask_instructions, sensitive_categories

MAX_TEXT = 200
MAX_QUOTE = 400
MAX_OTHER = 3  # unclassified sentences naming the person, per page
MAX_COMPANY = 3  # company facts from the sentences of one page (its structured headline comes on top)

# Base confidence by where a fact came from; scaled by how sure identify was about the page.
STRUCTURED, PASSAGE, NAMED, SHORT_NAME, OWN_VOICE, PRONOUN, COMPANY = 0.95, 0.85, 0.85, 0.8, 0.8, 0.7, 0.8

ARTICLE_TYPES = {
    "Article", "BlogPosting", "NewsArticle", "TechArticle", "ScholarlyArticle", "Report",
    "OpinionNewsArticle", "AnalysisNewsArticle", "SocialMediaPosting", "Review", "Blog",
}  # fmt: skip
EPISODE_TYPES = {"PodcastEpisode", "Episode", "RadioEpisode", "TVEpisode"}
ORG_TYPES = {
    "Organization",
    "Corporation",
    "LocalBusiness",
    "NGO",
    "EducationalOrganization",
    "NewsMediaOrganization",
}
SIDE_ROLE = re.compile(
    r"\b(?:advisor|adviser|board|mentor|volunteer|fellow|trustee|investor|ambassador)\b", re.I
)


# --- Dates ----------------------------------------------------------------------------------------------

_PUBLISHED_LINE = re.compile(
    r"(?i)\b(?:last\s+)?(?:updated|posted|published|modified)(?:\s+on)?[:\s]+(?P<when>[^\n·|]{4,40})"
)
_URL_YEAR = re.compile(r"/((?:19|20)\d\d)(?:/|$|-)")


def page_date(page: Page) -> str | None:
    """When the page was published: its metadata, an "Updated October 2026" line, or a year in its URL."""
    if page.published:
        found = parse_date(page.published)
        if found:
            return found
    for m in _PUBLISHED_LINE.finditer(page.text[:5000]):
        found = first_date(m.group("when"), None)
        if found:
            return found
    m = _URL_YEAR.search(page.url)
    return f"{m.group(1)}-01-01" if m else None


# --- Text helpers ---------------------------------------------------------------------------------------

_ROLE_WORDS = re.compile(
    r"(?i)\b(?:vp|svp|evp|avp|vice[ -]president|president|head|chief|officer|director|manager|engineer|lead"
    r"|leader|founder|co-?founder|cto|ceo|cfo|coo|cio|cmo|cpo|cro|ciso|scientist|architect|developer|designer"
    r"|analyst|researcher|professor|lecturer|partner|principal|consultant|advisor|adviser|owner|editor|writer"
    r"|chair|chairman|chairwoman|chairperson|fellow|specialist|strategist|evangelist|advocate|coordinator"
    r"|administrator|associate|intern|dean|teacher|chef|dentist|physician|attorney|counsel|technologist"
    r"|executive|secretary|treasurer|trustee|product|marketer|recruiter|producer|journalist|reporter|host"
    r"|general manager|gm|md|managing|staff|member|board)\b"
)
_NOT_TITLE = re.compile(
    r"(?i)^(?:who|which|that|where|when|said|says|and|but|is|was|has|had|will|to|in|on|at|for|with|this|"
    r"our|we|i|she|he|they)\b|\b(?:is|was|has|have|had|will|would|said|says|leads|runs|joined|promoted|appointed"
    r"|named|hired|became|becomes|announced|been)\b"
)
_ORG = r"(?P<org>(?:the\s+)?[A-Z][\w'’&.-]*(?:\s+(?:&\s+|of\s+|and\s+)?[A-Z][\w'’&.-]*){0,5})"
_ORG_END = r"(?=\s*(?:$|[,.;:()·|]))"
_BEING = r"(?:is|was|has been|serves as|served as)"
_I_AM = r"(?:I'm|I’m|I am|I was|I've been|I’ve been)"
_TITLE_STOP = (
    r"(?=\s*(?:$|[,.;:()·|]|\s[–—-]\s|\s+(?:at|for|with|in|on|effective|after|from|and\b(?!\s+co-?founder)"
    r"|to\s+lead|where|who|since|until|starting|beginning)\b))"
)
_PAST = re.compile(
    r"(?i)\b(?:before (?:that|joining|\w+ing)|before [A-Z]\w+|previously|formerly|former|earlier|used to|"
    r"was (?:a|an|the)|I was|had been|spent \w+ years|until \d{4}|ex-)",
)
_PRONOUN = re.compile(r"\b(?:[Ss]he|[Hh]e|[Hh]er|[Hh]is|[Hh]im|[Hh]erself|[Hh]imself)\b|^They\b")
_FIRST_PERSON = re.compile(r"\b(?:I|I'm|I’m|I've|I’ve|I'd|I’d|I'll|I’ll|[Mm]y|[Mm]e|[Ww]e|[Oo]ur|[Uu]s)\b")
_FUTURE = re.compile(r"(?i)\b(?:will|plans? to|hope to|going to|want to)\s+(?:\w+\s+){0,2}$")


def title_ok(title: str) -> bool:
    """Whether a phrase reads like a job title: "Head of Partnerships", not "who leads partnerships"."""
    words = title.split()
    return (
        0 < len(words) <= 9
        and bool(_ROLE_WORDS.search(title))
        and not _NOT_TITLE.search(title)
        and not re.search(r"\d{3,}", title)
    )


def clean_title(title: str) -> str:
    title = re.sub(r"(?i)^(?:an?|the|our|its|their|new|interim|acting)\s+", "", title.strip(" ,.;:·*_"))
    return " ".join(title.split())


def short(text: str) -> str:
    """Fact text: one line, at most MAX_TEXT characters, cut at a word."""
    text = re.sub(r"^[-*•·]\s+", "", " ".join(text.split())).strip(" ,;:")
    text = text.strip('“”"') if text.count("“") + text.count("”") == 1 or text.count('"') == 1 else text
    if len(text) <= MAX_TEXT:
        return text[:1].upper() + text[1:]
    cut = text[: MAX_TEXT - 1].rsplit(" ", 1)[0].rstrip(",;:")
    return cut[:1].upper() + cut[1:] + "…"


_CLAUSE_BREAK = re.compile(
    # a comma before a year is inside a date ("June 12, 2026"), not between clauses
    r",\s+(?!(?:19|20)\d\d\b)(?:and\s+|but\s+)?|;\s+"
    r"|\s+(?:and|but|while|after|before|so that|which)\s+|\s[–—]\s"
)
LONG = 160  # a sentence longer than this is cut to the clause that holds the fact


def clause_bounds(sentence: str, at: int) -> tuple[int, int]:
    """Where the clause around position `at` starts and ends ("She joined in 2020 | and led the move")."""
    at = max(0, min(at, len(sentence)))
    start = max((m.end() for m in _CLAUSE_BREAK.finditer(sentence, 0, at) if m.end() <= at), default=0)
    nxt = _CLAUSE_BREAK.search(sentence, max(at, start) + 1)
    return start, nxt.start() if nxt else len(sentence)


def clause(sentence: str, at: int) -> str:
    """A fact's text: the whole sentence when short, else the clause around position `at`."""
    if len(sentence) <= LONG:
        return sentence.strip(" .")
    start, end = clause_bounds(sentence, at)
    part = sentence[start:end].strip(" .")
    head = _CLAUSE_BREAK.search(sentence)
    # "Northwind Analytics, the forecasting company, today announced...": keep who did it.
    if start > 0 and head and head.group(0).startswith(",") and part[:1].islower():
        subject = sentence[: head.start()]
        if len(subject.split()) <= 4 and subject[:1].isupper() and not _NOT_A_SUBJECT.match(subject):
            part = f"{subject} {part}"
    return part


_NOT_A_SUBJECT = re.compile(
    r"(?i)(?:on|in|at|after|before|for|with|during|since|over|this|last|when|while|today|yesterday|"
    r"however|also|then|now|as|by|from|of)\b"
)


def date_near(sentence: str, at: int, default: str | None) -> str | None:
    """The date stated in the clause around position `at`, else `default`."""
    start, end = clause_bounds(sentence, at)
    return first_date(sentence[start:end], default)


def quoted(text: str) -> str | None:
    """A title written in quotes in `text`: “Streaming without tears”."""
    m = re.search(r"[“\"](?P<q>[^”\"]{3,120})[”\"]", text)
    if m:
        return m.group("q").strip(" ,.")
    m = re.search(r"(?<!\w)[‘'](?P<q>[^’']{3,120})[’'](?!\w)", text)
    return m.group("q").strip(" ,.") if m else None


def fact_id(source_url: str, kind: str, quote: str) -> str:
    """A fact's id: the same page, kind and quote always give the same id, so re-runs keep ids."""
    return "f_" + hashlib.sha1(f"{source_url}\n{kind}\n{quote}".encode()).hexdigest()[:12]


def with_date(text: str, when: str | None) -> str:
    # A year alone is stored as 1 January (the contract wants a day); the text says only the year.
    if when and when.endswith("-01-01"):
        when = when[:4]
    return f"{text} ({when})" if when else text


# --- Reading one page -----------------------------------------------------------------------------------


@dataclass
class Found:
    kind: FactKind
    text: str
    quote: str
    date: str | None
    confidence: float
    superseded: bool = False
    structured: bool = False


@dataclass
class PageReader:
    """Reads one page's facts; the page and person stay fixed, findings and warnings accumulate."""

    page: Page
    person: Person
    verdict: Verdict
    text: str = ""
    host: str = ""
    when: str | None = None
    own_voice: bool = False  # first-person sentences are the person's (their site, a post they wrote)
    own_site: bool = False  # every sentence is theirs (a site named after them)
    company_page: bool = False
    org: str | None = None
    event: str | None = None
    found: list[Found] = field(default_factory=list)
    sensitive: Counter[str] = field(default_factory=Counter)
    injected: int = 0
    _values: set[str] = field(default_factory=set)
    _ids: dict[str, dict[str, Any]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.text, self.injected = mask_instructions(self.page.text)
        self.injected += sum(
            1 for value in (self.page.title, self.page.description) if value and is_instruction(value)
        )
        self.host = host_of(self.page.url)
        self.when = page_date(self.page)
        anchors = {a.split(":", 1)[0] for a in self.verdict.anchors}
        author_is_person = bool(self.page.author and same_name(self.page.author, self.person.name))
        self.own_site = self.verdict.subject == "person" and "named_host" in anchors
        self.own_voice = self.own_site or (self.verdict.subject == "person" and author_is_person)
        self.company_page = self.verdict.subject == "company" or "company_site" in anchors
        items = list(nodes(self.page.structured))
        for item in items:
            if isinstance(item.get("@id"), str):
                self._ids.setdefault(item["@id"], item)
        for value in (v.strip() for v in strings_in(self.page.structured, numbers=True) if v.strip()):
            if is_instruction(value):
                self.injected += 1
            else:
                self._values.add(value)
        self.org = self._page_org(items)
        # A page the company publishes speaks for it, on its own domain or not (a gmail contact's company).
        self.company_page = self.company_page or bool(
            self.page.site_name and same_company(self.page.site_name, self.person)
        )
        self.event = self._page_event(items)

    # --- context

    def _page_org(self, items: list[dict[str, Any]]) -> str | None:
        """The organisation the page's unnamed "we" and bare titles belong to."""
        if self.person.company:
            return company_core(self.person.company)
        for item in items:
            if types_of(item) & ORG_TYPES:
                name = first_text(item, "name")
                if name and same_company(name, self.person):
                    return company_core(name)
        if self.page.site_name and same_company(self.page.site_name, self.person):
            return company_core(self.page.site_name)
        return None

    def _page_event(self, items: list[dict[str, Any]]) -> str | None:
        """The conference a speakers page belongs to ("DataSummit 2026"), from its data or its title."""
        for item in items:
            if any("Event" in t for t in types_of(item)):
                parent = first_text(item, "superEvent")
                if parent:
                    return parent
        title = self.page.title or ""
        if re.search(r"(?i)\b(?:speakers?|agenda|programme|program|schedule|talks|sessions|lineup)\b", title):
            name = re.split(r"\s+[|–—:-]\s+|(?i:\s+speakers?\b)", title)[0].strip(" -–—|")
            name = re.sub(
                r"(?i)\b(?:speakers?|agenda|programme|program|schedule|archive|sessions|lineup)\b", "", name
            )
            name = " ".join(name.split()).strip(" -–—|()")
            if name and not find_name(name, self.person.name) and len(name.split()) <= 6:
                return name
        return None

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
        if not quote or not text.strip() or not (quote in self.text or quote in self._values):
            return  # never a quote the page does not hold
        if self._left_out(f"{text}\n{quote}"):
            return
        self.found.append(Found(kind, short(text), quote, when, confidence, **extra))

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
        headline = first_text(item, "headline", "name")
        if not headline:
            return
        when = _item_date(item, "datePublished", "dateCreated", "dateModified") or self.when
        author = item.get("author") or item.get("creator")
        if self.verdict.subject == "person" and self.is_person(author):
            self.add(
                "article", with_date(f"Wrote “{headline}”", when), headline, when, STRUCTURED, structured=True
            )
        elif self.company_page and (find_company(headline, self.person) or self.verdict.subject == "company"):
            self.add("company_news", headline, headline, when, STRUCTURED, structured=True)

    def _episode_item(self, item: dict[str, Any]) -> None:
        name = first_text(item, "name", "headline")
        if not name or self.verdict.subject != "person":
            return
        people = [
            self.resolve(item.get(k)) for k in ("actor", "guest", "performer", "contributor", "participant")
        ]
        if not any(self.is_person(p) for p in people if p):
            return
        series = first_text(self.resolve(item), "partOfSeries") or self.page.site_name
        number = first_text(item, "episodeNumber")
        when = _item_date(item, "datePublished", "uploadDate", "dateCreated") or self.when
        where = f"{series}, episode {number}" if series and number else (series or "a podcast")
        self.add(
            "podcast", with_date(f"Guest on {where}: “{name}”", when), name, when, STRUCTURED, structured=True
        )

    def _event_item(self, item: dict[str, Any]) -> None:
        name = first_text(item, "name")
        if not name or self.verdict.subject != "person":
            return
        people = [
            self.resolve(item.get(k)) for k in ("performer", "performers", "speaker", "speakers", "actor")
        ]
        if not any(self.is_person(p) for p in people if p):
            return
        when = _item_date(item, "startDate") or self.when
        parent = first_text(item, "superEvent")
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
        m = re.match(rf"^(?P<title>[^,·|]+?)(?:,\s*|\s+at\s+){_ORG}\s*$", line)
        title, org = (m.group("title"), m.group("org")) if m else (line, self.org)
        title = clean_title(title)
        if title_ok(title):
            self.add("role", f"{title} at {org}" if org else title, line, self.when, PASSAGE)

    def _talk_line(self, line: str, next_line: str) -> None:
        """A talk title in a speaker's passage: a title line then a date line, or "Title — 8 June 2023"."""
        if len(line.split()) > 14 or line.rstrip().endswith(".") or find_name(line, self.person.name):
            return
        m = re.match(r"^(?P<title>.+?)\s+[—–-]\s+(?P<when>.+)$", line)
        title, when = (m.group("title"), first_date(m.group("when"), None)) if m else (line, None)
        if when is None:
            when = first_date(next_line, None) if _is_date_line(next_line) else None
            if when is None or _is_date_line(line):
                return
        title = re.sub(r"(?i)^(?:keynote|talk|session|workshop|panel)\s*:\s*", "", title).strip()
        if title_ok(title) and not quoted(title):
            return  # a role line, not a talk
        self.add("talk", with_date(f"Talk at {self.event}: “{title}”", when), line, when, PASSAGE)

    def _talk_list(self) -> None:
        """On the person's own talks page: a title line, then the event line ("RoboCon 2026, Boston")."""
        lines = self._lines(0, len(self.text))
        for i in range(1, len(lines)):
            line = self.text[slice(*lines[i])]
            event = re.match(r"^(?P<event>[A-Z][^,·|\n]{2,60}?)\s*(?:[,·|]|$)", line)
            if not event or not _eventish(event.group("event")):
                continue
            title_line = self.text[slice(*lines[i - 1])]
            if len(title_line.split()) > 14 or title_line.endswith(".") or re.fullmatch(r"\d{4}", title_line):
                continue
            after = self.text[slice(*lines[i + 1])] if i + 1 < len(lines) else ""
            when = first_date(line, None) or (first_date(after, None) if _is_date_line(after) else None)
            when = when or first_date(event.group("event"), None) or self._year_heading(lines[:i])
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

    def read_sentences(self) -> None:
        person = self.person
        full = find_name(self.text, person.name)
        named_on_page = bool(full) or any(
            v and find_name(v, person.name) for v in (self.page.title, self.page.author)
        )
        shorts = find_name(self.text, person.name, short=True) if named_on_page else []
        passages = person_passages(self.text, person.name)
        chain = False
        others = 0
        company_count = 0
        for start, end in sentence_spans(self.text):
            sentence = self.text[start:end]
            in_passage = passages.listing and passages.contains(start, end)
            if passages.listing and not in_passage:
                chain = False
            names_full = any(start <= s and e <= end for s, e in full)
            names_short = any(start <= s and e <= end for s, e in shorts) and (
                in_passage or not passages.listing
            )
            if self.verdict.subject != "person":
                about, base = False, 0.0
            elif names_full:
                about, base = True, NAMED
            elif names_short:
                about, base = True, SHORT_NAME
            elif self.own_site or (self.own_voice and _FIRST_PERSON.search(sentence)):
                about, base = True, OWN_VOICE
            elif chain and _PRONOUN.search(sentence):
                about, base = True, PRONOUN
            elif in_passage:
                about, base = True, PASSAGE
            else:
                about, base = False, 0.0
            chain = about and not (
                in_passage and not (names_full or names_short or _PRONOUN.search(sentence))
            )
            if about:
                if self._left_out(sentence):
                    continue
                made = self._person_sentence(sentence, base)
                if (
                    not made
                    and company_count < MAX_COMPANY
                    and self._is_company_sentence(sentence, in_passage)
                ):
                    made = self._company_sentence(sentence)
                    company_count += made
                if not made and names_full and others < MAX_OTHER and len(sentence.split()) >= 8:
                    self.add("other", sentence, sentence, first_date(sentence, self.when), base * 0.85)
                    others += 1
                continue
            if company_count < MAX_COMPANY and self._is_company_sentence(sentence, in_passage):
                if self._left_out(sentence):
                    continue
                company_count += self._company_sentence(sentence)

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
        if find_company(sentence, self.person):
            return True
        return self.company_page and bool(re.match(r"(?:We|Our|The company|Today we)\b", sentence))

    # --- classifying one sentence about the person

    def _person_sentence(self, sentence: str, base: float) -> int:
        before = len(self.found)
        past = bool(_PAST.search(sentence))
        for title, org, at in self._titles(sentence):
            when = date_near(sentence, at, self.when)
            text = f"{title} at {org}" if org else title
            self.add("role", text, sentence, when, base, superseded=past and not SIDE_ROLE.search(title))
            if re.search(r"(?i)\bpromot\w+", sentence):
                self.add("milestone", f"Promoted to {title}", sentence, when, base)
        for kind, pattern in _PERSON_KINDS:
            m = pattern.search(sentence)
            if m and not _FUTURE.search(sentence[: m.start()]):
                made = getattr(self, f"_{kind}")(sentence, m, base)
                if made:
                    break
        m = next((m for p in _EMPLOYER_PATTERNS if (m := p.search(sentence))), None)
        if m and not any(f.kind == "role" and f.quote == sentence for f in self.found):
            org = m.group("org")
            if not self.event or fold(org) not in fold(self.event):
                when = date_near(sentence, m.start(), self.when)
                self.add("employer", f"Works at {org}", sentence, when, base, superseded=past)
        return len(self.found) - before

    def _titles(self, sentence: str) -> Iterator[tuple[str, str | None, int]]:
        """Job titles the sentence gives the person, with their organisation, and where each was found."""
        seen: set[str] = set()
        candidates: list[tuple[str, str | None, int]] = []
        for _, end in find_name(sentence, self.person.name):
            rest = sentence[end:]
            for pattern in _APPOSITIVES:
                m = pattern.match(rest)
                if m:
                    org = m.groupdict().get("org")
                    candidates.append((m.group("title"), org, end))
                    break
        for pattern in _ROLE_PATTERNS:
            for m in pattern.finditer(sentence):
                org = m.groupdict().get("org")
                candidates.append((m.group("title"), org, m.start()))
        for raw, org, at in candidates:
            title = clean_title(raw)
            org = org.strip(" .") if org else None
            if org and (find_name(org, self.person.name) or not re.match(r"(?:the\s+)?[A-Z]", org)):
                org = None
            if org and org.lower().startswith("the "):
                org = org[4:]
            if not title_ok(title) or fold(title) in seen:
                continue
            seen.add(fold(title))
            yield title, org or (self.org if self.company_page else None), at

    def _award(self, sentence: str, m: re.Match[str], base: float) -> bool:
        when = date_near(sentence, m.start(), self.when)
        named = _AWARD_NAME.search(sentence)
        title = quoted(sentence)
        if named:
            by = f" by {named.group('by')}" if named.group("by") else ""
            text = f"Named {named.group('award')}{by}"
        elif title:
            text = f"Award: “{title}”"
        else:
            text = clause(sentence, m.start())
        self.add("award", text, sentence, when, base)
        return True

    def _talk(self, sentence: str, m: re.Match[str], base: float) -> bool:
        title = quoted(sentence)
        at = _EVENT_AT.search(sentence)
        event = at.group("event") if at and _eventish(at.group("event")) else self.event
        if not event and not title:
            return False
        when = date_near(sentence, m.start(), self.when)
        about = re.search(r"\babout (?P<topic>[^;.,(]{3,80})", sentence[m.start() :])
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
        if not title and not on:
            return False
        when = date_near(sentence, m.start(), self.when)
        text = f"Guest on {on.group('show')}" if on else "Podcast guest"
        if title:
            text += f": “{title}”"
        self.add("podcast", with_date(text, when), sentence, when, base)
        return True

    def _article(self, sentence: str, m: re.Match[str], base: float) -> bool:
        when = date_near(sentence, m.start(), self.when)
        title = quoted(sentence)
        text = f"Wrote “{title}”" if title else clause(sentence, m.start())
        self.add("article", with_date(text, when) if title else text, sentence, when, base)
        return True

    def _education(self, sentence: str, m: re.Match[str], base: float) -> bool:
        degree = _DEGREE.search(sentence)
        if degree:
            parts = [degree.group("degree")]
            if degree.group("field"):
                parts[0] += f" in {degree.group('field').strip()}"
            if degree.group("school"):
                parts.append(degree.group("school").strip(" ."))
            text = ", ".join(parts)
        else:
            text = clause(sentence, m.start())
        self.add("education", text, sentence, date_near(sentence, m.start(), None), base)
        return True

    def _milestone(self, sentence: str, m: re.Match[str], base: float) -> bool:
        when = date_near(sentence, m.start(), self.when)
        self.add("milestone", clause(sentence, m.start()), sentence, when, base)
        return True

    def _interest(self, sentence: str, m: re.Match[str], base: float) -> bool:
        self.add("interest", clause(sentence, m.start()), sentence, self.when, base * 0.9)
        return True

    # --- company sentences

    def _company_sentence(self, sentence: str) -> int:
        if len(sentence.split()) < 5:
            return 0  # a heading ("Our commitment"), not a statement
        confidence = COMPANY if self.company_page else COMPANY - 0.1
        goal = _GOAL.search(sentence)
        if goal:
            self.add("company_goal", clause(sentence, goal.start()), sentence, self.when, confidence)
            return 1
        news = _NEWS.search(sentence)
        if news and not _FUTURE.search(sentence[: news.start()]):
            when = date_near(sentence, news.start(), self.when)
            self.add("company_news", clause(sentence, news.start()), sentence, when, confidence)
            return 1
        return 0

    # --- result

    def result(self) -> FactsResult:
        facts = _dedupe_page(self.found, self.page.url)
        warnings = []
        if self.sensitive:
            count = sum(self.sensitive.values())
            kinds = ", ".join(self.sensitive)
            noun = "detail" if count == 1 else "details"
            warnings.append(f"Left out {count} sensitive {noun} ({kinds}) from {self.host}.")
        if self.injected:
            warnings.append(f"Ignored text on {self.host} that tried to instruct an AI.")
        return FactsResult(facts=facts, warnings=warnings)


def _item_date(item: dict[str, Any], *keys: str) -> str | None:
    for key in keys:
        for value in text_values(item.get(key)):
            parsed = parse_date(value)
            if parsed:
                return parsed
    return None


def _eventish(name: str) -> bool:
    """Whether a name reads like an event: "DataSummit", "RoboCon 2026", "Field Robotics Workshop"."""
    return bool(
        re.search(r"(?:19|20)\d\d", name)
        or re.search(
            r"(?i)(?:conf\w*|summit|con\b|workshop|meetup|forum|symposium|days\b|expo|festival|week\b"
            r"|camp\b|webinar|congress|meeting|fest\b)",
            name,
        )
    )


def _is_date_line(line: str) -> bool:
    """A line that is a date and little else: "Friday, June 12, 2026 · 10:30 am"."""
    rest = re.sub(
        r"(?i)\b(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\b|\d{1,2}[:.]\d\d|\b[ap]\.?m\.?\b",
        "",
        without_dates(line),
    )
    return rest != line and len(re.sub(r"[\W_]+", "", rest)) <= 12


# Patterns over sentences -------------------------------------------------------------------------------

_APPOSITIVES = [
    # "Dana Okafor, Senior Data Engineer, Northwind Analytics" / "Miguel Santos, Head of Partnerships at X"
    re.compile(
        rf"^\s*(?:,|\s[–—-]|\()\s*(?P<title>[^,.;:()·|]{{2,70}}?)(?:,\s*|\s+at\s+){_ORG}(?=\s*(?:$|[,.;:()·|]))"
    ),
    re.compile(rf"^\s*(?:,|\s[–—-]|\()\s*(?P<title>[^,.;:()·|]{{2,70}}?)\s+of\s+{_ORG}{_ORG_END}"),
    # "Priya Raman, Chief Technology Officer ·"
    re.compile(r"^\s*(?:,|\s[–—-]|\()\s*(?P<title>[^,.;:()·|]{2,70}?)\s*(?=$|[,.;)·|])"),
    # "Priya Raman is CTO at Fernhill Robotics" / "... is CTO of Fernhill Robotics."
    re.compile(rf"^\s+{_BEING}\s+(?P<title>[^,.;:()]{{2,70}}?)\s+at\s+{_ORG}"),
    re.compile(rf"^\s+{_BEING}\s+(?P<title>[^,.;:()]{{2,70}}?)\s+of\s+{_ORG}{_ORG_END}"),
]
_ROLE_PATTERNS = [
    re.compile(
        rf"(?i:promoted\s+to|appointed(?:\s+as)?|named\s+(?:as\s+)?(?:the\s+)?new|hired\s+as|becomes|became"
        rf"|takes\s+over\s+as|took\s+over\s+as|now\s+serves\s+as|serves\s+as|stepped\s+in\s+as)"
        rf"\s+(?P<title>[^,.;:()]{{2,70}}?){_TITLE_STOP}(?:\s+(?:at|of)\s+{_ORG})?"
    ),
    re.compile(
        rf"(?i:joined|joins|join)\s+{_ORG}(?:\s+in\s+\d{{4}})?\s+as\s+(?P<title>[^,.;:()]{{2,70}}?){_TITLE_STOP}"
    ),
    re.compile(rf"\b{_I_AM}\s+(?P<title>[^,.;:()]{{2,70}}?)\s+at\s+{_ORG}"),
    re.compile(rf"\b{_I_AM}\s+(?P<title>[^,.;:()]{{2,70}}?)\s+of\s+{_ORG}{_ORG_END}"),
]
# Sentences that say where the person works without giving a title.
_EMPLOYER_PATTERNS = [
    re.compile(rf"\b(?i:joined|joins)\s+(?!the\s+(?:team|board|panel|show|call|conversation)){_ORG}"),
    re.compile(rf"\b(?:I\s+work|[Ww]orks|[Ww]orked|[Ww]orking)\s+(?:as\s+[^,.;]{{2,40}}\s+)?at\s+{_ORG}"),
    re.compile(rf"\b(?:I|[Ss]he|[Hh]e)\s+(?:leads?|runs?|manages?)\s+[^,.;]{{2,40}}?\s+at\s+{_ORG}"),
    re.compile(
        rf"^[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?\s+(?:leads|runs|manages)\s+[^,.;]{{2,40}}?\s+at\s+{_ORG}"
    ),
]
_AWARD_NAME = re.compile(
    r"\b(?i:named|won|wins|received|receives)\s+(?:as\s+)?(?:the\s+|a\s+|an\s+|one\s+of\s+)?"
    r"(?P<award>[^,.;]{3,80}?(?i:of\s+the\s+year|award|prize|to\s+watch|under\s+\d+|medal|fellowship)"
    r"(?:\s+(?:19|20)\d\d)?)(?:\s+by\s+(?P<by>(?:the\s+)?[A-Z][\w'’&-]*(?:\s+[A-Z][\w'’&-]*){0,4}))?"
)
_EVENT_AT = re.compile(
    r"\b(?:at|for)\s+(?:the\s+)?(?P<event>[A-Z][\w'’&-]*(?:\s+(?:[A-Z][\w'’&-]*|\d{4})){0,5})"
)
_DEGREE = re.compile(
    r"(?P<degree>Ph\.?\s?D\.?|doctorate|MBA|M\.?Sc|B\.?Sc|M\.?Eng|B\.?Eng|B\.?A\.|M\.?A\.|M\.?S\.|B\.?S\.|"
    r"(?i:bachelor'?s?|master'?s?)(?:\s+degree)?|Doctor of [A-Z]\w+(?: [A-Z]\w+)?)"
    r"(?:\s+(?:degree\s+)?in\s+(?P<field>[A-Z][\w&-]*(?:\s+(?:and\s+)?[A-Z][\w&-]*){0,3}))?"
    r"(?:[^.;]{0,20}?\b(?:from|at)\s+(?P<school>[A-Z][\w'’&.-]*(?:\s+(?:of\s+)?[A-Z][\w'’&.-]*){0,5}))?"
)
_PERSON_KINDS: list[tuple[str, re.Pattern[str]]] = [
    (
        "award",
        re.compile(
            r"(?i)\b(?:award(?:ed|s)?|won|wins|winner|honou?red|honou?ree|prize|recipient|recogni[sz]ed\s+as"
            r"|of\s+the\s+year|to\s+watch|\d+\s+under\s+\d+)\b"
        ),
    ),
    ("podcast", re.compile(r"(?i)\b(?:podcast|episode|ep\.\s?\d+|on\s+the\s+show|guest\s+on)\b")),
    (
        "talk",
        re.compile(
            r"(?i)\b(?:spoke|speaks|speaking|spoken|talked|talks?\s+(?:at|on)|gave\s+a\s+talk|keynote\w*|presented"
            r"|presents|presenting|panel(?:ist|lists)?|fireside\s+chat|webinar|lecture|a\s+talk|this\s+talk)\b"
        ),
    ),
    (
        "article",
        re.compile(
            r"(?i)\b(?:wrote|has\s+written|authored|co-authored|published|op-ed|blog\s+post|new\s+post|essay"
            r"|white\s?paper)\b"
        ),
    ),
    (
        "education",
        re.compile(
            r"\b(?:Ph\.?\s?D|MBA|M\.?Sc|B\.?Sc|(?i:doctorate|bachelor'?s?|master'?s?\s+degree|degree\s+in|graduated"
            r"|graduate\s+of|alumn(?:us|a|i)|studied))\b"
        ),
    ),
    (
        "milestone",
        re.compile(
            r"(?i)\b(?:launched|launches|founded|co-founded|started\s+(?:a|an|the|her|his|my)|raised|funding"
            r"|series\s+[a-e]\b|acquired|opened|shipped|led\s+the\s+(?:move|migration|launch|rollout|team\s+that)"
            r"|finished|completed|migrated|(?<!\bis\s)(?<!\bwas\s)(?<!\bbeen\s)built(?!\s+(?:on|upon|in|into|for|by|around)\b)|anniversary|milestone|reached|surpassed)\b"
        ),
    ),
    (
        "interest",
        re.compile(
            r"(?i)\b(?:passionate\s+about|interested\s+in|interest\s+in|enjoys?|fan\s+of|hobby|hobbies"
            r"|in\s+(?:my|her|his)\s+(?:spare|free)\s+time|outside\s+(?:of\s+)?work|writes?\s+about|talks?\s+about"
            r"|research\s+focus(?:es|ed)\s+on|speciali[sz]\w*\s+in|happy\s+to\s+(?:join|talk|chat|help)"
            r"|learning\s+to|recommends?)\b"
        ),
    ),
]
_GOAL = re.compile(
    r"(?i)\b(?:our\s+(?:mission|goal|vision|aim|ambition|commitment|plan)|mission\s+is|goal\s+(?:is|of|for)"
    r"|aims?\s+to|aiming\s+to|plans?\s+to|planning\s+to|on\s+track\s+to|committed\s+to|by\s+20\d\d"
    r"|next\s+chapter|helps?\s+(?:[\w-]+\s+){0,2}(?:retailers|companies|businesses|teams|customers|shippers"
    r"|operators|brands|people|organi[sz]ations|enterprises)\b)"
)
_NEWS = re.compile(
    r"(?i)\b(?:raise[sd]|raising|funding|series\s+[a-e]\b|launch(?:ed|es)|announce[sd]|acquir(?:ed|es)"
    r"|acquisition|open(?:ed|s)\s+(?:a|an|its|our|the)|partner(?:ed|s)\s+with|partnership|expand(?:ed|s)"
    r"|hired|adds|added|release[sd]|introduc(?:ed|es)|unveil(?:ed|s)|surpass(?:ed|es)|founded|ipo|grew"
    r"|record|certif(?:ied|ication)|won|award(?:ed)?)\b"
)


def _dedupe_page(found: list[Found], url: str) -> list[Fact]:
    """One fact per claim on a page: structured data first, then the more confident and more complete.

    A talk, podcast or article the page names by its title makes the untitled mentions of one redundant, and a
    role or employer from structured data makes the same one found in a sentence redundant.
    """
    titled = {
        f.kind for f in found if f.kind in ("talk", "podcast", "article") and (f.structured or quoted(f.text))
    }
    roles = {_role_key(f.text) for f in found if f.kind == "role" and f.structured}
    orgs = [_fact_org_text(f.kind, f.text) for f in found if f.kind == "employer" and f.structured]
    facts: dict[str, Fact] = {}
    seen: set[tuple[str, str]] = set()
    for f in sorted(found, key=lambda f: (not f.structured, -f.confidence, -len(f.text))):
        if f.kind in titled and not f.structured and not quoted(f.text):
            continue
        if not f.structured and f.kind == "role" and _role_key(f.text) in roles:
            continue
        if not f.structured and f.kind == "employer" and any(_same_org(f.text[9:], o or "") for o in orgs):
            continue
        key = (f.kind, claim_key(f.kind, f.text))
        if key in seen:
            continue
        seen.add(key)
        fid = fact_id(url, f.kind, f.quote)
        if fid in facts:
            continue
        facts[fid] = Fact(
            id=fid,
            kind=f.kind,
            text=f.text,
            quote=f.quote,
            source_url=url,
            date=f.date,
            confidence=round(min(1.0, f.confidence), 2),
            superseded=f.superseded,
        )
    return list(facts.values())


def extract_facts(page: Page, person: Person, verdict: Verdict) -> FactsResult:
    """Facts from one page, with warnings about what was left out; nothing from a page about someone else."""
    if verdict.subject == "none":
        return FactsResult(facts=[])
    reader = PageReader(page, person, verdict)
    reader.read_structured()
    reader.read_passages()
    reader.read_sentences()
    result = reader.result()
    if verdict.subject == "company":
        result.facts = [f for f in result.facts if f.kind in ("company_news", "company_goal")]
    return result


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


def _role_key(text: str) -> str:
    return title_key(split_role(text)[0])


def _org_key(org: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", fold(company_core(org))))


def _same_org(a: str, b: str) -> bool:
    ka, kb = _org_key(a), _org_key(b)
    return bool(ka and kb) and (ka == kb or ka.startswith(kb + " ") or kb.startswith(ka + " "))


def claim_key(kind: str, text: str) -> str:
    """What makes two facts the same claim: the title for roles, the quoted title for talks, else the text."""
    if kind == "role":
        return _role_key(text)
    if kind == "employer":
        return _org_key(text.removeprefix("Works at "))
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


def merge_facts(facts: list[Fact], person: Person) -> tuple[list[Fact], Person]:
    """Facts from all pages made one list, and the person with their current title and company.

    - The same claim from several pages is kept once: the most confident statement, then the newest.
    - Supersession needs dates. The role with the newest evidence is the current one; a role with another
      title (or another organisation) whose newest evidence is older is superseded, and so is an employer
      other than the current one whose evidence is older. Superseded facts are kept for the record, not for
      drafting. Undated facts are never superseded by date (we cannot tell their age), unless the page
      itself put them in the past ("Before that I was..."). Side roles (advisor, board member, fellow...)
      neither supersede nor are superseded.
    - The person's title and company come from the newest dated evidence. The user's values are the
      fallback when no page dates a role, then the most confident undated role: dated public evidence wins
      over what the user typed, which may come from an old signature or from memory.
    - A fact that repeats another from a different page in other words (a news index's teaser and the
      release it links to) is dropped for the better one, as are near-identical facts of one kind on one
      page: see research.facts.dedupe. This comes last, so titles and supersession see all the evidence.
    """
    claims = _claims(facts)
    roles = [c for c in claims if c.kind == "role" and not SIDE_ROLE.search(c.title)]
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
            other_org = bool(claim.org and current_org and not _same_org(claim.org, current_org))
            superseded = superseded or other_title or other_org
        if claim in employers and current_org and claim.org and not _same_org(claim.org, current_org):
            ours = [
                c.latest for c in employers + roles if c.org and _same_org(c.org, current_org) and c.latest
            ]
            superseded = superseded or bool(claim.latest and ours and claim.latest < max(ours))
        fact = claim.best
        out.append(
            fact.model_copy(update={"superseded": superseded}) if superseded != fact.superseded else fact
        )
    title = current.title if current else person.title
    if title is None:
        undated = sorted((c for c in roles if not c.past), key=lambda c: -c.best.confidence)
        title = undated[0].title if undated else None
    company = current_org or person.company
    if company is None:
        orgs = [
            c.org for c in sorted(employers + roles, key=lambda c: -c.best.confidence) if c.org and not c.past
        ]
        company = orgs[0] if orgs else None
    out = drop_repeats(out)
    out.sort(key=lambda f: (f.superseded, -(_day(f.date) if f.date else 0), -f.confidence))
    return out, person.model_copy(update={"title": title, "company": company})


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
            return max(facts, key=lambda f: (bool(_DEGREE.search(f.text)), " in " in f.text, f.confidence))
        return max(facts, key=lambda f: (f.confidence, -_day(f.date), len(f.text)))

    @property
    def latest(self) -> str:
        return max((f.date for f in self.facts if f.date), default="")

    @property
    def past(self) -> bool:
        """Every page that made the claim put it in the past."""
        return all(f.superseded for f in self.facts)


def _claims(facts: list[Fact]) -> list[Claim]:
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
                same = bool(org and claim.org and _same_org(org, claim.org))
            elif f.kind == "role":
                same = claim.key == key and not (org and claim.org and not _same_org(org, claim.org))
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


def _day(when: str | None) -> int:
    """A date as a number to compare; undated counts as newest, the least sure of when it happened."""
    return int(when.replace("-", "")) if when else 99_999_999


def _same_words(a: str, b: str) -> bool:
    """Two claims in the same words, or one a longer telling of the other (a teaser and its headline)."""
    short_key, long_key = sorted((a, b), key=len)
    return a == b or (len(short_key.split()) >= 5 and long_key.startswith(short_key + " "))


def _fact_org(f: Fact) -> str | None:
    return _fact_org_text(f.kind, f.text)


def _fact_org_text(kind: str, text: str) -> str | None:
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

"""Title, author, publication date and the rest, chosen from a page's signals.

Each field lists its candidates in a fixed order of trust. The orders and rules were measured on the shared
evaluation corpus with bench/extraction.py (trafilatura alone vs these rules); see the notes at each rule.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import dateparser

from server.research.extract.byline import byline_names, name_key, page_spelling, person_name, unique_names
from server.research.extract.signals import PageSignals, is_org, main_items, site_names
from server.text.schema_org import first_text

TITLE_META = ("og:title", "twitter:title", "citation_title", "dc.title", "parsely-title", "sailthru.title")
AUTHOR_META = (
    "author", "article:author", "og:article:author", "parsely-author", "sailthru.author", "byl", "dc.creator",
    "dcterms.creator", "citation_author", "cxenseparse:author", "bt:author", "byline",
)  # fmt: skip
# Fields holding one name per tag, often written "Doe, Jane".
ONE_NAME_META = {"citation_author", "dc.creator", "dcterms.creator"}
PUBLISHED_META = (
    "article:published_time", "og:article:published_time", "article:published", "datepublished",
    "citation_publication_date", "citation_date", "citation_online_date", "dc.date.issued", "dcterms.issued",
    "dc.date", "dcterms.date", "parsely-pub-date", "sailthru.date", "pubdate", "publishdate", "pub_date",
    "og:published_time", "cxenseparse:recs:publishtime", "date",
)  # fmt: skip
# Declarations that repeat one another (itemprop meta is microdata; og:article:* is article:*).
_DATE_FAMILY = {
    "datepublished": "microdata",
    "og:article:published_time": "article:published_time",
    "article:published": "article:published_time",
}
DESCRIPTION_META = ("og:description", "description", "twitter:description", "dc.description")
_TITLE_SEPARATOR = re.compile(r"(\s+(?:[|·»/–—-]|::|:)\s+)")
_DATEPARSER_SETTINGS = {
    "PARSERS": ["timestamp", "custom-formats", "absolute-time"],
    "REQUIRE_PARTS": ["day", "month", "year"],
    "RETURN_AS_TIMEZONE_AWARE": False,
}
_FIRST_YEAR = 1990
_MAX_DATE_CHARS = 60


@dataclass(frozen=True)
class Candidate:
    """One answer for one field, and the signal it came from."""

    source: str
    value: str


# --- title ---------------------------------------------------------------------------------------------


def title_candidates(signals: PageSignals) -> Iterator[Candidate]:
    """Titles in order of trust. Measured: og:title first, then <title>; the JSON-LD headline ranks low."""
    for key in TITLE_META:
        for value in signals.meta.get(key, ())[:1]:
            yield Candidate(key, value)
    if signals.title_tag:
        yield Candidate("title", signals.title_tag)
    if signals.traf_title:
        yield Candidate("trafilatura", signals.traf_title)
    for item in main_items(signals.jsonld):
        if text := first_text(item.get("headline")):
            yield Candidate("jsonld", text)
            break


def pick_title(signals: PageSignals) -> str | None:
    """The most trusted title, without the site's name around it."""
    title = next((candidate.value for candidate in title_candidates(signals)), None)
    return without_site_name(title, site_names(signals)) if title else None


def without_site_name(title: str, sites: list[str]) -> str:
    """A title without a known site name before or after it: 'Headline | Site' -> 'Headline'."""
    pieces = _TITLE_SEPARATOR.split(title)  # text, separator, text, ...
    site_keys = {key for key in map(name_key, sites) if key}
    for cut in range(2, len(pieces), 2):
        if name_key("".join(pieces[cut:])) in site_keys:
            pieces = pieces[: cut - 1]
            break
    for cut in range(len(pieces) - 3, -1, -2):
        if name_key("".join(pieces[: cut + 1])) in site_keys:
            pieces = pieces[cut + 2 :]
            break
    return "".join(pieces)


# --- author --------------------------------------------------------------------------------------------


def author_candidates(signals: PageSignals) -> Iterator[tuple[str, list[str]]]:
    """Bylines as (source, names) in order of trust.

    Measured: declared data first (JSON-LD, meta tags, microdata, rel=author/hCard markup), trafilatura's
    guess after them (its names lose their punctuation and sometimes catch a label), class="byline" last.
    """
    yield from _item_authors("jsonld", signals.jsonld)
    for key in AUTHOR_META:
        values = signals.meta.get(key, ())
        if key in ONE_NAME_META:
            names = [name for name in map(person_name, values) if name]
        else:
            names = [name for value in values for name in byline_names(value)]
        if names:
            yield key, unique_names(names)
    yield from _item_authors("microdata", signals.microdata)
    markup = dict(signals.bylines)
    for source in ("rel-author", "itemprop-author", "hcard-author"):
        if source in markup:
            yield source, markup[source]
    if signals.traf_author:
        names = byline_names(signals.traf_author.replace("; ", ", "))
        texts = signals.visible_texts()
        yield "trafilatura", unique_names(page_spelling(name, texts) or name for name in names)
    if "byline-class" in markup:
        yield "byline-class", markup["byline-class"]


def _item_authors(source: str, items: list[dict[str, Any]]) -> Iterator[tuple[str, list[str]]]:
    index = {item["@id"]: item for item in items if isinstance(item.get("@id"), str)}
    for key in ("author", "creator"):
        for item in main_items(items):
            if key in item and (names := unique_names(_item_names(item[key], index))):
                yield f"{source}-{key}", names
                break


def _item_names(value: Any, index: dict[str, dict[str, Any]], depth: int = 0) -> list[str]:
    """Person names in an author value: strings, Person items, @id references (JSON-LD graphs), lists."""
    if depth > 3:
        return []
    if isinstance(value, list):
        return [name for entry in value for name in _item_names(entry, index, depth + 1)]
    if isinstance(value, str):
        return byline_names(value)
    if not isinstance(value, dict):
        return []
    if set(value) <= {"@id", "@type"} and value.get("@id") in index:
        value = index[value["@id"]]
    if is_org(value):
        return []
    name = value.get("name")
    if name is None:
        parts = (value.get(key) for key in ("givenName", "additionalName", "familyName"))
        name = " ".join(part for part in parts if isinstance(part, str))
    return _item_names(name, index, depth + 1) if isinstance(name, str | list) else []


def pick_author(signals: PageSignals) -> str | None:
    """The first byline naming someone other than the site itself; the site's own name as a last resort."""
    site_keys = {name_key(site) for site in site_names(signals)}
    fallback: list[str] = []
    for _, names in author_candidates(signals):
        people = [name for name in names if name_key(name) not in site_keys]
        if people:
            return ", ".join(people)
        fallback = fallback or names
    return ", ".join(fallback) or None


# --- publication date ----------------------------------------------------------------------------------


def day(text: str) -> str | None:
    """A date or date-time string as YYYY-MM-DD, the day as written (no time-zone shift); None if none."""
    text = text.strip()
    parsed: date | None
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        parsed = _parse_date(text) if len(text) <= _MAX_DATE_CHARS else None
    if parsed is None or not _FIRST_YEAR <= parsed.year <= date.today().year + 1:
        return None
    return parsed.strftime("%Y-%m-%d")


def _parse_date(text: str) -> datetime | None:
    try:
        return dateparser.parse(text, settings=_DATEPARSER_SETTINGS)
    except (ValueError, OverflowError):  # dateparser's own bugs on odd strings
        return None


def date_candidates(signals: PageSignals) -> Iterator[Candidate]:
    """Declared publication dates (JSON-LD, microdata, meta tags), then trafilatura's (htmldate's) finding."""
    for source, items in (("jsonld", signals.jsonld), ("microdata", signals.microdata)):
        for item in main_items(items):
            if (text := first_text(item.get("datePublished"))) and (value := day(text)):
                yield Candidate(source, value)
                break
    for key in PUBLISHED_META:
        for text in signals.meta.get(key, ())[:1]:
            if value := day(text):
                yield Candidate(key, value)
    if signals.traf_date and (value := day(signals.traf_date)):
        yield Candidate("trafilatura", value)


def pick_published(signals: PageSignals) -> str | None:
    """htmldate's day, unless the page's own declarations say otherwise.

    Measured on the corpus, htmldate alone is right about 90% of the time and beats any single declaration;
    it loses when two independent declarations agree on another day, and when its day is later than every
    declared publication day (it picked up an update).
    """
    candidates = list(date_candidates(signals))
    found = next((c.value for c in candidates if c.source == "trafilatura"), None)
    declared = [c for c in candidates if c.source != "trafilatura"]
    if not declared:
        return None if found and is_copyright_year(found, signals) else found
    families: dict[str, set[str]] = {}
    for candidate in declared:
        families.setdefault(candidate.value, set()).add(_DATE_FAMILY.get(candidate.source, candidate.source))
    agreed = next((value for value, sources in families.items() if len(sources) >= 2), None)
    if agreed:
        return agreed
    if found is None or all(candidate.value < found for candidate in declared):
        return declared[0].value
    return found


def is_copyright_year(found: str, signals: PageSignals) -> bool:
    """htmldate's 1 January of a year the page only states in its copyright line: a footer, not a date.

    Left alone, every undated company page reads as published on 1 January, which dates its facts wrongly.
    """
    if not found.endswith("-01-01"):
        return False
    year = found[:4]
    text = " ".join(signals.visible_texts())
    return any(match.group(1) == year for match in COPYRIGHT_YEAR.finditer(text))


COPYRIGHT_YEAR = re.compile(r"(?:©|\(c\)|copyright)\s*(?:\d{4}\s*[-–]\s*)?(\d{4})", re.IGNORECASE)


# --- the rest ------------------------------------------------------------------------------------------


# "© 2026 Marisol Vega · Powered by WordPress", "Copyright (c) 2019-2026 Dana Okafor. All rights reserved."
_COPYRIGHT = re.compile(
    r"(?:©|\(c\)|\bcopyright\b)\s*(?:\(c\)|©)?\s*(?:(?:19|20)\d\d(?:\s*[-–]\s*(?:19|20)\d\d)?\s*)?(?:by\s+)?"
    r"(?P<holder>[^\W\d_][^·|•,;©\n]{1,79}?)\s*(?:$|[·|•,;]|\.\s|\.$|all rights reserved)",
    re.IGNORECASE,
)


def pick_copyright_holder(signals: PageSignals) -> str | None:
    """Who a page's copyright line names (its footer's "© 2026 Marisol Vega"), the last one on the page."""
    for text in reversed(signals.visible_texts()):
        found = _COPYRIGHT.search(text)
        if found:
            holder = found.group("holder").strip(" .")
            if holder and not re.fullmatch(r"[\d\s–-]+", holder):
                return holder
    return None


def pick_site_name(signals: PageSignals) -> str | None:
    return next(iter(site_names(signals)), None)


def pick_description(signals: PageSignals) -> str | None:
    for key in DESCRIPTION_META:
        if values := signals.meta.get(key):
            return values[0]
    return signals.traf_description


def normalise_lang(raw: str | None) -> str | None:
    """The primary language subtag: 'en-US' and 'en_GB' are 'en'."""
    if not raw:
        return None
    primary = re.split(r"[-_]", raw.strip())[0].lower()
    return primary if primary.isalpha() and 2 <= len(primary) <= 3 else None

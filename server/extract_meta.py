"""What a page says about itself (meta tags, JSON-LD, microdata, trafilatura), gathered as ranked candidates."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import dateparser
from lxml.etree import XPath
from lxml.html import HtmlElement

from server.extract_byline import byline_names, name_key, person_name, unique_names

# Meta keys per field, lower-cased (name=, property= or itemprop=), each list in our order of trust.
AUTHOR_META = (
    "author", "article:author", "og:article:author", "parsely-author", "sailthru.author", "byl", "dc.creator",
    "dcterms.creator", "citation_author", "cxenseparse:author", "bt:author", "byline",
)  # fmt: skip
# Fields that hold one name per tag, often written "Doe, Jane".
ONE_NAME_META = ("citation_author", "dc.creator", "dcterms.creator")
PUBLISHED_META = (
    "article:published_time", "og:article:published_time", "article:published", "datepublished",
    "citation_publication_date", "citation_date", "citation_online_date", "dc.date.issued", "dcterms.issued",
    "dc.date", "dcterms.date", "parsely-pub-date", "sailthru.date", "pubdate", "publishdate", "pub_date",
    "og:published_time", "cxenseparse:recs:publishtime", "date",
)  # fmt: skip
TITLE_META = ("og:title", "twitter:title", "citation_title", "dc.title", "parsely-title", "sailthru.title")
SITE_META = ("og:site_name", "application-name", "apple-mobile-web-app-title", "publisher", "dc.publisher")
DESCRIPTION_META = ("og:description", "description", "twitter:description", "dc.description")
_ARTICLE_TYPES = {
    "report",
    "review",
    "recipe",
    "creativework",
    "chapter",
    "book",
    "scholarlyarticle",
    "webpage",
}
_ORG_TYPES = ("organization", "newsmediaorganization", "corporation", "website", "brand", "localbusiness")
_DATEPARSER_SETTINGS = {
    "PARSERS": ["timestamp", "custom-formats", "absolute-time"],
    "REQUIRE_PARTS": ["day", "month", "year"],
    "RETURN_AS_TIMEZONE_AWARE": False,
}
_FIRST_DATE_YEAR = 1990
# Markup that names a page's author by definition: rel=author links, itemprop=author outside any item,
# hCard authors; last, elements classed as the byline (measured: right half the time, so a last resort).
BYLINE_MARKUP = (
    ("rel-author", XPath("//body//a[contains(concat(' ', normalize-space(@rel), ' '), ' author ')]")),
    ("itemprop-author", XPath("//body//*[@itemprop='author' and not(ancestor-or-self::*[@itemscope])]")),
    ("hcard-author", XPath("//body//*[contains(concat(' ', @class, ' '), ' author ')]//*[contains(concat(' ', @class, ' '), ' fn ')]")),
    ("byline-class", XPath("//body//*[contains(@class, 'byline') or contains(@class, 'Byline')]")),
)


@dataclass(frozen=True)
class Candidate:
    """One answer for one field, and where it came from (for measuring precedence)."""

    source: str
    value: str


@dataclass
class PageSignals:
    """Everything extraction knows about a page before choosing: meta tags, typed items, trafilatura's answers."""

    meta: dict[str, list[str]] = field(default_factory=dict)
    jsonld: list[dict[str, Any]] = field(default_factory=list)
    microdata: list[dict[str, Any]] = field(default_factory=list)
    title_tag: str | None = None
    h1: list[str] = field(default_factory=list)
    bylines: list[tuple[str, list[str]]] = field(default_factory=list)
    traf_title: str | None = None
    traf_author: str | None = None
    traf_date: str | None = None
    traf_site: str | None = None


def read_meta(tree: HtmlElement) -> dict[str, list[str]]:
    """<meta> contents by lower-cased name/property/itemprop, in page order, whitespace-normalised."""
    meta: dict[str, list[str]] = {}
    for element in tree.iter("meta"):
        content = " ".join((element.get("content") or "").split())
        if not content:
            continue
        for attribute in ("name", "property", "itemprop"):
            key = (element.get(attribute) or "").strip().lower()
            if key:
                meta.setdefault(key, []).append(content)
    return meta


def markup_bylines(tree: HtmlElement) -> list[tuple[str, list[str]]]:
    """Names in author markup as (source, names): the first match, with its siblings for multi-author bylines."""
    found = []
    for source, xpath in BYLINE_MARKUP:
        elements = xpath(tree)
        if not elements:
            continue
        first = elements[0]
        same_byline = [e for e in elements if e is first or e.getparent() is first.getparent()]
        names = [name for element in same_byline for name in byline_names(" ".join(element.itertext()))]
        if names:
            found.append((source, unique_names(names)))
    return found


def types_of(item: dict[str, Any]) -> list[str]:
    """An item's @type names, lower-cased, without any schema URL prefix."""
    raw = item.get("@type")
    values = raw if isinstance(raw, list) else [raw]
    return [str(value).rstrip("/").rsplit("/", 1)[-1].lower() for value in values if value]


def _is_article(item: dict[str, Any]) -> bool:
    return any(t.endswith(("article", "posting")) or t in _ARTICLE_TYPES for t in types_of(item))


def _is_org(value: Any) -> bool:
    return isinstance(value, dict) and any(t in _ORG_TYPES for t in types_of(value))


def main_items(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Items in the order their fields describe the page: article-like first, then the rest."""
    return [item for item in items if _is_article(item)] + [item for item in items if not _is_article(item)]


def _first_text(value: Any) -> str | None:
    if isinstance(value, str):
        return " ".join(value.split()) or None
    if isinstance(value, list):
        return next((text for text in map(_first_text, value) if text), None)
    if isinstance(value, dict):
        return _first_text(value.get("@value") or value.get("name"))
    return None


# --- title ---------------------------------------------------------------------------------------------


def title_candidates(signals: PageSignals) -> Iterator[Candidate]:
    """Every title the page offers, tagged with its source."""
    for item in main_items(signals.jsonld):
        if text := _first_text(item.get("headline")):
            yield Candidate("jsonld", text)
            break
    for key in TITLE_META:
        for value in signals.meta.get(key, ()):
            yield Candidate(key, value)
    if signals.traf_title:
        yield Candidate("trafilatura", signals.traf_title)
    if signals.title_tag:
        yield Candidate("title", signals.title_tag)
    if len(signals.h1) == 1:
        yield Candidate("h1", signals.h1[0])


# --- site name -----------------------------------------------------------------------------------------


def site_names(signals: PageSignals) -> list[str]:
    """Names the site or its publisher goes by: a byline equal to one of these names no person."""
    names = [value for key in SITE_META for value in signals.meta.get(key, ())]
    names += [handle.lstrip("@") for handle in signals.meta.get("twitter:site", ())]
    for item in signals.jsonld + signals.microdata:
        if _is_org(item) and (name := _first_text(item.get("name"))):
            names.append(name)
        if _is_org(item.get("publisher")) and (name := _first_text(item["publisher"].get("name"))):
            names.append(name)
    if signals.traf_site:
        names.append(signals.traf_site)
    return list(dict.fromkeys(names))


# --- author --------------------------------------------------------------------------------------------


def _item_names(value: Any, index: dict[str, dict[str, Any]], depth: int = 0) -> list[str]:
    """Person names in a JSON-LD/microdata author value: strings, Person dicts, @id references, lists."""
    if depth > 3:
        return []
    if isinstance(value, list):
        return [name for entry in value for name in _item_names(entry, index, depth + 1)]
    if isinstance(value, str):
        return byline_names(value)
    if not isinstance(value, dict):
        return []
    if set(value) <= {"@id", "@type"} and isinstance(value.get("@id"), str) and value["@id"] in index:
        value = index[value["@id"]]
    if _is_org(value):
        return []
    name = value.get("name")
    if name is None and (value.get("givenName") or value.get("familyName")):
        parts = (value.get(key) for key in ("givenName", "additionalName", "familyName"))
        name = " ".join(part for part in parts if isinstance(part, str))
    return _item_names(name, index, depth + 1) if isinstance(name, str | list) else []


def author_candidates(signals: PageSignals) -> Iterator[tuple[str, list[str]]]:
    """Every byline the page offers as (source, names), in the order measured best on the corpus."""
    for source, items in (("jsonld", signals.jsonld), ("microdata", signals.microdata)):
        if source == "microdata":
            yield from _meta_authors(signals.meta)
        index = {item["@id"]: item for item in items if isinstance(item.get("@id"), str)}
        for key in ("author", "creator"):
            for item in main_items(items):
                if key in item and (names := unique_names(_item_names(item[key], index))):
                    yield f"{source}-{key}", names
                    break
    markup = dict(signals.bylines)
    for source in ("rel-author", "itemprop-author", "hcard-author"):
        if source in markup:
            yield source, markup[source]
    if signals.traf_author:
        yield "trafilatura", byline_names(signals.traf_author.replace("; ", ", "))
    if "byline-class" in markup:
        yield "byline-class", markup["byline-class"]


def _meta_authors(meta: dict[str, list[str]]) -> Iterator[tuple[str, list[str]]]:
    for key in AUTHOR_META:
        values = meta.get(key, ())
        if key in ONE_NAME_META:
            names = [name for name in map(person_name, values) if name]
        else:
            names = [name for value in values for name in byline_names(value)]
        if names:
            yield key, unique_names(names)


def without_sites(names: list[str], sites: list[str]) -> list[str]:
    """Names that are not the site's or publisher's own name."""
    site_keys = {name_key(site) for site in sites}
    return [name for name in names if name_key(name) not in site_keys]


# --- published date ------------------------------------------------------------------------------------


def day(text: str) -> str | None:
    """A date/time string as YYYY-MM-DD, the day as written (no time-zone shift); None if it is no date."""
    text = text.strip()
    try:
        parsed: date | datetime | None = datetime.fromisoformat(
            text.replace(" ", "T", 1) if len(text) > 10 else text
        )
    except ValueError:
        parsed = dateparser.parse(text, settings=_DATEPARSER_SETTINGS) if len(text) <= 60 else None
    if parsed is None or not _FIRST_DATE_YEAR <= parsed.year <= date.today().year + 1:
        return None
    return parsed.strftime("%Y-%m-%d")


def date_candidates(signals: PageSignals) -> Iterator[Candidate]:
    """Every publication date the page offers, normalised to YYYY-MM-DD."""
    for source, items in (("jsonld", signals.jsonld), ("microdata", signals.microdata)):
        for item in main_items(items):
            if (text := _first_text(item.get("datePublished"))) and (value := day(text)):
                yield Candidate(source, value)
                break
    for key in PUBLISHED_META:
        for text in signals.meta.get(key, ())[:1]:
            if value := day(text):
                yield Candidate(key, value)
    if signals.traf_date and (value := day(signals.traf_date)):
        yield Candidate("trafilatura", value)


def normalise_lang(raw: str | None) -> str | None:
    """The primary language subtag: 'en-US' and 'en_GB' are 'en'."""
    if not raw:
        return None
    primary = re.split(r"[-_]", raw.strip())[0].lower()
    return primary if primary.isalpha() and 2 <= len(primary) <= 3 else None

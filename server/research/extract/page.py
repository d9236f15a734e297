"""The extract stage: one HTML document and its URL in, one Page out; pure, and never fails on messy HTML."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import cache

import htmldate.extractors
from dateparser import DateDataParser
from lxml.html import HtmlElement
from trafilatura import bare_extraction, extract_metadata
from trafilatura.external import jt_stoplist_init
from trafilatura.settings import MANUALLY_CLEANED, Document
from trafilatura.utils import load_html

from server.models import Link, Page
from server.research.extract.fields import (
    normalise_lang,
    pick_author,
    pick_copyright_holder,
    pick_description,
    pick_published,
    pick_site_name,
    pick_title,
)
from server.research.extract.links import canonical_link, document_base, page_links
from server.research.extract.signals import (
    PageSignals,
    heading_spans,
    markup_bylines,
    read_meta,
    visible_texts,
)
from server.research.extract.structured import jsonld_items, microdata_items, opengraph_items
from server.text.languages import SUPPORTED, reading_language

log = logging.getLogger(__name__)

MAX_LINES = 3000  # visible lines kept per page: a team page has hundreds, a bloated one many thousands

# trafilatura deletes <time> elements with their words, and with them the date a talk list or an event page
# states ("RoboCon 2026, Boston · 18 Apr 2026"). Its cleaning list is documented as the place to change
# that; dates themselves come from htmldate, which reads the page apart from this list.
if "time" in MANUALLY_CLEANED:
    MANUALLY_CLEANED.remove("time")


@dataclass(frozen=True)
class Parsed:
    """A page's HTML parsed once: the tree every extractor shares, the base its links resolve against, and
    its links (which the crawl may fetch while the rest of the page is read)."""

    tree: HtmlElement
    base: str
    links: list[Link]


def parse_page(html: str, url: str) -> Parsed | None:
    """The parsed page, None when there is no document to parse."""
    tree = parse_html(html)
    if tree is None:
        return None
    base = document_base(tree, url)
    return Parsed(tree, base, page_links(tree, base))


def extract_page(html: str, url: str) -> Page:
    """Main text, metadata, links and structured data of one page."""
    return extract_parsed(parse_page(html, url), url)


def extract_parsed(parsed: Parsed | None, url: str) -> Page:
    """extract_page on a page already parsed."""
    if parsed is None:
        return Page(url=url)
    tree, base, links = parsed.tree, parsed.base, parsed.links
    jsonld, microdata = jsonld_items(tree, url), microdata_items(tree, base, url)
    doc = run_trafilatura(tree, url)
    signals = page_signals(tree, doc, jsonld, microdata)
    text = (doc.text if doc is not None else None) or ""
    return Page(
        url=url,
        title=pick_title(signals),
        author=pick_author(signals),
        published=pick_published(signals),
        site_name=pick_site_name(signals),
        description=pick_description(signals),
        copyright_holder=pick_copyright_holder(signals),
        lang=reading_language(stated_lang(tree, signals), text),
        text=text,
        lines=signals.visible_texts()[:MAX_LINES],
        headings=heading_spans(tree, MAX_LINES),
        links=links,
        canonical=canonical_link(tree, base),
        structured=jsonld + microdata + opengraph_items(tree, base, url),
    )


def stated_lang(tree: HtmlElement, signals: PageSignals) -> str | None:
    """The language the page says it is in: <html lang>, then Content-Language, then og:locale."""
    meta = signals.meta
    # Content-Language is an http-equiv <meta>, which read_meta (names and properties) leaves out.
    equiv = [
        element.get("content") or ""
        for element in tree.iter("meta")
        if (element.get("http-equiv") or "").strip().lower() == "content-language"
    ]
    for raw in (tree.get("lang"), *equiv, *meta.get("content-language", ()), *meta.get("og:locale", ())):
        lang = normalise_lang(raw)
        if lang:
            return lang
    return None


def parse_html(html: str) -> HtmlElement | None:
    """The one lxml tree every extractor shares; a fragment gets a document around it; None when empty."""
    if not html or not html.strip():
        return None
    tree = load_html(html)
    if tree is None:  # trafilatura refuses input that does not look like a document
        tree = load_html(f"<html><body>{html}</body></html>")
    return tree


def run_trafilatura(tree: HtmlElement, url: str) -> Document | None:
    """trafilatura's main text and metadata; metadata alone when the page has no main text."""
    try:
        doc = bare_extraction(tree, url=url or None, with_metadata=True, include_comments=False)
        # trafilatura drops a page without main text, metadata and all.
        return doc if doc is not None else extract_metadata(tree, url or None)
    # A third-party parser on arbitrary markup: its bug may cost this page its text, never the caller its run.
    except Exception as exc:
        log.warning("trafilatura failed on %s: %s", url, exc)
        return None


def page_signals(
    tree: HtmlElement, doc: Document | None, jsonld: list[dict], microdata: list[dict]
) -> PageSignals:
    """Everything the field rules choose from."""
    title = tree.find(".//title")
    return PageSignals(
        meta=read_meta(tree),
        jsonld=jsonld,
        microdata=microdata,
        title_tag=(" ".join(title.text_content().split()) or None) if title is not None else None,
        bylines=markup_bylines(tree),
        traf_title=doc.title if doc is not None else None,
        traf_author=doc.author if doc is not None else None,
        traf_date=doc.date if doc is not None else None,
        traf_site=doc.sitename if doc is not None else None,
        traf_description=doc.description if doc is not None else None,
        visible_texts=cache(lambda: visible_texts(tree)),
    )


@cache
def _external_date_parser() -> DateDataParser:
    """htmldate's fallback date parser, for the languages research reads.

    htmldate falls back to dateparser for date-like text its own patterns miss, with a parser that tries
    every one of dateparser's two hundred locales on each string: about 25 ms a string, a quarter of a
    run's CPU. Research reads six languages, so htmldate gets the same parser (its own settings) for those;
    measured on the corpus, dates are found as before (bench/extraction.py).
    """
    settings = {
        "NORMALIZE": True,
        "PARSERS": ["custom-formats", "absolute-time"],
        "PREFER_DATES_FROM": "past",
        "PREFER_LOCALE_DATE_ORDER": True,
        "RETURN_AS_TIMEZONE_AWARE": False,
        "STRICT_PARSING": True,
    }
    return DateDataParser(languages=list(SUPPORTED), settings=settings)


# htmldate looks its parser up by this module-level name on every call.
htmldate.extractors.get_external_parser = _external_date_parser


def warm_up() -> None:
    """Load dateparser's language data and jusText's stop lists now (about two seconds, once per process), not
    in a user's run: htmldate's first call of its fallback date parser loads the locales it reads."""
    _external_date_parser().get_date_data("Registrations open 12 June")
    # trafilatura's fallback to jusText builds one stop list of every language on its first use.
    jt_stoplist_init()

"""The extract stage: one HTML document and its URL in, one Page out; pure, and never fails on messy HTML."""

from __future__ import annotations

import logging

from lxml.etree import XPath
from lxml.html import HtmlElement
from trafilatura import bare_extraction, extract_metadata
from trafilatura.settings import Document
from trafilatura.utils import load_html

from server.extract_byline import page_spelling
from server.extract_links import document_base, page_links
from server.extract_meta import (
    DESCRIPTION_META,
    PageSignals,
    author_candidates,
    date_candidates,
    markup_bylines,
    normalise_lang,
    read_meta,
    site_names,
    title_candidates,
    without_sites,
)
from server.extract_structured import jsonld_items, microdata_items, opengraph_items
from server.models import Page

log = logging.getLogger(__name__)

_VISIBLE_TEXT = XPath("//body//text()[not(ancestor::script or ancestor::style or ancestor::noscript)]")


def extract_page(html: str, url: str) -> Page:
    """Main text, metadata, links and structured data of one page."""
    tree = parse_html(html)
    if tree is None:
        return Page(url=url)
    base = document_base(tree, url)
    jsonld, microdata = jsonld_items(tree, url), microdata_items(tree, base, url)
    structured = jsonld + microdata + opengraph_items(tree, base, url)
    links = page_links(tree, base)
    doc = run_trafilatura(tree, url)
    signals = page_signals(tree, doc, jsonld, microdata)
    return Page(
        url=url,
        title=pick_title(signals),
        author=pick_author(signals, tree),
        published=pick_published(signals),
        site_name=pick_site_name(signals),
        description=pick_description(signals, doc),
        lang=normalise_lang(tree.get("lang") or next(iter(signals.meta.get("content-language", ())), None)),
        text=(doc.text if doc is not None else None) or "",
        links=links,
        structured=structured,
    )


def parse_html(html: str) -> HtmlElement | None:
    """One lxml tree shared by every extractor; fragments get a document around them; None when empty."""
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
        # trafilatura drops a page with no main text, metadata and all.
        return doc if doc is not None else extract_metadata(tree, url or None)
    # A third-party parser on arbitrary markup: its bug must cost us this page's text, not the run.
    except Exception as exc:
        log.warning("trafilatura failed on %s: %s", url, exc)
        return None


def page_signals(
    tree: HtmlElement, doc: Document | None, jsonld: list[dict], microdata: list[dict]
) -> PageSignals:
    """Gather what every field's precedence chooses from."""
    title = tree.find(".//title")
    h1 = [" ".join(element.text_content().split()) for element in tree.iter("h1")]
    return PageSignals(
        meta=read_meta(tree),
        jsonld=jsonld,
        microdata=microdata,
        title_tag=" ".join(title.text_content().split()) or None if title is not None else None,
        h1=[text for text in h1 if text],
        bylines=markup_bylines(tree),
        traf_title=doc.title if doc is not None else None,
        traf_author=doc.author if doc is not None else None,
        traf_date=doc.date if doc is not None else None,
        traf_site=doc.sitename if doc is not None else None,
    )


def pick_title(signals: PageSignals) -> str | None:
    return next((candidate.value for candidate in title_candidates(signals)), None)


def pick_author(signals: PageSignals, tree: HtmlElement) -> str | None:
    """The first source naming someone other than the site itself; the site's own name only as a last resort."""
    sites = site_names(signals)
    fallback: list[str] = []
    for source, names in author_candidates(signals):
        if source == "trafilatura":
            names = respelled(names, tree)
        people = without_sites(names, sites)
        if people:
            return ", ".join(people)
        fallback = fallback or names
    return ", ".join(fallback) or None


def respelled(names: list[str], tree: HtmlElement) -> list[str]:
    """trafilatura strips punctuation from names ('R C Baker'); take the page's own spelling back."""
    texts = [" ".join(text.split()) for text in _VISIBLE_TEXT(tree)]
    return [page_spelling(name, texts) or name for name in names]


def pick_published(signals: PageSignals) -> str | None:
    return next((candidate.value for candidate in date_candidates(signals)), None)


def pick_site_name(signals: PageSignals) -> str | None:
    return next(iter(site_names(signals)), None)


def pick_description(signals: PageSignals, doc: Document | None) -> str | None:
    for key in DESCRIPTION_META:
        if values := signals.meta.get(key):
            return values[0]
    return doc.description if doc is not None else None

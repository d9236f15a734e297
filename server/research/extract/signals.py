"""What a page says about itself (meta tags, typed items, author markup), gathered before choosing."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from lxml.etree import XPath
from lxml.html import HtmlElement

from server.models import Heading
from server.research.extract.byline import byline_names, unique_names
from server.text.schema_org import first_text, types_of

SITE_META = ("og:site_name", "application-name", "apple-mobile-web-app-title", "publisher", "dc.publisher")
# Markup that names a page's author by definition: rel=author links, itemprop=author outside any item, hCard
# authors; last, elements classed as the byline (measured: right only half the time, so a last resort).
_CLASS_AUTHOR_FN = (
    "//body//*[contains(concat(' ', @class, ' '), ' author ')]//*[contains(concat(' ', @class, ' '), ' fn ')]"
)
BYLINE_MARKUP = (
    ("rel-author", XPath("//body//a[contains(concat(' ', normalize-space(@rel), ' '), ' author ')]")),
    ("itemprop-author", XPath("//body//*[@itemprop='author' and not(ancestor-or-self::*[@itemscope])]")),
    ("hcard-author", XPath(_CLASS_AUTHOR_FN)),
    ("byline-class", XPath("//body//*[contains(@class, 'byline') or contains(@class, 'Byline')]")),
)
_VISIBLE_TEXT = XPath("//body//text()[not(ancestor::script or ancestor::style or ancestor::noscript)]")
_ARTICLE_TYPES = {
    "report", "review", "recipe", "creativework", "chapter", "book", "scholarlyarticle", "webpage",
}  # fmt: skip
_ORG_TYPES = {
    "organization", "newsmediaorganization", "corporation", "website", "brand", "localbusiness",
}  # fmt: skip


@dataclass
class PageSignals:
    """What the field rules choose from: meta tags, typed items, markup bylines, trafilatura's answers."""

    meta: dict[str, list[str]] = field(default_factory=dict)
    jsonld: list[dict[str, Any]] = field(default_factory=list)
    microdata: list[dict[str, Any]] = field(default_factory=list)
    title_tag: str | None = None
    bylines: list[tuple[str, list[str]]] = field(default_factory=list)
    traf_title: str | None = None
    traf_author: str | None = None
    traf_date: str | None = None
    traf_site: str | None = None
    traf_description: str | None = None
    # The page's visible text nodes, read only when a name needs its page spelling back.
    visible_texts: Callable[[], list[str]] = list


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
    """Names in author markup as (source, names): the first match and its siblings (multi-author bylines)."""
    found = []
    for source, xpath in BYLINE_MARKUP:
        elements = xpath(tree)
        if not elements:
            continue
        parent = elements[0].getparent()
        same_byline = [element for element in elements if element.getparent() is parent]
        names = [name for element in same_byline for name in byline_names(" ".join(element.itertext()))]
        if names:
            found.append((source, unique_names(names)))
    return found


def visible_texts(tree: HtmlElement) -> list[str]:
    """The page's text nodes outside scripts and styles, whitespace-normalised."""
    return [text for text in (" ".join(node.split()) for node in _VISIBLE_TEXT(tree)) if text]


_LEVELS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}


def heading_spans(tree: HtmlElement, limit: int) -> list[Heading]:
    """Which of visible_texts' first `limit` lines are headings, one span per heading element."""
    spans: list[Heading] = []
    last: HtmlElement | None = None
    index = 0
    for node in _VISIBLE_TEXT(tree):
        if index >= limit:
            break
        if not node.strip():
            continue
        element = node.getparent()
        if element is not None and node.is_tail:  # text after an element belongs to that element's parent
            element = element.getparent()
        heading = next((e for e in _self_and_up(element) if e.tag in _LEVELS), None)
        if heading is not None and heading is last and spans and spans[-1].end == index:
            spans[-1] = spans[-1].model_copy(update={"end": index + 1})
        elif heading is not None:
            spans.append(Heading(start=index, end=index + 1, level=_LEVELS[heading.tag]))
        last = heading
        index += 1
    return spans


def _self_and_up(element: HtmlElement | None) -> Iterator[HtmlElement]:
    while element is not None and element.tag != "body":
        yield element
        element = element.getparent()


def kinds_of(item: Any) -> set[str]:
    """An item's schema.org types, lower-cased, to compare with the sets above."""
    return {kind.lower() for kind in types_of(item)}


def is_org(item: Any) -> bool:
    """Whether a typed item is an organisation or a site rather than a person."""
    return any(kind in _ORG_TYPES for kind in kinds_of(item))


def main_items(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Items in the order their fields describe the page: article-like first, then the rest."""

    def is_article(item: dict[str, Any]) -> bool:
        return any(kind.endswith(("article", "posting")) or kind in _ARTICLE_TYPES for kind in kinds_of(item))

    return [item for item in items if is_article(item)] + [item for item in items if not is_article(item)]


def site_names(signals: PageSignals) -> list[str]:
    """Names the site and its publisher go by; a byline equal to one of them names no person."""
    names = [value for key in SITE_META for value in signals.meta.get(key, ())]
    names += [handle.lstrip("@") for handle in signals.meta.get("twitter:site", ())]
    for item in signals.jsonld + signals.microdata:
        if is_org(item) and (name := first_text(item.get("name"))):
            names.append(name)
        publisher = item.get("publisher")
        if is_org(publisher) and (name := first_text(publisher.get("name"))):
            names.append(name)
    if signals.traf_site:
        names.append(signals.traf_site)
    return list(dict.fromkeys(names))

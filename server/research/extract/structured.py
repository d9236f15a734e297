"""JSON-LD, microdata and OpenGraph items of a parsed page (extruct), one flat dict per item."""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterable, Iterator
from typing import Any

import extruct
from extruct.jsonld import JsonLdExtractor
from lxml.html import HtmlElement

log = logging.getLogger(__name__)

_JSONLD = JsonLdExtractor()
_CDATA = re.compile(r"^\s*(?://\s*)?<!\[CDATA\[|(?://\s*)?\]\]>\s*$")


def jsonld_items(tree: HtmlElement, url: str) -> list[dict[str, Any]]:
    """The page's JSON-LD items, @graph flattened so each is one typed dict."""
    return list(_flatten(_jsonld(tree, url)))


def microdata_items(tree: HtmlElement, base_url: str, url: str) -> list[dict[str, Any]]:
    """The page's top-level microdata items (nested items stay inside their parent)."""
    return list(_flatten(_extruct(tree, base_url, "microdata", url)))


def opengraph_items(tree: HtmlElement, base_url: str, url: str) -> list[dict[str, Any]]:
    """The page's OpenGraph object; without og:type it is a website, as OpenGraph says."""
    return list(_flatten(_extruct(tree, base_url, "opengraph", url)))


def _jsonld(tree: HtmlElement, url: str) -> Iterator[Any]:
    # One script at a time, so one broken block does not cost the page its other blocks.
    for script in tree.iter("script"):
        if " ".join((script.get("type") or "").lower().split()) != "application/ld+json":
            continue
        try:
            yield from _JSONLD.extract_items(script)
        except (ValueError, RecursionError):
            yield from _salvage(script.text_content(), url)


def _salvage(text: str, url: str) -> list[Any]:
    """JSON-LD that extruct refuses for the usual slips: CDATA around it, a trailing ';', no list brackets."""
    text = _CDATA.sub("", text.strip()).strip().rstrip(";")
    for candidate in (text, f"[{text}]"):
        try:
            data = json.loads(candidate, strict=False)
        except (ValueError, RecursionError):
            continue
        return data if isinstance(data, list) else [data]
    log.info("unreadable JSON-LD block on %s", url)
    return []


def _extruct(tree: HtmlElement, base_url: str, syntax: str, url: str) -> list[Any]:
    try:
        return extruct.extract(tree, base_url=base_url or None, syntaxes=[syntax], uniform=True)[syntax]
    # extruct walks whatever markup the page has; a page's bad markup must not fail the whole extraction.
    except Exception as exc:
        log.info("extruct %s failed on %s: %s", syntax, url, exc)
        return []


def _flatten(items: Iterable[Any]) -> Iterator[dict[str, Any]]:
    for item in items:
        if isinstance(item, list):
            yield from _flatten(item)
            continue
        if not isinstance(item, dict):
            continue
        graph = item.get("@graph")
        if graph is not None:
            context = item.get("@context")
            nodes = graph if isinstance(graph, list) else [graph]
            yield from _flatten(
                {"@context": context, **node} if isinstance(node, dict) and context else node
                for node in nodes
            )
            item = {key: value for key, value in item.items() if key != "@graph"}
        if item.get("@type"):
            yield item
        elif isinstance(item.get("@context"), dict) and any(str(k).startswith("og:") for k in item):
            # OpenGraph's default type (ogp.me: a page without og:type is a website).
            yield {"@type": "website", **item}

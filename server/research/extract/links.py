"""The links of a parsed page: absolute http(s) URLs with their text, in page order, once each."""

from __future__ import annotations

from urllib.parse import urldefrag, urljoin, urlsplit

from lxml.html import HtmlElement

from server.models import Link


def document_base(tree: HtmlElement, url: str) -> str:
    """The URL relative links resolve against: the first <base href>, resolved against the page URL."""
    for base in tree.iter("base"):
        href = (base.get("href") or "").strip()
        if not href:
            continue
        try:
            resolved = urljoin(url, href)
            # As browsers do: a base that is no web URL (javascript:, data:, malformed) is ignored.
            return resolved if urlsplit(resolved).scheme in ("http", "https") else url
        except ValueError:
            return url
    return url


def page_links(tree: HtmlElement, base: str) -> list[Link]:
    """Every <a>/<area> link to an http(s) page; fragments dropped, first text kept unless it was empty."""
    links: dict[str, Link] = {}
    for anchor in tree.iter("a", "area"):
        href = (anchor.get("href") or "").strip()
        if not href:
            continue
        try:
            absolute = urldefrag(urljoin(base, href)).url
            parts = urlsplit(absolute)
        except ValueError:  # e.g. a malformed IPv6 host
            continue
        if parts.scheme not in ("http", "https") or not parts.hostname:
            continue
        text = " ".join((anchor.text_content() if anchor.tag == "a" else anchor.get("alt") or "").split())
        if absolute not in links or (text and not links[absolute].text):
            links[absolute] = Link(url=absolute, text=text)
    return list(links.values())

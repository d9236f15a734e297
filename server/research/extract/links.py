"""The links of a parsed page: absolute http(s) URLs with their text, in page order, once each."""

from __future__ import annotations

import re
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


# Where a site puts what it repeats on every page: HTML5's landmarks, their ARIA roles, and the class names
# themes give them. A header or footer inside an article or main is that article's own (its title, its tags).
_CHROME_TAGS = {"nav", "header", "footer"}
_CHROME_ROLES = {"navigation", "banner", "contentinfo", "menubar", "menu"}
_CHROME_CLASS = re.compile(
    r"(?i)(?:^|[\s_-])(?:nav|navbar|navigation|menu|topbar|breadcrumbs?|site-header|site-footer)(?:$|[\s_-])"
)
_SECTIONING = {"article", "main"}


def _in_chrome(anchor: HtmlElement) -> bool:
    marked = False
    for element in anchor.iterancestors():
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag in _SECTIONING or element.get("role") == "main":
            return False
        marked = marked or (
            tag in _CHROME_TAGS
            or element.get("role") in _CHROME_ROLES
            or bool(_CHROME_CLASS.search(f"{element.get('class') or ''} {element.get('id') or ''}"))
        )
    return marked


def page_links(tree: HtmlElement, base: str) -> list[Link]:
    """Every <a>/<area> link to an http(s) page; fragments dropped, first text kept unless it was empty; a
    link is chrome when every one of its anchors is in the site's navigation, header or footer."""
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
        chrome = _in_chrome(anchor) and (absolute not in links or links[absolute].chrome)
        if absolute not in links or (text and not links[absolute].text):
            links[absolute] = Link(url=absolute, text=text, chrome=chrome)
        elif links[absolute].chrome != chrome:
            links[absolute] = links[absolute].model_copy(update={"chrome": chrome})
    return list(links.values())


def canonical_link(tree: HtmlElement, base: str) -> str | None:
    """The address the page gives itself (the first <link rel="canonical">), absolute; None without one."""
    for element in tree.iter("link"):
        href = (element.get("href") or "").strip()
        if href and "canonical" in (element.get("rel") or "").lower().split():
            try:
                absolute = urldefrag(urljoin(base, href)).url
            except ValueError:
                return None
            return absolute if urlsplit(absolute).scheme in ("http", "https") else None
    return None

"""Hosts and sites of URLs, as research compares them."""

from __future__ import annotations

import re
from urllib.parse import urlsplit, urlunsplit

# A site's front page under the names servers give it: /, /index.html, /default.aspx, /home.
_ROOT_PATH = re.compile(r"/?(?:(?:index|default|home)(?:\.[a-z]{2,5})?)?", re.IGNORECASE)


def host_of(url: str) -> str:
    """The URL's host, lower case, without a trailing dot or a leading "www." (www.x.com is x.com)."""
    try:
        host = (urlsplit(url).hostname or "").lower().rstrip(".")
    except ValueError:  # an unbalanced IPv6 bracket: no host a site could be compared with
        return ""
    return host[4:] if host.startswith("www.") else host


def on_site(host: str, site: str) -> bool:
    """Whether `host` is `site` or one of its subdomains."""
    site = site.lower().removeprefix("www.")
    return bool(site) and (host == site or host.endswith("." + site))


def is_site_root(url: str) -> bool:
    """Whether a URL is a site's front page (its path empty, "/", or an index file)."""
    try:
        return bool(_ROOT_PATH.fullmatch(urlsplit(url).path))
    except ValueError:
        return False


# The page a site keeps to say who is behind it, in the languages Rapport reads.
_ABOUT_PATH = re.compile(
    r"(?i)/(?:about|about-me|about-us|bio|ueber-mich|uber-mich|über-mich|a-propos|qui-suis-je|over-mij|"
    r"over-ons|sobre-mi|chi-sono)(?:/|/index\.html?|\.html?)?"
)


def is_about_page(url: str) -> bool:
    """Whether a URL is a site's front page or its about page: the pages that say whose the site is."""
    try:
        return is_site_root(url) or bool(_ABOUT_PATH.fullmatch(urlsplit(url).path))
    except ValueError:
        return False


# Query parameters that say where a visitor came from, never which page: campaign tags (utm_*), ad-click ids,
# newsletter and CRM trackers.
_TRACKING = re.compile(
    r"(?i)^(?:utm_\w+|gclid|dclid|gbraid|wbraid|fbclid|msclkid|yclid|twclid|igshid|mc_cid|mc_eid|_hsenc|_hsmi"
    r"|mkt_tok|_ga|_gl|ref_src|oly_anon_id|oly_enc_id|vero_id|wickedid|s_cid)$"
)


def without_tracking(url: str) -> str:
    """The URL without the query parameters that only track a visit (`?utm_source=newsletter`)."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    if not parts.query:
        return url
    kept = [pair for pair in parts.query.split("&") if not _TRACKING.match(pair.split("=", 1)[0])]
    return urlunsplit(parts._replace(query="&".join(kept)))

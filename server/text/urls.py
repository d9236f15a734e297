"""Hosts and sites of URLs, as research compares them."""

from __future__ import annotations

from urllib.parse import urlsplit


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

"""The URL to request: what a page or a user wrote, read as browsers read it, or FetchError saying why not."""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

import httpx

from server.research.fetch.addresses import parse_ip
from server.research.fetch.errors import FetchError
from server.research.fetch.guard import SCHEMES


def prepare_url(url: str) -> httpx.URL:
    """The URL to request: absolute http(s), a legacy IPv4 host (0x7f.1) spelled as browsers read it."""
    try:
        parts = urlsplit(url.strip())
        hostname = parts.hostname
        port = parts.port
    except ValueError as exc:
        raise FetchError("failed", url, f"invalid URL ({exc})") from exc
    if parts.scheme and parts.scheme not in SCHEMES:
        raise FetchError("blocked", url, f"refused: only http and https URLs are fetched, not {parts.scheme}")
    if not parts.scheme or not hostname:
        raise FetchError("failed", url, "not an absolute http(s) URL")
    literal = parse_ip(hostname)
    if isinstance(literal, ipaddress.IPv4Address) and hostname != str(literal):
        # httpx would reject 0177.0.0.1 and pass 2130706433 on as a name; both mean this address.
        userinfo = parts.netloc.rpartition("@")[0]
        hostport = str(literal) if port is None else f"{literal}:{port}"
        netloc = f"{userinfo}@{hostport}" if userinfo else hostport
        parts = parts._replace(netloc=netloc)
    try:
        prepared = httpx.URL(parts.geturl())
        # Reading the host decodes it (IDNA): a malformed name (xn--zz) fails here, not in mid-fetch.
        host = prepared.host
    except (httpx.InvalidURL, UnicodeError) as exc:
        raise FetchError("failed", url, f"invalid URL ({exc})") from exc
    if not host:
        raise FetchError("failed", url, "not an absolute http(s) URL")
    return prepared

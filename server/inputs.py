"""How input is checked at the edge, before it becomes typed data (server.models): web addresses, email
addresses, and the control characters no name or context ever needs."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from pydantic_core import PydanticCustomError

EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
# Control characters (C0 but tab and newline, DEL, C1): a terminal obeys them (ESC starts an escape
# sequence), NUL cuts C strings. Names and context reach terminals and logs; they never need these.
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def without_controls(text: str) -> str:
    """The text without control characters; tabs and line breaks stay (\r\n and \r become \n)."""
    return CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def check_web_url(value: str) -> str:
    """Accept only http(s) URLs with a host: javascript:, file:, data: or ftp: URLs are never read. A port out
    of range or not a number (https://site:99999/) is a typo to tell the user now, not a run failed later."""
    url = value.strip()
    shown = repr(value[:200])
    try:
        parts = urlsplit(url)
        ok = parts.scheme.lower() in ("http", "https") and bool(parts.hostname) and parts.port != 0
    except ValueError as exc:  # reading the port, or an unbalanced IPv6 bracket
        raise PydanticCustomError(
            "web_url", "{url} is not a valid URL ({problem})", {"url": shown, "problem": str(exc)}
        ) from None
    if not ok:
        raise PydanticCustomError("web_url", "{url} is not an http(s) URL with a host", {"url": shown})
    return url

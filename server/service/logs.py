"""The server's log: one line per record, and web addresses in it cut to scheme, host and path.

A query string or a fragment may carry a token, a session or whom a link was sent to; a user:password
part a password. Every record passes through here, whichever module logged it (fetch, extract, crawl).
"""

from __future__ import annotations

import logging
import re
from urllib.parse import urlsplit, urlunsplit

FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
URL = re.compile(r"\b[a-zA-Z][a-zA-Z0-9+.-]*://[^\s'\"<>]+")


def configure_logging(level: int = logging.INFO) -> None:
    """Log to stderr, every handler's records with their addresses cut."""
    logging.basicConfig(level=level, format=FORMAT)
    # Alembic tells every start how it connects; storage logs the one line that matters (an upgrade).
    logging.getLogger("alembic").setLevel(max(level, logging.WARNING))
    for handler in logging.getLogger().handlers:
        handler.addFilter(without_url_queries)


def without_url_queries(record: logging.LogRecord) -> bool:
    """Rewrite the record's message with every URL cut to scheme, host and path; always keeps the record."""
    message = record.getMessage()
    cut = URL.sub(lambda match: url_without_query(match.group()), message)
    if cut != message:
        record.msg, record.args = cut, None
    return True


def url_without_query(url: str) -> str:
    """scheme://host[:port]/path of a URL, without user info, query or fragment."""
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        port = f":{parts.port}" if parts.port else ""
    except ValueError:  # a malformed port or host: say only that there was an address
        return "<url>"
    if ":" in host:
        host = f"[{host}]"
    return urlunsplit((parts.scheme, host + port, parts.path, "", ""))

"""Pages read under a second address: "/" and "/index.html", a listing's "?track=ops" view showing the same.
A page is told by what it says (its title and main text; the whole HTML when its main text is short), or by
its own address: where it was read, but for tracking parameters, or the canonical address it gives itself
when that differs only by the query (a filtered view of a programme is the programme). It keeps the first
address research recorded it under, so which one counts does not depend on timing."""

from __future__ import annotations

import hashlib
from urllib.parse import urlsplit

from server.models import Page, Source
from server.research.discover import normalize_url
from server.research.read_ahead import Reading
from server.text.urls import host_of

_TWIN_TEXT = 200  # main text long enough to tell a page by


def own_address(page: Page, url: str) -> str:
    """The page's one spelling: its canonical address when only the query sets the two apart (never on a
    site's front page, whose queries are its posts: "/?p=123"), else where it was read."""
    canonical = page.canonical or ""
    here, there = urlsplit(url), urlsplit(canonical)
    same_page = host_of(url) == host_of(canonical) and here.path.rstrip("/") == there.path.rstrip("/")
    if canonical and same_page and here.query and here.path.strip("/"):
        return normalize_url(canonical)
    return normalize_url(url)


class Twins:
    def __init__(self) -> None:
        self._read_as: dict[str, str] = {}

    def first_address(self, reading: Reading) -> str | None:
        """The address the same page was recorded under before this one, if any."""
        page, url = reading.page, reading.response.final_url
        body = page.text if len(page.text) >= _TWIN_TEXT else reading.response.text
        keys = (hashlib.sha256(f"{page.title}\n{body}".encode()).hexdigest(), own_address(page, url))
        first = next((self._read_as[key] for key in keys if self._read_as.get(key, url) != url), None)
        for key in keys:
            self._read_as.setdefault(key, first or url)
        return first

    def skipped(self, reading: Reading) -> Source | None:
        """The source of a page already recorded under another address; None when it is new."""
        first = self.first_address(reading)
        if first is None:
            return None
        url, title = reading.response.final_url, reading.page.title
        return Source(url=url, title=title, status="skipped", reason=f"the same page as {first}")

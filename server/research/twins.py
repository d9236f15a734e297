"""One page under two addresses ('/' and '/index.html', a listing's '?track=ops' view that shows the same):
told apart by what it says, so that research records it once."""

from __future__ import annotations

import hashlib

from server.research.read_ahead import Reading

_TWIN_TEXT = 200  # main text long enough to tell a page by; shorter, the whole HTML tells it


class Twins:
    """Each page read, by what it says (its title and main text), with the first address it was read at."""

    def __init__(self) -> None:
        self._read_as: dict[str, str] = {}

    def first_address(self, reading: Reading) -> str | None:
        """The address the page was first read at, when that is another one; None for a page new here."""
        page, url = reading.page, reading.response.final_url
        body = page.text if len(page.text) >= _TWIN_TEXT else reading.response.text
        key = hashlib.sha256(f"{page.title}\n{body}".encode()).hexdigest()
        first = self._read_as.setdefault(key, url)
        return None if first == url else first

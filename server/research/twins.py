"""Pages read under a second address: "/" and "/index.html", a listing's "?track=ops" view showing the same.
A page is told by what it says (its title and main text; the whole HTML when its main text is short), and
keeps the first address research recorded it under, so which one counts does not depend on timing."""

from __future__ import annotations

import hashlib

from server.research.read_ahead import Reading

_TWIN_TEXT = 200  # main text long enough to tell a page by


class Twins:
    def __init__(self) -> None:
        self._read_as: dict[str, str] = {}

    def first_address(self, reading: Reading) -> str | None:
        """The address the same page was recorded under before this one, if any."""
        page, url = reading.page, reading.response.final_url
        body = page.text if len(page.text) >= _TWIN_TEXT else reading.response.text
        key = hashlib.sha256(f"{page.title}\n{body}".encode()).hexdigest()
        first = self._read_as.setdefault(key, url)
        return None if first == url else first

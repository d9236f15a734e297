"""The date of each teaser on a listing page (a news index, an insights page, a blog's front page): each
item's own date line, not the page's date.

Main-text extraction may regroup an index's lines (every date first, then every headline), so items are read
from the page's visible lines in document order. An item is a heading with its date line, which a site puts
either just before the heading ("11 September 2026 · Speaking" / "Keynote at ...") or just after it; which one
is told by where most date lines stand. Without headings a date line starts its item.
"""

from __future__ import annotations

import re

from server.models import Heading
from server.research.facts.patterns import is_date_line
from server.text.dates import first_date
from server.text.names import fold


def line_dates(lines: list[str], headings: list[Heading], lang: str | None) -> list[str | None]:
    """For each visible line, the date of the teaser it belongs to; all None unless two or more lines of the
    page are dated teasers' date lines."""
    dated = {i: when for i, line in enumerate(lines) if (when := _date_of(line, lang))}
    found: list[str | None] = [None] * len(lines)
    if len(dated) < 2:
        return found
    starts = {h.start for h in headings}
    ends = {h.end for h in headings}
    before = sum(1 for i in dated if i + 1 in starts)  # a date line right above a heading
    after = sum(1 for i in dated if i in ends)  # a date line right under one
    if after > before:
        # Heading first: an item runs from its heading to the next one, dated by the date line under it.
        bounds = sorted(starts) + [len(lines)]
        for start, end in zip(bounds, bounds[1:], strict=False):
            when = next((dated[i] for i in range(start, end) if i in dated), None)
            found[start:end] = [when] * (end - start)
        return found
    when = None
    for i in range(len(lines)):
        when = dated.get(i, when)
        found[i] = when
    return found


def date_of_text(text: str, lines: list[str], dates: list[str | None]) -> str | None:
    """The teaser date of the line a piece of text (a sentence of the main text) starts on."""
    head = _words(text)[:40]
    if len(head) < 12:
        return None
    pairs = zip(lines, dates, strict=True)
    return next((when for line, when in pairs if when and head in _words(line)), None)


def _words(text: str) -> str:
    """Text as its words alone: the main text has plain quotes where the page's lines have curly ones."""
    return " ".join(re.findall(r"\w+", fold(text)))


def _date_of(line: str, lang: str | None) -> str | None:
    """The day a teaser's date line gives ("11 September 2026 · Speaking", "01.07.2026"), not a year alone."""
    if len(line) > 80 or not is_date_line(line, lang):
        return None
    when = first_date(line, None, lang)
    return when if when and not when.endswith("-01-01") else None

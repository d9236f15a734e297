"""The points an article makes, as its numbered headings state them ("1. Almost nobody priced the connection
fee", "2) Cheap heat is a design choice"): what its author found or argues, each worth a line of its own in a
note about their work. Headings come from the page's markup, so a numbered list of links is not one."""

from __future__ import annotations

import re

from server.models import Heading

_NUMBERED = re.compile(r"^\s*(?:\d{1,2}|[IVX]{1,4})\s*[.):]\s+(?P<point>\S.{8,150})$")
MAX_POINTS = 3


def numbered_points(lines: list[str], headings: list[Heading]) -> list[str]:
    """The text of an article's numbered headings, in order, when it has two or more of them."""
    points = []
    for head in headings:
        if head.level < 2:
            continue
        m = _NUMBERED.match(" ".join(lines[head.start : head.end]))
        if m:
            points.append(m.group("point").strip().rstrip(".:"))
    return points[:MAX_POINTS] if len(points) >= 2 else []

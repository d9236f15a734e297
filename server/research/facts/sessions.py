"""Sessions on a programme page the person takes part in: a heading that is a session's title, a line that
says when it is, and a list of people that has them in it.

    Water Is the New Yield: Precision Irrigation After SGMA       <- a heading, no one's name
    Wednesday, Sept. 16 · 10:15–11:15 am · Saroyan Theatre        <- when: a day and a time of day
    Moderator: Dr. Sofia Alvarez, Director, ...
    Ethan Park, Co-founder & CEO, Furrow                          <- the person, alone or before their title

Headings come from the page's markup (h1-h6), so a speaker grid's cards (a heading that is a name) and a
section of the page ("All speakers", no time under it) are not sessions. What kind of session it is comes
from the heading or the one above it ("Featured panel", "Keynote"), else it is a talk.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from server.models import Heading
from server.research.facts.patterns import is_date_line
from server.text.names import find_name
from server.text.sentences import person_heading

# A time of day, as programmes write it: "10:15", "2:00 pm", "9 am", "14.30 Uhr", "10h15".
_TIME = re.compile(r"(?i)\b\d{1,2}(?:[:.]\d{2}|h\d{2})\b|\b\d{1,2}\s*[ap]\.?m\b")
# What kind of session a heading calls it, in the languages research reads.
_KINDS = {
    "Panel": r"panel\w*|podium\w*|table[- ]ronde|tavola rotonda|mesa redonda",
    "Keynote": r"keynote|pl[ée]ni[èe]re?|plenary",
    "Workshop": r"workshop|atelier|taller|werkstatt",
    "Fireside chat": r"fireside",
}
# Who stands before a name in a list of participants: "Moderator: Jane Doe".
_ROLE_LABEL = re.compile(
    r"(?i)^(?:moderat\w*|chair\w*|host\w*|speakers?|panel+ists?|with|mit|avec|con)\s*:\s*"
)
_MAX_BODY = 30  # lines under a heading read for its time and people: a session's block, not the page


@dataclass(frozen=True)
class Session:
    kind: str  # "Panel", "Keynote", "Workshop", "Fireside chat" or "Talk"
    title: str
    when: str  # the line that says when it is
    above: str  # the heading it stands under ("Thursday, September 17", "Featured panel"), or ""

    def day_lines(self) -> list[str]:
        """Where its day may be written, without a year as programmes write it: the time line up to its
        first separator ("Wednesday, Sept. 16"), and the heading above it (a day's heading)."""
        return [part for part in (re.split(r"\s[·|•]\s", self.when)[0], self.above) if part]


def sessions_with(
    lines: list[str], headings: list[Heading], name: str, lang: str | None
) -> Iterator[Session]:
    """The sessions whose heading, time line and list of people say the person takes part in them."""
    for k, head in enumerate(headings):
        end = headings[k + 1].start if k + 1 < len(headings) else len(lines)
        title = " ".join(lines[head.start : head.end]).strip()
        body = lines[head.end : min(end, head.end + _MAX_BODY)]
        if not title or len(title.split()) > 16 or person_heading(title) or find_name(title, name):
            continue
        when = next((line for line in body[:3] if _is_when(line, lang)), None)
        if when is None or not any(_takes_part(line, name) for line in body):
            continue
        above = next((h for h in reversed(headings[:k]) if h.level < head.level), None)
        label = " ".join(lines[above.start : above.end]) if above else ""
        yield Session(kind=_kind(title) or _kind(label) or "Talk", title=title, when=when, above=label)


def _is_when(line: str, lang: str | None) -> bool:
    """A line that says when a session is: a time of day, in a short line that is not a sentence."""
    return bool(_TIME.search(line)) and (
        is_date_line(line, lang) or (len(line.split()) <= 16 and not line.rstrip().endswith("."))
    )


def _takes_part(line: str, name: str) -> bool:
    """A line of a list of people that is the person: their name alone, or before a title."""
    line = _ROLE_LABEL.sub("", line.strip())
    spans = find_name(line, name)
    if not spans or spans[0][0] > 4:  # "Dr. Ethan Park", not a sentence that mentions them
        return False
    rest = line[spans[0][1] :].strip()
    return not rest or rest[0] in ",–—-(|·" or len(rest) <= 2


def _kind(text: str) -> str | None:
    return next((kind for kind, words in _KINDS.items() if re.search(rf"(?i)\b(?:{words})\b", text)), None)

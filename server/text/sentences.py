"""Sentences, and the passages of a page that belong to one person (on a page listing many people)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from server.text.dates import MONTH_ABBREVIATIONS, month_names
from server.text.languages import FOREIGN_ROLE_WORD, SUPPORTED
from server.text.names import HONORIFICS, same_name

# Every month name in the languages research reads: "1. Oktober 2026" and "12. Okt. 2026" go on.
_MONTH_WORDS = frozenset(m for lang in SUPPORTED for m in month_names(lang))
# A sentence ends at . ! ? (and a closing quote or bracket) followed by space and a capital, digit or quote;
# abbreviations and initials do not end one, nor a German ordinal before a month ("am 1. Oktober").
_ABBREVIATIONS = {
    "dr", "mr", "mrs", "ms", "mx", "prof", "st", "jr", "sr", "inc", "ltd", "co", "corp", "vs", "etc", "no",
    "approx", "dept", "e.g", "i.e", "u.s", "u.k", "mt", "ft", "fig", "vol", "ep", *MONTH_ABBREVIATIONS,
    *HONORIFICS, *(m for m in _MONTH_WORDS if len(m) <= 5),
    "bzw", "ca", "nr", "inkl", "evtl", "ggf", "mio", "mrd", "tel", "str", "z.b", "u.a", "d.h", "vgl", "gmbh",
    "av", "env", "cf", "p.ex", "blz", "núm", "sig", "pag",
}  # fmt: skip
_BOUNDARY = re.compile(r"[.!?]+[\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-Z0-9])")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of `text`; a line break always ends one (headings, list items)."""
    spans: list[tuple[int, int]] = []
    pos = 0
    for line in text.split("\n"):
        start = pos
        for m in _BOUNDARY.finditer(line):
            word = re.search(r"(\S+)$", line[: m.start()])
            token = (word.group(1) if word else "").lstrip("(\"'“‘").lower()
            following = re.match(r"\s+(\w+)", line[m.end() :])
            ordinal = bool(following) and following.group(1).lower() in _MONTH_WORDS
            if (
                token in _ABBREVIATIONS
                or re.fullmatch(r"[a-z]", token)
                or re.fullmatch(r"(?:[a-z]\.)+[a-z]", token)
                or (ordinal and re.fullmatch(r"[0-3]?\d", token))
            ):
                continue
            _add(spans, text, start, pos + m.end())
            start = pos + m.end()
        _add(spans, text, start, pos + len(line))
        pos += len(line) + 1
    return spans


def _add(spans: list[tuple[int, int]], text: str, start: int, end: int) -> None:
    # Extracted text renders list items as "- item": the marker is layout, not part of what the page says.
    while start < end and (
        text[start].isspace() or (text[start] in "-*•" and text[start + 1 : start + 2] == " ")
    ):
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append((start, end))


# A line that opens with someone's name as a heading ("Ravi Kumar", "Ravi Kumar, CTO, Acme",
# "**Mei Chen**, Engineering Manager"): on a page listing many people it starts that person's passage.
_PERSON_HEADING = re.compile(
    r"^[*_#\s-]*(?:(?i:"
    + "|".join(re.escape(h) for h in sorted(HONORIFICS, key=len, reverse=True))
    + r"|m(?=\.))\.?\s+){0,3}"
    r"(?P<name>[A-ZÀ-ÖØ-Þ][\w'’-]+(?:\s+[A-Z]\.)?(?:\s+(?:van|von|de|da|del|di|le)?\s*[A-ZÀ-ÖØ-Þ][\w'’-]+){1,2})"
    r"[*_]*\s*(?:$|[,(|:–—]|\s[-–—]\s)"
)
# Capitalised words that open headings but are not names.
_NOT_NAMES = {
    "about", "all", "and", "back", "blog", "book", "by", "chief", "contact", "customer", "data", "day",
    "director", "engineer", "engineering", "events", "executive", "for", "founder", "head", "home", "join",
    "keynote", "latest", "lead", "manager", "meet", "more", "news", "next", "officer", "our", "panel",
    "posts", "president", "previous", "principal", "privacy", "read", "related", "schedule", "senior",
    "session", "share", "show", "speakers", "sponsor", "sponsors", "staff", "the", "this", "track", "vp",
    "what", "who", "why", "how", "with", "workshop", "terms", "team", "talks", "program", "programme",
    "thursday", "friday", "monday", "tuesday", "wednesday", "saturday", "sunday", "episode", "chapter",
    # words that name organisations rather than people
    "analytics", "logistics", "robotics", "bakery", "labs", "ventures", "capital", "partners", "group",
    "media", "health", "bank", "freight", "systems", "technologies", "university", "institute",
    "college", "school", "foundation", "alliance", "association", "conference", "summit", "inc", "llc",
    # the same in the other languages research reads: "Unser Team", "Notre équipe", "Elbwerk Energie GmbH"
    "unser", "unsere", "über", "uns", "aktuelles", "presse", "kontakt", "impressum", "datenschutz",
    "geschäftsführung", "vorstand", "veranstaltungen", "notre", "nos", "nous", "équipe", "actualités",
    "mentions", "légales", "communiqué", "entretien", "direction", "onze", "ons", "nieuws", "nuestro",
    "nuestra", "equipo", "noticias", "chi", "siamo",
    "gmbh", "ag", "kg", "sas", "sarl", "sa", "bv", "nv", "srl", "spa", "sl",
}  # fmt: skip


def person_heading(line: str) -> str | None:
    """The name a line opens with when it looks like a heading for a person, else None."""
    m = _PERSON_HEADING.match(line)
    if not m:
        return None
    words = re.findall(r"[\w'’-]+", m.group("name"))
    if any(w.lower() in _NOT_NAMES or FOREIGN_ROLE_WORD.fullmatch(w) for w in words) or len(words) < 2:
        return None  # "Technische Leiterin" is a title line, not a name
    return m.group("name")


@dataclass(frozen=True)
class Passages:
    """Where a page names the person, and, on a page listing several people, the passages that are theirs."""

    listing: bool  # the page lists several people, each under a heading line of their own
    own: tuple[tuple[int, int], ...]  # (start, end) of the person's passages; the whole text if not a listing

    def contains(self, start: int, end: int) -> bool:
        return any(s <= start and end <= e for s, e in self.own)


def person_passages(text: str, name: str, *, max_lines: int = 8) -> Passages:
    """The passages of `text` that belong to the person: on a listing page, from their heading to the next."""
    lines: list[tuple[int, int, str]] = []
    pos = 0
    for line in text.split("\n"):
        lines.append((pos, pos + len(line), line))
        pos += len(line) + 1
    headings = []
    for i, (_, _, line) in enumerate(lines):
        heading = person_heading(line)
        if heading is not None:
            headings.append((i, heading))
    others = [i for i, heading in headings if not same_name(heading, name)]
    if len(others) < 2:
        return Passages(listing=False, own=((0, len(text)),))
    own: list[tuple[int, int]] = []
    heading_lines = {i for i, _ in headings}
    for i, heading in headings:
        if not same_name(heading, name):
            continue
        end_line = i
        while (
            end_line + 1 < len(lines) and end_line + 1 not in heading_lines and end_line - i < max_lines - 1
        ):
            if (
                not lines[end_line + 1][2].strip()
                and end_line + 2 < len(lines)
                and end_line + 2 in heading_lines
            ):
                break
            end_line += 1
        own.append((lines[i][0], lines[end_line][1]))
    return Passages(listing=True, own=tuple(own))

"""Finding a person in text: the forms of their name, where it occurs, and the passages that belong to it.

Matching ignores case and diacritics ("Inês" matches "Ines"), treats curly and straight apostrophes alike,
and tolerates middle initials ("Dana A. Okafor"); spans always point into the original text.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from server.text.dates import MONTH_ABBREVIATIONS

HONORIFICS = {"dr", "mr", "mrs", "ms", "mx", "miss", "prof", "professor", "sir", "dame"}
SUFFIXES = {"jr", "sr", "ii", "iii", "iv", "phd", "md", "dds", "dmd", "mba", "esq", "cpa", "pe", "rn"}
# Lower-case particles that belong to the surname ("Ludwig van Beethoven" -> "van Beethoven").
PARTICLES = {
    "van", "von", "der", "den", "de", "da", "di", "del", "della", "la", "le", "du", "dos", "bin", "al",
}  # fmt: skip
# Letters that NFKD does not split into a base letter and an accent.
_FOLD = {"ø": "o", "æ": "ae", "œ": "oe", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "ı": "i",
         "’": "'", "‘": "'", "ʼ": "'", "‐": "-", "‑": "-"}  # fmt: skip


@dataclass(frozen=True)
class NameParts:
    first: str
    middles: tuple[str, ...]
    last: str

    @property
    def full(self) -> str:
        return " ".join((self.first, *self.middles, self.last)) if self.last else self.first


def fold(text: str) -> str:
    """Text for comparison: lower case, no accents, one kind of apostrophe."""
    return fold_with_index(text)[0]


def fold_with_index(text: str) -> tuple[str, list[int]]:
    """The folded text, and for each of its characters the index of the original character it came from."""
    out: list[str] = []
    index: list[int] = []
    for i, ch in enumerate(text):
        for part in unicodedata.normalize("NFKD", ch):
            if unicodedata.combining(part):
                continue
            for low in part.casefold():
                low = _FOLD.get(low, low)
                out.append(low)
                index.extend([i] * len(low))
    return "".join(out), index


def parse_name(name: str) -> NameParts:
    """Split a name into first, middles and last, dropping honorifics and suffixes ("Okafor, Dana" too)."""
    name = " ".join(name.replace("’", "'").split())
    if name.count(",") == 1:
        head, tail = (part.strip() for part in name.split(","))
        if tail and tail.rstrip(".").lower() not in SUFFIXES:
            name = f"{tail} {head}"
    tokens = [t.strip(",") for t in name.split()]
    while len(tokens) > 1 and tokens[0].rstrip(".").lower() in HONORIFICS:
        tokens.pop(0)
    while len(tokens) > 1 and tokens[-1].rstrip(".").lower() in SUFFIXES:
        tokens.pop()
    tokens = [t for t in tokens if t]
    if not tokens:
        return NameParts(name.strip(), (), "")
    if len(tokens) == 1:
        return NameParts(tokens[0], (), "")
    last_start = len(tokens) - 1
    while last_start > 1 and tokens[last_start - 1].lower() in PARTICLES:
        last_start -= 1
    return NameParts(tokens[0], tuple(tokens[1:last_start]), " ".join(tokens[last_start:]))


def _initial(token: str) -> str:
    return f"{token[0].upper()}."


def name_variants(name: str) -> list[str]:
    """The ways a page may write this name, the full name first."""
    parts = parse_name(name)
    if not parts.last:
        return [parts.first]
    first, last = parts.first, parts.last
    middle_initials = " ".join(_initial(m) for m in parts.middles)
    variants = [
        parts.full,
        f"{first} {last}",
        *([f"{first} {middle_initials} {last}"] if parts.middles else []),
        f"{last}, {first}",
        f"{_initial(first)} {last}",
        f"Dr. {first} {last}",
    ]
    return list(dict.fromkeys(variants))


def _token_pattern(token: str) -> str:
    """A folded name token as a regex: hyphens may also be spaces ("Anne-Marie" ~ "Anne Marie")."""
    pieces = [re.escape(p) for p in re.split(r"[-\s]+", fold(token)) if p]
    return r"[-\s]?".join(pieces)


_SEP = r"[^\S\n]+"  # spaces within a line: a name never runs across lines
_START = r"(?<![\w'])"
_END = r"(?![\w]|-\w)"


@lru_cache(maxsize=256)
def _patterns(name: str) -> tuple[re.Pattern[str], re.Pattern[str] | None]:
    """(full-name pattern, short-mention pattern) for a name, over folded text."""
    parts = parse_name(name)
    first = _token_pattern(parts.first)
    if not parts.last:
        return re.compile(rf"{_START}{first}{_END}"), None
    last = _token_pattern(parts.last)
    middle_words = "|".join(_token_pattern(m) for m in parts.middles)
    middle = rf"(?:[a-z]\.?|{middle_words})" if middle_words else r"[a-z]\."
    forms = [
        rf"{first}(?:{_SEP}{middle}){{0,2}}{_SEP}{last}",  # Dana Okafor, Dana A. Okafor
        rf"{last},{_SEP}{first}(?:{_SEP}{middle}){{0,2}}",  # Okafor, Dana
        rf"{re.escape(fold(parts.first[0]))}\.(?:{_SEP}?[a-z]\.)?{_SEP}{last}",  # D. Okafor, D.A. Okafor
    ]
    full = re.compile(rf"{_START}(?:{'|'.join(forms)}){_END}")
    short = re.compile(rf"{_START}(?:{first}|{last}){_END}")
    return full, short


def find_name(text: str, name: str, *, short: bool = False) -> list[tuple[int, int]]:
    """Spans of `text` where the person is named; `short` also finds a lone first name or surname.

    Short mentions ("Okafor said", "Dana leads") are only meaningful where the text is already known to be
    about this person; they must start with a capital letter in the original text.
    """
    if not text or not name.strip():
        return []
    folded, index = fold_with_index(text)
    full, lone = _patterns(name)
    spans = [unfold_span(index, m.start(), m.end()) for m in full.finditer(folded)]
    if short and lone is not None:
        taken = [range(s, e) for s, e in spans]
        for m in lone.finditer(folded):
            start, end = unfold_span(index, m.start(), m.end())
            if text[start].isupper() and not any(start in r for r in taken):
                spans.append((start, end))
    return sorted(spans)


def unfold_span(index: list[int], start: int, end: int) -> tuple[int, int]:
    """A span of folded text as the span of the original text it came from."""
    return index[start], index[end - 1] + 1


def mentions_name(text: str, name: str) -> bool:
    """Whether `text` names the person in full (any variant)."""
    return bool(find_name(text, name))


def same_name(a: str, b: str) -> bool:
    """Whether two written names are the same person's name ("Dr. Dana A. Okafor" vs "Dana Okafor")."""
    pa, pb = parse_name(a), parse_name(b)
    if fold(pa.last) != fold(pb.last) or not pa.last:
        return False
    fa, fb = fold(pa.first).rstrip("."), fold(pb.first).rstrip(".")
    if fa == fb:
        return True
    # An initial matches the full first name ("D. Okafor").
    return (len(fa) == 1 or len(fb) == 1) and fa[0] == fb[0]


def host_named_for(host: str, name: str) -> bool:
    """Whether a host name spells the person's name (danaokafor.test, dana-okafor.com, dokafor.dev)."""
    parts = parse_name(name)
    if not parts.last:
        return False
    labels = fold(host).removeprefix("www.").split(".")
    label = re.sub(r"[^a-z0-9]", "", "".join(labels[:-1]) if len(labels) > 1 else labels[0])
    first = re.sub(r"[^a-z0-9]", "", fold(parts.first))
    last = re.sub(r"[^a-z0-9]", "", fold(parts.last))
    return bool(first and last) and (
        first + last in label or first[0] + last in label or last + first in label
    )


# --- Sentences and passages -----------------------------------------------------------------------------

# A sentence ends at . ! ? (and a closing quote or bracket) followed by space and a capital, digit or quote;
# abbreviations and initials do not end one.
_ABBREVIATIONS = {
    "dr", "mr", "mrs", "ms", "mx", "prof", "st", "jr", "sr", "inc", "ltd", "co", "corp", "vs", "etc", "no",
    "approx", "dept", "e.g", "i.e", "u.s", "u.k", "mt", "ft", "fig", "vol", *MONTH_ABBREVIATIONS,
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
            if (
                token in _ABBREVIATIONS
                or re.fullmatch(r"[a-z]", token)
                or re.fullmatch(r"(?:[a-z]\.)+[a-z]", token)
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
    r"^[*_#\s-]*(?:(?:Dr|Prof|Mr|Ms|Mrs)\.?\s+)?"
    r"(?P<name>[A-Z][\w'’-]+(?:\s+[A-Z]\.)?(?:\s+(?:van|von|de|da|del|di|le)?\s*[A-Z][\w'’-]+){1,2})"
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
}  # fmt: skip


def person_heading(line: str) -> str | None:
    """The name a line opens with when it looks like a heading for a person, else None."""
    m = _PERSON_HEADING.match(line)
    if not m:
        return None
    words = re.findall(r"[\w'’-]+", m.group("name"))
    if any(w.lower() in _NOT_NAMES for w in words) or len(words) < 2:
        return None
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

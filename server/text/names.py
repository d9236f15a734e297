"""Finding a person in text: the forms of their name, where it occurs, and the passages that belong to it.

Matching ignores case and diacritics ("Inês" matches "Ines"), treats curly and straight apostrophes alike,
and tolerates middle initials ("Dana A. Okafor"); spans always point into the original text.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

HONORIFICS = {
    "dr", "mr", "mrs", "ms", "mx", "miss", "prof", "professor", "sir", "dame",
    # German, French, Dutch, Spanish, Italian: "Frau Dr. Schmidt", "Mme Dupont", "mevrouw De Vries",
    # "Sra. García", "dott.ssa Rossi". "M." (Monsieur) counts only before a full name: alone it is also an
    # initial ("M. Okafor").
    "frau", "herr", "herrn", "hr", "mag", "ing", "dipl.-ing", "mme", "mlle", "mevrouw", "meneer", "mevr",
    "dhr", "drs", "ir", "sra", "srta", "sr", "sig", "sig.ra", "dott", "dott.ssa", "dr.ssa", "prof.ssa", "avv",
}  # fmt: skip
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


def fold_with_index(text: str) -> tuple[str, Sequence[int]]:
    """The folded text, and for each of its characters the index of the original character it came from.

    Every page's text is folded many times (names, companies, instructions), so the common cases are quick:
    ASCII text folds to itself in lower case, and most other characters fold to one character each.
    """
    if text.isascii():
        return text.lower(), range(len(text))
    folded = text.translate(_FOLD_TABLE)
    if _UNEVEN.isdisjoint(text):  # so every character folded to exactly one
        return folded, range(len(text))
    pieces = [_FOLD_TABLE[ord(ch)] for ch in text]
    return folded, [i for i, piece in enumerate(pieces) for _ in piece]


class _FoldTable(dict[int, str]):
    """Each character's folded form, worked out the first time it is met (str.translate reads it in C)."""

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        out = []
        for part in unicodedata.normalize("NFKD", ch):
            if not unicodedata.combining(part):
                out.extend(_FOLD.get(low, low) for low in part.casefold())
        folded = "".join(out)
        if len(folded) != 1:
            _UNEVEN.add(ch)  # before the table holds it: a text that meets it then always sees it here
        self[code] = folded
        return folded


# Characters that fold to none or to several ("ß" -> "ss"), whose texts need an index character by character.
_UNEVEN: set[str] = set()
_FOLD_TABLE = _FoldTable()


def parse_name(name: str) -> NameParts:
    """Split a name into first, middles and last, dropping honorifics and suffixes ("Okafor, Dana" too)."""
    name = " ".join(name.replace("’", "'").split())
    if name.count(",") == 1:
        head, tail = (part.strip() for part in name.split(","))
        if tail and tail.rstrip(".").lower() not in SUFFIXES:
            name = f"{tail} {head}"
    tokens = [t.strip(",") for t in name.split()]
    while (len(tokens) > 1 and tokens[0].rstrip(".").lower() in HONORIFICS) or (
        len(tokens) > 2 and tokens[0] == "M."
    ):
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
# Honorifics before a full name are part of how it is written ("Frau Dr. Katrin Vogel", "M. Pierre Martin"):
# its span covers them, so a line that is a name with its honorifics is still just that name.
_HONORIFIC = (
    "(?:" + "|".join(rf"{re.escape(h)}\.?" for h in sorted(HONORIFICS, key=len, reverse=True)) + r"|m\.)"
)
_TITLED = rf"(?:{_HONORIFIC}{_SEP}){{0,3}}"


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
    full = re.compile(rf"{_START}(?:{_TITLED}(?:{'|'.join(forms[:1])})|{'|'.join(forms[1:])}){_END}")
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


def unfold_span(index: Sequence[int], start: int, end: int) -> tuple[int, int]:
    """A span of folded text as the span of the original text it came from."""
    return index[start], index[end - 1] + 1


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

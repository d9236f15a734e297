"""Author names from the strings pages give for them (meta tags, JSON-LD, bylines), as spelled on the page."""

from __future__ import annotations

import re
from collections.abc import Iterable

from server.text.dates import MONTH_ABBREVIATIONS

# "By Jane Doe", "Written by", "Von", "Par", "Por", "Door", "Author:".
_PREFIX = re.compile(
    r"^\s*(?:(?:(?:written|posted|published|reported|story|words|text)\s+)?by\b"
    r"|(?:(?:geschrieben|veröffentlicht|verfasst|ein artikel)\s+)?von\b|par\b|por\b|door\b"
    r"|autor(?:in)?\s*:|author\s*:|text\s*:)\s*:?\s*",
    re.IGNORECASE,
)
_SPLIT = re.compile(r"\s*(?:[;,]|\s&\s|\s(?:and|und|et|y|e)\s)\s*", re.IGNORECASE)
# "Jane Doe - Marketing Manager", "Jane Doe | Staff": what follows the dash is a role or the publication.
_ROLE_TAIL = re.compile(r"\s+[-–—|]\s.*$")
_MONTH = rf"(?:{'|'.join(sorted(MONTH_ABBREVIATIONS | {'may'}))})[a-z]*\.?"
# Where a byline's name ends and its date or "updated" note begins.
_DATE_TAIL = re.compile(
    r"(?:^|\s+)(?:(?:on|am|le|el|il|op)\s+)?"  # "on", "am", "le": the word before a date
    rf"(?:{_MONTH}\s+\d|\d{{1,2}}\.?\s+{_MONTH}|\d{{1,4}}[./-]\d{{1,2}}|\d{{1,2}}:\d{{2}}"
    r"|(?:updated|published|posted|last updated)\b).*$",
    re.IGNORECASE,
)
_URL = re.compile(r"(?:https?://|www\.)\S+|\S+@\S+\.\w+", re.IGNORECASE)
# Parentheses holding a URL or a list of co-authors ("(avec A et B)"); a nickname in parentheses stays.
_PARENS_NOT_NAME = re.compile(
    r"\s*\([^)]*(?:https?://|www\.|@|,|\s(?:and|und|et|y|e|&)\s)[^)]*\)", re.IGNORECASE
)
# Degrees and credentials that trail a name after a comma ("Brenda Goodman, MA").
_CREDENTIALS = {
    "ma", "md", "phd", "ph.d.", "mba", "ms", "msc", "mph", "rn", "rd", "do", "dds", "jd", "cpa", "esq",
}  # fmt: skip
# Labels that sit where a name should be.
_NOT_NAMES = {
    "admin", "administrator", "anonymous", "author", "authors", "by", "follow author", "guest",
    "guest author", "no author", "none", "null", "staff", "unknown", "user", "username",
}  # fmt: skip
_MAX_WORDS = 6
_MAX_CHARS = 70


def byline_names(raw: str) -> list[str]:
    """The person/organisation names in one byline string: 'By Jane Doe and John Roe, May 3' -> two names."""
    text = _PARENS_NOT_NAME.sub("", " ".join(raw.split()))
    if _URL.fullmatch(text) or text.startswith("@"):
        return []
    names = []
    for part in _SPLIT.split(_PREFIX.sub("", text)):
        name = _ROLE_TAIL.sub("", _DATE_TAIL.sub("", _PREFIX.sub("", part))).strip(" -–—:·|\"'")
        if is_name(name):
            names.append(name)
    return unique_names(names)


def person_name(raw: str) -> str | None:
    """One name from a one-name-per-tag field (citation_author, DC.creator); 'Doe, Jane' is 'Jane Doe'."""
    text = " ".join(raw.split())
    last, comma, first = text.partition(",")
    if comma and "," not in first and first.strip() and len(last.split()) <= 3 and len(first.split()) <= 3:
        text = f"{first.strip()} {last.strip()}"
    return text if is_name(text) else None


def is_name(text: str) -> bool:
    """Whether a cleaned string can be a byline name: short, has letters, no URL, handle or label."""
    if not text or len(text) > _MAX_CHARS or len(text.split()) > _MAX_WORDS:
        return False
    if _URL.search(text) or text.startswith("@") or not any(ch.isalpha() for ch in text):
        return False
    lowered = text.casefold()
    return lowered not in _NOT_NAMES and lowered not in _CREDENTIALS


def unique_names(names: Iterable[str]) -> list[str]:
    """Names once each (case-insensitive), keeping a mixed-case spelling over an ALL-CAPS one."""
    kept: dict[str, str] = {}
    for name in names:
        key = name_key(name)
        if key not in kept or (kept[key].isupper() and not name.isupper()):
            kept[key] = name
    return list(kept.values())


def name_key(name: str) -> str:
    """A name reduced for comparison: letters and digits only, case-folded."""
    return "".join(ch for ch in name.casefold() if ch.isalnum())


def page_spelling(name: str, texts: Iterable[str]) -> str | None:
    """The page's own spelling of a name a library normalised ('Sean T Larkin' -> 'Sean T. Larkin').

    Looks for the name's words in the page's text nodes, with punctuation allowed between them; when the
    whole string is not there (a library glued a date or a label on), drops trailing words down to two.
    """
    tokens = re.findall(r"\w+", name)
    texts = list(texts)
    for size in range(len(tokens), min(2, len(tokens)) - 1, -1):
        pattern = re.compile(
            r"(?<!\w)" + r"[\W_]{1,3}".join(re.escape(token) for token in tokens[:size]) + r"(?!\w)",
            re.IGNORECASE,
        )
        for text in texts:
            if found := pattern.search(text):
                # Read on through the byline: if a date or a role began inside the match, the name ends there.
                spelled = found.group(0)
                names = byline_names(text[found.start() : found.start() + _MAX_CHARS * 2])
                if names and name_key(spelled).startswith(name_key(names[0])):
                    return names[0]
                return spelled
    return None

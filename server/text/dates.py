"""Dates as pages write them: month names, and written dates read as YYYY-MM-DD.

The month names live here once; everything that reads or writes a month (facts, bylines, sentence
splitting, drafting) takes them from here.
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache

import dateparser

MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
# "Sept." is the one four-letter abbreviation in common use; "May" is never abbreviated.
MONTH_ABBREVIATIONS = frozenset({m[:3].lower() for m in MONTHS if len(m) > 3} | {"sept"})
# A month as pages write it, in full or abbreviated, with an optional full stop ("Oct.", "September").
MONTH = (
    "(?:"
    + "|".join(
        "sept?(?:ember)?" if m == "september" else f"{m[:3]}(?:{m[3:]})?" if len(m) > 3 else m
        for m in map(str.lower, MONTHS)
    )
    + r")\.?"
)
# A month's full name, capitalised as in prose ("March 2026").
MONTH_NAME = "(?:" + "|".join(MONTHS) + ")"

_DATES = [
    ("day", re.compile(r"\b(?:19|20)\d\d-[01]\d-[0-3]\d\b")),
    ("day", re.compile(rf"(?i)\b{MONTH}\s+[0-3]?\d(?:st|nd|rd|th)?,?\s+(?:19|20)\d\d\b")),
    ("day", re.compile(rf"(?i)\b[0-3]?\d(?:st|nd|rd|th)?\s+(?:of\s+)?{MONTH},?\s+(?:19|20)\d\d\b")),
    ("month", re.compile(rf"(?i)\b{MONTH},?\s+(?:of\s+)?(?:19|20)\d\d\b")),
    (
        "month_only",
        re.compile(rf"\b(?:in|since|during|this|last|early|late|mid)[\s-]+(?i:{MONTH})(?![\w-])"),
    ),
    # A deadline ("by 2028", "until 2030") says when something should happen, not when it was said.
    (
        "year",
        re.compile(
            r"(?<![\w$€£.,/-])(?<!by )(?<!By )(?<!until )(?<!before )(?<!through )(?:19|20)\d\d"
            r"(?![\w%$-]|,\d|\.\d)"
        ),
    ),
]


@lru_cache(maxsize=4096)
def parse_date(value: str) -> str | None:
    """A written date as YYYY-MM-DD (a month alone: the 1st; a year alone: 1 January), or None."""
    value = value.strip()
    iso = re.match(r"^((?:19|20)\d\d)-([01]\d)-([0-3]\d)", value)
    if iso:
        return _valid(*map(int, iso.groups()))
    if re.fullmatch(r"(?:19|20)\d\d", value):
        return f"{value}-01-01"
    parsed = dateparser.parse(
        value,
        languages=["en"],
        settings={
            "PREFER_DAY_OF_MONTH": "first",
            "REQUIRE_PARTS": ["year", "month"],
            # Only dates as written: "yesterday" or "2 weeks ago" would depend on when we read the page.
            "PARSERS": ["custom-formats", "absolute-time"],
        },
    )
    return parsed.date().isoformat() if parsed else None


def _valid(year: int, month: int, day: int) -> str | None:
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def first_date(text: str, default: str | None) -> str | None:
    """The most precise date written in `text`, else `default` (whose year fills in a month named alone)."""
    for precision, pattern in _DATES:
        for m in pattern.finditer(text):
            if precision == "month_only":
                month = (
                    parse_date(f"{m.group(0).split()[-1].split('-')[-1]} {default[:4]}") if default else None
                )
                if month:
                    return month
                continue
            if precision == "year" and default and default[:4] == m.group(0):
                return default  # the page's own year: its full date is more precise
            parsed = parse_date(m.group(0))
            if parsed:
                return parsed
    return default


def without_dates(text: str) -> str:
    """`text` with every full date it writes taken out (a day or a month with its year; not a lone year)."""
    for precision, pattern in _DATES:
        if precision in ("day", "month"):
            text = pattern.sub("", text)
    return text

"""Dates as pages write them: month names, and written dates read as YYYY-MM-DD.

The month names live here once; everything that reads or writes a month (facts, bylines, sentence
splitting, drafting) takes them from here. Pages in German, French, Dutch, Spanish or Italian write their own
("1. Oktober 2026", "8 octobre 2026", "12 de marzo de 2026"): their month names come from babel's locale
data and dateparser reads them in the page's language; a dotted date ("01.07.2026") is day first everywhere.
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache

import dateparser
from babel.dates import get_month_names

from server.text.languages import DEADLINE_WORDS, ENGLISH, MONTH_WORDS_BEFORE, SUPPORTED

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

# "01.07.2026", "1.10.2026": day first wherever pages write dates with dots.
_DOTTED = re.compile(r"\b[0-3]?\d\.[01]?\d\.(?:19|20)\d\d\b")

_DATES = [
    ("day", re.compile(r"\b(?:19|20)\d\d-[01]\d-[0-3]\d\b")),
    ("day", _DOTTED),
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
def parse_date(value: str, lang: str | None = None) -> str | None:
    """A written date as YYYY-MM-DD (a month alone: the 1st; a year alone: 1 January), or None.

    lang: the language of the page it is written on; English is always understood too.
    """
    value = value.strip()
    iso = re.match(r"^((?:19|20)\d\d)-([01]\d)-([0-3]\d)", value)
    if iso:
        return _valid(*map(int, iso.groups()))
    if re.fullmatch(r"(?:19|20)\d\d", value):
        return f"{value}-01-01"
    settings = {
        "PREFER_DAY_OF_MONTH": "first",
        "REQUIRE_PARTS": ["year", "month"],
        # Only dates as written: "yesterday" or "2 weeks ago" would depend on when we read the page.
        "PARSERS": ["custom-formats", "absolute-time"],
    }
    if _DOTTED.fullmatch(value):
        settings["DATE_ORDER"] = "DMY"
    languages = [lang, ENGLISH] if lang in SUPPORTED and lang != ENGLISH else [ENGLISH]
    parsed = dateparser.parse(value, languages=languages, settings=settings)
    return parsed.date().isoformat() if parsed else None


def _valid(year: int, month: int, day: int) -> str | None:
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


@lru_cache(maxsize=16)
def month_names(lang: str) -> tuple[str, ...]:
    """A language's month names as pages write them, in full and abbreviated (without their full stop)."""
    names = {
        name.rstrip(".").lower()
        for width in ("wide", "abbreviated")
        for context in ("format", "stand-alone")
        for name in get_month_names(width, context, locale=lang).values()
    }
    return tuple(sorted(names, key=len, reverse=True))


@lru_cache(maxsize=16)
def _wide_months(lang: str) -> tuple[str, ...]:
    """A language's month names in full, as prose writes them."""
    return tuple(
        {
            name.lower()
            for c in ("format", "stand-alone")
            for name in get_month_names("wide", c, locale=lang).values()
        }
    )


@lru_cache(maxsize=16)
def _dates_in(lang: str | None) -> tuple[tuple[str, re.Pattern[str]], ...]:
    """The date patterns for a page in `lang`, most precise first: English's, and that language's own."""
    if lang not in SUPPORTED or lang == ENGLISH:
        return tuple(_DATES)
    month = "(?:" + "|".join(re.escape(m) for m in month_names(lang)) + r")\.?"
    of = r"(?:\s+(?:de|del))?"  # "12 de marzo de 2026"
    own = [
        # "1. Oktober 2026", "8 octobre 2026", "1er octobre 2026", "12 de marzo de 2026"
        ("day", re.compile(rf"(?i)(?<!\w)[0-3]?\d(?:\.|er|º|°)?{of}\s+{month}{of},?\s+(?:19|20)\d\d\b")),
        ("month", re.compile(rf"(?i)(?<!\w){month}{of}\s+(?:19|20)\d\d\b")),
        # "seit März", "en octobre": a month in full, without its year
        (
            "month_only",
            re.compile(
                rf"(?i)(?<!\w)(?:{'|'.join(map(re.escape, MONTH_WORDS_BEFORE[lang]))})\s+"
                rf"(?:{'|'.join(map(re.escape, _wide_months(lang)))})(?![\w-]|\s+(?:de\s+)?(?:19|20)\d\d)"
            ),
        ),
        # Deadlines are told apart by _after_deadline, in the page's words and in English.
        ("year", re.compile(r"(?<![\w$€£.,/-])(?:19|20)\d\d(?![\w%$-]|,\d|\.\d)")),
    ]
    patterns = [p for p in _DATES if p[0] != "year"] + own
    order = ("day", "month", "month_only", "year")
    return tuple(sorted(patterns, key=lambda p: order.index(p[0])))


def first_date(text: str, default: str | None, lang: str | None = None) -> str | None:
    """The most precise date written in `text`, else `default` (whose year fills in a month named alone).

    lang: the language of the page `text` is from (its month names and deadline words are read too).
    """
    for precision, pattern in _dates_in(lang):
        for m in pattern.finditer(text):
            if precision == "month_only":
                named = m.group(0).split()[-1].split("-")[-1]
                month = parse_date(f"{named} {default[:4]}", lang) if default else None
                if month:
                    return month
                continue
            if precision == "year" and default and default[:4] == m.group(0):
                return default  # the page's own year: its full date is more precise
            if precision == "year" and _after_deadline(text[: m.start()], lang):
                continue
            parsed = parse_date(m.group(0), lang)
            if parsed:
                return parsed
    return default


def _after_deadline(before: str, lang: str | None) -> bool:
    """Whether the words before a year make it a deadline on a page in `lang` ("bis 2028", "d'ici 2027")."""
    if lang not in SUPPORTED or lang == ENGLISH:
        return False  # English deadlines are left out by the year pattern itself
    words = DEADLINE_WORDS[lang] + DEADLINE_WORDS[ENGLISH]
    return any(re.search(rf"(?i)(?<!\w){re.escape(w)}\s+$", before) for w in words)


def without_dates(text: str, lang: str | None = None) -> str:
    """`text` with every full date it writes taken out (a day or a month with its year; not a lone year)."""
    for precision, pattern in _dates_in(lang):
        if precision in ("day", "month"):
            text = pattern.sub("", text)
    return text

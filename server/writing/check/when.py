"""When a draft says something happened, as a reader takes it: "in March", "last spring", "October 2026".

A reader fills in what the draft leaves out from the day they read it: "in March", read in December, is this
year's March; "last spring" is the spring before the one they are in. Month names in each language come from
babel's locale data (CLDR); dates written in full are read by dateparser.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

from babel.dates import format_date, get_month_names

from server.text.dates import parse_date
from server.text.languages import ENGLISH, MONTH_WORDS_BEFORE, SUPPORTED
from server.text.names import fold


@dataclass(frozen=True)
class DateSaid:
    """A date a draft states, and the stretch of time a reader takes it to mean (whole months)."""

    text: str
    start: int
    end: int
    first: date
    last: date


# The seasons as the northern hemisphere has them: the first month of each.
_SEASONS: dict[str, int] = {
    **dict.fromkeys(["spring", "frühling", "frühjahr", "printemps", "primavera", "lente", "voorjaar"], 3),
    **dict.fromkeys(["summer", "sommer", "été", "ete", "verano", "estate", "zomer"], 6),
    **dict.fromkeys(
        ["autumn", "fall", "herbst", "automne", "otoño", "otono", "autunno", "herfst", "najaar"], 9
    ),
    **dict.fromkeys(["winter", "hiver", "invierno", "inverno"], 12),
}
# Words that point back to the last one before now ("last March", "letzten Sommer", "l'été dernier"), or
# to the one of this year ("this spring", "dieses Frühjahr", "cet été").
_LAST = frozenset(
    {"last", "this past", "past", "letzten", "letztes", "vergangenen", "vergangenes", "vorige", "afgelopen"}
)
_LAST_AFTER = ("dernier", "dernière", "passé", "passée", "pasado", "pasada", "scorso", "scorsa")
_THIS = frozenset(
    {"this", "diesen", "dieses", "diesem", "ce", "cet", "cette", "este", "esta", "questo", "questa", "deze"}
)
# Other words before a month or season that say it is the latest one: "in March", "im Herbst", "au printemps".
_IN = ("in", "in the", "since", "since the", "during", "during the", "over the", "early", "late", "mid")
_IN_OTHERS = ("im", "seit", "au", "en", "à", "depuis", "el", "la", "en la", "nel", "nell'", "in de")
# "last year", "this month", "letztes Jahr", "l'année dernière", "el año pasado".
_RELATIVE = re.compile(
    r"(?i)\b(?:(?P<q>last|this|earlier this|later this|letztes|letzten|dieses|diesen)\s+"
    r"(?P<unit>year|month|jahr|monat)|(?P<back>année|annee|mois|año|mes)\s+(?:dernière|derniere|dernier|"
    r"pasado|pasada))\b"
)
_YEAR = r"(?P<y>(?:19|20)\d\d)"
_LONE_YEAR = re.compile(r"(?<![\w$€£.,/-])(?P<y>(?:19|20)\d\d)(?![\w%$-]|,\d|\.\d)")
# English names its months with a capital, which is enough to tell one in a sentence ("your September news");
# "May" needs a word before it, to be told from the verb.
_ENGLISH_MONTH = re.compile(r"\b(?P<mon>January|February|March|April|June|July|August|September|October|"
                            r"November|December)\b")  # fmt: skip


def dates_said(text: str, today: date, lang: str = ENGLISH) -> list[DateSaid]:
    """The dates text states, in order, each as the months a reader takes it to cover."""
    found: list[DateSaid] = []
    taken = [False] * len(text)
    for pattern in _patterns(lang if lang in SUPPORTED else ENGLISH):
        for match in pattern.finditer(text):
            if any(taken[match.start() : match.end()]):
                continue
            span = _meaning(match, today, lang)
            if span is None:
                continue
            taken[match.start() : match.end()] = [True] * (match.end() - match.start())
            found.append(DateSaid(match.group(0), match.start(), match.end(), *span))
    return sorted(found, key=lambda d: d.start)


def month_span(value: date) -> tuple[date, date]:
    """The whole month a date falls in."""
    return value.replace(day=1), value.replace(day=calendar.monthrange(value.year, value.month)[1])


def fact_span(value: str) -> tuple[date, date]:
    """The months a fact's date may mean: research writes a month alone as its 1st, a year as 1 January."""
    day = date.fromisoformat(value)
    if (day.month, day.day) == (1, 1):
        return day, date(day.year, 12, 31)
    return month_span(day)


def told(first: date, last: date) -> str:
    """A stretch of time as an email would say it: "March 2026", "2026", "March to May 2026"."""
    if (first.month, first.day, last.month, last.day) == (1, 1, 12, 31) and first.year == last.year:
        return str(first.year)
    start = format_date(first, "MMMM y" if first.year != last.year else "MMMM", locale=ENGLISH)
    end = format_date(last, "MMMM y", locale=ENGLISH)
    return end if month_span(first) == month_span(last) else f"{start} to {end}"


@cache
def _patterns(lang: str) -> tuple[re.Pattern[str], ...]:
    """The shapes of a date in `lang` (and English), most precise first."""
    months = "|".join(re.escape(m) for m in sorted(_month_numbers(lang), key=len, reverse=True))
    seasons = "|".join(re.escape(s) for s in sorted(_SEASONS, key=len, reverse=True))
    before = sorted(
        {*_LAST, *_THIS, *_IN, *_IN_OTHERS, *MONTH_WORDS_BEFORE.get(lang, ())}, key=len, reverse=True
    )
    quals = "|".join(re.escape(q) for q in before)
    after = "|".join(re.escape(q) for q in _LAST_AFTER)
    of = r"(?:\s+de)?"
    return (
        re.compile(rf"\b{_YEAR}-(?P<m>[01]\d)-(?P<d>[0-3]\d)\b"),
        re.compile(
            rf"(?i)(?<!\w)(?P<d>[0-3]?\d)(?:\.|st|nd|rd|th|er|º)?{of}\s+(?P<mon>{months})\.?{of},?\s+{_YEAR}\b"
        ),
        re.compile(rf"(?i)(?<!\w)(?P<mon>{months})\.?\s+(?P<d>[0-3]?\d)(?:st|nd|rd|th)?,?\s+{_YEAR}\b"),
        re.compile(rf"(?i)(?<!\w)(?P<mon>{months})\.?{of},?\s+{_YEAR}\b"),
        re.compile(rf"(?i)(?<!\w)(?P<season>{seasons}){of}\s+{_YEAR}\b"),
        re.compile(
            rf"(?i)(?<!\w)(?:(?P<q>{quals})\s+)?(?:l'|l’)?(?P<season>{seasons})(?:\s+(?P<qa>{after}))?\b"
        ),
        re.compile(rf"(?i)(?<!\w)(?P<q>{quals})\s+(?P<mon>{months})(?:\s+(?P<qa>{after}))?(?![\w-])"),
        _ENGLISH_MONTH,
        _RELATIVE,
        _LONE_YEAR,
    )


@cache
def _month_numbers(lang: str) -> dict[str, int]:
    """Every month name of `lang` and English, in full and abbreviated, in lower case, with its number."""
    names: dict[str, int] = {"sept": 9}  # the one four-letter abbreviation in common use
    for code in {ENGLISH, lang}:
        for width in ("wide", "abbreviated"):
            for context in ("format", "stand-alone"):
                for number, name in get_month_names(width, context, locale=code).items():
                    names.setdefault(name.rstrip(".").lower(), number)
    return names


def _meaning(match: re.Match[str], today: date, lang: str) -> tuple[date, date] | None:
    """The months a matched date covers, or None when it is not a date after all."""
    found = {k: v for k, v in match.groupdict().items() if v}
    if "unit" in found or "back" in found:
        return _relative(found, today)
    year = int(found["y"]) if "y" in found else None
    if "mon" in found:
        month = _month_numbers(lang).get(found["mon"].rstrip(".").lower())
        # Without a year, a short abbreviation is a month only as English writes one ("in Jan"): "la mar" is
        # the sea in Spanish.
        if month is None or ("y" not in found and len(found["mon"]) < 4 and not found["mon"][0].isupper()):
            return None
        if found["mon"] in ("may", "march"):  # the verbs, not the months
            return None
        if year is not None:
            return month_span(date(year, month, 1))
        return _latest(month, 1, _direction(found), today)
    if "season" in found:
        first_month = _SEASONS.get(fold(found["season"]), _SEASONS.get(found["season"].lower()))
        if first_month is None or ("y" not in found and "q" not in found and "qa" not in found):
            return None  # "summer interns": a season word, not a time
        if year is not None:
            return _season(year, first_month)
        return _latest(first_month, 3, _direction(found), today)
    if "m" in found:
        written = parse_date(match.group(0))
        return month_span(date.fromisoformat(written)) if written else None
    return (date(year, 1, 1), date(year, 12, 31)) if year is not None else None


def _direction(found: dict[str, str]) -> str:
    qualifier = found.get("q", "").lower()
    if "qa" in found or qualifier in _LAST:
        return "last"
    return "this" if qualifier in _THIS else "latest"


def _latest(first_month: int, months: int, direction: str, today: date) -> tuple[date, date]:
    """The months' stretch a reader means: the latest begun ("in March"), the last ended ("last spring"),
    or this year's ("this summer")."""
    spans = [_stretch(year, first_month, months) for year in (today.year - 2, today.year - 1, today.year)]
    if direction == "this":
        return next((s for s in spans if s[0] <= today <= s[1]), spans[-1])
    if direction == "last":
        return [s for s in spans if s[1] < today][-1]
    return [s for s in spans if s[0] <= today][-1]


def _season(year: int, first_month: int) -> tuple[date, date]:
    # Winter 2026 is the one that starts in December 2025 and ends in February 2026.
    return _stretch(year - 1 if first_month == 12 else year, first_month, 3)


def _stretch(year: int, first_month: int, months: int) -> tuple[date, date]:
    first = date(year, first_month, 1)
    end_month = first_month + months - 1
    last_year, last_month = year + (end_month - 1) // 12, (end_month - 1) % 12 + 1
    return first, month_span(date(last_year, last_month, 1))[1]


def _relative(found: dict[str, str], today: date) -> tuple[date, date]:
    back = "back" in found or found["q"].lower() in ("last", "letztes", "letzten")
    unit = fold(found.get("unit") or found["back"])
    if unit in ("year", "jahr", "annee", "ano"):
        year = today.year - 1 if back else today.year
        return date(year, 1, 1), date(year, 12, 31)
    return month_span(today.replace(day=1) - timedelta(days=1) if back else today)

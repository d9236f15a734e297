"""The thread: what the relationship context says about the two people, as typed data.

The context is free text: the thread's last messages as the panel sends them ("Marisol Vega, Jun 9, 2026:" and
her words), a Gmail quote header ("On Tue, Jun 9, 2026 at 10:14 AM Marisol Vega <...> wrote:"), or the
user's note ("Worked together on the 2023 rollout; last spoke about 14 months ago"). From it: when they last
exchanged (relative phrases are read against today), what they worked on or where they met, and what the
person said they were doing, in their own messages only: nothing the sender merely noted about them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime

import dateparser

from server.text.sentences import sentence_spans
from server.writing.fact_words import is_safe

LONG_AGO_MONTHS = 6  # "it's been a while" only after this long
_MONTH_DAYS = 30.44

_LAST = (
    r"\blast (?:spoke|talked|met|emailed|wrote|caught up|saw each other|saw (?:him|her|them)|"
    r"exchanged emails|were in touch|heard from (?:him|her|them))\b"
)
_AGO = re.compile(
    _LAST + r"[^;.\n]{0,30}?\b(?P<g>(?:(?:about|almost|nearly|over|more than|roughly|some) )?"
    r"(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a few|several|"
    r"a couple of) (?:weeks?|months?|years?))\s+ago",
    re.IGNORECASE,
)
# "in June 2026", "on March 14, 2025", "on 14 March 2025", "on 2025-03-14", "on 14/03/2025".
_IN = re.compile(
    _LAST + r"\s+(?:in|on|back in)\s+(?P<w>\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[/.]\d{1,2}[/.]\d{4}"
    r"|(?:\d{1,2} )?(?:[A-Z][a-z]+\.? )?(?:\d{1,2}, )?\d{4})",
    re.IGNORECASE,
)
# The panel's "Marisol Vega, Jun 9, 2026:" (or "Me, ...:") and Gmail's "On <date>, <who> wrote:".
_PANEL_HEADER = re.compile(
    r"^(?P<who>[^\n,:<>]{1,80}?)(?:,\s*(?P<when>[A-Z][a-z]{2,8}\.? \d{1,2}, \d{4}))?:\s*$", re.MULTILINE
)
_QUOTE_HEADER = re.compile(
    r"^\s*On (?P<when>(?:[A-Z][a-z]{2},? )?(?:[A-Z][a-z]{2,8}\.? \d{1,2},? \d{4}"
    r"|\d{1,2} [A-Z][a-z]{2,8}\.? \d{4}|\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/\d{2,4}))"
    r"(?:,? at [^,]{3,20}?)?,? (?P<who>[^\n]{1,120}?) wrote:\s*$",
    re.MULTILINE,
)
_DATE_LINE = re.compile(r"^\s*(?:Date|Sent):\s*(?P<when>.{6,80})$", re.MULTILINE | re.IGNORECASE)
_PROJECT = re.compile(
    r"\b(?P<v>worked|collaborated|partnered|teamed up|co-authored|co-wrote|co-hosted|co-organi[sz]ed|ran)"
    r"(?: together| closely)*(?: with (?:\w+ ){0,2}?\w+)?\s+(?:on\s+|at\s+|during\s+)?"
    r"(?P<p>(?:[^;,.\n]|(?<=St)\.|(?<=Dr)\.){3,120})",
    re.IGNORECASE,
)
_MET = re.compile(r"\b(?:first )?met (?:at|during|through) (?P<m>[^;,.\n]{3,60})", re.IGNORECASE)
_CLAUSE_END = re.compile(
    r"\s+(?:and|but|then|when|where|which|so|last|before|after|until|while)\s.*$", re.IGNORECASE
)
# What someone says they are doing or offers: "we're hiring two more data engineers in Toronto",
# "happy to compare notes later in the year".
_DOING = re.compile(
    r"\b(?:we|I)(?:'re|’re|'m|’m| are| am)\s+(?:now\s+|currently\s+|still\s+)?"
    r"(?P<d>[a-z]+ing\b[^.!?\n]{3,90})",
    re.IGNORECASE,
)
_OFFER = re.compile(
    r"\b(?:happy|glad|keen|love) to (?P<o>(?:compare|swap|trade) notes[^.!?\n]{0,60})", re.IGNORECASE
)
_HOOK_END = re.compile(r",?\s+(?:so|and|but|because|which|if)\s.*$|[,;:]\s.*$", re.IGNORECASE)
# A gap read from message dates, in words (no number the user did not write): up to so many months.
_GAP_WORDS = (
    (0, "a few weeks"), (1, "about a month"), (2, "a couple of months"), (4, "a few months"),
    (8, "several months"), (11, "most of a year"), (13, "about a year"), (17, "over a year"),
    (20, "about a year and a half"), (27, "about two years"), (40, "about three years"),
)  # fmt: skip
_NUMBERS = {"a": "1", "an": "1", "one": "1", "a few": "3", "several": "4", "a couple of": "2"}


@dataclass(frozen=True)
class Thread:
    """What the relationship context tells a writer."""

    last_exchange: date | None = None
    gap_months: int | None = None  # from the last exchange to today
    # The gap in the context's own words ("about 14 months"), when it says one: a draft repeats it, so every
    # number it writes is one the user gave.
    gap_said: str | None = None
    project: str | None = None  # what they worked on together, in the context's words
    met: str | None = None  # where they met
    # What the person said they were doing, in their words after "you're": "hiring two more data engineers".
    doing: tuple[str, ...] = field(default_factory=tuple)
    offer: str | None = None  # what they offered to do together: "compare notes later in the year"
    messages: bool = False  # the context holds the thread's messages, not only a note

    @property
    def long_ago(self) -> bool:
        """Long enough since the last exchange to say so ("it's been about 14 months")."""
        return self.gap_months is not None and self.gap_months >= LONG_AGO_MONTHS

    @property
    def gap_words(self) -> str | None:
        """ "about 14 months" as the context says it, else in words from the dates: "about a year and a half",
        "over two years"; None when the gap is not known."""
        if self.gap_said:
            return self.gap_said
        months = self.gap_months
        if months is None:
            return None
        for most, words in _GAP_WORDS:
            if months <= most:
                return words
        return "several years"


def read_thread(context: str | None, person_name: str | None, *, today: date) -> Thread:
    """The typed thread of a relationship context (an empty Thread when there is none)."""
    text = (context or "").strip()
    if not text:
        return Thread()
    theirs, dates, messages = _messages(text, person_name)
    last = max((d for d in dates if d <= today), default=None) or _stated_last(text, today)
    gap = round((today - last).days / _MONTH_DAYS) if last else None
    met = _MET.search(text)
    said = "\n".join(" ".join(ln for ln in m.splitlines() if not ln.lstrip().startswith(">")) for m in theirs)
    offer = _OFFER.search(said)
    return Thread(
        last_exchange=last,
        gap_months=gap,
        gap_said=_gap_said(text) if not any(d <= today for d in dates) else None,
        project=_project(text),
        met=_clause(met.group("m")) if met else None,
        doing=tuple(_doing(said)),
        offer=_HOOK_END.sub("", offer.group("o")).strip() if offer and is_safe(offer.group(0)) else None,
        messages=messages,
    )


def _messages(text: str, person_name: str | None) -> tuple[list[str], list[date], bool]:
    """The person's own messages, every message date, and whether the text holds messages at all."""
    headers = [(m, "panel") for m in _PANEL_HEADER.finditer(text) if _looks_like_header(m)]
    headers += [(m, "quote") for m in _QUOTE_HEADER.finditer(text)]
    headers.sort(key=lambda h: h[0].start())
    dates = [d for m in _DATE_LINE.finditer(text) if (d := _parse_date(m.group("when")))]
    theirs: list[str] = []
    for index, (header, _) in enumerate(headers):
        end = headers[index + 1][0].start() if index + 1 < len(headers) else len(text)
        when = _parse_date(header.group("when")) if header.group("when") else None
        if when:
            dates.append(when)
        if _is_them(header.group("who"), person_name):
            theirs.append(text[header.end() : end])
    return theirs, dates, bool(headers)


def _looks_like_header(match: re.Match[str]) -> bool:
    """A panel header names someone (and usually a date), not a sentence ending in a colon."""
    who = match.group("who").strip()
    return bool(match.group("when")) or (who == "Me") or (len(who.split()) <= 4 and who.istitle())


def _is_them(who: str, person_name: str | None) -> bool:
    who = who.strip().lower()
    if who in ("me", "i", "") or not person_name:
        return False
    names = [n.lower() for n in person_name.split() if len(n) > 1]
    return any(re.search(rf"\b{re.escape(n)}\b", who) for n in names)


def _gap_said(text: str) -> str | None:
    """The context's own "about 14 months" (from "last spoke about 14 months ago")."""
    ago = _AGO.search(text)
    if not ago:
        return None
    said = ago.group("g").lower()
    hedged = re.match(r"(?:about|almost|nearly|over|more than|roughly|some|a few|several|a couple) ", said)
    return said if hedged else f"about {said}"


def _stated_last(text: str, today: date) -> date | None:
    """The last exchange as a note states it: "about 14 months ago", "last spoke in June 2026"."""
    ago = _AGO.search(text)
    if ago:
        phrase = re.sub(r"^(?:about|almost|nearly|over|more than|roughly|some) ", "", ago.group("g").lower())
        for words, number in _NUMBERS.items():
            phrase = re.sub(rf"^{words} ", f"{number} ", phrase)
        return _parse_date(f"{phrase} ago", today)
    stated = _IN.search(text)
    return _parse_date(stated.group("w"), today, first_of_month=True) if stated else None


def _parse_date(text: str, today: date | None = None, *, first_of_month: bool = False) -> date | None:
    settings: dict[str, object] = {"PREFER_DATES_FROM": "past", "RETURN_AS_TIMEZONE_AWARE": False}
    if today is not None:
        settings["RELATIVE_BASE"] = datetime(today.year, today.month, today.day)
    if first_of_month:  # "in June 2026" is at least June 1st, "in 2025" at least January 1st
        settings["PREFER_DAY_OF_MONTH"] = "first"
        settings["PREFER_MONTH_OF_YEAR"] = "first"
    parsed = dateparser.parse(text.strip(), languages=["en"], settings=settings)  # type: ignore[arg-type]
    return parsed.date() if parsed else None


def _clause(text: str) -> str | None:
    clause = _CLAUSE_END.sub("", text).strip()
    return clause or None


def _project(text: str) -> str | None:
    """What they did together, as a thing the email can name: "our work on the 2023 rollout", "the 2024
    working paper we co-authored"."""
    found = _PROJECT.search(text)
    if not found:
        return None
    thing = _clause(found.group("p"))
    if not thing:
        return None
    verb = found.group("v").lower()
    if verb in ("worked", "collaborated", "partnered", "teamed up"):
        return f"our work on {thing}"
    # "an ET webinar in spring 2024" -> "the ET webinar we co-hosted": the thing, without where and when.
    thing = re.split(r"\s+(?:on|in|about|for|at|with)\s", thing, maxsplit=1)[0]
    thing = re.sub(r"^(?:a|an|our)\s", "the ", thing, flags=re.IGNORECASE)
    return f"{thing} we {verb}"


def _doing(said: str) -> list[str]:
    """What they said they were doing: "We're hiring two more data engineers in Toronto, so it's busy" ->
    "hiring two more data engineers in Toronto"."""
    found: list[str] = []
    for start, end in sentence_spans(said):
        for match in _DOING.finditer(said[start:end]):
            doing = _HOOK_END.sub("", match.group("d")).strip()
            doing = re.sub(r"\b(?:our|my)\b", "your", doing, flags=re.IGNORECASE)
            if is_safe(match.group(0)) and len(doing.split()) >= 2 and doing not in found:
                found.append(doing)
    return found[:3]

"""Occasions: what happened to the person or their company that an email can open on, ranked by what
matters most to them.

Read from the research's role timeline and the kinds and dates of facts, never from one verb of a headline:
a new role is their current title stated, with their name, in dated company news or a milestone (so "Lumen
Freight Names Marisol Vega Chief Operating Officer" and "As Chief Product Officer, Park will lead ..." are
both the new role, dated by their earliest such evidence). Their own role, award or founding comes before
their company's round, opening or launch; recent before old; nothing older than 12 months is congratulated,
and nothing older than the last exchange in the thread is presented as news.
"""

from __future__ import annotations

import re
from datetime import date

from server.models import Dossier, Fact, Occasion, OccasionKind
from server.text.dates import MONTHS
from server.text.names import parse_name
from server.writing.fact_words import (
    RECENT_DAYS,
    WORK_KINDS,
    award_name,
    company_name,
    fact_date,
    funding_round,
    goal_clause,
    is_safe,
    occasion_of,
    strip_date,
    title_of,
    usable_facts,
    work_about,
)
from server.writing.thread import Thread

WORK_DAYS = 548  # a post or talk older than 18 months is no longer "your recent work"
# How much each kind of occasion matters to them, before recency: their own step first.
WEIGHTS: dict[OccasionKind, float] = {
    "role": 10.0, "award": 9.5, "founding": 9.0, "funding": 7.0, "opening": 6.5, "launch": 6.0,
    "work": 5.5, "goal": 4.0, "news": 3.0,
}  # fmt: skip
NEWS_KINDS: frozenset[OccasionKind] = frozenset(
    {"role", "award", "founding", "funding", "opening", "launch", "news"}
)
_FOUNDED = re.compile(r"\b(?:founded|co-founded|started|set up|launched)\b", re.IGNORECASE)
_OPENED = re.compile(
    r"\b(?P<verb>opens|opened|launches|launched|unveils|unveiled|debuts|debuted)\s+(?:its\s+|a\s+|an\s+|the\s+)?"
    r"(?:new\s+)?(?P<what>[^.;]+)",
    re.IGNORECASE,
)
_GOOD_NEWS = re.compile(
    r"\b(?:celebrat\w*|anniversary|milestone|record|wins?|won|reach(?:es|ed)|expand(?:s|ed)|partner(?:s|ed|ship)|"
    r"acquir(?:es|ed)|certified|listed|ipo)\b",
    re.IGNORECASE,
)
_VOICE = re.compile(r"\b(?:I|we|my|our|said|says|today)\b", re.IGNORECASE)
_WHAT_END = re.compile(r",\s.*$|\s+(?:to|so|which|that|as|after|with)\s.*$|\s+(?:today|this week)\b.*$")


def rank_occasions(dossier: Dossier, thread: Thread, *, today: date) -> list[Occasion]:
    """Every occasion the dossier gives, best first; news older than 12 months or than the last exchange
    is left out."""
    facts = [f for f in usable_facts(dossier)[0] if is_safe(f.text)]
    company = company_name(dossier)
    found: list[Occasion] = []
    role = new_role(dossier, facts)
    if role is not None:
        found.append(role)
    for fact in facts:
        occasion = _occasion(fact, dossier, company)
        if occasion is not None:
            found.append(occasion)
    kept = [o for o in _distinct(found) if _timely(o, thread, today)]
    ranked = sorted(kept, key=lambda o: (-_score(o, today), o.when or "", o.fact_id))
    return _one_per_announcement(ranked, {f.id: f for f in facts})


def new_role(dossier: Dossier, facts: list[Fact]) -> Occasion | None:
    """Their current title as dated news names it, with them, in the company's news or a milestone."""
    title = dossier.person.title
    if not title or not is_safe(title):
        return None
    name = parse_name(dossier.person.name)
    names = [n for n in (dossier.person.name, f"{name.first} {name.last}", name.last) if n.strip()]
    evidence = [
        f
        for f in facts
        if f.kind in ("company_news", "milestone", "role", "employer")
        and fact_date(f)
        and _says(f, title)
        and (f.kind != "role" or len(f.text.split()) > len(title.split()) + 4)  # a title line is no news
        and any(re.search(rf"\b{re.escape(n)}\b", f"{f.text} {f.quote}", re.IGNORECASE) for n in names)
    ]
    if not evidence:
        return None
    first = min(evidence, key=lambda f: (f.date or "", f.id))
    return Occasion(
        kind="role",
        what=title,
        company=company_name(dossier),
        when=first.date,
        month_known=_month_known(first),
        own=True,
        fact_id=first.id,
    )


def _says(fact: Fact, title: str) -> bool:
    return title.lower() in f"{fact.text} {fact.quote}".lower()


def _occasion(fact: Fact, dossier: Dossier, company: str | None) -> Occasion | None:
    """The occasion one fact gives, if any (a new role comes from new_role, over all facts)."""
    when = fact.date
    base = {"when": when, "month_known": _month_known(fact), "fact_id": fact.id, "company": company}
    if fact.kind in WORK_KINDS:
        what = title_of(fact) or work_about(fact)
        return Occasion(kind="work", what=what, own=True, **base) if what else None
    if fact.kind == "company_goal":
        clause, form = goal_clause(fact)
        return Occasion(kind="goal", what=clause, own=False, **base) if form != "quote" else None
    if fact.kind == "award":
        return Occasion(kind="award", what=title_of(fact) or award_name(fact.text), own=True, **base)
    if fact.kind not in ("company_news", "milestone", "role", "employer") or not when:
        return None
    return _news(fact, dossier, base)


def _news(fact: Fact, dossier: Dossier, base: dict[str, object]) -> Occasion | None:
    """A step of theirs ("Promoted to VP of Data Engineering"), a round, a founding, an opening or a launch,
    told by a role, company news or a milestone."""
    reading = occasion_of(fact, dossier.person.title)
    if reading is None:
        return None
    if reading.kind == "role":
        what = reading.detail or dossier.person.title
        return Occasion(kind="role", what=what, own=True, **base) if what else None
    if fact.kind in ("role", "employer"):
        return None
    if reading.kind == "funding":
        return Occasion(kind="funding", what=funding_round(fact) or "funding round", own=False, **base)
    if reading.kind == "award":
        return Occasion(kind="award", what=reading.detail or "award", own=True, **base)
    text = strip_date(fact.text)
    first = parse_name(dossier.person.name).first
    # A founding is news only when the text says the year (a bio's "Ethan co-founded Furrow" is not).
    year = str(fact_date(fact).year) if fact_date(fact) else "-"
    founder = re.search(rf"\b(?:she|he|they|{re.escape(first)})\b", text, re.IGNORECASE)
    if _FOUNDED.search(text) and founder:
        if year not in text:
            return None
        return Occasion(kind="founding", what=str(base["company"] or "your own firm"), own=True, **base)
    opened = _OPENED.search(text)
    if opened:
        what = _WHAT_END.sub("", opened.group("what")).strip()
        kind: OccasionKind = "opening" if opened.group("verb").lower().startswith("open") else "launch"
        return Occasion(kind=kind, what=what, own=False, **base) if len(what.split()) >= 2 else None
    # Other good news only as a headline: short, in nobody's voice, and good news by its words (a
    # milestone may be a line of a bio).
    headline = reading.detail or ""
    good = fact.kind == "company_news" or _GOOD_NEWS.search(headline)
    if good and len(headline.split()) <= 14 and not _VOICE.search(headline):
        return Occasion(kind="news", what=headline, own=False, **base)
    return None


def _one_per_announcement(ranked: list[Occasion], facts: dict[str, Fact]) -> list[Occasion]:
    """One piece of news per release, however many of its sentences sound like good news (an award and
    what the jury recognised; a promotion and what she led before it): the best-ranked one."""
    seen: set[tuple[str, str]] = set()
    kept: list[Occasion] = []
    for occasion in ranked:
        fact = facts.get(occasion.fact_id)
        key = (fact.source_url, occasion.when or "") if fact else ("", occasion.fact_id)
        if occasion.kind in NEWS_KINDS and key in seen:
            continue
        if occasion.kind in NEWS_KINDS:
            seen.add(key)
        kept.append(occasion)
    return kept


def _month_known(fact: Fact) -> bool:
    """A 1 January date is how research writes a year alone, unless the text names January."""
    when = fact_date(fact)
    if when is None or (when.month, when.day) != (1, 1):
        return True
    return bool(re.search(r"\b(?:January|Jan\.?)\s+\d{4}\b|\b\d{4}-01-01\b", fact.text))


def _distinct(occasions: list[Occasion]) -> list[Occasion]:
    """One occasion per thing: the same round or founding on two pages kept once (the earliest)."""
    seen: dict[tuple[str, str], Occasion] = {}
    for occasion in sorted(occasions, key=lambda o: (o.when or "9999", not o.month_known, o.fact_id)):
        what = occasion.what.lower()
        key = (occasion.kind, re.sub(r"^.*?(series [a-h]|seed).*$", r"\1", what))
        if occasion.kind in ("role", "founding"):
            key = (occasion.kind, "")
        seen.setdefault(key, occasion)
    return list(seen.values())


def _timely(occasion: Occasion, thread: Thread, today: date) -> bool:
    when = date.fromisoformat(occasion.when) if occasion.when else None
    if occasion.kind in NEWS_KINDS:
        if when is None or not 0 <= (today - when).days <= RECENT_DAYS:
            return False
        # Older than the last exchange: they may have told the sender themselves; it is no news.
        return thread.last_exchange is None or when >= thread.last_exchange
    if occasion.kind == "work":
        return when is None or 0 <= (today - when).days <= WORK_DAYS
    return True


def _score(occasion: Occasion, today: date) -> float:
    months = (today - date.fromisoformat(occasion.when)).days / 30.44 if occasion.when else 9.0
    return WEIGHTS[occasion.kind] + (0.5 if occasion.own else 0.0) - 0.25 * months


def when_words(occasion: Occasion) -> str | None:
    """ "September 2026", or "2026" when only the year is known."""
    if not occasion.when:
        return None
    when = date.fromisoformat(occasion.when)
    return f"{MONTHS[when.month - 1]} {when.year}" if occasion.month_known else str(when.year)


def occasion_words(occasion: Occasion) -> str:
    """How the side panel names an occasion: "the new role as Chief Operating Officer (September 2026)"."""
    what = occasion.what
    named = {
        "role": f"the new role as {what}",
        "award": f"“{what}”",
        "founding": f"founding {what}",
        "funding": f"the {what}",
        "opening": f"opening the {what}",
        "launch": f"launching {what}",
        "work": f"“{what}”",
        "goal": f"the plan to {what}",
        "news": f"the news “{what}”",
    }[occasion.kind]
    when = when_words(occasion)
    return f"{named} ({when})" if when else named

"""Slots for the offline writer: how the email names the person, the shared past and the facts it rests on.

Each slot is a str.format field of the phrase bank (phrases.py); a missing value is None, and a phrasing that
needs it is passed over.
"""

from __future__ import annotations

import re
from datetime import date

from server.models import Dossier, Fact, SenderProfile
from server.text.dates import MONTH_NAME
from server.writing.fact_words import (
    WORK_KINDS,
    company_name,
    first_name,
    goal_phrase,
    interest_of,
    is_recent,
    month_year,
    possessive,
    role_title,
    strip_date,
    title_of,
    work_about,
    work_noun,
)

Slots = dict[str, str | None]  # slot name -> its text, None when we do not know it

_MONTHS_WORD = re.compile(r"^(?:[A-Z][a-z]+ )?\d{4}$")
_HEADLINE_WORDS = 14
_TITLE_WORDS = 14  # a longer title is named by its kind and date instead ("your post from October 2026")


def person_slots(dossier: Dossier, sender: SenderProfile | None) -> Slots:
    """Who the email is to and from: {first}, {company}, {team}, {as_role} and friends."""
    company = company_name(dossier)
    role = sender.role if sender else None
    sender_company = sender.company if sender else None
    as_role = (f" as {role}" if role else "") + (f" at {sender_company}" if sender_company else "")
    return {
        "first": first_name(dossier.person.name),
        "company": company,
        "Company": company,
        "company_possessive": possessive(company) if company else "your team's",
        "team": f"everyone at {company}" if company else "the whole team",
        "at_company": f" at {company}" if company else "",
        "as_role": as_role,
    }


_PROJECT = re.compile(
    r"\b(?:worked|collaborated|partnered|teamed up)(?: together| closely)*(?: with (?:\w+ ){0,2}?\w+)?"
    r" (?:on|at|during) (?P<p>[^;,.\n]{3,60})",
    re.IGNORECASE,
)
_MET = re.compile(r"\b(?:first )?met (?:at|during|through) (?P<m>[^;,.\n]{3,60})", re.IGNORECASE)
_GAP = re.compile(
    r"\blast (?:spoke|talked|met|emailed|wrote|caught up|saw each other|exchanged emails|were in touch)\b"
    r"[^;.\n]{0,20}?\b(?P<g>(?:about |almost |nearly |over |more than )?"
    r"(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a few|several|a couple of)"
    r" (?:weeks?|months?|years?))\s+ago",
    re.IGNORECASE,
)
_SINCE = re.compile(
    r"\blast (?:spoke|talked|met|emailed|wrote|caught up|were in touch)\s+in\s+"
    rf"(?P<w>(?:{MONTH_NAME} )?"
    r"\d{4})",
    re.IGNORECASE,
)
_THREAD = re.compile(r"(?:^|\n)\s*(?:From:|Subject:|On .{5,80} wrote:|>)", re.IGNORECASE)
_CLAUSE_END = re.compile(
    r"\s+(?:and|but|then|when|where|which|so|last|before|after|until)\s.*$", re.IGNORECASE
)
_DETERMINER = re.compile(r"^(?:the|a|an|our|my|your|that|this)\s", re.IGNORECASE)


def context_slots(context: str | None) -> Slots:
    """What the relationship context says, in its own words: a shared project, a meeting, the time since."""
    text = (context or "").strip()
    project = _PROJECT.search(text)
    met = _MET.search(text)
    gap = _GAP.search(text)
    since = _SINCE.search(text)
    project_text = _CLAUSE_END.sub("", project.group("p")).strip() if project else None
    met_text = _CLAUSE_END.sub("", met.group("m")).strip() if met else None
    project_since = project_text
    if project_text and not _DETERMINER.match(project_text) and project_text[0].islower():
        project_since = f"the {project_text}"
    return {
        "project": project_text,
        "project_since": project_since,
        "met": met_text,
        "gap": gap.group("g").lower() if gap else None,
        "since": since.group("w") if since and _MONTHS_WORD.match(since.group("w")) else None,
        "thread": "yes" if text and (_THREAD.search(text) or len(text) > 400) else None,
    }


def opening_key(slots: Slots) -> str:
    """Which bank of phrases.OPENINGS fits what the context says."""
    if slots["project"]:
        return "project_gap" if slots["gap"] else "project"
    if slots["met"]:
        return "met_gap" if slots["gap"] else "met"
    if slots["gap"]:
        return "gap"
    if slots["since"]:
        return "since"
    return "thread" if slots["thread"] else "none"


def fact_slots(fact: Fact, company: str | None, today: date, *, dated: bool = True) -> Slots:
    """How the email names a fact it rests on: {target}, {Target}, {work}, {paren_when} and friends."""
    when = month_year(fact) if dated else None
    if fact.kind in WORK_KINDS:
        noun = work_noun(fact)
        title = title_of(fact)
        title = title if title and len(title.split()) <= _TITLE_WORDS else None
        about = None if title else work_about(fact)
        recent = "recent " if not title and is_recent(fact, today, 90) else ""
        target = (
            f"your {noun} “{title}”" if title else f"your {recent}{noun}" + (f" on {about}" if about else "")
        )
        titled = f" “{title}”" if title and len(title.split()) <= 4 else None
        return _target(target, when) | {
            "work": target,
            "Work": cap(target),
            "work_noun": noun,
            "titled": titled,
        }
    if fact.kind == "company_goal":
        return _target(goal_phrase(fact, company), when)
    if fact.kind == "interest":
        return _target(f"your interest in {interest_of(fact)}", when)
    if fact.kind == "role":
        title = role_title(fact, None)
        return _target(f"your work as {title}" if title else "your work", when)
    return _target(f"the news “{headline(fact)}”", when)


def _target(target: str, when: str | None) -> Slots:
    return {
        "target": target,
        "Target": cap(target),
        "when": when,
        "in_when": f" in {when}" if when else "",
        "paren_when": f" ({when})" if when else "",
        "month": when.split(" ")[0] if when and " " in when else None,
    }


def cap(text: str) -> str:
    """The text with its first letter raised, to start a sentence."""
    return text[:1].upper() + text[1:]


def headline(fact: Fact) -> str:
    """The fact's own words, cut at a clause boundary when long."""
    text = strip_date(fact.text).rstrip(".")
    if len(text.split()) > _HEADLINE_WORDS:
        text = re.split(r"[,;:(—–]", text, maxsplit=1)[0].strip()
    return text

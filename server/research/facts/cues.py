"""The sentence cues a page is read with, chosen by its language.

English pages are read with patterns.py's English patterns alone, exactly as before. A page in German,
French, Dutch, Spanish or Italian is read with its language's cues (languages.py) and English's too: such
pages often give titles and talk names in English ("Chief Technology Officer", "Keynote").
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import Protocol

from server.research.facts.languages import TABLES, LanguageTable
from server.research.facts.patterns import (
    APPOINTED_AS,
    APPOINTED_BEFORE,
    APPOSITIVES,
    AWARD_NAME,
    DEGREE,
    EMPLOYER_PATTERNS,
    EVENT_AT,
    FIRST_PERSON,
    FUTURE,
    GOAL,
    NEWS,
    ORG,
    PAST,
    PERSON_KINDS,
    PRONOUN_WORD,
    ROLE_PATTERNS,
)


class Matcher(Protocol):
    def search(self, text: str) -> re.Match[str] | None: ...

    def match(self, text: str) -> re.Match[str] | None: ...


@dataclass(frozen=True)
class AnyOf:
    """Several patterns read as one: the earliest match of any."""

    patterns: tuple[re.Pattern[str], ...]

    def search(self, text: str) -> re.Match[str] | None:
        found = [m for p in self.patterns if (m := p.search(text))]
        return min(found, key=lambda m: m.start(), default=None)

    def match(self, text: str) -> re.Match[str] | None:
        return next((m for p in self.patterns if (m := p.match(text))), None)


@dataclass(frozen=True)
class Cues:
    """What makes a sentence a fact of a kind, in the languages one page is read in."""

    person_kinds: tuple[tuple[str, Matcher], ...]
    appositives: tuple[re.Pattern[str], ...]  # right after the name: ", Head of X at Y", " ist CTO bei Y"
    role_patterns: tuple[re.Pattern[str], ...]  # anywhere in a sentence naming them: "appointed CTO"
    appointed_before: Matcher  # the appointing verb just before the name
    appointed_as: Matcher  # the title just after it
    employer_patterns: tuple[re.Pattern[str], ...]
    award_name: Matcher
    degree: Matcher
    event_at: Matcher
    goal: Matcher
    news: Matcher
    future: Matcher
    past: Matcher
    pronoun: Matcher
    first_person: Matcher
    company_voice: Matcher
    promoted: Matcher


_COMPANY_VOICE = re.compile(r"(?:We|Our|The company|Today we)\b")
_PROMOTED = re.compile(r"(?i)\bpromot\w+")
_ORG_END = r"(?=\s*(?:$|[,.;:()·|]))"
# An event's name, with the common noun other languages put before it ("salon Global Industrie").
_EVENT = (
    r"(?P<event>(?:(?i:salon|congrès|forum|sommet|festival|congreso|foro|jornada|feria|congresso|convegno"
    r"|fiera|beurs|congres)\s+)?[A-ZÄÖÜÉ][\w'’&-]*(?:\s+(?:[A-ZÄÖÜÉ][\w'’&-]*|\d{4})){0,5})"
)

ENGLISH = Cues(
    person_kinds=tuple(PERSON_KINDS),
    appositives=tuple(APPOSITIVES),
    role_patterns=tuple(ROLE_PATTERNS),
    appointed_before=APPOINTED_BEFORE,
    appointed_as=APPOINTED_AS,
    employer_patterns=tuple(EMPLOYER_PATTERNS),
    award_name=AWARD_NAME,
    degree=DEGREE,
    event_at=EVENT_AT,
    goal=GOAL,
    news=NEWS,
    future=FUTURE,
    past=PAST,
    pronoun=PRONOUN_WORD,
    first_person=FIRST_PERSON,
    company_voice=_COMPANY_VOICE,
    promoted=_PROMOTED,
)


@cache
def cues_for(lang: str | None) -> Cues:
    """The cues for a page in `lang` (a primary subtag); English's alone for English or an unread language."""
    table = TABLES.get(lang or "")
    if table is None:
        return ENGLISH
    own = _Compiled(table)
    return Cues(
        person_kinds=tuple(
            (kind, AnyOf((pattern, own.words(table.kinds[kind]))) if kind in table.kinds else pattern)
            for kind, pattern in PERSON_KINDS
        ),
        # Its own "Title of Org" shapes before English's bare ", Title": that one would swallow "der Org".
        appositives=(*APPOSITIVES[:2], *own.appositives(), *APPOSITIVES[2:]),
        role_patterns=(*ROLE_PATTERNS, *own.roles()),
        appointed_before=AnyOf((APPOINTED_BEFORE, re.compile(rf"\b(?:{table.appoints})\s+$"))),
        # Its own first: English's would take "zur Geschäftsführerin" whole for the title.
        appointed_as=AnyOf(
            (
                re.compile(rf"^\s+{table.appointed_as}(?P<title>[^,.;:()]{{2,70}}?){own.stop}"),
                APPOINTED_AS,
            )
        ),
        employer_patterns=(*EMPLOYER_PATTERNS, *(own.shape(p) for p in table.employer)),
        award_name=AWARD_NAME,
        degree=AnyOf((DEGREE, re.compile(table.degree))),
        event_at=AnyOf((EVENT_AT, re.compile(rf"\b(?i:{table.event_at})\s+{_EVENT}"))),
        goal=AnyOf((GOAL, own.words(table.goal))),
        news=AnyOf((NEWS, own.words(table.news))),
        future=AnyOf((FUTURE, re.compile(rf"(?i)\b(?:{table.future})"))),
        past=AnyOf((PAST, own.words(table.past))),
        pronoun=AnyOf((PRONOUN_WORD, re.compile(table.pronoun))),
        first_person=AnyOf((FIRST_PERSON, re.compile(table.first_person))),
        company_voice=AnyOf((_COMPANY_VOICE, re.compile(table.company_voice))),
        promoted=AnyOf((_PROMOTED, own.words(table.promoted))),
    )


@dataclass(frozen=True)
class _Compiled:
    """One language's table made into patterns of the shapes English uses."""

    table: LanguageTable

    @property
    def stop(self) -> str:
        """Where a title ends: punctuation, a dash, or one of the language's prepositions."""
        return rf"(?=\s*(?:$|[,.;:()·|„“”\"«»]|\s[–—-]\s|\s+(?:{self.table.title_stop})\b))"

    def words(self, source: str) -> re.Pattern[str]:
        return re.compile(rf"(?i)\b(?:{source})\b")

    def shape(self, source: str) -> re.Pattern[str]:
        return re.compile(source.replace("{stop}", self.stop).replace("{org}", ORG))

    def roles(self) -> Iterator[re.Pattern[str]]:
        return (self.shape(source) for source in self.table.roles)

    def appositives(self) -> list[re.Pattern[str]]:
        t = self.table
        lead = r"^\s*(?:,|\s[–—-]|\()\s*"
        title = r"(?P<title>[^,.;:()·|]{2,70}?)"
        return [
            # "Katrin Vogel, Geschäftsführerin der Elbwerk Energie GmbH", "Hélène Marchand, directrice chez X"
            re.compile(rf"{lead}{title}\s+(?:{t.at}|{t.of})\s*{ORG}{_ORG_END}"),
            # "Katrin Vogel ist Geschäftsführerin bei Elbwerk", "Hélène Marchand est directrice de Lumiflux"
            re.compile(rf"^\s+(?:{t.being})\s+{title}\s+(?:{t.at}|{t.of})\s*{ORG}"),
        ]

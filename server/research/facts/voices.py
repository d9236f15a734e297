"""Whose words a sentence is: the person's, quoted or answering an interviewer, or someone else's.

A quotation credited to the person ("…,” said Vega.) goes on in the next sentence that opens with a quotation
mark; a quotation credited to anyone else ("…,” said Mark Ruiz, chief executive) is never theirs, nor is the
past a quotation speaks of. A profile's prompt and its quoted answer ("Off the clock: “I'm a competitive
sailor.”") are the subject's. Text here has plain quotes: the reader turns typographic ones into plain ones.
"""

from __future__ import annotations

import re

from server.research.facts.patterns import GOAL, SAID
from server.text.names import find_name

# A quotation within a sentence.
QUOTATION = re.compile(r'"[^"]*"')
# A profile's prompt and the subject's quoted answer: "Biggest win this year: “We cut spoilage by 18%.”"
LABELLED_ANSWER = re.compile(r'^(?P<label>[A-Z][^:"]{2,60}):\s*"')
# Who a "said" credits: a pronoun, or a name of capitalised words ("Dr. Jan Petersen", "Schmidt").
_SPEAKER = (
    r"(?P<who>[Ss]he|[Hh]e|[Tt]hey"
    r"|(?:(?:Dr|Prof|Mr|Ms|Mrs)\.?\s+)?[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){0,2})"
)
_SPEAKER_AFTER = re.compile(rf"\s+{_SPEAKER}")  # "said Mark Ruiz"
_SPEAKER_BEFORE = re.compile(rf"{_SPEAKER}\s*$")  # "Schmidt said"


def someone_else_said(sentence: str, name: str) -> bool:
    """The sentence credits its words to someone other than the person ("said Dr. Jan Petersen")."""
    for m in SAID.finditer(sentence):
        after = _SPEAKER_AFTER.match(sentence, m.end())
        before = _SPEAKER_BEFORE.search(sentence[: m.start()])
        speaker = (after or before).group("who") if after or before else ""
        if re.fullmatch(r"(?i)she|he|they", speaker) or find_name(speaker, name, short=True):
            return False
        if speaker:
            return True
    return False


def opens_quote(sentence: str) -> bool:
    return sentence.lstrip()[:1] in "\"'"


def outside_quotations(sentence: str) -> str:
    """The sentence with its quotations blanked: what it says itself, not what someone is quoted saying."""
    return QUOTATION.sub(" ", sentence)


def is_prose(sentence: str) -> bool:
    """A sentence someone wrote, not a byline, footer or caption ("23 September 2026 · Analysis · by ..."):
    long enough, ended by punctuation, no copyright sign."""
    return len(sentence.split()) >= 8 and sentence.rstrip()[-1:] in ".!?\"'" and "©" not in sentence


def speaks_for_company(sentence: str) -> bool:
    """The person stating their organisation's goal ("get our on-time pickup rate above 97 percent")."""
    return bool(re.search(r"\b(?:[Oo]ur|[Ww]e)\b", sentence) and GOAL.search(sentence))

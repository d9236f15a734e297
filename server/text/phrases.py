"""Phrase lists kept as data files in server/data/, and finding their entries in a draft."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

# Short function words are never inflected: "pick your brain" must not grow "pick youred brain".
_UNINFLECTED = frozenset(
    {"a", "an", "and", "are", "as", "at", "be", "for", "i", "in", "is", "it", "me", "my", "of", "on", "or"}
    | {"our", "the", "to", "us", "we", "you", "your", "yours"}
)
_VOWELS = frozenset("aeiou")
_GAP = r"[\s\-\u2013]+"  # words in a phrase may be split by spaces, hyphens or an en dash
_WILDCARD = r"(?:[\s\-\u2013]+[\w'\-]+){0,3}?"  # "*" in a list: up to three words
# Typographic quotes become plain ones, one character for one, so match offsets stay valid.
_PLAIN_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})


@dataclass(frozen=True)
class Phrase:
    """One list entry and the pattern that finds it."""

    text: str
    pattern: re.Pattern[str]


@dataclass(frozen=True)
class PhraseMatch:
    """Where a list entry occurs in a text, as the list spells it and as the text does."""

    phrase: str
    found: str
    start: int
    end: int


def plain_quotes(text: str) -> str:
    """Replace typographic quotes with plain ones (same length)."""
    return text.translate(_PLAIN_QUOTES)


def read_list(name: str) -> list[str]:
    """The non-empty, non-comment lines of server/data/NAME."""
    text = resources.files("server").joinpath("data", name).read_text(encoding="utf-8")
    lines = (line.split("#", 1)[0].strip() for line in text.splitlines())
    return [line for line in lines if line]


@cache
def load_phrases(name: str) -> tuple[Phrase, ...]:
    """Compile a phrase list from server/data/NAME (see salesy_phrases.txt for the syntax)."""
    return tuple(_compile(line) for line in read_list(name))


def find_phrases(text: str, phrases: tuple[Phrase, ...]) -> list[PhraseMatch]:
    """Each list entry found in text once, in text order; a match overlapping a longer one is dropped."""
    text = plain_quotes(text)
    found: list[PhraseMatch] = []
    for phrase in phrases:
        match = phrase.pattern.search(text)
        if match:
            found.append(PhraseMatch(phrase.text, match.group(0), match.start(), match.end()))
    # Longest first, so "hop on a quick call" wins over "quick call" and reports once.
    found.sort(key=lambda m: m.start - m.end)
    kept: list[PhraseMatch] = []
    for match in found:
        if not any(match.start < k.end and k.start < match.end for k in kept):
            kept.append(match)
    return sorted(kept, key=lambda m: m.start)


def _compile(line: str) -> Phrase:
    exact = len(line) > 1 and line.startswith('"') and line.endswith('"')
    text = plain_quotes(line.strip('"') if exact else line)
    parts: list[str] = []
    for word in (w for w in re.split(r"[\s\-\u2013]+", text) if w):
        if word == "*":
            parts.append(_WILDCARD)  # carries its own separators
            continue
        if parts:
            parts.append(_GAP)
        parts.append(re.escape(word) if exact else _inflected(word))
    # Not inside a longer word, an e-mail address or a host name ("sales@demo.io", "x.cal.com").
    return Phrase(text, re.compile(rf"(?<![\w@.]){''.join(parts)}(?!\w)", re.IGNORECASE))


def _inflected(word: str) -> str:
    """A word and its regular inflections: demo(s|ed|ing), circl(e|ed|ing), hop(ping), reply/replies."""
    lower = word.lower()
    base = re.escape(word)
    if not word.isalpha() or len(word) < 3 or lower in _UNINFLECTED:
        return base
    forms = [base + r"(?:s|es|ed|ing)?"]
    if lower.endswith("e"):
        forms.append(re.escape(word[:-1]) + r"(?:ed|ing)")
    if lower.endswith("y") and lower[-2] not in _VOWELS:
        forms.append(re.escape(word[:-1]) + r"(?:ies|ied)")
    if lower[-1] not in _VOWELS | set("wxy") and lower[-2] in _VOWELS and lower[-3] not in _VOWELS:
        forms.append(base + re.escape(word[-1]) + r"(?:ed|ing)")  # hop -> hopping, chat -> chatted
    return "(?:" + "|".join(forms) + ")"

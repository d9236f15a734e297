"""The languages research reads (English, German, French, Dutch, Spanish, Italian): which one a page is
written in, and the few words that differ by language outside the facts stage's sentence patterns.

A page's stated language (`<html lang>`, Content-Language, og:locale) is often a template's default, so the
text itself decides when it clearly says otherwise: the words no other of these languages uses (from jusText's
stop lists) are counted, and one language must lead the others plainly.
"""

from __future__ import annotations

import re
from functools import cache

import justext

ENGLISH = "en"
SUPPORTED = ("en", "de", "fr", "nl", "es", "it")
_STOPLIST_NAMES = {
    "en": "English",
    "de": "German",
    "fr": "French",
    "nl": "Dutch",
    "es": "Spanish",
    "it": "Italian",
}
MIN_WORDS = 8  # function words a language needs before the text is said to be written in it
LEAD = 2.0  # how many times more of them than the next language

# Words before a year that make it a deadline, not when something happened ("bis 2028", "d'ici 2027").
DEADLINE_WORDS: dict[str, tuple[str, ...]] = {
    "en": ("by", "until", "before", "through"),
    "de": ("bis", "bis zum", "bis Ende", "vor"),
    "fr": ("d'ici", "d’ici", "avant", "jusqu'en", "jusqu’en", "d'ici à", "d'ici fin"),
    "nl": ("tegen", "voor", "uiterlijk", "tot"),
    "es": ("para", "antes de", "hasta", "de aquí a"),
    "it": ("entro", "entro il", "prima del", "fino al"),
}


@cache
def _distinctive_words() -> dict[str, frozenset[str]]:
    """Each language's function words that none of the others uses."""
    lists = {
        code: frozenset(w.lower() for w in justext.get_stoplist(name) if w.isalpha())
        for code, name in _STOPLIST_NAMES.items()
    }
    return {
        code: words - frozenset().union(*(other for c, other in lists.items() if c != code))
        for code, words in lists.items()
    }


_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")


def detect_language(text: str) -> str | None:
    """The supported language `text` is plainly written in, or None when it is too short or too mixed."""
    words = _distinctive_words()
    counts = dict.fromkeys(words, 0)
    for token in _WORD.findall(text[:20000].lower()):
        for code, vocabulary in words.items():
            if token in vocabulary:
                counts[code] += 1
    ranked = sorted(counts.items(), key=lambda item: -item[1])
    (best, most), (_, second) = ranked[0], ranked[1]
    return best if most >= MIN_WORDS and most >= LEAD * second else None


def reading_language(stated: str | None, text: str) -> str | None:
    """The language to read a page in: what its text plainly is, else what the page says it is."""
    return detect_language(text) or stated

"""The words of a draft that carry its content, stemmed, to tell which fact or gift a sentence speaks of."""

from __future__ import annotations

import re
from functools import cache

import justext
from babel import Locale

from server.text.languages import ENGLISH, SUPPORTED, detect_language
from server.text.names import fold
from server.text.stems import stemmer

_TOKEN = re.compile(r"[^\W_]+(?:[-'][^\W_]+)*")
# jusText's stop lists are made to tell boilerplate from text and leave out the pronouns an email is full of.
_PRONOUNS = frozenset(
    {"our", "ours", "your", "yours", "mine", "theirs", "hers"}
    | {"unser", "unsere", "unserer", "unseren", "unserem", "dein", "deine", "mein", "meine", "wir", "ich"}
    | {"euer", "eure", "notre", "nos", "votre", "vos", "mon", "mes", "ton", "tes", "nous", "vous"}
    | {"nuestro", "nuestra", "nuestros", "nuestras", "vuestro", "vuestra"}
    | {"nostro", "nostra", "nostri", "nostre", "vostro", "vostra", "ons", "onze", "jouw", "jullie", "mijn"}
)
_YEAR = re.compile(r"^(?:19|20)\d\d$")
# Numbers below this ("14 months", "2 ideas") are too common to tell one fact from another.
_MIN_NUMBER = 100


def is_year(word: str) -> bool:
    """A content word that is a year ("2026"): when something happened, not what it was."""
    return bool(_YEAR.match(word))


def language_of(text: str) -> str:
    """The language a draft is written in (English unless it plainly is one of the others read)."""
    return detect_language(text) or ENGLISH


def content_words(text: str, lang: str = ENGLISH) -> frozenset[str]:
    """Stems of the words in text that say what it is about: no function words, no short numbers.

    English function words are left out in every language: drafts mix in English ("the Benchmark", "for").
    """
    found: set[str] = set()
    stop = _stop_words(lang)
    for token in _TOKEN.findall(fold(text.replace("\u2019", "'"))):
        for word in token.split("-"):
            word = re.sub(r"'s?$", "", word)
            if word.isdigit():
                if int(word) >= _MIN_NUMBER:
                    found.add(word)
            elif len(word) >= 3 and word not in stop and word not in _PRONOUNS:
                found.add(_stem(word, lang))
    return frozenset(found)


@cache
def _stop_words(lang: str) -> frozenset[str]:
    languages = {ENGLISH, lang if lang in SUPPORTED else ENGLISH}
    return frozenset(fold(w) for code in languages for w in justext.get_stoplist(_english_name(code)))


def _stem(word: str, lang: str) -> str:
    return stemmer(_snowball_name(lang if lang in SUPPORTED else ENGLISH)).stemWord(word)


@cache
def _snowball_name(lang: str) -> str:
    return _english_name(lang).lower()


def _english_name(lang: str) -> str:
    """ "German" for "de": the name jusText's stop lists and the Snowball stemmers go by."""
    return Locale.parse(lang).english_name or "English"

"""Wording a gift as the sender would write it ("our benchmark", "people in my network"), and the topics it
serves, for matching it to the person's work."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import justext

from server.writing.offer_cues import ENGLISH, Cues

# Words too common to tell what a gift is about (other languages: jusText's stop lists).
_FUNCTION_WORDS = frozenset((
    "a", "an", "the", "and", "or", "of", "to", "in", "on", "for", "with", "at", "by", "from", "as",
    "about", "across", "into", "over", "per", "via", "our", "my", "your", "their", "its", "his", "her", "we",
    "i", "you", "he", "she", "they", "them", "me", "us", "who", "which", "that", "this", "these", "those",
    "some", "any", "all", "can", "will", "also", "what", "including", "such", "more", "most", "is", "are",
    "be", "has", "have", "had", "been", "was", "were", "would", "could", "should", "do", "does", "did",
    "several", "few", "many", "very", "through", "than", "then",
))  # fmt: skip
_GENERIC = frozenset((
    "anonymized", "anonymised", "anonymous", "new", "free", "latest", "recent", "people", "network",
    "networks", "contacts", "contact", "folks", "others", "someone", "anyone", "you", "annual", "own",
    "works", "work", "mensen", "leute", "kontakte", "personnes", "gente", "netzwerk", "réseau", "netwerk",
    "red", "copy", "copies",
))  # fmt: skip


@dataclass(frozen=True)
class Voice:
    """Who the offer speaks of, to word each gift as the sender would write it ("my", "our")."""

    names: tuple[str, ...]  # the company's names, whose possessive is "our"


def in_my_voice(what: str, cues: Cues, voice: Voice, third_person: bool) -> str:
    """As the sender writes it: the company's possessive is "our"; in an offer written about the sender
    ("Nadia can share"), "her network" is "my network" and "he works with" is "I work with"."""
    if cues is ENGLISH:
        for name in voice.names:
            what = re.sub(rf"\b{re.escape(name)}(?:['’]s|['’])(?=\s)", "our", what)
    if not third_person:
        return what
    if cues is ENGLISH:
        what = re.sub(r"\b(?:he|she)\s+\w+?(?:es|s)\b", lambda m: f"I {_base(m.group(0))}", what)
        what = re.sub(r"\b(?:he|she)\b", "I", what)  # "she worked with", "he can"
        what = re.sub(
            r"\b(?:her|him)\b(?=\s*(?:$|[,.;:)]|\s(?:and|or|to|for|at|in|on|with|from)\b))", "me", what
        )
    mine = dict(cues.mine)
    return re.sub(rf"\b(?:{'|'.join(mine)})\b", lambda m: mine[m.group(0)], what)


def _base(said: str) -> str:
    """'she works' -> 'work', 'he has' -> 'have', 'she teaches' -> 'teach'."""
    verb = said.split()[1].lower()
    irregular = {"has": "have", "does": "do", "is": "am", "goes": "go", "was": "was"}
    if verb in irregular:
        return irregular[verb]
    return verb[:-2] if re.search(r"(?:ch|sh|ss|x|z)es$", verb) else verb[:-1]


@cache
def _stop_words(language: str) -> frozenset[str]:
    if language == "en":
        return _FUNCTION_WORDS | _GENERIC
    names = {"de": "German", "fr": "French", "nl": "Dutch", "es": "Spanish"}
    return frozenset(w.lower() for w in justext.get_stoplist(names[language])) | _FUNCTION_WORDS | _GENERIC


def topics_of(text: str, cues: Cues, voice: Voice) -> list[str]:
    """What a gift is about: its content words, a hyphenated compound as one ("dwell time"), acronyms as
    written ("DCs", "FHIR"); not numbers, not the company's own name."""
    stop = _stop_words(cues.language) | _stop_words("en") | set(cues.determiners.split())
    own = {word.lower() for name in voice.names for word in name.split()}
    topics = []
    text = re.sub(r"(?<!\w)(?:[dlsjn]|qu)['’](?=\w)", "", re.sub(r"['’]s\b", "", text), flags=re.IGNORECASE)
    for token in re.findall(r"[^\W\d_][\w'’-]*", text):
        token = token.strip("-'’")
        parts = [p for p in token.split("-") if p]
        if token.lower() in own or all(p.lower() in stop for p in parts) or len(token) < 3:
            continue
        if len(parts) > 1 and not any(p.lower() in stop - _GENERIC for p in parts):
            topics.append(" ".join(parts).lower())  # "dwell time", "cold chain"
        else:  # a word, or the words of "state-of-the-art"
            topics += [
                p if any(c.isupper() for c in p[1:]) else p.lower() for p in parts if p.lower() not in stop
            ]
    return list(dict.fromkeys(topics))

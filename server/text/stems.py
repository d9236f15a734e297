"""Snowball stemmers, one per thread and language: a Snowball stemmer keeps its state while it stems, so
threads answering requests at once (checks, drafts) must never share one."""

from __future__ import annotations

import threading

import snowballstemmer
from snowballstemmer.basestemmer import BaseStemmer


class _Stemmers(threading.local):
    def __init__(self) -> None:
        self.by_language: dict[str, BaseStemmer] = {}


_STEMMERS = _Stemmers()


def stemmer(language: str) -> BaseStemmer:
    """This thread's stemmer for a language as Snowball names it ("english", "german")."""
    found = _STEMMERS.by_language.get(language)
    if found is None:
        found = _STEMMERS.by_language[language] = snowballstemmer.stemmer(language)
    return found

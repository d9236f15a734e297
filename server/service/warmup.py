"""Load what the first run would otherwise wait for: date-parsing locales and the pronouncing dictionary."""

from __future__ import annotations

from server.research.extract import warm_up as warm_up_dates
from server.writing.check import reading_grade


def warm_up() -> None:
    """About three seconds, once per process: `serve` runs it in the background as it starts."""
    warm_up_dates()
    reading_grade("A short sentence loads the dictionary that counts syllables.")

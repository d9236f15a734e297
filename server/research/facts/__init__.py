"""Facts: what each page says about the person (reader, with patterns), made one list with a current role
(merge; dedupe drops a claim repeated in other words)."""

from server.research.facts.merge import merge_facts
from server.research.facts.reader import extract_facts

__all__ = ["extract_facts", "merge_facts"]

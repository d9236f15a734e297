"""Facts: what each page says about the person (reader), made one list with a current role (merge)."""

from server.research.facts.reader import extract_facts, merge_facts

__all__ = ["extract_facts", "merge_facts"]

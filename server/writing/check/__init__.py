"""The check stage: what to change in a draft before sending it, and a 0-100 score."""

from server.writing.check.score import check_draft, reading_grade

__all__ = ["check_draft", "reading_grade"]

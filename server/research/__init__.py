"""The research half: discover -> fetch -> extract -> identify -> facts, as one crawl (research.crawl)."""

from server.research.crawl import ResearchDeps, research

__all__ = ["ResearchDeps", "research"]

"""Extract: HTML -> Page, a pure function of the document and its URL (page.py puts the parts together)."""

from server.research.extract.page import Parsed, extract_page, extract_parsed, parse_page, warm_up

__all__ = ["Parsed", "extract_page", "extract_parsed", "parse_page", "warm_up"]

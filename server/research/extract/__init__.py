"""Extract: HTML -> Page, a pure function of the document and its URL (page.py puts the parts together)."""

from server.research.extract.page import extract_page, html_links, warm_up

__all__ = ["extract_page", "html_links", "warm_up"]

"""The fetch stage: URL -> Response, guarded against SSRF, polite to robots.txt, bounded, retried, cached."""

from server.fetch.errors import FetchError
from server.fetch.fetcher import Fetcher, PageCache
from server.fetch.resolve import ConnectToResolver, Resolver, SystemResolver

__all__ = ["ConnectToResolver", "FetchError", "Fetcher", "PageCache", "Resolver", "SystemResolver"]

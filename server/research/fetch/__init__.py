"""The fetch stage: URL -> Response, guarded against SSRF, polite to robots.txt, bounded, retried, cached."""

from server.research.fetch.deadline import Deadline
from server.research.fetch.errors import FetchError
from server.research.fetch.fetcher import Fetcher, PageCache
from server.research.fetch.resolve import ConnectToResolver, Resolver, SystemResolver
from server.research.fetch.shared import SharedPoliteness

__all__ = [
    "ConnectToResolver",
    "Deadline",
    "FetchError",
    "Fetcher",
    "PageCache",
    "Resolver",
    "SharedPoliteness",
    "SystemResolver",
]

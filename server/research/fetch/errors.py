"""The fetch stage's failures: what the pipeline sees, and what the guard raises below httpx."""

from __future__ import annotations

from typing import Literal

FetchErrorKind = Literal["blocked", "failed", "skipped"]


class FetchError(Exception):
    """A URL that gave no usable document; `kind` is the Source.status it becomes."""

    def __init__(self, kind: FetchErrorKind, url: str, reason: str):
        super().__init__(f"{url}: {reason}")
        self.kind: FetchErrorKind = kind
        self.url = url
        self.reason = reason


class AddressRefused(Exception):
    """The guard would not connect: a non-public address, or a scheme other than http(s)."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


class ResolveError(Exception):
    """A host name that gave no address to connect to."""

    def __init__(self, host: str, detail: str):
        super().__init__(f"could not resolve {host} ({detail})")
        self.reason = str(self)

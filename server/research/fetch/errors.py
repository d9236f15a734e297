"""The fetch stage's failures: what the pipeline sees, and what the guard raises below httpx."""

from __future__ import annotations

from typing import Literal

from server.errors import RapportError

FetchErrorKind = Literal["blocked", "failed", "skipped"]


class FetchError(RapportError):
    """A URL that gave no usable document; `kind` is the Source.status it becomes."""

    def __init__(self, kind: FetchErrorKind, url: str, reason: str):
        super().__init__(reason)
        self.kind: FetchErrorKind = kind
        self.url = url

    def __str__(self) -> str:
        # Logs and run errors name the URL; `reason` alone is what a Source records beside it.
        return f"{self.url}: {self.reason}"


class AddressRefused(RapportError):
    """The guard would not connect: a non-public address, or a scheme other than http(s)."""


class ResolveError(RapportError):
    """A host name that gave no address to connect to."""

    def __init__(self, host: str, detail: str):
        super().__init__(f"could not resolve {host} ({detail})")

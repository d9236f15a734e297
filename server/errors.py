"""Rapport's one error vocabulary: every failure it expects derives from RapportError and carries a reason.

Research, writing and service all raise from here, so this module imports nothing else of the project.
"""

from __future__ import annotations


class RapportError(Exception):
    """A failure Rapport expects; `reason` is a sentence a user can read."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


# Here rather than in writing/drafting.py: draft.py raises it too, and drafting.py imports draft.py.
# Still a ValueError, so callers that catch bad arguments as ValueError keep working.
class DraftingError(RapportError, ValueError):
    """The request cannot be drafted as asked (no such packet, an unknown tone, no usable fact)."""


class StorageUnavailable(RapportError, ConnectionError):
    """The database (the queue's too, in the team deployment) could not be reached; what was being stored is
    not, and asking again once it is back is safe."""

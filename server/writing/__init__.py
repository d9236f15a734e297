"""The writing half: generosity -> draft -> check, from a dossier (drafting.py puts them together)."""

from server.writing.drafting import Drafting, DraftingError, draft_from_dossier

__all__ = ["Drafting", "DraftingError", "draft_from_dossier"]

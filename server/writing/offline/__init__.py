"""The offline engine: a grounded renewal email written without an LLM (writer.py)."""

from server.writing.offline.writer import write_offline

__all__ = ["write_offline"]

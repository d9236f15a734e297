"""The offline engine: a grounded renewal email written without an LLM.

writer.py assembles the email and fits its length, slots.py names the person, the shared past and the facts,
builders.py says what each kind of packet is about, and phrases.py holds the phrase banks.
"""

from server.writing.offline.writer import write_offline

__all__ = ["write_offline"]

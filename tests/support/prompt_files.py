"""The prompt files in a folder, by name: what the prompt tests run over."""

from __future__ import annotations

from pathlib import Path

from server.writing.prompts import PROMPT_SUFFIX, PROMPTS_DIR


def prompt_names(directory: Path = PROMPTS_DIR) -> list[str]:
    """Every prompt file in the folder, by name; README.md documents the format and is not a prompt."""
    return sorted(p.stem for p in directory.glob(f"*{PROMPT_SUFFIX}") if p.name != "README.md")

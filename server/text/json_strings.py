"""Every string anywhere in JSON-shaped data: structured data from a page, or a dumped model."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any


def strings_in(value: Any, *, numbers: bool = False) -> Iterator[str]:
    """Strings inside lists and dicts, depth first; with numbers, numbers too (as written: 42, 4.5)."""
    if isinstance(value, str):
        yield value
    elif numbers and isinstance(value, (int, float)) and not isinstance(value, bool):
        yield str(value)
    elif isinstance(value, list):
        for item in value:
            yield from strings_in(item, numbers=numbers)
    elif isinstance(value, dict):
        for item in value.values():
            yield from strings_in(item, numbers=numbers)

"""One phrasing of many, for both offline writers: picked by a hash of who, what and which slot, so people
read differently and the same draft always reads the same; and whether a phrasing's slots can be filled."""

from __future__ import annotations

import hashlib
import string
from collections.abc import Mapping, Sequence
from typing import TypeVar

T = TypeVar("T")


def stable_choice(options: Sequence[T], key: str, slot: str) -> T:
    """The option this key and slot always get (options must not be empty)."""
    digest = hashlib.sha256(f"{key}\x1f{slot}".encode()).digest()
    return options[int.from_bytes(digest[:8], "big") % len(options)]


def fillable(template: str, values: Mapping[str, str | None], optional: tuple[str, ...] = ()) -> bool:
    """Whether every slot the phrasing uses has a value; an `optional` slot may also be left out of `values`
    altogether (a date it can do without)."""
    fields = [name for _, name, _, _ in string.Formatter().parse(template) if name]
    needed = [name for name in fields if name not in optional or name in values]
    return all(values.get(name) is not None for name in needed)

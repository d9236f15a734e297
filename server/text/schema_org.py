"""Structured data as extruct parses it (JSON-LD, microdata, OpenGraph): types, nested items, their text."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any


def types_of(item: Any) -> set[str]:
    """An item's schema.org types, without their namespace ("http://schema.org/Person" -> "Person")."""
    if not isinstance(item, dict):
        return set()
    raw = item.get("@type") or item.get("type") or ()
    values = raw if isinstance(raw, list) else [raw]
    names = (str(v).rstrip("/").rsplit("/", 1)[-1].rsplit(":", 1)[-1] for v in values if v)
    # OpenGraph spells its types in lower case ("article"); schema.org's are capitalised ("Article").
    return {name[:1].upper() + name[1:] if name.islower() else name for name in names}


def nodes(value: Any) -> Iterator[dict[str, Any]]:
    """Every typed item inside structured data, nested ones included."""
    if isinstance(value, list):
        for item in value:
            yield from nodes(item)
    elif isinstance(value, dict):
        if "properties" in value and "type" in value and isinstance(value["properties"], dict):
            value = {"@type": value["type"], **value["properties"]}  # extruct's non-uniform microdata
        if types_of(value):
            yield value
        for key, child in value.items():
            if key not in ("@context", "@type"):
                yield from nodes(child)


def text_values(value: Any) -> list[str]:
    """The strings of a structured value: a name, a list of names, an item's name, a number as written."""
    if isinstance(value, str):
        return [value.strip()] if value.strip() else []
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return [str(value)]
    if isinstance(value, list):
        return [s for v in value for s in text_values(v)]
    if isinstance(value, dict):
        return text_values(value.get("name") or value.get("@value") or value.get("legalName"))
    return []


def first_text(value: Any) -> str | None:
    """The first string of a structured value, its white space made single spaces."""
    values = text_values(value)
    return " ".join(values[0].split()) if values else None


def first_field(item: dict[str, Any], *keys: str) -> str | None:
    """The first text found under any of `keys`, in the order given."""
    for key in keys:
        if text := first_text(item.get(key)):
            return text
    return None

"""What one page's reading found, and the facts it gives: one fact per claim on the page."""

from __future__ import annotations

import re
from dataclasses import dataclass

from server.models import Fact, FactKind
from server.research.facts.merge import claim_key, fact_org_text, role_key
from server.research.facts.patterns import fact_id, quoted
from server.text.companies import same_org
from server.text.names import fold


@dataclass
class Found:
    """A fact as the reader found it, before it is given an id and a source."""

    kind: FactKind
    text: str
    quote: str
    date: str | None
    confidence: float
    superseded: bool = False
    structured: bool = False


def _headline_retold(f: Found, found: list[Found]) -> bool:
    """A release's headline as news, when a sentence of the page tells the same news ("Lumen Freight Opens
    Cross-Dock in Plainfield" / "Lumen Freight today opened a ... cross-dock in Plainfield"): a sentence reads
    better in an email than a title-cased headline."""
    if f.kind != "company_news" or f.quote != f.text:
        return False
    words = _stems(f.text)
    return any(
        other.kind == "company_news"
        and other.quote != other.text
        and len(words & _stems(other.quote)) * 3 >= 2 * len(words)
        for other in found
    )


def _stems(text: str) -> set[str]:
    return {w[:5] for w in re.findall(r"[a-z0-9]+", fold(text)) if len(w) > 2}


def page_facts(found: list[Found], url: str) -> list[Fact]:
    """One fact per claim on a page: structured data first, then the more confident and more complete.

    A talk, podcast or article the page names by its title makes the untitled mentions of one redundant, and a
    role or employer from structured data makes the same one found in a sentence redundant.
    """
    found = [f for f in found if not _headline_retold(f, found)]
    titled = {
        f.kind for f in found if f.kind in ("talk", "podcast", "article") and (f.structured or quoted(f.text))
    }
    roles = {role_key(f.text) for f in found if f.kind == "role" and f.structured}
    orgs = [fact_org_text(f.kind, f.text) for f in found if f.kind == "employer" and f.structured]
    facts: dict[str, Fact] = {}
    seen: set[tuple[str, str]] = set()
    for f in sorted(found, key=lambda f: (not f.structured, -f.confidence, -len(f.text))):
        if f.kind in titled and not f.structured and not quoted(f.text):
            continue
        if not f.structured and f.kind == "role" and role_key(f.text) in roles:
            continue
        if not f.structured and f.kind == "employer" and any(same_org(f.text[9:], o or "") for o in orgs):
            continue
        key = (f.kind, claim_key(f.kind, f.text))
        if key in seen:
            continue
        seen.add(key)
        fid = fact_id(url, f.kind, f.quote)
        if fid in facts:
            continue
        facts[fid] = Fact(
            id=fid,
            kind=f.kind,
            text=f.text,
            quote=f.quote,
            source_url=url,
            date=f.date,
            confidence=round(min(1.0, f.confidence), 2),
            superseded=f.superseded,
        )
    return list(facts.values())

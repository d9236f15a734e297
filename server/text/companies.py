"""Organisation names, compared the way people write them ("Northwind Analytics, Inc." is "Northwind")."""

from __future__ import annotations

import re

from server.text.names import fold

_LEGAL_SUFFIX = re.compile(
    r"[,\s]+(?:inc|incorporated|llc|l\.l\.c|ltd|limited|gmbh|corp|corporation|co|plc|s\.?a|ag|bv|pty|oy|ab)\.?$",
    re.IGNORECASE,
)
# First words of company names too common to stand for the company on their own.
GENERIC_WORDS = frozenset({
    "general", "american", "national", "international", "united", "global", "first", "new", "the", "best",
    "smart", "blue", "green", "red", "open", "data", "digital", "tech", "north", "south", "east", "west",
    "royal", "standard", "universal", "premier", "advanced", "applied", "central", "city", "health", "home",
})  # fmt: skip


def company_core(company: str) -> str:
    """The company's name without its legal form ("Northwind Analytics, Inc." -> "Northwind Analytics")."""
    name = company.strip()
    while True:
        shorter = _LEGAL_SUFFIX.sub("", name).strip()
        if shorter == name:
            return name
        name = shorter


def org_key(org: str) -> str:
    """An organisation's name for comparison: folded words, legal form dropped."""
    return " ".join(re.findall(r"[a-z0-9]+", fold(company_core(org))))


def same_org(a: str, b: str) -> bool:
    """Whether two names are one organisation's (either may be the shorter form: "Northwind" ~ "Northwind
    Analytics")."""
    ka, kb = org_key(a), org_key(b)
    return bool(ka and kb) and (ka == kb or ka.startswith(kb + " ") or kb.startswith(ka + " "))


# An organisation's name as prose writes it: capitalised words, with "&", "and" or "of" between them.
_NAME = r"[A-ZÀ-Þ][\w'’&.-]*(?:[^\S\n]+(?:(?:&|and|of|und|et)[^\S\n]+)?[A-ZÀ-Þ][\w'’&.-]*){0,4}"
# "Corvid Logistics, formerly Larkspur Freight", "Corvid Logistics (formerly known as Larkspur Freight)",
# "Nordlicht Logistik, ehemals Hafenblick Spedition", "Lumenor (anciennement Optica)".
_NEW_FORMERLY_OLD = re.compile(
    rf"(?P<new>{_NAME})[^\S\n]*(?:,|\(|[–—-])[^\S\n]*(?:(?i:formerly|previously|vormals|ehemals|früher|"
    rf"anciennement|ex-|auparavant)(?:[^\S\n]+(?i:known[^\S\n]+as|called|named|bekannt[^\S\n]+als|"
    rf"connue?[^\S\n]+sous[^\S\n]+le[^\S\n]+nom[^\S\n]+(?:de|d['’])))?)[^\S\n]*(?P<old>{_NAME})"
)
# "Larkspur Freight is now Corvid Logistics", "... rebrands as ...", "... was renamed ...", "... becomes ...",
# "Hafenblick Spedition heißt jetzt Nordlicht Logistik", "Optica devient Lumenor".
_OLD_NOW_NEW = re.compile(
    rf"(?P<old>{_NAME})[^\S\n]+(?:is[^\S\n]+now(?:[^\S\n]+called)?|has[^\S\n]+become|became|becomes|"
    rf"(?:has[^\S\n]+|was[^\S\n]+|is[^\S\n]+)?(?:rebrand(?:s|ed)?|renamed?(?:[^\S\n]+itself)?|"
    rf"changed[^\S\n]+its[^\S\n]+name)(?:[^\S\n]+(?:as|to))?|has[^\S\n]+a[^\S\n]+new[^\S\n]+name:?|heißt[^\S\n]+(?:jetzt|nun)|wird[^\S\n]+zu|"
    rf"wurde[^\S\n]+zu|devient|est[^\S\n]+devenue?)[^\S\n]+(?P<new>{_NAME})"
)


def renamings(text: str) -> list[tuple[str, str]]:
    """Pairs of names that prose says are one organisation's, new name first: "Corvid Logistics, formerly
    Larkspur Freight" and "Larkspur Freight is now Corvid Logistics" both give the pair of the two.

    A name before a verb may carry a sentence's first word ("Today Larkspur Freight"): whoever learns from
    the pairs matches them against names already known, word by word from the end.
    """
    pairs = [
        (m.group("new").strip().rstrip("."), m.group("old").strip().rstrip("."))
        for pattern in (_NEW_FORMERLY_OLD, _OLD_NOW_NEW)
        for m in pattern.finditer(text)
    ]
    return list(dict.fromkeys((new, old) for new, old in pairs if org_key(new) != org_key(old)))

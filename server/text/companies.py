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

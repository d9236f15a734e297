"""Places where someone lives or works, as pages state them: structured addresses, address lines, countries.

No gazetteer: a place is recognised by its shape (a schema.org address, "10119 Berlin", "Austin, TX 78701",
"Sassuolo, Emilia-Romagna, IT") and countries by the names the CLDR gives them in the languages Rapport
reads (babel), their ISO codes, a country-code top-level domain or a locale ("de_AT").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from babel import Locale

from server.text.names import fold

LANGUAGES = ("en", "de", "fr", "nl", "es", "it", "pt")
# Country-code domains sold worldwide as brands (.io, .ai, .co): they say nothing about where anyone is.
VANITY_TLDS = {"io", "ai", "co", "me", "tv", "fm", "ly", "gg", "to", "cc", "ws", "sh", "is", "so", "im", "la"}


@dataclass(frozen=True)
class Place:
    """A city and region, and the country as an ISO 3166 code, each when known."""

    city: str | None = None
    region: str | None = None
    country: str | None = None

    def __bool__(self) -> bool:
        return bool(self.city or self.region or self.country)

    def describe(self) -> str:
        """As a reader would say it: "Austin, Texas", "Graz-Andritz", "Utrecht, Netherlands"."""
        country = country_name(self.country) if self.country else None
        parts = [self.city, self.region, country if country != self.region else None]
        return ", ".join(dict.fromkeys(p for p in parts if p))

    def conflicts(self, other: Place) -> bool:
        """Whether the two cannot be where one person lives and works: another country, or another city."""
        if self.country and other.country and self.country != other.country:
            return True
        if self.city and other.city:
            return not _same_town(self.city, other.city)
        return False


def _same_town(a: str, b: str) -> bool:
    # "Graz" and "Graz-Andritz", "Berlin" and "Berlin-Mitte": a district names its city first.
    fa, fb = fold(a), fold(b)
    return (
        fa == fb or fa.startswith(f"{fb}-") or fb.startswith(f"{fa}-") or fa in fb.split() or fb in fa.split()
    )


@cache
def _countries() -> dict[str, str]:
    """Every country name in the languages Rapport reads, folded, to its ISO code."""
    names: dict[str, str] = {}
    for lang in LANGUAGES:
        for code, name in Locale.parse(lang).territories.items():
            if len(code) == 2 and code.isalpha():
                names.setdefault(fold(name), code)
    return names


def country_code(text: str | None) -> str | None:
    """The ISO code of a country named or coded ("Österreich", "Netherlands", "NL"), else None."""
    if not text:
        return None
    text = text.strip().strip(".")
    if re.fullmatch(r"[A-Z]{2}", text):
        return text if text in Locale.parse("en").territories else None
    return _countries().get(fold(text))


def country_name(code: str) -> str:
    return Locale.parse("en").territories.get(code, code)


def country_of_host(host: str) -> str | None:
    """The country of a host's country-code top-level domain (kliniqa.de: DE), unless it is a brand's."""
    tld = host.rsplit(".", 1)[-1].lower()
    if len(tld) != 2 or tld in VANITY_TLDS:
        return None
    code = "GB" if tld == "uk" else tld.upper()
    return code if code in Locale.parse("en").territories else None


def country_of_locale(locale: str | None) -> str | None:
    """The region of a locale tag ("de_AT", "en-GB"), else None: a language alone is spoken in many."""
    m = re.fullmatch(r"[a-zA-Z]{2,3}[-_]([A-Za-z]{2})", (locale or "").strip())
    return country_code(m.group(1).upper()) if m else None


def place_of(value: Any) -> Place:
    """The place of a schema.org address, Place or location as extruct gives it (an item or text)."""
    if isinstance(value, list):
        return next((p for p in map(place_of, value) if p), Place())
    if isinstance(value, str):
        return place_in_line(value, strict=False)
    if not isinstance(value, dict):
        return Place()
    if "address" in value or "location" in value:
        return place_of(value.get("address") or value.get("location"))
    city = _text(value.get("addressLocality"))
    region = _text(value.get("addressRegion"))
    country_value = value.get("addressCountry")
    if isinstance(country_value, dict):
        country_value = country_value.get("name")
    country = country_code(_text(country_value))
    if not (city or region or country):
        return place_in_line(_text(value.get("name")) or "")
    return Place(city=city, region=region, country=country)


def _text(value: Any) -> str | None:
    return " ".join(value.split()) if isinstance(value, str) and value.strip() else None


_WORD = r"[A-ZÀ-Þ][\w'’.-]*(?:\s+(?:[A-ZÀ-Þ][\w'’.-]*|am|an|de|del|di|en|la|le|sur|upon))*"
# "10119 Berlin", "3581 LG Utrecht", "A-8010 Graz": a postal code, then the town.
# A four-digit number from 1900 to 2099 is a year, not a postal code ("© 2026 Grazer Rundschau").
_POSTAL = re.compile(
    rf"(?<![\w.,-])(?:[A-Z]{{1,2}}-\d{{4,5}}|\d{{4}}\s?[A-Z]{{2}}(?=\s)|\d{{5}}|(?!19\d\d\b|20\d\d\b)\d{{4}})"
    rf"\s+(?P<city>{_WORD})"
)
# "Austin, TX 78701": a town, a two-letter region and a ZIP code.
_ZIP = re.compile(rf"(?P<city>{_WORD}),\s*(?P<region>[A-Z]{{2}})\s+\d{{5}}(?:-\d{{4}})?\b")
# "Sassuolo, Emilia-Romagna, IT", "Utrecht, Netherlands", "Austin, Texas": a line that is only a place.
_LIST = re.compile(rf"^(?P<parts>{_WORD}(?:\s*,\s*{_WORD}){{1,2}})$")


def place_in_line(line: str, *, strict: bool = True) -> Place:
    """The place an address line or a location line states, by its shape; Place() when it has none.

    strict: the line may be anything ("Pastry Chef, Sweet Crumb Bakery"), so "Town, Region" needs a country
    or a two-letter region to count; a structured address is a place whatever its shape.
    """
    line = " ".join(line.split()).strip(" ·|•–—-()")
    if m := _ZIP.search(line):
        return Place(city=m.group("city"), region=m.group("region"))
    if m := _POSTAL.search(line):
        return Place(city=m.group("city").strip(), country=_trailing_country(line[m.end() :]))
    if m := _LIST.match(line):
        parts = [p.strip() for p in m.group("parts").split(",")]
        country = country_code(parts[-1]) if len(parts) == 3 or len(parts[-1]) > 2 else None
        if country:
            return Place(city=parts[0], region=parts[1] if len(parts) == 3 else None, country=country)
        if len(parts) == 2 and (not strict or re.fullmatch(r"[A-Z]{2}", parts[1])):
            return Place(
                city=parts[0], region=parts[1]
            )  # "Austin, TX", "Antwerpen, BE": a region or a country
        return Place()  # "Pastry Chef, Sweet Crumb Bakery" has the shape of a place but names none
    country = country_code(line)
    return Place(country=country) if country or strict else Place(city=line or None)


def address_in_text(text: str) -> Place:
    """The first postal address in running text ("Torstraße 12 · 10119 Berlin"), by its shape alone."""
    for line in text.split("\n"):
        if (m := _ZIP.search(line)) or (m := _POSTAL.search(line)):
            return place_in_line(line[m.start() :])
    return Place()


def _trailing_country(rest: str) -> str | None:
    m = re.match(r"\s*,\s*([\w .-]+)$", rest)
    return country_code(m.group(1)) if m else None

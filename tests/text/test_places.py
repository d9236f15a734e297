"""Places and occupations as pages state them: by their shape, in the languages Rapport reads."""

from __future__ import annotations

import pytest

from server.text.occupations import occupations_in
from server.text.places import (
    Place,
    address_in_text,
    country_code,
    country_of_host,
    country_of_locale,
    place_in_line,
    place_of,
)


@pytest.mark.parametrize(
    ("line", "place"),
    [
        ("Sassuolo, Emilia-Romagna, IT", Place("Sassuolo", "Emilia-Romagna", "IT")),
        ("Utrecht, Utrecht, Netherlands", Place("Utrecht", "Utrecht", "NL")),
        ("Graz, Österreich", Place("Graz", None, "AT")),
        ("Antwerpen, BE", Place("Antwerpen", "BE")),  # two letters after a town: a region or a country
        ("Austin, TX 78704", Place("Austin", "TX")),
        ("Neubaugasse 41 · 1070 Wien", Place("Wien")),
        ("Oudwijkerdwarsstraat 88, 3581 LG Utrecht", Place("Utrecht")),
        ("Chausseestraße 88, 10115 Berlin, Deutschland", Place("Berlin", None, "DE")),
        # The shape of a place without one: a title and an organisation, a year before a name.
        ("Pastry Chef, Sweet Crumb Bakery", Place()),
        ("© 2026 Grazer Rundschau Medien GmbH", Place()),
        ("Head of Partnerships", Place()),
    ],
)
def test_a_line_states_a_place_by_its_shape(line: str, place: Place) -> None:
    assert place_in_line(line) == place


def test_countries_are_known_by_their_names_in_several_languages_and_their_codes() -> None:
    assert {country_code(n) for n in ("Germany", "Deutschland", "Allemagne", "Duitsland", "DE")} == {"DE"}
    assert country_code("Österreich") == country_code("Autriche") == "AT"
    assert country_code("Texas") is None and country_code("TX") is None


def test_a_country_domain_or_a_locale_says_where_a_site_is_but_a_brand_domain_does_not() -> None:
    assert country_of_host("kliniqa.de") == "DE" and country_of_host("example.co.uk") == "GB"
    assert country_of_host("furrow.io") is None and country_of_host("northwind.com") is None
    assert country_of_locale("de_AT") == "AT" and country_of_locale("en-GB") == "GB"
    assert country_of_locale("de") is None  # German is spoken in several countries


def test_structured_addresses_and_locations_are_places_whatever_their_shape() -> None:
    address = {"@type": "PostalAddress", "addressLocality": "Utrecht", "addressCountry": "NL"}
    assert place_of(address) == Place("Utrecht", None, "NL")
    assert place_of(
        {"@type": "Place", "address": {"addressLocality": "Graz", "addressCountry": {"name": "Austria"}}}
    ) == Place("Graz", None, "AT")
    assert place_of("Austin, Texas") == Place("Austin", "Texas")


def test_running_text_gives_only_a_postal_address() -> None:
    footer = "Wattwerk Energie GmbH · Torstraße 12 · 10119 Berlin · © 2026"
    assert address_in_text(f"Founded in 2019.\n{footer}") == Place("Berlin")
    assert address_in_text("Founded 2019 in Seattle by Dana Okafor.") == Place()


@pytest.mark.parametrize(
    ("a", "b", "conflict"),
    [
        (Place("Graz-Andritz"), Place("Graz", None, "AT"), False),  # a district of the same town
        (Place("Berlin", None, "DE"), Place("Berlin-Mitte"), False),
        (Place("Austin", "Texas"), Place("Berlin", None, "DE"), True),
        (Place(country="AT"), Place("Berlin", None, "DE"), True),
        (Place("Hamburg", None, "DE"), Place(country="DE"), False),  # nothing says where in Germany
    ],
)
def test_places_conflict_in_another_country_or_another_town(a: Place, b: Place, conflict: bool) -> None:
    assert a.conflicts(b) is conflict and b.conflicts(a) is conflict


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Pastry Chef & Owner", ["chef"]),
        ("Die 34-jährige diplomierte Gesundheits- und Krankenpflegerin", ["nurse"]),
        ("Kinderzahnärztin in Wien", ["dentist"]),
        ("avocate au barreau de Lyon", ["lawyer"]),
        ("verpleegkundige in Utrecht", ["nurse"]),
        ("Architect, Studio Becker Holzbau", ["architect"]),
        # Roles that fit any field, a boss in French or German, surnames that are trades: no profession.
        ("VP of Data Engineering", []),
        ("Head of Partnerships, Founder & CEO", []),
        ("chef de projet chez Airbus", []),
        ("Chefin der IT-Abteilung", []),
        ("Tom Baker and Mia Cook", []),
        ("Solutions Architect at a cloud provider", []),  # office work, not buildings
        ("architecte logiciel chez Thales", []),
        ("a key actor in the energy transition", []),
        ("ricerca medica e industria farmaceutica", []),  # adjectives, not professions
    ],
)
def test_occupations_that_define_a_field_are_recognised_in_several_languages(
    text: str, found: list[str]
) -> None:
    assert occupations_in(text) == found

"""Organisation names as prose gives them: a company's new and former names."""

from __future__ import annotations

import pytest

from server.text.companies import renamings


@pytest.mark.parametrize(
    ("text", "pair"),
    [
        (
            "Corvid Logistics, formerly Larkspur Freight, runs 14 depots.",
            ("Corvid Logistics", "Larkspur Freight"),
        ),
        ("© 2026 Corvid Logistics (formerly Larkspur Freight)", ("Corvid Logistics", "Larkspur Freight")),
        ("Halcyon Grid (previously known as Northmere Power)", ("Halcyon Grid", "Northmere Power")),
        ("Larkspur Freight is now Corvid Logistics.", ("Corvid Logistics", "Larkspur Freight")),
        (
            "In March 2026 Larkspur Freight rebranded as Corvid Logistics.",
            ("Corvid Logistics", "Larkspur Freight"),
        ),
        ("Acme Tools was renamed to Zenith Works in 2024.", ("Zenith Works", "Acme Tools")),
        ("Northmere Power has a new name: Halcyon Grid.", ("Halcyon Grid", "Northmere Power")),
        (
            "Nordlicht Logistik, ehemals Hafenblick Spedition, liefert",
            ("Nordlicht Logistik", "Hafenblick Spedition"),
        ),
        (
            "Hafenblick Spedition heißt jetzt Nordlicht Logistik.",
            ("Nordlicht Logistik", "Hafenblick Spedition"),
        ),
        ("Lumenor (anciennement Optica Industries) recrute.", ("Lumenor", "Optica Industries")),
        ("Optica Industries devient Lumenor.", ("Lumenor", "Optica Industries")),
    ],
)
def test_a_renaming_gives_the_new_name_and_the_former_one(text: str, pair: tuple[str, str]) -> None:
    assert renamings(text) == [pair]


@pytest.mark.parametrize(
    "text",
    [
        "Northmere Power is now part of Halcyon Group's portfolio.",  # an owner, not a new name
        "The company, previously known as Larkspur Freight, is growing.",  # no name for the new one
        "Dana Okafor, who is now VP of Data Engineering, said so.",
        "Corvid Logistics, Corvid Logistics and more.",
    ],
)
def test_prose_without_a_renaming_gives_no_pair(text: str) -> None:
    assert renamings(text) == []

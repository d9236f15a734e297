"""How a page describes a name, and which of its entries are a namesake's beside the person."""

from __future__ import annotations

from typing import Any

from server.models import Page, Person
from server.research.anchors import Background, Known
from server.research.portrait import without_namesakes
from server.text.places import Place

ELENA = Known.of(Person(name="Elena Marchetti", email="elena@marchettiadvisory.test"), ())
ANNA = Known.of(
    Person(name="Anna Becker", email="anna.becker@wattwerk.test"),
    (),
    Background(places=(Place("Berlin", None, "DE"),)),
)


def performer(name: str, org: str, **more: Any) -> dict[str, Any]:
    person = {"@type": "Person", "name": name, "worksFor": {"@type": "Organization", "name": org}, **more}
    return {"@type": "Event", "name": f"A talk by {name}", "performer": person}


def test_a_person_item_alone_on_a_page_is_never_cut_for_naming_another_organisation() -> None:
    """Elena's own about page lost its Person item (and her title and education) because its worksFor,
    "Marchetti Energy Advisory", is not spelled like her email's domain."""
    about = Page(
        url="http://marchettiadvisory.test/about/",
        text="Elena Marchetti founded Marchetti Energy Advisory in January 2026.",
        structured=[{"@type": "Person", "name": "Elena Marchetti", "worksFor": "Marchetti Energy Advisory"}],
    )
    assert without_namesakes(about, ELENA) == about


def test_of_two_entries_of_the_name_the_one_that_is_not_them_is_cut() -> None:
    programme = Page(
        url="http://gridtalks.test/2026/data-night",
        text="| 18:30 | Anna Becker Head of Data at Wattwerk Energie |\n"
        "| 19:00 | Anna Becker Head of Forecasting at Hanse Wind GmbH |",
        lines=[
            "Anna Becker",
            "Head of Data at Wattwerk Energie",
            "Anna Becker",
            "Architect, Studio B (Wien)",
        ],
        structured=[
            performer("Anna Becker", "Wattwerk Energie"),
            performer("Anna Becker", "Hanse Wind GmbH"),
        ],
    )
    kept = without_namesakes(programme, ANNA)
    assert kept.text == "| 18:30 | Anna Becker Head of Data at Wattwerk Energie |\n"
    assert [item["performer"]["worksFor"]["name"] for item in kept.structured] == ["Wattwerk Energie"]


def test_when_every_entry_contradicts_there_is_nobody_to_tell_apart() -> None:
    both = Page(
        url="http://bakecon.test/speakers",
        text="Anna Becker, pastry chef at Café Lind\nAnna Becker, pastry chef at Café Lind, again",
    )
    assert without_namesakes(both, ANNA) == both

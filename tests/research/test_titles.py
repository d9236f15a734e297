"""A person's job title from a team or contact page handed over with "Use this page", knowing only their name.

Each page is a fixture in tests/fixtures/web (see its README, "Team and contact pages"), captured as the side
panel captures it and researched through the whole pipeline. Every layout is pinned on pages of at least two
site styles, and what must not become a title (a neighbour's title in a grid, a label for a list, a phone
number, another person's title in a testimonial) is pinned beside it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from server.config import Settings
from server.models import CapturedPage, Person, ResearchRequest
from server.research import ResearchDeps, research
from server.research.fetch import Fetcher
from tests.fixture_web import WEB_ROOT

TitleOf = Callable[[str, str], str | None]


@pytest.fixture(scope="module")
def title_of(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TitleOf]:
    """Research a name with one captured fixture page; the person's title as the dossier states it."""
    # Links on these pages go nowhere reachable: everything is refused at the address check.
    settings = Settings(
        home=tmp_path_factory.mktemp("titles"), connect_to=("::127.0.0.1:9",), fetch_retries=0, page_budget=3
    )
    with Fetcher(settings) as fetcher:
        deps = ResearchDeps(settings=settings, fetcher=fetcher)

        def run(page: str, name: str) -> str | None:
            host, path = page.split("/", 1)
            html = (WEB_ROOT / host / f"{path}.html").read_text(encoding="utf-8")
            request = ResearchRequest(
                person=Person(name=name), pages=[CapturedPage(url=f"http://{page}", html=html)]
            )
            return research(request, deps, lambda _: None).person.title

        yield run


@pytest.mark.parametrize(
    ("page", "name", "title"),
    [
        # The line under the name alone: a contact grid (h4 / p) and a definition list (dt / dd), with titles
        # whose head noun names the job ("Representative", "Controller", "Technician").
        ("harborsupply.test/contact", "Jason Bunz", "Inside Sales Representative"),
        ("harborsupply.test/contact", "Michelle Shaw", "Controller"),
        ("harborsupply.test/contact", "Karen Baker", "Warehouse Manager"),
        ("harborsupply.test/contact", "Dave Grace", "Service Technician"),
        ("harborsupply.test/contact", "Terry Flynn", "President and Chief Executive Officer"),  # over a <br>
        # Cards that put the title above the name: a design studio's grid (title, name, bio) and a
        # foundation's board table (<small>Treasurer</small><br><b>name</b>), where the line under a name is
        # the next person's title.
        ("northpoint-studio.test/team", "Omar Haddad", "Design Director"),
        ("northpoint-studio.test/team", "Maya Lindqvist", "Founder & Creative Director"),
        ("riverbend-foundation.test/board", "Harold Jensen", "President"),
        ("riverbend-foundation.test/board", "Martin Osei", "Treasurer"),
        # A label before the name: a builder's bios ("<em>Lead Carpenter:</em> <strong>Rod Stone</strong>
        # has been...") and a school district's table (<th>District Superintendent:</th><td>name</td>).
        ("stearnsbuild.test/staff", "Hugh Alder", "Owner and founder"),
        ("stearnsbuild.test/staff", "Eli Garza", "Lead Carpenter and Painter"),
        ("lakeside-schools.test/district", "Rosemary F. Jonas", "District Superintendent"),
        ("lakeside-schools.test/district", "Carl Ames", "Assistant Superintendent for Business"),
        ("lakeside-schools.test/district", "Helen Park", "School Physician"),  # "Dr. Helen Park"
        ("crestview-advisors.test/about", "Ana Weiss", "Chief Compliance Officer"),  # "Title – Name"
        # Title words before the name: a city council's menu and phone list, and a quote in a news item.
        ("oakridge.test/council", "Elena Park", "Mayor"),
        ("oakridge.test/council", "Tom Reyes", "Vice Mayor"),
        ("oakridge.test/council", "Ana Ruiz", "Councilmember"),
        ("lakeside-schools.test/district", "Alan Cho", "President"),
        ("lakeside-schools.test/district", "Marcus Lee", "Head Coach"),
        ("oakridge.test/council", "Rob Tanaka", "City Manager"),
        # What continues the name after a comma, bar or dash, on its line or across markup: signed
        # testimonials, a law firm's staff paragraphs, an advisor's card heading ("Felix Okoro," / "Partner").
        ("stearnsbuild.test/staff", "Jennifer Post", "Designer"),
        ("stearnsbuild.test/staff", "Leah Moss", "Interior Designer"),
        ("stearnsbuild.test/staff", "K. Hartman", "Head Coach"),
        ("harperlaw.test/about", "Jan Addison", "Practice Manager"),
        ("harperlaw.test/about", "Mack Harper", "Founder"),
        ("crestview-advisors.test/about", "Felix Okoro", "Partner"),
        # "is a ... lawyer" in prose; the headline ("Carole Hanlon | Wedding and Events Florist | ...").
        ("harperlaw.test/about", "Paula Wilkes", "Car accident lawyer"),
        ("bloomandbranch.test/contact", "Carole Hanlon", "Wedding and Events Florist"),
        ("juneharlow.test/index", "June Harlow", "Psychologist"),  # "June Harlow Psychologist Hobart - ..."
        # Post-nominal letters when nothing else names a job: a dental practice's list, an advisor's card.
        ("brightsmile.test/team", "Megan Ortiz", "RDH"),
        ("brightsmile.test/team", "Renee Fox", "DA, EFDA"),
        ("brightsmile.test/team", "Rosa Lind", "Office Manager"),
        ("crestview-advisors.test/about", "Irene Marsh", "CPA"),
        # ... and a real title under the name beats them ("Daniel C. Goldberg, CFA, CFP" / "President").
        ("crestview-advisors.test/about", "Daniel C. Goldberg", "President"),
    ],
)
def test_a_captured_team_page_gives_the_persons_title(
    title_of: TitleOf, page: str, name: str, title: str
) -> None:
    """Given only a name and a captured team or contact page, the title was found for fewer than half."""
    assert title_of(page, name) == title


@pytest.mark.parametrize(
    ("page", "name"),
    [
        # A card with no title, followed by the next person's card: neither her name nor her title is his.
        ("harborsupply.test/contact", "Ollie Grant"),
        # A card whose title line says it is a former one.
        ("harborsupply.test/contact", "Ann Royce"),
        # A card whose next line is a phone number.
        ("harborsupply.test/contact", "Nick Dorn"),
        # A name under a label for a list ("Our friendly front desk:"), then the page's prose.
        ("brightsmile.test/team", "Nina Holt"),
        # A testimonial praising another's work ("Pete was a magnificent Project Manager"), signed by her.
        ("stearnsbuild.test/staff", "Mindy Exum"),
        # A testimonial signed with a place, which takes the shape of post-nominal letters ("Jack Grand, NY").
        ("stearnsbuild.test/staff", "Jack Grand"),
        # ... or with an organisation's initials ("Ruth Bell, YMCA") on a page that gives nobody credentials.
        ("stearnsbuild.test/staff", "Ruth Bell"),
        # A staff line whose dash introduces a sentence about her, not a title.
        ("harperlaw.test/about", "Tessa Lowe"),
    ],
)
def test_no_title_is_taken_from_a_neighbour_a_label_or_a_phone_number(
    title_of: TitleOf, page: str, name: str
) -> None:
    """Precision: a wrong title (a neighbour's, a label's, a number) is worse than none."""
    assert title_of(page, name) is None


def test_a_title_before_the_next_name_in_a_caption_is_not_the_previous_persons(title_of: TitleOf) -> None:
    """A caption "Ana Ruiz, Ben Ito, Mayor Elena Park and Vice Mayor Tom Reyes": Ben is no mayor."""
    assert title_of("oakridge.test/council", "Ben Ito") == "Councilmember"

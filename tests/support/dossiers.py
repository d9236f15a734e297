"""The fixture web's personas as the facts stage reports them, with the senders who write to them."""

# Inline copies of tests/fixtures/web/README.md's personas, shared by the generosity and offline-writer
# tests; "today" is the fixture web's today, 2026-11-23.

from __future__ import annotations

from datetime import date

from server.models import Dossier, Fact, FactKind, Introduction, Person, Resource, SenderProfile
from tests.support.persona import DANA_EMAIL, DANA_NAME

TODAY = date(2026, 11, 23)


def fact(
    id_: str,
    kind: FactKind,
    text: str,
    *,
    quote: str | None = None,
    url: str = "http://northwind.test/",
    when: str | None = None,
    superseded: bool = False,
) -> Fact:
    return Fact(
        id=id_, kind=kind, text=text, quote=quote or text, source_url=url, date=when, confidence=0.9,
        superseded=superseded,
    )  # fmt: skip


# Persona 1: rich evidence, a sender with matching resources and an introduction, and a relationship note.
DANA = Dossier(
    person=Person(
        name=DANA_NAME,
        email=DANA_EMAIL,
        title="VP of Data Engineering",
        company="Northwind Analytics",
    ),  # fmt: skip
    facts=[
        fact(
            "f1",
            "role",
            "VP of Data Engineering at Northwind Analytics",
            url="http://northwind.test/team",
            when="2026-10-01",
        ),  # fmt: skip
        fact(
            "f2",
            "role",
            "Promoted to VP of Data Engineering",
            quote="Dana Okafor promoted to VP of Data Engineering",
            url="http://northwind.test/news/dana-promoted",
            when="2026-03-02",
        ),  # fmt: skip
        fact(
            "f3",
            "company_news",
            "Northwind Analytics raises a $40M Series B",
            quote="Northwind Analytics today announced a $40M Series B led by Harbor Ventures.",
            url="http://northwind.test/news/series-b",
            when="2026-09-15",
        ),  # fmt: skip
        fact(
            "f4",
            "article",
            "Wrote “What we learned moving 400 batch pipelines to streaming”",
            quote="What we learned moving 400 batch pipelines to streaming",
            url="http://danaokafor.test/posts/streaming-migration",
            when="2026-10-28",
        ),  # fmt: skip
        fact(
            "f5",
            "talk",
            "Spoke at Data Summit 2026: “Streaming without tears”",
            url="http://datasummit.test/2026/speakers",
            when="2026-06-12",
        ),  # fmt: skip
        fact(
            "f6",
            "company_goal",
            "Northwind Analytics aims to open a European office in 2027",
            quote="Next up: we plan to open a European office in 2027.",
        ),  # fmt: skip
        fact(
            "f7",
            "role",
            "Senior Data Engineer at Northwind Analytics",
            url="http://datasummit.test/2023/speakers",
            when="2023-05-10",
            superseded=True,
        ),  # fmt: skip
    ],
)
SAM = SenderProfile(
    name="Sam Lee",
    email="sam@atlas.test",
    role="Partner",
    company="Atlas Advisory",
    offer="I help retail data teams plan their European expansion, and I host a quarterly roundtable for "
    "heads of data in Berlin.",
    interests=["streaming data", "cycling"],
    resources=[
        Resource(
            title="Streaming cost benchmark",
            url="https://atlas.test/streaming-benchmark",
            topics=["streaming", "pipeline costs"],
        ),  # fmt: skip
        Resource(title="Sourdough for beginners", url="https://atlas.test/sourdough", topics=["baking"]),
    ],
    introductions=[
        Introduction(
            name="Lena Fischer",
            role="Head of EU Expansion at Kestrel Retail",
            topics=["European expansion", "retail"],
        ),  # fmt: skip
    ],
    signature="Sam Lee\nPartner, Atlas Advisory",
)
CONTEXT = "Worked together on the 2023 rollout; last spoke 14 months ago."

# Persona 2: an award (and an older one), a podcast, a goal; free-mail address, no company given.
MIGUEL = Dossier(
    person=Person(name="Miguel Santos", email="miguel.santos.ops@gmail.com"),
    facts=[
        fact(
            "m1",
            "role",
            "Head of Partnerships at Tidewater Logistics",
            url="http://tidewater.test/leadership",
        ),
        fact(
            "m2",
            "award",
            "Named Logistics Innovator of the Year 2026 by the Port Alliance",
            url="http://tidewater.test/newsroom/2026-innovator-award",
            when="2026-05-20",
        ),  # fmt: skip
        fact(
            "m3",
            "podcast",
            'Guest on FreightCast episode 42: "Building carrier partnerships that last"',
            url="http://freightcast.test/episodes/42",
            when="2026-07-08",
        ),  # fmt: skip
        fact("m4", "company_goal", "Goal: carbon-neutral shipping by 2030", url="http://tidewater.test/"),
        fact(
            "m5",
            "award",
            "Won the Port Alliance Rising Star award",
            url="http://tidewater.test/newsroom/2024-rising-star",
            when="2024-04-02",
        ),  # fmt: skip
    ],
)

# Persona 3: talks, an untitled post, a goal, an interest; the sender's resource fits the goal.
PRIYA = Dossier(
    person=Person(name="Dr. Priya Raman", email="priya@fernhill.test", company="Fernhill Robotics"),
    facts=[
        fact(
            "p1",
            "role",
            "Chief Technology Officer at Fernhill Robotics",
            url="http://fernhill.test/company/leadership",
        ),  # fmt: skip
        fact(
            "p2",
            "article",
            "Wrote about field trials in the North Sea",
            url="http://fernhill.test/blog/field-trials",
            when="2026-10-02",
        ),  # fmt: skip
        fact(
            "p3",
            "talk",
            "Talk at RoboCon: “Robots that climb turbines”",
            url="http://priyaraman.test/talks",
            when="2026-04-18",
        ),  # fmt: skip
        fact(
            "p4",
            "company_goal",
            "Fernhill wants to certify its robots for offshore work in 2027",
            url="http://fernhill.test/",
        ),  # fmt: skip
        fact("p5", "interest", "Enjoys sea kayaking", url="http://priyaraman.test/"),
    ],
)
KIM = SenderProfile(
    name="Kim Park",
    offer="I advise offshore wind operators on inspection and certification.",
    interests=["sea kayaking", "robot inspection"],
    resources=[
        Resource(
            title="Offshore certification checklist",
            url="https://kim.test/checklist",
            topics=["offshore certification", "inspection"],
        ),  # fmt: skip
    ],
)
THREAD = (
    "From: Kim Park\nSubject: Re: turbine inspections\n\nOn Tue, 3 Mar 2025, Priya Raman wrote:\n> Thanks!"
)

"""Reading a sender's free-text offer into gifts: what they can share, send, introduce, donate or give time
for, worded as they would write it, with the topics each serves; never what their company sells."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from server.models import Gift, Introduction, Resource, SenderProfile
from server.writing.gifts import gifts_of
from server.writing.offer import read_offer


@dataclass
class Read:
    """One gift the offer should be read into: its kind, its wording, and topics it must carry."""

    kind: str
    what: str
    topics: set[str] = field(default_factory=set)


@dataclass
class Offer:
    id: str
    text: str | None
    gifts: list[Read]
    company: str | None = None
    url: str | None = None  # of the first gift


OFFERS = [
    Offer(
        "third-person-paragraph-after-the-pitch",
        "DockFlow makes dock-appointment scheduling and yard-visibility software for carriers and shippers. "
        "Nadia can also share DockFlow's anonymized 2026 Midwest Dwell-Time Benchmark (62 DCs and terminals) "
        "and introduce people to cold-chain operators in her network.",
        [
            Read(
                "resource",
                "our anonymized 2026 Midwest Dwell-Time Benchmark (62 DCs and terminals)",
                {"dwell time", "benchmark", "DCs", "terminals"},
            ),
            Read("introduction", "cold-chain operators in my network", {"cold chain", "operators"}),
        ],
    ),
    Offer(
        "three-verbs-in-one-list",
        "Terrabyte Maps sells satellite imagery and evapotranspiration data through an API. Grace can offer "
        "research credits for new crop models, share Terrabyte's 2026 Central Valley orchard canopy dataset, "
        "and introduce founders to the innovation lead at the California almond growers' association.",
        [
            Read("resource", "research credits for new crop models", {"research", "credits", "crop"}),
            Read(
                "resource", "our 2026 Central Valley orchard canopy dataset", {"orchard", "canopy", "dataset"}
            ),
            Read(
                "introduction",
                "the innovation lead at the California almond growers' association",
                {"innovation", "almond", "growers", "founders"},
            ),
        ],
        company="Terrabyte Maps",
    ),
    Offer(
        "donations-and-volunteer-days-in-brackets",
        "BrightPage Books is a children's book distributor in the Midwest. Caleb runs its community giving "
        "program (book donations and paid staff volunteer days) and can introduce nonprofits to literacy "
        "funders he works with, including the program officer at the Lakeview Family Foundation.",
        [
            Read("donation", "book donations", {"book", "donations"}),
            Read("time", "paid staff volunteer days", {"volunteer"}),
            Read(
                "introduction",
                "literacy funders I work with, including the program officer at the Lakeview Family "
                "Foundation",
                {"literacy", "funders", "nonprofits", "foundation"},
            ),
        ],
    ),
    Offer(
        "first-person-one-line",
        "I can share our 2025 SaaS pricing benchmark.",
        [Read("resource", "our 2025 SaaS pricing benchmark", {"SaaS", "pricing", "benchmark"})],
    ),
    Offer(
        "happy-to-send-two-things",
        "We're happy to send our onboarding checklist and a template for quarterly business reviews.",
        [
            Read("resource", "our onboarding checklist", {"onboarding", "checklist"}),
            Read(
                "resource", "a template for quarterly business reviews", {"template", "quarterly", "reviews"}
            ),
        ],
    ),
    Offer(
        "bulleted-list-under-a-willing-verb",
        "What I can share:\n- our 2026 pricing benchmark\n- a vendor-selection checklist\n"
        "• warm intros to CFOs who moved their planning to the cloud",
        [
            Read("resource", "our 2026 pricing benchmark", {"pricing", "benchmark"}),
            Read("resource", "a vendor-selection checklist", {"vendor selection", "checklist"}),
            Read("introduction", "CFOs who moved their planning to the cloud", {"CFOs", "planning", "cloud"}),
        ],
    ),
    Offer(
        "semicolons",
        "Happy to pass along our cloud-cost survey of 40 retailers; I can also put you in touch with FinOps "
        "leads at two grocery chains.",
        [
            Read("resource", "our cloud-cost survey of 40 retailers", {"cloud cost", "survey", "retailers"}),
            Read("introduction", "FinOps leads at two grocery chains", {"FinOps", "grocery"}),
        ],
    ),
    Offer(
        "the-company-description-alone", "Acme Payroll makes payroll software for restaurants and cafés.", []
    ),
    Offer("what-we-sell-is-no-gift", "We offer managed payroll to restaurants across Ohio.", []),
    Offer(
        "hosting-what-the-company-sells-is-no-gift",
        "Vitalis Cloud will host your FHIR servers in Germany.",
        [],
    ),
    Offer("what-the-product-can-do-is-no-gift", "Our platform can send automated reminders to drivers.", []),
    Offer(
        "a-talk-is-time",
        "Our app can route drivers. I could give a talk to your team about yard automation.",
        [Read("time", "a talk to your team about yard automation", {"talk", "yard", "automation"})],
    ),
    Offer("no-offer-at-all", None, []),
    Offer("blank", "   \n ", []),
    Offer(
        "about-me-but-nothing-to-give",
        "I've worked in cold-chain logistics for 12 years and love trail running.",
        [],
    ),
    Offer(
        "german-verb-last",
        "Vitalis Cloud betreibt Hosting für Krankenhäuser. Markus kann die Umfrage von Vitalis zu "
        "ISiK-Zertifizierungszeitplänen teilen und Kontakte zu gematik-zertifizierten Testlaboren "
        "vermitteln.",
        [
            Read("resource", "die Umfrage von Vitalis zu ISiK-Zertifizierungszeitplänen", {"umfrage"}),
            Read("introduction", "gematik-zertifizierten Testlaboren", {"testlaboren"}),
        ],
    ),
    Offer(
        "dutch-introduction-after-the-verb",
        "Martijn kan de dataset met aansluitkosten van 120 warmtenetten delen en mensen voorstellen aan de "
        "technisch leider van het warmtebedrijf van Amersfoort.",
        [
            Read(
                "resource",
                "de dataset met aansluitkosten van 120 warmtenetten",
                {"dataset", "aansluitkosten"},
            ),
            Read(
                "introduction",
                "de technisch leider van het warmtebedrijf van Amersfoort",
                {"warmtebedrijf", "amersfoort"},
            ),
        ],
    ),
    Offer(
        "german-about-the-sender-in-their-own-words",
        "Markus kann gerne seine Checkliste zur ISiK-Zertifizierung teilen und Kontakte aus seinem Netzwerk "
        "vermitteln.",
        [
            Read(
                "resource", "meine Checkliste zur ISiK-Zertifizierung", {"checkliste", "isik zertifizierung"}
            ),
            Read("introduction", "Kontakte aus meinem Netzwerk", set()),
        ],
    ),
    Offer(
        "english-past-tense-about-the-sender",
        "Maya can share her notes on the 2026 cold-storage survey and introduce people to analysts she "
        "worked with at Gartner.",
        [
            Read("resource", "my notes on the 2026 cold-storage survey", {"notes", "cold storage", "survey"}),
            Read("introduction", "analysts I worked with at Gartner", {"analysts", "gartner"}),
        ],
    ),
    Offer(
        "french-with-an-object-pronoun",
        "Claire peut partager notre étude 2026 sur la logistique du froid et vous présenter des responsables "
        "d'entrepôts de son réseau.",
        [
            Read("resource", "notre étude 2026 sur la logistique du froid", {"étude", "logistique", "froid"}),
            Read("introduction", "des responsables d'entrepôts de son réseau", {"entrepôts"}),
        ],
    ),
    Offer(
        "spanish-with-an-enclitic",
        "Lucía puede compartir nuestro informe 2026 sobre riego por goteo y presentarle a la directora de "
        "innovación de la cooperativa.",
        [
            Read("resource", "nuestro informe 2026 sobre riego por goteo", {"informe", "riego", "goteo"}),
            Read(
                "introduction", "la directora de innovación de la cooperativa", {"innovación", "cooperativa"}
            ),
        ],
    ),
    Offer(
        "put-in-touch",
        "I can put you in touch with the head of procurement at a regional hospital network.",
        [Read("introduction", "the head of procurement at a regional hospital network", {"procurement"})],
    ),
    Offer(
        "where-it-is-is-not-what-it-is",
        "I'm glad to share our 2026 streaming cost benchmark (https://atlas.test/benchmark).",
        [Read("resource", "our 2026 streaming cost benchmark", {"streaming", "benchmark"})],
        url="https://atlas.test/benchmark",
    ),
    Offer(
        "a-compound-stays-one-topic",
        "Happy to share our dataset of connection costs from 120 Dutch heat-network projects.",
        [
            Read(
                "resource",
                "our dataset of connection costs from 120 Dutch heat-network projects",
                {"heat network"},
            )
        ],
    ),
    Offer(
        "opening-on-the-giving",
        "Offering: free tickets to DataSummit 2027; a copy of our lakehouse migration playbook.",
        [
            Read("resource", "free tickets to DataSummit 2027", {"tickets", "DataSummit"}),
            Read("resource", "a copy of our lakehouse migration playbook", {"lakehouse", "playbook"}),
        ],
    ),
    Offer(
        "them-is-whom-the-offer-named-before",
        "I know several CPOs who have been through ERP migrations and would gladly introduce you to them.",
        [Read("introduction", "several CPOs who have been through ERP migrations", {"CPOs", "ERP"})],
    ),
    Offer(
        "making-introductions",
        "Glad to make a few warm introductions to grid operators in the Nordics.",
        [Read("introduction", "grid operators in the Nordics", {"grid", "operators", "nordics"})],
    ),
    Offer(
        "donate-and-host",
        "Priya can donate refurbished laptops and host a half-day data workshop for your team.",
        [
            Read("donation", "refurbished laptops", {"laptops"}),
            Read("time", "a half-day data workshop for your team", {"workshop"}),
        ],
    ),
    Offer(
        "a-seat-and-a-loan",
        "I could offer a free seat at our April RevOps workshop and lend our field-testing kit.",
        [
            Read("resource", "a free seat at our April RevOps workshop", {"seat", "RevOps", "workshop"}),
            Read("resource", "our field-testing kit", {"field testing", "kit"}),
        ],
    ),
    Offer(
        "his-playbook-in-my-words",
        "Tom can share his playbook for migrating to Kubernetes and introduce people to platform "
        "engineers he has worked with.",
        [
            Read("resource", "my playbook for migrating to Kubernetes", {"playbook", "kubernetes"}),
            Read("introduction", "platform engineers I have worked with", {"platform", "engineers"}),
        ],
    ),
    Offer(
        "how-it-is-handed-over-is-not-what-it-is",
        "Happy to send over our 2026 state-of-retail report to anyone who'd find it useful.",
        [Read("resource", "our 2026 state-of-retail report", {"retail", "report"})],
    ),
    Offer(
        "the-company-by-name-is-our",
        "Northwind can share Northwind's demand-forecasting dataset for garden centres.",
        [
            Read(
                "resource",
                "our demand-forecasting dataset for garden centres",
                {"demand forecasting", "dataset"},
            )
        ],
        company="Northwind Analytics",
    ),
    Offer(
        "a-pitch-then-a-gift-in-one-line",
        "Acme offers payroll software; we're happy to send our 2026 restaurant wage survey to anyone who "
        "asks.",
        [Read("resource", "our 2026 restaurant wage survey", {"restaurant", "wage", "survey"})],
    ),
    Offer(
        "two-people-to-meet",
        "I can introduce you to the CTO of Fernhill Robotics and a couple of offshore wind operators.",
        [
            Read("introduction", "the CTO of Fernhill Robotics", {"CTO", "fernhill"}),
            Read("introduction", "a couple of offshore wind operators", {"offshore", "wind", "operators"}),
        ],
    ),
    Offer(
        "one-thing-about-two-topics-stays-one",
        "I can share our benchmark of dwell time and detention costs.",
        [Read("resource", "our benchmark of dwell time and detention costs", {"benchmark", "detention"})],
    ),
    Offer(
        "a-copy-of-what-the-sentence-named",
        "We publish an annual salary survey for data teams — happy to send you a copy.",
        [Read("resource", "an annual salary survey for data teams", {"salary", "survey"})],
    ),
    Offer(
        "a-list-after-a-colon-on-one-line",
        "Can share: our RFP template, a list of vetted freight auditors, and our 2025 carrier scorecard.",
        [
            Read("resource", "our RFP template", {"RFP", "template"}),
            Read("resource", "a list of vetted freight auditors", {"freight", "auditors"}),
            Read("resource", "our 2025 carrier scorecard", {"carrier", "scorecard"}),
        ],
    ),
    Offer(
        "whom-it-goes-to-is-a-topic-not-the-gift",
        "Tom's company, Nordlicht, sells solar panels. Tom can give schools free solar-kit lesson plans and "
        "volunteer a day a month with climate nonprofits.",
        [
            Read("resource", "free solar-kit lesson plans", {"solar kit", "lesson", "schools"}),
            Read("time", "a day a month with climate nonprofits", {"climate", "nonprofits"}),
        ],
    ),
    Offer(
        "hosting-a-visit",
        "Lena would love to host your team for a tour of our Rotterdam plant and can lend our thermal "
        "camera for a week.",
        [
            Read("time", "a tour of our Rotterdam plant", {"tour", "rotterdam", "plant"}),
            Read("resource", "our thermal camera for a week", {"thermal", "camera"}),
        ],
    ),
    Offer(
        "dutch-one-line-with-a-pronoun",
        "Ik kan je onze benchmark van laadpalen in Utrecht sturen.",
        [Read("resource", "onze benchmark van laadpalen in Utrecht", {"benchmark", "laadpalen"})],
    ),
    Offer(
        "mentoring-is-time",
        "I'd be glad to offer a few mentoring sessions for your junior analysts.",
        [Read("time", "a few mentoring sessions for your junior analysts", {"mentoring", "analysts"})],
    ),
]


@pytest.mark.parametrize("offer", OFFERS, ids=[o.id for o in OFFERS])
def test_an_offer_is_read_into_the_gifts_it_names(offer: Offer) -> None:
    gifts = read_offer(offer.text, company=offer.company)
    assert [(g.kind, g.what) for g in gifts] == [(r.kind, r.what) for r in offer.gifts]
    for gift, read in zip(gifts, offer.gifts, strict=True):
        assert read.topics <= set(gift.topics), gift.topics
    assert [g.url for g in gifts[:1]] == [offer.url for _ in offer.gifts[:1]]


def test_reading_the_same_offer_twice_gives_the_same_gifts() -> None:
    text = OFFERS[1].text
    assert read_offer(text) == read_offer(text)


def test_the_gifts_the_user_reviewed_are_the_gifts_even_when_empty() -> None:
    reviewed = [Gift(kind="time", what="an afternoon reviewing your dashboards", topics=["dashboards"])]
    offer = "I can share our 2025 SaaS pricing benchmark."
    assert gifts_of(SenderProfile(name="Sam Lee", offer=offer, gifts=reviewed)) == reviewed
    assert gifts_of(SenderProfile(name="Sam Lee", offer=offer, gifts=[])) == []
    assert gifts_of(None) == []


def test_unreviewed_gifts_are_the_listed_ones_then_the_offer_s_without_repeating_one() -> None:
    sam = SenderProfile(
        name="Sam Lee",
        company="Atlas Labs",
        offer="Sam can share Atlas Labs's streaming cost benchmark and introduce people to Ana Ruiz.",
        resources=[
            Resource(title="Streaming cost benchmark", url="https://atlas.test/b", topics=["streaming"])
        ],
        introductions=[Introduction(name="Ana Ruiz", role="Head of Data at Lumen", topics=["forecasting"])],
    )
    gifts = gifts_of(sam)
    assert [(g.kind, g.what, g.url) for g in gifts] == [
        ("resource", "Streaming cost benchmark", "https://atlas.test/b"),
        ("introduction", "Ana Ruiz, Head of Data at Lumen", None),
    ]

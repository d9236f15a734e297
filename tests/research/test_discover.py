"""Discover: where research starts, and which links are worth following, best first."""

from __future__ import annotations

import pytest

from server.config import Settings
from server.models import Link, Person, ResearchRequest
from server.research.discover import Frontier, own_sites, score_link, site_of, start_candidates
from tests.support.persona import DANA_PERSON


def test_research_starts_at_the_users_urls_then_the_email_domain() -> None:
    request = ResearchRequest(person=DANA_PERSON, urls=["http://danaokafor.test/"])
    urls = [c.url for c in start_candidates(request, Settings())]
    assert urls == ["http://danaokafor.test/", "https://northwind.test/"]


def test_the_email_domain_is_tried_over_http_when_https_is_unreachable() -> None:
    (candidate,) = start_candidates(ResearchRequest(person=DANA_PERSON), Settings())
    assert candidate.fallbacks == ("http://northwind.test/",)


@pytest.mark.parametrize("email", ["miguel.santos.ops@gmail.com", "m@GMAIL.com", "x@proton.me", None])
def test_free_mail_and_odd_addresses_give_no_site_to_crawl(email: str | None) -> None:
    request = ResearchRequest(person=Person(name="Miguel Santos", email=email))
    assert start_candidates(request, Settings()) == []


@pytest.mark.parametrize(
    ("text", "url", "better_than"),
    [
        ("Dana Okafor", "http://northwind.test/people/7", ("Careers", "http://northwind.test/jobs")),
        ("Our team", "http://northwind.test/team", ("Pricing", "http://northwind.test/pricing")),
        ("Newsroom", "http://northwind.test/newsroom/", ("Contact", "http://northwind.test/contact")),
        (
            "Read more",
            "http://northwind.test/news/dana-okafor-promoted",
            ("Read more", "http://northwind.test/x"),
        ),
    ],
)
def test_links_that_name_the_person_or_lead_to_people_pages_rank_first(
    text: str, url: str, better_than: tuple[str, str]
) -> None:
    good, _ = score_link(Link(url=url, text=text), DANA_PERSON)
    worse, _ = score_link(Link(url=better_than[1], text=better_than[0]), DANA_PERSON)
    assert good > worse


def test_frontier_pops_best_first_and_never_twice() -> None:
    frontier = Frontier(DANA_PERSON, Settings())
    links = [
        Link(url="http://northwind.test/pricing", text="Pricing"),
        Link(url="http://northwind.test/team", text="Team"),
        Link(url="http://northwind.test/team#top", text="Team again"),
        Link(url="http://northwind.test/blog/dana-okafor-on-streaming", text="Dana Okafor on streaming"),
    ]
    assert frontier.add_links(links, "http://northwind.test/", hop=0) == 2  # pricing is useless, #top a twin
    assert [frontier.pop().url for _ in range(2)] == [
        "http://northwind.test/blog/dana-okafor-on-streaming",
        "http://northwind.test/team",
    ]
    assert frontier.pop() is None


@pytest.mark.parametrize(
    "url",
    [
        "http://elsewhere.test/team",  # another site
        "http://northwind.test/files/report.pdf",  # not a page
        "http://northwind.test/login",
        "mailto:dana.okafor@northwind.test",
    ],
)
def test_frontier_stays_on_the_site_and_skips_what_is_not_a_page(url: str) -> None:
    frontier = Frontier(DANA_PERSON, Settings())
    assert frontier.add_links([Link(url=url, text="Team")], "http://northwind.test/", hop=0) == 0


def test_links_are_followed_at_most_max_hops_deep() -> None:
    frontier = Frontier(DANA_PERSON, Settings(max_hops=2))
    team = [Link(url="http://northwind.test/team", text="Team")]
    assert frontier.add_links(team, "http://northwind.test/news/", hop=2) == 0
    assert frontier.add_links(team, "http://northwind.test/news/", hop=1) == 1
    assert frontier.pop().hop == 2


def test_excluded_pages_are_recognised_in_any_spelling() -> None:
    frontier = Frontier(DANA_PERSON, Settings(), exclude={"http://sweetcrumb.test/about#bio"})
    assert frontier.is_excluded("http://SweetCrumb.test/about")


def test_own_sites_are_the_email_domain_sites_named_for_the_person_and_site_roots_given() -> None:
    request = ResearchRequest(
        person=DANA_PERSON,
        urls=["http://danaokafor.test/posts/x", "http://datasummit.test/2026/speakers", "https://acme.test/"],
    )
    assert own_sites(request, Settings()) == {"northwind.test", "danaokafor.test", "acme.test"}


@pytest.mark.parametrize(
    ("url", "site"),
    [
        ("https://blog.example.com/a", "example.com"),
        ("http://www.example.co.uk/", "example.co.uk"),
        ("http://danaokafor.test/", "danaokafor.test"),
    ],
)
def test_site_of_is_the_registrable_domain(url: str, site: str) -> None:
    assert site_of(url) == site


def test_a_sites_menu_is_followed_only_where_it_leads_to_people_news_or_talks() -> None:
    frontier = Frontier(DANA_PERSON, Settings(), own_sites={site_of("http://northwind.test/")})
    menu = [
        Link(url="http://northwind.test/services", text="Services", chrome=True),
        Link(url="http://northwind.test/get-a-quote", text="Get a quote", chrome=True),
        Link(url="http://northwind.test/leadership", text="Leadership", chrome=True),
        Link(url="http://northwind.test/equipe", text="Équipe", chrome=True),
        Link(url="http://northwind.test/aktuelles", text="Aktuelles", chrome=True),
        Link(url="http://northwind.test/2026/10/streaming-costs", text="What streaming really costs"),
    ]
    frontier.add_links(menu, "http://northwind.test/", hop=0)
    assert sorted(c.url for c in frontier.drain()) == [
        "http://northwind.test/2026/10/streaming-costs",
        "http://northwind.test/aktuelles",
        "http://northwind.test/equipe",
        "http://northwind.test/leadership",
    ]


def test_on_the_persons_own_site_every_menu_link_is_about_them() -> None:
    frontier = Frontier(DANA_PERSON, Settings())
    frontier.add_personal_site(site_of("http://danaokafor.test/"))
    menu = [Link(url="http://danaokafor.test/now", text="Now", chrome=True)]
    assert frontier.add_links(menu, "http://danaokafor.test/", hop=0) == 1


def test_on_a_site_not_theirs_only_links_that_may_be_about_them_are_read_on() -> None:
    frontier = Frontier(DANA_PERSON, Settings(), own_sites={site_of("http://northwind.test/")})
    story = [
        Link(url="http://coastgazette.test/2026/11/best-fish-fry", text="The best fish fry in town"),
        Link(url="http://coastgazette.test/2026/10/dana-okafor-profile", text="Dana Okafor, data leader"),
        Link(url="http://coastgazette.test/events/agenda", text="Agenda"),
        Link(url="http://coastgazette.test/team", text="Our newsroom team"),
    ]
    frontier.add_links(story, "http://coastgazette.test/2026/11/data-leaders", hop=0)
    assert sorted(c.url for c in frontier.drain()) == [
        "http://coastgazette.test/2026/10/dana-okafor-profile",
        "http://coastgazette.test/events/agenda",
        "http://coastgazette.test/team",
    ]
    # On their company's own site every link of a useful page is still read on.
    open_day = Link(url="http://northwind.test/open-day", text="Open day")
    frontier.add_links([open_day], "http://northwind.test/", hop=0)
    assert [c.url for c in frontier.drain()] == ["http://northwind.test/open-day"]


@pytest.mark.parametrize("path", ["/2026/10/", "/2026/", "/2025/12", "/2026/7/14/"])
def test_a_blogs_date_archives_are_not_read(path: str) -> None:
    frontier = Frontier(DANA_PERSON, Settings())
    frontier.add_personal_site(site_of("http://danaokafor.test/"))
    archive = Link(url=f"http://danaokafor.test{path}", text="October 2026")
    post = Link(url="http://danaokafor.test/2026/10/streaming-costs/", text="What streaming costs")
    frontier.add_links([archive, post], "http://danaokafor.test/", hop=0)
    assert [c.url for c in frontier.drain()] == [post.url]


def test_a_page_filtered_or_sorted_is_not_read_again_but_a_sites_root_query_is() -> None:
    frontier = Frontier(DANA_PERSON, Settings())
    views = [
        Link(url="http://datasummit.test/2026/speakers?track=ops", text="Operations"),
        Link(url="http://datasummit.test/2026/speakers?sort=name", text="By name"),
    ]
    assert frontier.add_links(views, "http://datasummit.test/2026/speakers", hop=0) == 0
    # A blog without pretty addresses: its posts are the root with a query ("/?p=123").
    post = Link(url="http://danaokafor.test/?p=123", text="What streaming costs")
    frontier.add_personal_site(site_of("http://danaokafor.test/"))
    assert frontier.add_links([post], "http://danaokafor.test/", hop=0) == 1

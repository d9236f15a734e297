"""The extract stage on small saved pages: what identify, facts and discovery read from a Page."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from server.models import Page
from server.research.extract.byline import byline_names, person_name
from server.research.extract.fields import day, without_site_name
from server.research.extract.page import extract_page

HTML = Path(__file__).parents[1] / "fixtures" / "html"


def page(name: str, url: str) -> Page:
    return extract_page((HTML / name).read_text(encoding="utf-8"), url)


def structured_of_type(result: Page, kind: str) -> list[dict]:
    return [item for item in result.structured if item.get("@type") == kind]


# One row per saved page: what a user would see in the dossier's source list.
@pytest.mark.parametrize(
    ("fixture", "url", "title", "author", "published", "site_name"),
    [
        pytest.param(
            "blog_post_jsonld.html",
            "https://blog.quietpixels.example/2023/09/onboarding-emails/",
            "Why we rewrote our onboarding emails",
            "Mara Lindqvist",  # a JSON-LD @graph author given by @id reference
            "2023-09-14",  # published, not the later dateModified
            "Quiet Pixels Blog",
            id="blog-jsonld-graph",
        ),
        pytest.param(
            "news_meta_byline.html",
            "https://www.coastalcourier.example/news/2024/03/03/tidal-pilot",
            "Harbour city approves tidal energy pilot",
            "Jane Doe, John Roe",  # "By Jane Doe and John Roe · March 3, 2024"
            "2024-03-03",  # article:published_time as written, not shifted to UTC, not modified_time
            "The Coastal Courier",
            id="news-meta-and-byline",
        ),
        pytest.param(
            "org_author_jsonld.html",
            "https://acme.example/newsroom/series-b",
            "Acme raises Series B to expand climate analytics",
            "Priya Raman",  # the JSON-LD author is an Organization: the person is in the hCard byline
            "2022-11-08",
            "Acme Newsroom",
            id="organization-author",
        ),
        pytest.param(
            "messy_jsonld.html",
            "https://makers.example/interviews/sam-okafor",
            "Interview: Sam Okafor on open hardware",
            "Sam Okafor",  # from a CDATA-wrapped JSON-LD block beside an unreadable one
            "2019-03-12",  # an RFC 822 date
            "makers.example",
            id="messy-jsonld",
        ),
    ],
)
def test_page_metadata(
    fixture: str, url: str, title: str, author: str, published: str, site_name: str
) -> None:
    result = page(fixture, url)
    assert (result.title, result.author, result.published, result.site_name) == (
        title,
        author,
        published,
        site_name,
    )
    assert result.url == url


def test_blog_post_has_main_text_language_and_description() -> None:
    result = page("blog_post_jsonld.html", "https://blog.quietpixels.example/2023/09/onboarding-emails/")
    assert "Replies tripled within a month" in result.text
    assert "Home" not in result.text.split("\n")  # navigation is not main text
    assert result.lang == "en"
    assert result.description == "Three things we learned from rewriting every onboarding email from scratch."


def test_jsonld_graph_is_flattened_into_typed_items() -> None:
    result = page("blog_post_jsonld.html", "https://blog.quietpixels.example/2023/09/onboarding-emails/")
    assert all(isinstance(item.get("@type"), str | list) for item in result.structured)
    assert not any("@graph" in item for item in result.structured)
    [person] = structured_of_type(result, "Person")
    assert person["name"] == "Mara Lindqvist"
    assert person["jobTitle"] == "Head of Lifecycle Marketing"
    assert structured_of_type(result, "BlogPosting")[0]["headline"] == "Why we rewrote our onboarding emails"
    # OpenGraph comes through too, its og:type as the item's type.
    assert structured_of_type(result, "article")[0]["og:site_name"] == "Quiet Pixels Blog"
    json.dumps(result.model_dump())  # the run JSON and the page cache store it as is


def test_team_page_people_come_from_microdata() -> None:
    result = page("team_microdata.html", "https://nordlicht.example/de/team")
    [organization] = structured_of_type(result, "Organization")
    employees = {person["name"]: person["jobTitle"] for person in organization["employee"]}
    assert employees == {"Dr. Lena Hoffmann": "Geschäftsführerin & CTO", "Tobias Brandt": "Leiter Vertrieb"}
    [aylin] = structured_of_type(result, "Person")
    assert (aylin["name"], aylin["jobTitle"]) == ("Aylin Demir", "Head of Research")
    assert result.author is None  # a team page has no byline, and its people are not its author
    assert result.lang == "de"
    assert result.title == "Team"  # "Team – Nordlicht Robotics" without the site's name


def test_links_are_absolute_deduplicated_and_only_web_pages() -> None:
    result = page("base_href_links.html", "https://docs.example.com/start/index.html")
    assert [(link.url, link.text) for link in result.links] == [
        ("https://docs.example.com/docs/v2/intro.html", "Getting started"),  # <base href>; fragment dropped
        ("https://docs.example.com/docs/v1/old.html", "Old docs"),
        ("https://docs.example.com/about", "About us"),
        ("https://cdn.example.net/file.pdf", "Download"),  # scheme-relative
        ("https://other.example.org/path?q=1", "Elsewhere"),
        ("https://docs.example.com/docs/v2/", "Top"),  # "#top" is the base document
        (
            "https://docs.example.com/docs/v2/team.html",
            "Team",
        ),  # an image link first, its text from the later one
        ("https://docs.example.com/docs/v2/map.html", "Map area"),  # <area alt>
    ]  # mailto:, javascript:, tel:, ftp:, empty and malformed hrefs are gone


def test_navigation_links_are_kept_for_discovery() -> None:
    result = page("blog_post_jsonld.html", "https://blog.quietpixels.example/2023/09/onboarding-emails/")
    links = {link.url: link.text for link in result.links}
    assert links["https://blog.quietpixels.example/team/"] == "Team"
    assert (
        links["https://blog.quietpixels.example/2023/10/onboarding-results/"] == "follow-up with the numbers"
    )


@pytest.mark.parametrize("base", ["javascript:alert(1)", "data:text/html,x", "http://[bad"])
def test_a_base_that_is_no_web_url_is_ignored(base: str) -> None:
    html = f'<html><head><base href="{base}"></head><body><a href="/about">About</a></body></html>'
    assert [link.url for link in extract_page(html, "https://h.example/a/b").links] == [
        "https://h.example/about"
    ]


def test_links_without_a_page_url_stay_out() -> None:
    result = extract_page(
        '<html><body><a href="/about">About</a> <a href="https://a.example/">A</a></body></html>', ""
    )
    assert [link.url for link in result.links] == ["https://a.example/"]


@pytest.mark.parametrize(
    "html",
    [
        "",
        "   \n\t",
        "<<<>>>",
        "\x00\x01\x02 binary junk \xff",
        "<p>just a fragment</p>",
        "plain text, no tags at all",
        "<html>",
        "<!-- only a comment -->",
        "<html><head><script type='application/ld+json'>{{{</script></head><body><a href='http://[::1'>x</a>",
        "<div>" * 3000 + "deep" + "</div>" * 3000,
    ],
    ids=[
        "empty",
        "whitespace",
        "brackets",
        "binary",
        "fragment",
        "text",
        "open-html",
        "comment",
        "broken",
        "deep",
    ],
)
def test_garbage_gives_a_page_not_an_error(html: str) -> None:
    result = extract_page(html, "https://example.org/x")
    assert result.url == "https://example.org/x"
    assert result.author is None and result.published is None
    json.dumps(result.model_dump())


def test_time_dropped_a_date_written_in_a_time_element_stays_in_the_text() -> None:
    # trafilatura deletes <time> with its words: a talk list lost the day each talk was given.
    html = (
        "<html><body><main><h1>Talks</h1><h2>Robots that climb turbines</h2>"
        "<p>RoboCon 2026, Boston &middot; <time datetime='2026-04-18'>18 Apr 2026</time></p>"
        "<p>How magnetic crawlers climb 120-metre towers and map blade erosion, unsupervised at height, "
        "in the wind and the rain of the North Sea.</p></main></body></html>"
    )
    assert "RoboCon 2026, Boston · 18 Apr 2026" in extract_page(html, "http://talks.test/").text


def test_fragment_keeps_its_text_and_links() -> None:
    result = extract_page(
        '<p>Ada Lovelace wrote the first program. <a href="/ada">More</a></p>', "https://h.example/"
    )
    assert "Ada Lovelace wrote the first program." in result.text
    assert [link.url for link in result.links] == ["https://h.example/ada"]


def test_extraction_is_pure() -> None:
    html = (HTML / "news_meta_byline.html").read_text(encoding="utf-8")
    url = "https://www.coastalcourier.example/news/2024/03/03/tidal-pilot"
    assert extract_page(html, url) == extract_page(html, url)


@pytest.mark.parametrize(
    ("raw", "names"),
    [
        ("By Jane Doe and John Roe", ["Jane Doe", "John Roe"]),
        ("By JANE DOE, JOHN ROE", ["JANE DOE", "JOHN ROE"]),
        ("Jane Doe & John Roe", ["Jane Doe", "John Roe"]),
        ("Written by Rob Smith", ["Rob Smith"]),
        ("Von Anna Schmidt und Jonas Weber", ["Anna Schmidt", "Jonas Weber"]),
        ("Par Sébastien Martin", ["Sébastien Martin"]),
        ("Nathan Willis March 25, 2015", ["Nathan Willis"]),
        ("By Ana Sandoiu on 12.03.2020", ["Ana Sandoiu"]),
        ("Paz Segura - Marketing Manager", ["Paz Segura"]),
        ("Brenda Goodman, MA", ["Brenda Goodman"]),
        ("Bradley M. Kuhn (http://ebb.org/bkuhn/)", ["Bradley M. Kuhn"]),
        ("Martin Untersinger (avec Damien Leloup et Morgane Tual)", ["Martin Untersinger"]),
        ("Gina Roberts-Grey, Gina Roberts-Grey", ["Gina Roberts-Grey"]),
        ("Last Updated: January 7, 2025", []),
        ("https://www.facebook.com/someone", []),
        ("@handle", []),
        ("Username", []),
        ("Follow Author", []),
    ],
)
def test_byline_names(raw: str, names: list[str]) -> None:
    assert byline_names(raw) == names


@pytest.mark.parametrize(
    ("raw", "name"),
    [
        ("Jong, Michiel de", "Michiel de Jong"),
        ("Kooman, F.", "F. Kooman"),
        ("Jane Doe", "Jane Doe"),
        ("", None),
    ],
)
def test_one_name_fields_read_last_name_first(raw: str, name: str | None) -> None:
    assert person_name(raw) == name


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2018-06-12T23:00:00.000Z", "2018-06-12"),  # the day as the page wrote it
        ("2016-04-19T18:52:32-07:00", "2016-04-19"),
        ("20200316T13:00:00Z", "2020-03-16"),
        ("Wed, 04 May 2022 02:41:00 GMT", "2022-05-04"),
        ("28. Dezember 2022", "2022-12-28"),
        ("yesterday", None),  # relative dates depend on when the page was fetched
        ("not a date", None),
        ("1066-10-14", None),
    ],
)
def test_day(raw: str, expected: str | None) -> None:
    assert day(raw) == expected


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Headline | Quiet Pixels", "Headline"),
        ("Quiet Pixels » Headline", "Headline"),
        ("Headline - AOC media - Analyse", "Headline"),  # a site name that has a separator itself
        ("Headline: the sequel", "Headline: the sequel"),
        ("Quiet Pixels", "Quiet Pixels"),  # the home page keeps its name
    ],
)
def test_without_site_name(title: str, expected: str) -> None:
    assert without_site_name(title, ["Quiet Pixels", "AOC media - Analyse"]) == expected


@pytest.mark.parametrize(
    ("footer", "holder"),
    [
        ("<p>&copy; 2026 Marisol Vega &middot; Proudly powered by WordPress</p>", "Marisol Vega"),
        ("<small>Copyright (c) 2019–2026 Dana Okafor. All rights reserved.</small>", "Dana Okafor"),
        ("<p>© 2026 Northwind Analytics, Inc. · Privacy</p>", "Northwind Analytics"),
        ("<p>A non-profit. &copy; 2026. Contact: team@datasummit.test</p>", None),
    ],
)
def test_the_copyright_line_names_who_the_site_belongs_to(footer: str, holder: str | None) -> None:
    html = f"<html><body><main><h1>Notes</h1><p>Some words.</p></main><footer>{footer}</footer></body></html>"
    assert extract_page(html, "http://x.test/post").copyright_holder == holder


GERMAN_NEWS = (
    "Der Aufsichtsrat der Elbwerk Energie GmbH hat Dr. Katrin Vogel mit Wirkung zum 1. Oktober 2026 zur "
    "Geschäftsführerin ernannt. Sie folgt auf den Gründer, der in den Aufsichtsrat wechselt. Vogel war zuvor "
    "seit 2021 Leiterin Netzintegration bei Elbwerk und hat in dieser Zeit die ersten Speicher des "
    "Unternehmens gebaut, die heute von den Stadtwerken betrieben werden."
)


@pytest.mark.parametrize(
    ("html_tag", "head", "text", "lang"),
    [
        ("<html>", '<meta property="og:locale" content="fr_FR">', "Équipe", "fr"),  # no lang attribute
        ("<html>", '<meta http-equiv="Content-Language" content="nl-NL">', "Team", "nl"),
        ('<html lang="en-US">', "", GERMAN_NEWS, "de"),  # a theme's lang on a German article: the text wins
    ],
)
def test_the_language_a_page_is_read_in(html_tag: str, head: str, text: str, lang: str | None) -> None:
    body = f"<body><article><p>{text}</p></article></body>"
    html = f"{html_tag}<head><title>T</title>{head}</head>{body}</html>"
    assert extract_page(html, "http://example.test/a").lang == lang


WEB = Path(__file__).parents[1] / "fixtures" / "web"


def links_of(path: str) -> dict[str, bool]:
    """A fixture page's links, each with whether it sits only in the site's navigation, header or footer."""
    host, _, rest = path.partition("/")
    result = extract_page(
        (WEB / path).read_text(encoding="utf-8"), f"http://{host}/{rest.removesuffix('.html')}"
    )
    return {link.url: link.chrome for link in result.links}


def test_links_in_a_sites_own_menus_are_told_from_links_in_its_content() -> None:
    # An HTML5 company page: <nav> menus in a <header> and a <footer>, cards in <main>.
    lumiflux = links_of("lumiflux.test/equipe.html")
    assert lumiflux["http://lumiflux.test/equipe"] is True
    assert lumiflux["http://lumiflux.test/mentions-legales"] is False  # also in the cookie notice's text
    # A podcast site: a bare <header> of links, episodes in the page's body.
    freightcast = links_of("freightcast.test/index.html")
    assert freightcast["http://freightcast.test/"] is True
    assert freightcast["http://freightcast.test/episodes/43"] is False  # in the header and as a headline


def test_a_header_inside_an_article_is_the_articles_own() -> None:
    html = """<html><body><nav><a href="/services">Services</a></nav>
      <article><header><h2><a href="/2026/10/slides">Slides from my talk</a></h2></header><p>Text.</p>
      <footer><a href="/tag/logistics">logistics</a></footer></article>
      <div class="site-footer"><a href="/accessibility">Accessibility</a></div>
      <div role="navigation"><a href="/industries">Industries</a></div></body></html>"""
    chrome = {link.url: link.chrome for link in extract_page(html, "http://example.test/").links}
    assert chrome == {
        "http://example.test/services": True,
        "http://example.test/2026/10/slides": False,
        "http://example.test/tag/logistics": False,
        "http://example.test/accessibility": True,
        "http://example.test/industries": True,
    }

"""Discover: which URLs to read about a person, best first.

Start URLs (the user's, the email domain's site) come first; links found on useful pages are followed up to
`max_hops` inside the same site, ranked by how likely they are to be about the person.
"""

from __future__ import annotations

import heapq
import itertools
import re
from collections.abc import Collection
from dataclasses import dataclass
from urllib.parse import urlsplit

from tld import get_fld
from w3lib.url import canonicalize_url

from server.config import Settings
from server.models import Link, Person, ResearchRequest
from server.research.anchors import email_domain
from server.research.search import SearchProvider
from server.text.names import fold, name_variants
from server.text.urls import host_of, is_site_root, without_tracking

# Words in a link's text or path that usually lead to pages about people, or about the company's plans.
PROMISING = {
    "about": 3,
    "team": 4,
    "people": 4,
    "leadership": 4,
    "staff": 3,
    "founders": 3,
    "management": 3,
    "news": 3,
    "newsroom": 3,
    "press": 3,
    "media": 1,
    "blog": 2,
    "posts": 2,
    "articles": 2,
    "writing": 2,
    "speakers": 3,
    "speaking": 3,
    "talks": 3,
    "podcast": 3,
    "episodes": 2,
    "interviews": 2,
    "events": 1,
    "awards": 2,
    "bio": 3,
    "author": 2,
    "company": 1,
    "mission": 2,
    "story": 1,
    # The same sections on sites in the other languages research reads (German, French, Dutch, Spanish,
    # Italian), folded as link words are: "Équipe", "Über uns", "Actualités", "Sprekers".
    **dict.fromkeys(("uns", "ons", "propos", "nosotros", "siamo", "unternehmen", "entreprise"), 3),
    **dict.fromkeys(("equipe", "equipo", "squadra", "mitarbeiter", "medewerkers", "personeel"), 4),
    **dict.fromkeys(("vorstand", "geschaftsfuhrung", "direction", "directie", "direccion", "direzione"), 3),
    **dict.fromkeys(("grunder", "fondateurs", "oprichters", "fundadores", "fondatori"), 3),
    **dict.fromkeys(("aktuelles", "neuigkeiten", "actualites", "nieuws", "noticias", "notizie"), 3),
    **dict.fromkeys(("presse", "pers", "prensa", "stampa", "communiques"), 3),
    **dict.fromkeys(("vortrage", "referenten", "intervenants", "sprekers", "ponentes", "relatori"), 3),
    **dict.fromkeys(("entretien", "entretiens", "entrevista", "intervista"), 2),
}
# What a link to another site must look like to be read from the person's own or company pages: a talk,
# an episode, an interview, a speaker or press page (or it names them).
OFFSITE_WORTHY = {"speakers", "speaking", "talks", "keynote", "podcast", "episodes", "episode", "interviews",
                  "interview", "press", "agenda", "programme", "program", "sessions", "panel"}  # fmt: skip
# Sites whose pages are behind a login or are share and app-store buttons: never worth a request.
WALLED = re.compile(
    r"(?:^|\.)(?:linkedin\.com|facebook\.com|instagram\.com|twitter\.com|x\.com|tiktok\.com|threads\.net"
    r"|pinterest\.com|apple\.com|spotify\.com|google\.com|youtube\.com|github\.com|medium\.com)$"
)
# Links that never say anything about a person.
USELESS = re.compile(
    r"(login|log-in|signin|sign-in|signup|sign-up|register|cart|checkout|account|privacy|terms|cookie|legal|"
    r"imprint|impressum|careers|jobs|pricing|wp-admin|feed|rss|/tag/|/tags/|/category/|share|print|subscribe)",
    re.IGNORECASE,
)
# A blog's month or year archive ("/2026/10/"): a list of posts its pages already link one by one.
DATE_ARCHIVE = re.compile(r"^/(?:19|20)\d\d(?:/[01]?\d){0,2}/?$")
DIRECTORY_INDEX = re.compile(r"/index\.(?:html?|php|asp)(?=$|\?)", re.IGNORECASE)
NOT_HTML = re.compile(
    r"\.(pdf|jpe?g|png|gif|webp|svg|ico|css|js|json|xml|zip|gz|mp3|mp4|mov|avi|docx?|xlsx?|pptx?)$",
    re.IGNORECASE,
)


def normalize_url(url: str) -> str:
    """One spelling per page, so the same page is never fetched twice. A URL too malformed to canonicalize (a
    port of 99999 or "abc") is its own spelling: it is still queued, and the fetcher refuses it with a reason
    its source records, rather than one bad link ending the run."""
    text = without_tracking(url.strip())  # "?utm_source=…" says where a visit came from, not which page
    try:
        canonical = canonicalize_url(text, keep_fragments=False)
    except ValueError:
        return text
    # A folder's index page is the folder: "/news/index.html" and "/news/" are one page under two spellings.
    return DIRECTORY_INDEX.sub("/", canonical, count=1)


def site_of(url: str) -> str:
    """The registrable domain (blog.example.com -> example.com); the host itself where no suffix is known."""
    domain = get_fld(url, fail_silently=True, fix_protocol=True)
    if domain:
        return domain.lower()
    return host_of(url)


@dataclass
class Candidate:
    """A URL waiting to be read, with why it is worth reading."""

    score: float
    url: str
    hop: int
    reason: str
    # Tried in order when the URL cannot be reached at all (https first, then http for an email's domain).
    fallbacks: tuple[str, ...] = ()
    from_user: bool = False


def score_link(link: Link, person: Person) -> tuple[float, str]:
    """How likely a link leads to something about the person, and the words that made it so."""
    haystack = _haystack(link)
    score, why = _naming(haystack, person)
    whys = [why] if why else []
    hits = sorted((w for w in _words(haystack) if w in PROMISING), key=lambda w: -PROMISING[w])
    if hits:
        score += sum(PROMISING[w] for w in hits[:2])
        whys.append(f"looks like {hits[0]}")
    if person.company and person.company.lower() in link.text.lower():
        score += 1
    return score, ", ".join(whys) or "link on a useful page"


def _haystack(link: Link) -> str:
    """A link's text and path as words."""
    path = urlsplit(link.url).path.lower()
    return f"{link.text.lower()} {path.replace('-', ' ').replace('_', ' ').replace('/', ' ')}"


def _words(haystack: str) -> set[str]:
    return set(re.findall(r"[a-z]+", fold(haystack)))


def _naming(haystack: str, person: Person) -> tuple[float, str]:
    """What a link's words say of the person: their name (10), their surname (6), or nothing (0)."""
    for variant in name_variants(person.name):
        if variant.lower() in haystack:
            return 10.0, "names the person"
    surname = person.name.split()[-1].lower()
    if len(surname) > 2 and re.search(rf"\b{re.escape(surname)}\b", haystack):
        return 6.0, "names the person's surname"
    return 0.0, ""


class Frontier:
    """Best-first queue of URLs to read, never the same page twice, within hops and the page budget."""

    def __init__(
        self,
        person: Person,
        settings: Settings,
        exclude: set[str] | None = None,
        own_sites: Collection[str] = (),
    ):
        self.person = person
        self.settings = settings
        # The person's own and company sites: the only pages whose links may lead to another site.
        self.own_sites = set(own_sites)
        # Sites learned to be the person's own (their blog, their practice): every link there is about them.
        self.personal_sites: set[str] = set()
        self.seen: set[str] = set()
        self.exclude = {normalize_url(u) for u in (exclude or set())}
        # (-score, arrival, candidate): best first, and first come first among equals.
        self._heap: list[tuple[float, int, Candidate]] = []
        self._arrival = itertools.count()

    def __len__(self) -> int:
        return len(self._heap)

    def add_own_site(self, site: str) -> None:
        """A site learned to speak for them (where their company's site now lives): its links may leave it."""
        self.own_sites.add(site)

    def add_personal_site(self, site: str) -> None:
        self.personal_sites.add(site)

    def mark_seen(self, url: str) -> None:
        self.seen.add(normalize_url(url))

    def is_excluded(self, url: str) -> bool:
        return normalize_url(url) in self.exclude

    def is_new(self, url: str) -> bool:
        """Neither queued nor read before, nor marked "not this person"."""
        key = normalize_url(url)
        return key not in self.seen and key not in self.exclude

    def push(self, candidate: Candidate) -> bool:
        key = normalize_url(candidate.url)
        if key in self.seen or key in self.exclude:
            return False
        self.seen.add(key)
        heapq.heappush(self._heap, (-candidate.score, next(self._arrival), candidate))
        return True

    def push_starts(
        self, starts: list[Candidate], excluded_reason: str, given_before: Collection[str] = ()
    ) -> list[tuple[Candidate, str]]:
        """Queue where research begins; the user's starts left out, each with the reason its source says.
        `given_before`: pages the user handed over already (read as captured, never fetched)."""
        left_out = []
        # Each page's one spelling, and the URL it was first given as ("?utm_source=…" and "/index.html"
        # are spellings of a page given already).
        first: dict[str, str] = {}
        for url in given_before:
            first.setdefault(normalize_url(url), url)
        for candidate in starts:
            key = normalize_url(candidate.url)
            if key in self.exclude:
                left_out.append((candidate, excluded_reason))
            elif self.push(candidate):
                first[key] = candidate.url
            elif candidate.from_user and key in first:
                # "site.com/" and "site.com/index.html" given both: one page, read once, and the user told so.
                left_out.append((candidate, f"the same page as {first[key]}"))
        return left_out

    def pop(self) -> Candidate | None:
        return heapq.heappop(self._heap)[2] if self._heap else None

    def best(self, count: int) -> list[Candidate]:
        """The best `count` candidates waiting, best first, left in the queue."""
        return [candidate for _, _, candidate in heapq.nsmallest(count, self._heap)]

    def drain(self) -> list[Candidate]:
        rest, self._heap = sorted(self._heap), []
        return [candidate for _, _, candidate in rest]

    def add_links(self, links: list[Link], page_url: str, hop: int) -> int:
        """Queue the links of a useful page worth reading; returns how many were new."""
        return sum(self.push(candidate) for candidate in self.link_candidates(links, page_url, hop))

    def link_candidates(self, links: list[Link], page_url: str, hop: int) -> list[Candidate]:
        """The links of a page that are worth reading (within hops, not seen), scored: its own site's, and,
        from the person's own or company pages, one hop to another site when the link names the person or
        looks like a talk, an episode, an interview or a press page (their blog's "slides from my talk")."""
        if hop >= self.settings.max_hops:
            return []
        site = site_of(page_url)
        here = urlsplit(page_url)
        may_leave = site in self.own_sites
        found: list[Candidate] = []
        for link in links:
            parts = urlsplit(link.url)
            if parts.scheme not in ("http", "https"):
                continue
            if USELESS.search(parts.path) or NOT_HTML.search(parts.path) or DATE_ARCHIVE.match(parts.path):
                continue
            if not self.is_new(link.url):
                continue
            same_page = (parts.netloc, parts.path) == (here.netloc, here.path)
            if parts.query and same_page and here.path.strip("/"):
                continue  # this page again, filtered or sorted ("?track=ops"): the same people and news
            score, reason = score_link(link, self.person)
            if link.chrome and score <= 0 and site not in self.personal_sites:
                # "Services", "Get a quote", "Venue": a site's own menu, on every page, about no one.
                continue
            if (
                score <= 0
                and not may_leave
                and site not in self.personal_sites
                and not _offsite_worthy(link, self.person)
            ):
                # On a site not theirs (a newspaper, a conference) only what may be about them is read on:
                # its other stories and events are about other people.
                continue
            if site_of(link.url) != site:
                walled = WALLED.search(host_of(link.url))
                if not may_leave or walled or not _offsite_worthy(link, self.person):
                    continue
                reason = f"{reason}, linked from their own pages"
            # Deeper pages are less likely to be about the person than what the site puts up front.
            found.append(Candidate(score=score - hop, url=link.url, hop=hop + 1, reason=reason))
        return found


def _offsite_worthy(link: Link, person: Person) -> bool:
    haystack = _haystack(link)
    return _naming(haystack, person)[0] > 0 or bool(_words(haystack) & OFFSITE_WORTHY)


def start_candidates(request: ResearchRequest, settings: Settings) -> list[Candidate]:
    """Where research begins: the user's URLs, then the site of the email's domain."""
    candidates = [
        Candidate(score=100.0, url=url, hop=0, reason="given by you", from_user=True) for url in request.urls
    ]
    domain = email_domain(request.person.email, settings.free_mail_domains)
    if domain:
        candidates.append(
            Candidate(
                score=50.0,
                url=f"https://{domain}/",
                hop=0,
                reason=f"site of the email domain {domain}",
                fallbacks=(f"http://{domain}/",),
            )
        )
    return candidates


def search_candidates(person: Person, search: SearchProvider) -> list[Candidate]:
    """A web search's results for the person, ranked below the user's URLs and their email's site."""
    query = " ".join(part for part in (f'"{person.name}"', person.company or "") if part)
    urls = search.search(query, limit=5)
    return [Candidate(score=20.0 - i, url=u, hop=0, reason="web search result") for i, u in enumerate(urls)]


def own_sites(request: ResearchRequest, settings: Settings) -> set[str]:
    """Sites that speak for the person: their email domain's, sites named for them, and site roots given."""
    sites = set()
    domain = email_domain(request.person.email, settings.free_mail_domains)
    if domain:
        sites.add(site_of(f"https://{domain}/"))
    # A conference page or an article the user names is a start, not the person's voice; but a bare site
    # root ("tidewater.com/") is the user saying "this is where they work", and danaokafor.com is theirs.
    tokens = [t for t in re.findall(r"[a-z]+", request.person.name.lower()) if len(t) > 2]
    for url in request.urls:
        host = host_of(url).replace("-", "").replace(".", "")
        named_for_them = bool(tokens) and all(t in host for t in tokens[-2:])
        if named_for_them or is_site_root(url):
            sites.add(site_of(url))
    return {s for s in sites if s}

"""How a page describes a name: what that person does, for whom, and where, and whether that is our person.

A page names someone; identify asks whether it is the person we know. Each description of the name is
an `Entry`: a structured Person (jobTitle, worksFor, address, homeLocation, workLocation), or the words
around the name in the text (an apposition: "Dana Okafor, pastry chef at Sweet Crumb Bakery"; a title
before it: "die diplomierte Krankenpflegerin Laura Schmidt aus Graz"; a location line: "Elena Marchetti,
52 — Sassuolo, IT"). On a site that presents itself as the name's (a host named after it, a copyright line
naming it) the site's own address, locale and country domain say where that person is too.

An entry contradicts what is known when it gives them another occupation (a small vocabulary of professions
that define a field, text/occupations) than their title and the sender's note allow, or a place that cannot
be theirs (text/places). A page describing several people of the name in different places is ambiguous.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from server.models import Page
from server.research.anchors import Known
from server.text.names import find_name, fold, same_name
from server.text.occupations import occupations_in
from server.text.places import (
    Place,
    address_in_text,
    country_of_host,
    country_of_locale,
    place_in_line,
    place_of,
)
from server.text.safety import is_instruction, mask_instructions, sensitive_category
from server.text.schema_org import first_field, nodes, text_values, types_of
from server.text.sentences import person_passages
from server.text.urls import host_of


@dataclass(frozen=True)
class Entry:
    """One description of the name on a page."""

    description: str | None = None  # "pastry chef and owner of Sweet Crumb Bakery"
    employer: str | None = None  # the organisation it ties them to, when it is not theirs
    occupations: tuple[str, ...] = ()
    place: Place = Place()
    # Stated as data about them (structured data, the site's own address and description), not read from
    # the words around a name: only such a description can make a whole site another person's.
    firm: bool = False


@dataclass(frozen=True)
class Contradiction:
    """Why the name on a page is not the person: a reader's phrase, and the entry it came from."""

    kind: str  # "occupation", "place", "several", "site"
    who: str  # "a dentist in Austin, Texas"
    firm: bool = False  # from a firm entry


# After a name: ", pastry chef and owner of Sweet Crumb Bakery" or " is a dentist at Smile Dental".
_APPOSITIVE = re.compile(
    r"^(?:,\s*|\s+(?:is|was)\s+(?:an?\s+|the\s+)?|\s+[–—-]\s+|\s*\(\s*)(?P<desc>[^.;:()\n]{3,90}?)(?=[.;:)\n]|,\s|$)"
)
_ORG_NAME = r"(?:the\s+)?(?P<org>[A-Z][\w'’&.-]*(?:\s+(?:&\s+)?[A-Z][\w'’&.-]*)*)"
_ORG_AT = re.compile(rf"\bat\s+{_ORG_NAME}")  # "at" names an employer more surely than "of" or "for"
# "of" names an organisation after an owner or a chief ("owner of Sweet Crumb"), a department after a head
# or a VP ("VP of Data Engineering").
_ORG_OF = re.compile(
    rf"(?i:owner|founder|ceo|cto|cfo|coo|president|chair|partner|principal)\s+of\s+{_ORG_NAME}"
)
_ORG_AFTER_COMMA = re.compile(rf",\s+{_ORG_NAME}\s*$")
_VISITING = re.compile(
    r"(?i)(?:(?:an?|the|our|this year's)\s+)?(?:keynote\s+|guest\s+|featured\s+)?"
    r"(?:speaker|guest|panell?ist|keynote|host|moderator|judge|juror|mentor|volunteer|member|fellow|visitor)s?\b"
)
# A description that looks back ("formerly a nurse", "who trained as a chef") says what they were.
_PAST = re.compile(
    r"(?i)\b(?:former(?:ly)?|previously|once|ex-|trained|used to|until|ehemalig\w*|früher|ancien(?:ne)?|"
    r"voormalig\w*|antigu[oa]|ex)\b|^(?:who|which|whose|qui|che)\b"
)
_TOWN = r"[A-ZÀ-Þ][\w'’-]+"
_PLACE_WORDS = {"in", "de", "à", "aus", "uit", "di", "en", "bei", "from", "near"}
# Where someone comes from, right after their name: "aus Graz-Andritz", "uit Zwolle", "in Austin, Texas"
# (a bare "in X" is too often a title's "in Conversation", and "from X" an employer, to count).
_PLACE_AFTER = re.compile(
    rf"^\s*,?\s*(?:(?:aus|uit)\s+(?P<town>{_TOWN})|in\s+(?P<city>{_TOWN}),\s*(?P<region>{_TOWN}))"
)
# Where, in a description that gives a profession: "a dentist in Austin, Texas", "Zahnärztin in Wien".
_PLACE_IN = re.compile(rf"\b(?:in|aus|from|uit|à|en)\s+(?P<city>{_TOWN})(?:,\s*(?P<region>{_TOWN}))?")


def entries_of(page: Page, text: str, name: str, people: list[dict[str, Any]]) -> list[Entry]:
    """Every description of the name on the page: its structured Person items, its text, and its visible
    lines (where main-text extraction left out a card's location line: "Lives in Hamburg, Germany")."""
    entries = [_structured_entry(item) for item in people]
    lines = "\n".join(page.lines)
    for source in (text, lines) if lines != text else (text,):
        masked, _ = mask_instructions(source)
        entries += [
            entry for start, end in find_name(masked, name) if (entry := _text_entry(masked, start, end))
        ]
    return list(dict.fromkeys(e for e in entries if e.description or e.occupations or e.place))


def site_entry(page: Page) -> Entry | None:
    """The page's description of the site's owner, on a site that describes itself as the name's."""
    host = host_of(page.url)
    says = " · ".join(
        v for v in (page.title, page.description, page.site_name) if v and not is_instruction(v)
    )
    place = Place()
    for item in nodes(page.structured):
        found = place_of(item.get("address") or item.get("homeLocation"))
        if found and types_of(item) & {"Organization", "LocalBusiness", "Person", "ProfessionalService"}:
            place = found
            break
    place = place or address_in_text("\n".join(page.lines[-40:]))
    if not place.country:
        locales = [v for item in page.structured for v in text_values(item.get("og:locale"))]
        country = next(filter(None, map(country_of_locale, locales)), None) or country_of_host(host)
        place = Place(place.city, place.region, country) if (place or country) else place
    occupations = tuple(occupations_in(says))
    if not (occupations or place):
        return None
    # What it does and where, in the reader's words ("an architect in Wien, Austria"): a site's own
    # description ("Anna Becker, Architektin in Wien: Holzbau, ...") reads badly inside a reason.
    return Entry(occupations=occupations, place=place, firm=True)


def _structured_entry(item: dict[str, Any]) -> Entry:
    title = first_field(item, "jobTitle", "hasOccupation")
    orgs = [org for key in ("worksFor", "affiliation", "memberOf") for org in text_values(item.get(key))]
    place = place_of(item.get("address") or item.get("homeLocation") or item.get("workLocation"))
    if not place:
        works_for = item.get("worksFor")
        place = place_of(works_for) if isinstance(works_for, (dict, list)) else Place()
    description = f"{title} at {orgs[0]}" if title and orgs else title or (f"at {orgs[0]}" if orgs else None)
    words = " ".join(filter(None, (title, first_field(item, "description"))))
    return Entry(
        description=description,
        employer=orgs[0] if orgs else None,
        occupations=tuple(occupations_in(words)),
        place=place,
        firm=True,
    )


def describe(text: str, end: int) -> str:
    """The words after a name at `end` that say who they are, or ""."""
    line_end = text.find("\n", end)
    rest_of_line = text[end : line_end if line_end >= 0 else len(text)]
    if not rest_of_line.strip(" *_") and line_end >= 0:
        # A heading with the name alone: the next line says who they are ("Pastry chef, Sweet Crumb").
        nxt = text[line_end + 1 :].split("\n", 1)[0].strip()
        desc = nxt if 0 < len(nxt.split()) <= 12 and not nxt.endswith(".") else ""
    else:
        m = _APPOSITIVE.match(text[end : end + 120])
        desc = m.group("desc") if m else ""
    desc = " ".join(desc.split())
    if not desc or sensitive_category(desc) or is_instruction(desc) or len(desc.split()) > 12:
        return ""
    return desc


def employer_in(desc: str) -> str | None:
    """The organisation a description ties someone to ("pastry chef at Sweet Crumb Bakery"), unless it is
    where they appear rather than work ("speaker at CSCMP Columbus", "guest at the Data Summit")."""
    if _VISITING.match(desc):
        return None
    org = _ORG_AT.search(desc) or _ORG_OF.search(desc) or _ORG_AFTER_COMMA.search(desc)
    return org.group("org") if org else None


def looks_back(desc: str) -> bool:
    """Whether a description says what someone was ("formerly a nurse"), not what they are."""
    return bool(_PAST.search(desc))


def _text_entry(text: str, start: int, end: int) -> Entry | None:
    desc = describe(text, end)
    if desc and looks_back(desc):
        desc = ""
    words = desc or _card_line(text, start, end)
    before = _words_before(text, start)
    occupations = tuple(occupations_in(f"{before} {words}"))
    return Entry(
        description=desc or None,
        employer=employer_in(words) if words else None,
        occupations=occupations,
        place=_place_near(text, end, desc, bool(occupations)),
    )


def _card_line(text: str, start: int, end: int) -> str:
    """The rest of a line that opens with the name, to its first full stop or cell: a card or a table row
    that extraction flattened ("- Anna Becker Architect, Studio Becker", "| 19:00 | Anna Becker ...")."""
    line_start = text.rfind("\n", 0, start) + 1
    if re.search(r"[^\W\d_]", text[line_start:start]) or looks_back(text[end : end + 80]):
        return ""
    rest = re.split(r"[.!?](?:\s|$)|[\n|]", text[end:], maxsplit=1)[0]
    return rest if len(rest.split()) <= 16 else ""


def _words_before(text: str, start: int) -> str:
    """The words just before a name in its clause ("Die 34-jährige diplomierte Krankenpflegerin")."""
    clause = re.split(r"[\n.;:!?,(]|\s[–—-]\s", text[max(0, start - 120) : start])[-1]
    words = clause.split()
    return "" if len(words) > 8 or _PAST.search(clause) else clause


def _place_near(text: str, end: int, desc: str, has_occupation: bool) -> Place:
    """Where the name's entry puts them: a location line after it, or "aus Graz" right after it."""
    line_end = text.find("\n", end)
    rest = text[end : line_end if line_end >= 0 else len(text)]
    lines = [rest]
    if re.fullmatch(r"[\s,*_\d]*", rest) and line_end >= 0:
        lines.append(text[line_end + 1 :].split("\n", 1)[0])  # "Anna Becker, 34" / "Lives in Berlin"
    for line in lines:
        for segment in re.split(r"\s[–—|·-]\s|[()]", line):
            segment = segment.strip(" ,")
            # "Lives in Berlin, Germany", "Wohnort: Hamburg": a label, then the place.
            labelled = re.split(r"\s(?:in|aus|à|en)\s|:\s", segment, maxsplit=1)[-1]
            if place := place_in_line(segment) or place_in_line(labelled):
                return place
    if m := _PLACE_AFTER.match(rest[:80]):
        return Place(city=m.group("town") or m.group("city"), region=m.group("region"))
    if has_occupation and (m := _PLACE_IN.search(desc)):
        return Place(city=m.group("city"), region=m.group("region"))
    return Place()


# --- Against what is known -----------------------------------------------------------------------------


def contradiction(entries: list[Entry], known: Known) -> Contradiction | None:
    """Why the page's descriptions of the name cannot all be the person, or None."""
    places = [e.place for e in entries if e.place]
    apart = [p for p in places if any(p.conflicts(q) for q in places)]
    if len({p.describe() for p in apart}) >= 2:
        where = "; ".join(dict.fromkeys(p.describe() for p in apart))
        return Contradiction("several", f"several people of that name ({where})")
    # The fullest of the descriptions that cannot be them says best who the page is about.
    against = [(found, entry) for entry in entries if (found := _against(entry, known))]
    if not against:
        return None
    found, _ = max(against, key=lambda pair: (bool(pair[1].place), bool(pair[1].occupations)))
    return found


def _against(entry: Entry, known: Known) -> Contradiction | None:
    notes = fold(known.notes)
    other = [o for o in entry.occupations if o not in known.occupations and o not in notes]
    if other and entry.occupations and known.knows_work:
        return Contradiction("occupation", who_is(entry), entry.firm)
    if (
        entry.place
        and known.places
        and not _mentioned(entry.place, notes)
        and all(entry.place.conflicts(place) for place in known.places)
    ):
        return Contradiction("place", who_is(entry), entry.firm)
    return None


def _mentioned(place: Place, notes: str) -> bool:
    return any(part and fold(part) in notes for part in (place.city, place.region))


def who_is(entry: Entry) -> str:
    """The entry as a reader would say it: "a dentist in Austin, Texas"."""
    what = entry.description or (entry.occupations[0] if entry.occupations else "")
    where = entry.place.describe()
    phrase = described_as(what, entry.employer) if what else ""
    if where and fold(entry.place.city or where) not in fold(phrase):
        phrase = f"{phrase} in {where}" if phrase else f"someone in {where}"
    return phrase


def namesake_reason(against: Contradiction, person: Known, looked_for: str) -> str:
    """ "names a Laura Schmidt, but a dentist in Austin, Texas – the one we know: VP ... in Berlin"."""
    if against.kind == "site":
        return against.who
    if against.kind == "several":
        return f"names {person.name}, but lists {against.who} – nothing ties one of them to {looked_for}"
    known = person.summary()
    tail = f"the {person.name} we know: {known}" if known else f"no link to {looked_for}"
    return f"names {one_of(person.name)}, but {against.who} – {tail}"


def one_of(name: str) -> str:
    """ "a Dana Okafor", "an Anna Becker": one of the people of that name."""
    return f"{'an' if name[:1].lower() in 'aeiou' else 'a'} {name}"


def described_as(description: str, org: str | None) -> str:
    """A namesake as a reader would say it: "a pastry chef & owner at Sweet Crumb Bakery"."""
    words = description.split()
    # Titles lose their capitals ("Pastry Chef" -> "pastry chef"); acronyms and the organisation keep theirs.
    org_words = set(org.split()) if org else set()
    # A name after "in", "de", "aus" is a place's ("avocate au barreau de Lyon"): it keeps its capital too.
    keep = {
        i
        for i, w in enumerate(words)
        if w.isupper() or w in org_words or (i and words[i - 1] in _PLACE_WORDS)
    }
    words = [w if i in keep else w.lower() if w[:1].isupper() else w for i, w in enumerate(words)]
    phrase = " ".join(words)
    if re.match(r"(?i)(?:at|of|with|for|the|a|an|from)\b", phrase):
        return phrase
    return f"{'an' if phrase[:1].lower() in 'aeiou' else 'a'} {phrase}"


# --- Namesakes beside the person -------------------------------------------------------------------------


def without_namesakes(page: Page, known: Known) -> Page:
    """The page without the entries of other people of the name beside the person (a speaker list with two
    Anna Beckers, one of them an architect in Vienna), so that no fact comes from a namesake's entry. Only
    where the page describes the name more than once and not every description contradicts the person:
    otherwise there is nobody to tell apart, and the verdict on the page has already been given."""
    text_cuts = _namesake_passages(page.text, known)
    lines = "\n".join(page.lines)
    line_cuts = _namesake_passages(lines, known)
    dropped = _namesake_items(page.structured, known)
    if not (text_cuts or line_cuts or dropped):
        return page
    return page.model_copy(
        update={
            "text": _cut(page.text, text_cuts),
            "lines": _cut(lines, line_cuts).split("\n") if page.lines else [],
            "structured": [item for i, item in enumerate(page.structured) if i not in dropped],
        }
    )


def _namesake_passages(text: str, known: Known) -> list[tuple[int, int]]:
    """The passages under the name that describe someone else: on a page listing many people, theirs; on
    any other page, the lines naming them."""
    spans = find_name(text, known.name)
    passages = person_passages(text, known.name)
    if passages.listing:
        units = list(dict.fromkeys(passages.own))
    else:
        units = list(dict.fromkeys((text.rfind("\n", 0, s) + 1, _line_end(text, s)) for s, _ in spans))
    cuts = []
    for start, end in units:
        if known.find_company(text[start:end]):
            continue
        entries = [entry for s, e in spans if start <= s < end and (entry := _text_entry(text, s, e))]
        if any(_not_them(entry, known) for entry in entries):
            cuts.append((start, end))
    return cuts if len(units) >= 2 and len(cuts) < len(units) else []


def _namesake_items(structured: list[dict[str, Any]], known: Known) -> set[int]:
    """The structured items describing someone of the name who is not the person (a talk's performer)."""
    verdicts: list[tuple[int, bool]] = []
    for i, item in enumerate(structured):
        for node in nodes(item):
            names = text_values(node.get("name"))
            if "Person" in types_of(node) and any(same_name(n, known.name) for n in names):
                verdicts.append((i, _not_them(_structured_entry(node), known)))
    dropped = {i for i, not_them in verdicts if not_them}
    return dropped if len(verdicts) >= 2 and len(dropped) < len(verdicts) else set()


def _not_them(entry: Entry, known: Known) -> bool:
    return bool(_against(entry, known) or _employed_elsewhere(entry, known))


def _employed_elsewhere(entry: Entry, known: Known) -> bool:
    return bool(entry.employer and (known.company or known.domain) and not known.same_company(entry.employer))


def _line_end(text: str, start: int) -> int:
    end = text.find("\n", start)
    return len(text) if end < 0 else end


def _cut(text: str, spans: list[tuple[int, int]]) -> str:
    """The text without the spans, and without the line breaks they leave behind."""
    for start, end in sorted(spans, reverse=True):
        text = text[:start] + text[end + 1 if text[end : end + 1] == "\n" else end :]
    return text

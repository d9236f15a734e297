"""Titles from the visible lines around a person's name: team cards, staff tables, signed testimonials,
label/value pairs and contact blocks, which main-text extraction often leaves out.

Every reading starts from a line that names the person and stays on their side of it, so a neighbour's
title in a grid is never theirs:
- the line under their name alone ("Pascal Boillat" / "Senior Vice President"), unless it is the next
  person's name or a label for what follows ("Manager:"); the line above it instead on a page whose cards
  put the title above the name ("Design Director" / "Omar Haddad" / a bio);
- a label on the line above the name alone ("Owner and founder:" / "Hugh Stearns");
- what continues the name after a comma, dash or bar, on its line or the next ("Jennifer Post, designer",
  "Jan Addams" / "– Practice Manager of the Babcock Law Firm"), or precedes it ("Councilmember Bonnie Gore");
- post-nominal letters after the name ("Laura Klein, RDH"): a fallback, a title found elsewhere is better.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from server.research.facts.patterns import SET_OFF_SYMBOL
from server.research.facts.titles import HEADED, clean_title, credentials, title_ok
from server.text.names import HONORIFICS, find_name
from server.text.sentences import person_heading, sentence_spans

How = Literal["title", "sentence", "credential"]


@dataclass(frozen=True)
class CardLine:
    """What the page's lines say about the person's title, and how to read it."""

    how: How  # "title": a title line; "sentence": a line that holds the name; "credential": post-nominals
    text: str  # the title line, or the sentence (the name with what sits before and after it)
    quote: str  # the page's own words it comes from, joined with spaces where they span lines


def card_lines(lines: list[str], name: str) -> Iterator[CardLine]:
    """The lines around each place the person is named that may give their title."""
    titles_above: bool | None = None  # how the page's cards are laid out, worked out when first needed
    for i, line in enumerate(lines):
        spans = find_name(line, name)
        if not spans or find_name(line[spans[0][1] :], name):
            continue  # not named, or named twice on one line (prose, not a card)
        start, end = spans[0]
        before, after = line[:start], line[end:].strip()
        post = credentials(after.lstrip(","))
        if not _bare(before) or (not _bare(after) and not post):
            # A label or title words before the name ("District Superintendent: X", "Councilmember X"), or
            # a description after it ("Jennifer Post, designer"), or prose.
            yield _sentence(line, start, end)
            continue
        if post and (not _an_acronym(post) or _post_nominal_page(lines)):
            yield CardLine("credential", post, line)
        above = lines[i - 1] if i else ""
        if above.endswith(":") and len(above.split()) <= 8 and not find_name(above, name):
            yield CardLine("sentence", f"{above} {line}", f"{above} {line}")
        continued = _continued(lines, i, after if after in (",", "-", "–", "—", "|") else "")
        if continued:
            yield _sentence(f"{line[:end]}{continued}", start, end)
        elif not after.endswith(","):  # (a list of names going on: the next line is not theirs alone)
            if titles_above is None:
                titles_above = _titles_above(lines)
            if titles_above:
                title = above if _is_title_line(above) else None
            else:
                title = _title_under(lines, i, name)
            if title:
                yield CardLine("title", title, title)


def _sentence(text: str, start: int, end: int) -> CardLine:
    """The sentence of `text` that holds the name at start:end."""
    s, e = next(((s, e) for s, e in sentence_spans(text) if s <= start and end <= e), (0, len(text)))
    return CardLine("sentence", text[s:e], text[s:e])


_PUNCTUATION_ONLY = re.compile(r"^[^\w\s]{1,2}$")
_SET_OFF_START = re.compile(rf"^{SET_OFF_SYMBOL}\s")


def _continued(lines: list[str], i: int, sep: str) -> str:
    """What continues the person's name on the next lines where markup split them ("Jan Addams" / "– Practice
    Manager of ...", "K. Hartman" / "," / "Head"), set off as the page sets it off; empty when nothing
    does, or when what follows heads the next name ("Tim Herman," / "Mayor" / "Susan Rohan")."""
    j = i + 1
    while j < len(lines) and _PUNCTUATION_ONLY.match(lines[j]) and not sep:
        sep, j = lines[j], j + 1
    if j >= len(lines):
        return ""
    nxt = lines[j]
    if not sep and _SET_OFF_START.match(nxt):
        sep, nxt = nxt[0], nxt[1:].strip()
    after = lines[j + 1] if j + 1 < len(lines) else ""
    if not sep or not nxt or (len(nxt.split()) <= 3 and person_heading(after)):
        return ""
    return f"{sep} {nxt}" if sep == "," else f" {sep} {nxt}"


def _title_under(lines: list[str], i: int, name: str) -> str | None:
    """The line under the person's name alone when it reads as a title: not a label for what follows
    ("Manager:"), not a tagline of sentences, not the next person's name ("Karen Baker" / "Director")."""
    if i + 1 >= len(lines):
        return None
    under = lines[i + 1]
    if re.search(r"\s(?:at|@|of|for|with|and|&)$", under) and i + 2 < len(lines):
        # "Head of Partnerships at" / "Tidewater Logistics": the organisation is a link of its own; "President
        # and" / "Chief Executive Officer": a title broken over two lines.
        under = f"{under} {lines[i + 2]}"
    if under.endswith(":") or find_name(under, name) or len(sentence_spans(under)) > 1:
        return None
    if person_heading(under):
        # A capitalised two- or three-word line is a name unless it ends in a title's head noun and the line
        # after it is no title of its own ("Inside Sales Representative" / "780-450-9444").
        head = clean_title(under.split(",")[0])
        after = lines[i + 2] if i + 2 < len(lines) else ""
        if not (title_ok(head) and HEADED.search(head)) or title_ok(clean_title(after)):
            return None
    return under


def _an_acronym(post: str) -> bool:
    """One undotted group of capitals ("CPA", "YMCA"): post-nominal letters or an organisation's initials
    ("Diane Nicole, YMCA" signing a testimonial); "DA, EFDA" and "M.D." are only credentials."""
    return "," not in post and "." not in post and " " not in post


def _post_nominal_page(lines: list[str]) -> bool:
    """Whether the page writes post-nominal letters after people's names, on two lines or more (a practice's
    staff list, an advisory firm's team), so that a lone "CPA" there is one too."""
    found = 0
    for line in lines:
        name = person_heading(line)
        rest = line.split(",", 1)[1] if name and "," in line else ""
        found += bool(rest and credentials(rest))
        if found >= 2:
            return True
    return False


def _titles_above(lines: list[str]) -> bool:
    """Whether the page's cards put the title above the name ("Creative Director" / "Ana Ruiz" / a bio):
    more names alone on their line have a title line above them than under them. In a plain grid the two
    alternate, so the cards at its ends decide: the first one's title above its name, or the last one's
    under it."""
    above = under = 0
    for i, line in enumerate(lines):
        if _name_alone(line):
            above += i > 0 and _is_title_line(lines[i - 1])
            under += i + 1 < len(lines) and _is_title_line(lines[i + 1])
    return above >= 2 and above > under


def _name_alone(line: str) -> bool:
    name = person_heading(line)
    return bool(name) and len(line.strip(" *_#-,")) - len(name) <= 3 and not _is_title_line(line)


def _is_title_line(line: str) -> bool:
    """A line that is a job title and nothing else ("Chief Financial Officer", "CEO, CrowdFlower")."""
    title = clean_title(line.split(",")[0])
    return not line.endswith(":") and title_ok(title) and bool(HEADED.search(title))


def _bare(text: str) -> bool:
    """Whether text beside a name is only punctuation, a bullet or an honorific ("Dr.")."""
    words = [w for w in re.findall(r"[\w'’-]+", text) if w.lower().rstrip(".") not in HONORIFICS]
    return not words

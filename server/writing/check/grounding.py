"""Names, numbers, titles and links in a draft that nothing we know supports (check code "ungrounded")."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache

from server.models import Dossier, SenderProfile
from server.text.json_strings import strings_in
from server.text.phrases import plain_quotes, read_list
from server.writing.check.email_text import EMAIL_ADDRESS, URL

_TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9&'-]*(?:\.[A-Za-z0-9]+)*")
_NORMAL_TOKEN = re.compile(r"[a-z0-9]+(?:&[a-z0-9]+)*")
_POSSESSIVE = re.compile(r"'s?$", re.I)
# Lower-case words that may sit inside a name: "Bank of America", "Ludwig van Beethoven".
_CONNECTORS = frozenset({"of", "and", "for", "the", "de", "da", "del", "der", "van", "von", "la", "le", "du"})
_PRONOUN_I = frozenset({"I", "I'm", "I'd", "I've", "I'll"})
# A single capitalised word is a claim only after these: "your new role at Stripe", "since joining Acme".
_ORGANISATION_CUES = frozenset({"at", "joined", "joining"})
_NAME_GAP = re.compile(r"\s+|\s*&\s*")
_NUMBER = re.compile(
    r"(?<![\w.:/])(?<![A-Za-z]-)(?:(?P<currency>[$€£])\s?)?(?P<digits>\d{1,3}(?:,\d{3})+|\d+)(?P<decimals>\.\d+)?"
    r"(?:\s?(?P<unit>%|per ?cent\b|k\b|mm?\b|bn\b|b\b|million\b|billion\b|thousand\b|x\b))?"
    r"(?:st|nd|rd|th)?(?![\w:])",
    re.I,
)
_SCALE = {"k": 1e3, "thousand": 1e3, "m": 1e6, "mm": 1e6, "million": 1e6, "b": 1e9, "bn": 1e9, "billion": 1e9}
# Bare counts below this ("2 ideas", "3 things") are the writer's, not facts to ground.
_SMALL_COUNT = 10


@dataclass(frozen=True)
class Grounding:
    """Everything a draft may rest on, normalised for lookup."""

    text: str  # lower-case words joined by single spaces, with a space at each end
    numbers: frozenset[float]  # every number, scaled ("$12 million" -> 12e6)
    bare_numbers: frozenset[float]  # the same numbers without their scale ("12")
    urls: frozenset[str]
    people: frozenset[str]  # the recipient's and sender's name words: never claims


@dataclass(frozen=True)
class _Number:
    text: str
    start: int
    value: float  # with its scale: "$12M" -> 12e6
    bare: float  # without: "$12M" -> 12
    counts: bool  # worth grounding: money, a percentage, a decimal or a number of 10 or more


def grounding_from(
    dossier: Dossier | None, sender: SenderProfile | None, context: str | None
) -> Grounding | None:
    """What the draft may rest on; None when nothing was given to compare it with."""
    if dossier is None and sender is None and not context:
        return None
    texts: list[str] = [context or ""]
    people: list[str] = []
    if dossier is not None:
        person = dossier.person
        texts += [person.name, person.email or "", person.title or "", person.company or ""]
        for fact in dossier.facts:
            texts += [fact.text, fact.quote, fact.source_url, fact.date or ""]
        texts += [f"{s.title or ''} {s.url}" for s in dossier.sources if s.status == "used"]
        people.append(person.name)
    if sender is not None:
        texts += list(strings_in(sender.model_dump()))
        people.append(sender.name)
    raw = plain_quotes("\n".join(texts))
    found = list(_numbers(raw))
    return Grounding(
        text=f" {_normal(raw)} ",
        numbers=frozenset(_round(n.value) for n in found),
        bare_numbers=frozenset(_round(n.bare) for n in found),
        urls=frozenset(_normal_url(u) for u in URL.findall(raw)),
        people=frozenset(_normal(" ".join(people)).split()),
    )


def ungrounded_claims(
    sentences: Iterable[str], grounding: Grounding, *, title_case: bool = False
) -> list[str]:
    """Claims in the sentences that the grounding does not support, each once, in order.

    title_case: the sentences are a headline-style subject, where capitals do not mark names.
    """
    claims: list[str] = []
    for sentence in sentences:
        sentence = plain_quotes(sentence)
        found = [
            (m.start(), m.group(0))
            for m in URL.finditer(sentence)
            if not _url_grounded(m.group(0), grounding)
        ]
        # Blank out links and addresses with as many spaces, so positions still order what is found.
        prose = EMAIL_ADDRESS.sub(_blank, URL.sub(_blank, sentence))
        found += [
            (n.start, n.text) for n in _numbers(prose) if n.counts and not _number_grounded(n, grounding)
        ]
        if not title_case:
            found += list(_names(prose, grounding))
        claims += [claim for _, claim in sorted(found)]
    distinct: dict[str, str] = {}
    for claim in claims:
        claim = claim.rstrip(".,;:!?)")
        distinct.setdefault(claim.lower(), claim)
    return list(distinct.values())


def _names(sentence: str, grounding: Grounding) -> Iterator[tuple[int, str]]:
    """Capitalised names and job titles in a sentence that the grounding does not contain."""
    tokens = list(_TOKEN.finditer(sentence))
    for run in _capitalised_runs(sentence, tokens):
        words = [_POSSESSIVE.sub("", t.group(0)) for t in run]
        first = run[0].start() == tokens[0].start()
        if first and words[0].lower() in _common_words():
            words, first = _trim_connectors(words[1:]), False
        capitals = [w for w in words if w.lower() not in _CONNECTORS]
        if not capitals:
            continue
        if len(capitals) == 1 and capitals[0] not in _titles():
            before = sentence[: run[0].start()].split()
            if not before or before[-1].lower() not in _ORGANISATION_CUES:
                continue
        if all(w.lower() in _common_words() or w.lower() in grounding.people for w in capitals):
            continue
        # A sentence may open on a word that only the capital makes look like a name: "Kudos Acme Robotics".
        choices = [words, words[1:]] if first and len(words) > 1 else [words]
        if not any(_name_grounded(" ".join(c), grounding) for c in choices):
            yield run[0].start(), " ".join(words)


def _capitalised_runs(sentence: str, tokens: list[re.Match[str]]) -> Iterator[list[re.Match[str]]]:
    """Runs of capitalised words, with lower-case connectors inside, separated only by spaces or "&"."""
    run: list[re.Match[str]] = []
    for index, token in enumerate(tokens):
        word = token.group(0)
        joined = bool(run) and bool(_NAME_GAP.fullmatch(sentence[run[-1].end() : token.start()]))
        # "B2B", "Web3": jargon, not names.
        capital = word[0].isupper() and word not in _PRONOUN_I and not any(c.isdigit() for c in word)
        if capital and (joined or not run):
            run.append(token)
        elif capital:
            yield _trim_tokens(run)
            run = [token]
        elif joined and word in _CONNECTORS and index + 1 < len(tokens):
            run.append(token)
        else:
            if run:
                yield _trim_tokens(run)
            run = []
    if run:
        yield _trim_tokens(run)


def _trim_tokens(run: list[re.Match[str]]) -> list[re.Match[str]]:
    while run and run[-1].group(0) in _CONNECTORS:
        run = run[:-1]
    return run


def _trim_connectors(words: list[str]) -> list[str]:
    while words and words[0] in _CONNECTORS:
        words = words[1:]
    return words


def _name_grounded(name: str, grounding: Grounding) -> bool:
    """Whether a name (or its title spelled the other way, "CTO" / "Chief Technology Officer") is known."""
    normal = _normal(name)
    expanded, abbreviated = f" {normal} ", f" {normal} "
    for short, long in _titles().items():
        expanded = expanded.replace(f" {short.lower()} ", f" {long} ")
        abbreviated = abbreviated.replace(f" {long} ", f" {short.lower()} ")
    return any(variant in grounding.text for variant in (f" {normal} ", expanded, abbreviated))


def _number_grounded(number: _Number, grounding: Grounding) -> bool:
    """Known as written, or as a bare number when the draft gives no scale ("$12" for "$12M")."""
    if _round(number.value) in grounding.numbers:
        return True
    return number.value == number.bare and _round(number.value) in grounding.bare_numbers


def _url_grounded(url: str, grounding: Grounding) -> bool:
    wanted = _normal_url(url)
    # The draft may shorten a known link ("example.com" for "example.com/report?ref=x"), never extend it.
    return any(
        known == wanted or (known.startswith(wanted) and known[len(wanted)] in "/?#")
        for known in grounding.urls
    )


def _blank(match: re.Match[str]) -> str:
    return " " * len(match.group(0))


def _numbers(text: str) -> Iterator[_Number]:
    for match in _NUMBER.finditer(text):
        digits = match.group("digits").replace(",", "")
        value = float(digits + (match.group("decimals") or ""))
        unit = (match.group("unit") or "").lower()
        scale = _SCALE.get(unit, 1.0)
        counts = bool(match.group("currency") or unit or match.group("decimals")) or value >= _SMALL_COUNT
        yield _Number(match.group(0).strip(), match.start(), value * scale, value, counts)


def _round(value: float) -> float:
    return float(f"{value:.6g}")


def _normal(text: str) -> str:
    """Lower-case words joined by single spaces, possessives and punctuation dropped."""
    return " ".join(_NORMAL_TOKEN.findall(re.sub(r"'s?\b", "", text.lower())))


def _normal_url(url: str) -> str:
    url = url.lower().rstrip(".,;:!?)")
    url = re.sub(r"^(?:https?://)?(?:www\.)?", "", url)
    return url.rstrip("/")


@cache
def _common_words() -> frozenset[str]:
    return frozenset(read_list("common_words.txt"))


@cache
def _titles() -> dict[str, str]:
    """Title abbreviations and their long forms, lower case: {"CTO": "chief technology officer"}."""
    pairs = (line.split("=", 1) for line in read_list("title_abbreviations.txt"))
    return {short.strip(): _normal(long) for short, long in pairs}

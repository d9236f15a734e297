"""Reading the sender's free-text offer into gifts, by its grammar: a willing verb of giving ("can share",
"happy to send", "kann ... teilen") and the noun phrases it takes, split where a list joins them.

What the company sells ("DockFlow makes dock-scheduling software") is a pitch, never a gift: it has no
willing verb. Donations and volunteer time described without one ("runs its giving program (book donations
and volunteer days)") are read by their head nouns. Deterministic: the same offer reads the same way.
"""

from __future__ import annotations

import re

from server.models import Gift, GiftKind
from server.text.sentences import sentence_spans
from server.writing import offer_cues as cues_
from server.writing.gift_wording import Voice, in_my_voice, topics_of
from server.writing.offer_cues import (
    ENGLISH,
    EVENT_HEADS,
    HEAD_KINDS,
    INTRODUCE,
    LANGUAGES,
    PRODUCT_SUBJECT,
    TIME_GIVING,
    TIME_HEADS,
    Cues,
)

_URL = re.compile(r"\s*(?:\(|\bat\s+|\bhere:?\s*|:\s*)?(https?://[^\s)]+)\)?", re.IGNORECASE)
_BULLET = re.compile(r"^\s*(?:[-*•–·]|\d{1,2}[.)])\s+")
_CONTINUES = re.compile(  # a comma before these goes on describing the same thing
    r"^(?:including|such\s+as|especially|notably|e\.g\.|like|who|which|that|where|whose|plus|incl\.|"
    r"darunter|insbesondere|notamment|dont|comme|incluido|incluida|como|waaronder|zoals)\b",
    re.IGNORECASE,
)
_HEAD_END = re.compile(  # where a noun phrase's head ends and what qualifies it begins
    r"\s(?:of|for|from|in|on|at|with|to|about|across|covering|including|that|which|who|he|she|I|we)\s",
    re.IGNORECASE,
)
_TRAILING = re.compile(  # how it is handed over, not what it is
    r"(?:,?\s+(?:with|to)\s+(?:you|your\s+\w+|anyone\b.*|whoever\b.*|people\s+who\b.*)"
    r"|,?\s+(?:for\s+free|free\s+of\s+charge|on\s+request|upon\s+request|if\s+(?:useful|helpful|it\s+helps"
    r"|that\s+helps|you\s+(?:like|want|wish|need)|needed)\b.*))$",
    re.IGNORECASE,
)
_LEADING = re.compile(  # adverbs and the pronoun of whom it goes to, before what is given
    r"^(?:[:–—-]\s*)?(?:(?:also|you|u|je|jou|jullie|vous|te|le|les|ihnen|dir|euch|auch|gerne?|ook|graag"
    r"|también|aussi|volontiers)\s+)*",
    re.IGNORECASE,
)
_ANAPHOR = re.compile(r"^(?:a\s+copy|copies|it|them|one|this|these|that|those)$", re.IGNORECASE)
_NOUN_PHRASE = re.compile(
    r"\b(?:a|an|the|our|my|its|their|several|some|a\s+few|many|two|three|four|five)\s+[^,.;:—–()]+",
    re.IGNORECASE,
)
# English double objects: "give schools free lesson plans", "host your team for a tour of our plant".
_GIVEN_TO = re.compile(
    r"^(?!(?:a|an|the|our|my|some|free|its|their)\s)(?P<whom>[a-z]+(?:\s+[a-z]+)?)\s+"
    r"(?=(?:a|an|the|our|my|some|free)\s)"
)
_HOSTED = re.compile(r"^(?:you|them|your\s+\w+)\s+(?:for|at|on|in)\s+", re.IGNORECASE)
_DESCRIPTION = re.compile(  # "X makes ...", "X is a ... distributor": what the company makes or sells
    r"^(?:[A-Z][\w&'’.-]*\s+){1,4}(?:makes|sells|builds|designs|develops|distributes|manufactures|produces"
    r"|supplies|is|are|entwickelt|baut|vertreibt|ist|fabrique|vend|conçoit|développe|est|fabrica|vende|diseña"
    r"|desarrolla|es|maakt|verkoopt|ontwerpt|bouwt|ontwikkelt|levert)\b"
)


def read_offer(offer: str | None, *, company: str | None = None) -> list[Gift]:
    """The gifts an offer names, in the order it names them; none when it only says what the company sells."""
    if not offer or not offer.strip():
        return []
    cues = _language(offer)
    voice = Voice(names=_company_names(offer, company))
    gifts: list[Gift] = []
    listing: str | None = None  # a line "I can share:" whose items follow, a line each
    before, last_role = "", None
    for clause, own_line, after_semicolon in _clauses(offer):
        opening, found = _cued(clause, cues)
        if found and not found[-1][1].strip(" :") and clause.rstrip().endswith(":"):
            listing = found[-1][0]
            found = found[:-1]
        elif not found and listing and own_line and len(clause.split()) <= 20:
            found = [(listing, clause)]
        elif not found and last_role and after_semicolon and _starts_a_gift(clause, cues):
            found = [(last_role, clause)]  # "I can share our benchmark; a checklist too"
        last_role = found[-1][0] if found else None
        if cues is ENGLISH and not _DESCRIPTION.match(clause):
            gifts += _given_without_a_verb(clause[:opening], voice)
        if not found:
            listing = listing if clause.rstrip().endswith(":") else None
        third_person = not re.search(rf"(?<!\w)(?:{cues.first_person})(?!\w)", clause, re.IGNORECASE)
        for role, taken in found:
            gifts += _gifts_from(role, taken, cues, voice, third_person, f"{before} {clause[:opening]}")
        before = clause
    return _unique(gifts)


def _language(offer: str) -> Cues:
    """The language whose willing verbs the offer uses most (English when none does)."""
    counts = [(len(cues_.cue_pattern(c).findall(offer)), -i, c) for i, c in enumerate(LANGUAGES)]
    best = max(counts, key=lambda item: item[:2])
    return best[2] if best[0] else ENGLISH


def _company_names(offer: str, company: str | None) -> tuple[str, ...]:
    """The company's names: as given, its first word, and the subject of a sentence saying what it does."""
    names = []
    if company:
        names += [company, company.split()[0]]
    for start, end in sentence_spans(offer):
        if described := _DESCRIPTION.match(offer[start:end].strip()):
            subject = described.group(0).rsplit(maxsplit=1)[0]
            names += [subject, subject.split()[0]]
    return tuple(dict.fromkeys(n for n in names if len(n) >= 3))


def _clauses(offer: str) -> list[tuple[str, bool, bool]]:
    """Each sentence, list line and semicolon-separated part; whether it is a line of its own (a list item,
    bulleted or not), and whether it goes on after a semicolon."""
    parts = []
    for start, end in sentence_spans(offer):
        line_start = offer.rfind("\n", 0, start) + 1
        own_line = not offer[line_start:start].strip(" \t-*•–·0123456789.)") and (
            offer.find("\n", end) in (-1, end) or not offer[end : offer.find("\n", end)].strip()
        )
        pieces = [p.strip() for p in _split_top(_BULLET.sub("", offer[start:end]), ";") if p.strip()]
        parts += [(piece, own_line, i > 0) for i, piece in enumerate(pieces)]
    return parts


def _split_top(text: str, separators: str) -> list[str]:
    """Split at separators outside brackets and quotes."""
    parts, depth, start = [], 0, 0
    for i, char in enumerate(text):
        depth += char in "([{“" and 1 or char in ")]}”" and -1 or 0
        if depth <= 0 and char in separators:
            parts.append(text[start:i])
            start = i + 1
    return [*parts, text[start:]]


def _depth_at(text: str, pos: int) -> int:
    return sum(1 for c in text[:pos] if c in "([{“") - sum(1 for c in text[:pos] if c in ")]}”")


def _cued(clause: str, cues: Cues) -> tuple[int, list[tuple[str, str]]]:
    """Where the first willing verb of giving starts (the clause's end if none), and (role, what the verb
    takes) for each."""
    cued = [m for m in cues_.cue_pattern(cues).finditer(clause) if not _product_subject(clause, m.start())]
    opens = re.match(rf"(?:{cues.opening})\b\s*:?", clause, re.IGNORECASE) if cues.opening else None
    if opens and not cued:
        return 0, [(cues_.GIVE, clause[opens.end() :])]
    if not cued:
        return len(clause), []
    if cues.verb_final:
        return cued[0].start(), _cued_verb_final(clause, cues)
    # (where its stretch starts, where its object starts, role)
    verbs = [(m.start(), _verb_end(m), cues_.role_of(m)) for m in cued]
    joiners = "|".join(cues.joiners)
    joiner = rf"(?:,\s*(?:{joiners})?|\s+(?:{joiners})){cues.between}\s*$"
    for m in cues_.verb_pattern(cues).finditer(clause, cued[0].end()):
        before = re.search(joiner, clause[: m.start()], re.IGNORECASE)
        inside = any(start <= m.start() < end for start, end, _ in verbs)
        if before and not inside and _depth_at(clause, m.start()) == 0:
            verbs.append((before.start(), m.end(), cues_.role_of(m)))
    verbs.sort()
    ends = [start for start, _, _ in verbs[1:]] + [len(clause)]
    return verbs[0][0], [(role, clause[taken:end]) for (_, taken, role), end in zip(verbs, ends, strict=True)]


def _product_subject(clause: str, marker: int) -> bool:
    """Whether the cue's subject is a product ("Our platform can send reminders"): it sells, gives nothing."""
    subject = re.split(r"[,;:—–]|\s(?:and|und|et|en|y)\s", clause[:marker])[-1]
    return bool(PRODUCT_SUBJECT.search(subject))


def _verb_end(match: re.Match[str]) -> int:
    return max(match.end(name) for name, value in match.groupdict().items() if value is not None)


def _cued_verb_final(clause: str, cues: Cues) -> list[tuple[str, str]]:
    """German and Dutch: after the marker, each stretch up to a verb of giving is what that verb takes; an
    introduction may name whom after its verb ("voorstellen aan de technisch leider")."""
    marker = cues_.cue_pattern(cues).search(clause)
    if not marker:
        return []
    joined = rf"\s*(?:$|[.,;:!]|\s(?:{'|'.join(cues.joiners)})\s)"
    to_after = rf"\s+(?:{'|'.join(cues.to)})\s"
    found, start = [], marker.end()
    rest = list(cues_.verb_pattern(cues).finditer(clause, marker.end()))
    for i, verb in enumerate(rest):
        role = cues_.role_of(verb)
        after = clause[verb.end() :]
        if role == INTRODUCE and re.match(to_after, after, re.IGNORECASE):
            stop = rest[i + 1].start() if i + 1 < len(rest) else len(clause)
            pp = re.split(rf"\s(?:{'|'.join(cues.joiners)})\s", clause[verb.end() : stop])[0]
            found.append((role, pp))
            start = verb.end() + len(pp)
        elif re.match(joined, after, re.IGNORECASE):
            found.append((role, clause[start : verb.start()]))
            start = verb.end()
        else:
            continue
        start += len(re.match(rf"\s*(?:,\s*)?(?:(?:{'|'.join(cues.joiners)})\s+)?", clause[start:]).group(0))
    return found


def _gifts_from(
    role: str, taken: str, cues: Cues, voice: Voice, third_person: bool, before: str
) -> list[Gift]:
    """The gifts one verb takes; `before` is what the offer said before it, for "happy to send a copy"."""
    joiners = "|".join(cues.joiners)
    taken = re.sub(rf"(?:[\s,;.!:]|\b(?:{joiners})\b)+$", "", taken.strip(), flags=re.IGNORECASE)
    taken = _TRAILING.sub("", _LEADING.sub("", taken)).strip()
    whom = ""
    if role == INTRODUCE:
        whom, taken = _whom(taken, cues)
    taken = _antecedent(before, joiners) if _ANAPHOR.match(taken) and _antecedent(before, joiners) else taken
    given_to = _GIVEN_TO.match(taken) if cues is ENGLISH and role in (cues_.GIVE, cues_.DONATE) else None
    if given_to:
        taken = taken[given_to.end() :]
    elif cues is ENGLISH and role == cues_.HOST:
        hosted = _HOSTED.match(taken)
        taken = taken[hosted.end() :] if hosted else taken
        if not hosted and _head(taken) not in EVENT_HEADS:
            return []
    if role == INTRODUCE:
        return [_gift("introduction", part, cues, voice, third_person, whom) for part in _items(taken, cues)]
    gifts = []
    for part in _items(taken, cues):
        kind = cues_.VERB_KIND[role] or _kind_by_head(part)
        whom = given_to.group("whom") if given_to else ""
        if kind == "introduction":
            whom, part = _whom(part, cues)
        gifts.append(_gift(kind, part, cues, voice, third_person, whom))
    return gifts


def _antecedent(before: str, joiners: str) -> str:
    """The last thing the offer named before "a copy", "it" or "them" ("several CPOs who have been through ERP
    migrations" before "would gladly introduce you to them")."""
    said = _NOUN_PHRASE.findall(before)
    return re.sub(rf"(?:[\s,;—–-]|\b(?:{joiners})\b)+$", "", said[-1]) if said else ""


def _whom(taken: str, cues: Cues) -> tuple[str, str]:
    """Split "founders to the innovation lead at X" into who meets and whom: the last "to" in the first
    words, since Spanish marks the person met with "a" too ("presentar a fundadores a la directora")."""
    words = taken.split()
    at = [i for i, word in enumerate(words[:4]) if word.lower() in cues.to]
    if not at or at[-1] + 1 >= len(words):
        return "", taken
    return " ".join(words[: at[-1]]), " ".join(words[at[-1] + 1 :])


def _items(taken: str, cues: Cues) -> list[str]:
    """The noun phrases of a list: a part after a comma or "and" is a gift of its own when it starts as one
    (an article, a possessive, a number, a name, a donation); else it goes on describing the one before."""
    joiners = "|".join(cues.joiners)
    separator = re.compile(rf",\s*(?:(?:{joiners})\s+)?|\s+(?:{joiners})\s+", re.IGNORECASE)
    cuts = [m for m in separator.finditer(taken) if _depth_at(taken, m.start()) == 0]
    starts = [0, *[m.end() for m in cuts]]
    ends = [*[m.start() for m in cuts], len(taken)]
    spans: list[list[int]] = []  # [start, end] of each item in `taken`
    for start, end in zip(starts, ends, strict=True):
        text = taken[start:end].strip()
        if spans and (not _starts_a_gift(text, cues) or _CONTINUES.match(text)):
            spans[-1][1] = end
        elif text:
            spans.append([start, end])
    return [taken[start:end].strip(" ,") for start, end in spans]


def _starts_a_gift(text: str, cues: Cues) -> bool:
    first = text.split()[0].lower().strip("'’") if text else ""
    return (
        first in cues.determiners.split()
        or text[:1].isdigit()
        or re.match(r"[A-Z][\w-]*['’]s?\s", text) is not None
        or _kind_by_head(text) != "resource"
    )


def _head(text: str) -> str:
    """The head noun of a phrase: its last word before what qualifies it ("credits" of "research credits for
    new crop models")."""
    bare = re.sub(r"\([^)]*\)", " ", text)
    bare = _HEAD_END.split(f" {bare} ", maxsplit=1)[0]
    words = re.findall(r"[\w'’-]+", bare)
    return words[-1].lower() if words else ""


def _kind_by_head(text: str) -> GiftKind:
    head = _head(text)
    if head in HEAD_KINDS:
        return HEAD_KINDS[head]
    if head in TIME_HEADS and TIME_GIVING.search(text):
        return "time"
    return "resource"


def _given_without_a_verb(clause: str, voice: Voice) -> list[Gift]:
    """Donations and volunteer time a clause names without a verb of giving: in brackets or a list
    ("its community giving program (book donations and paid staff volunteer days)")."""
    phrases = re.findall(r"\(([^)]*)\)", clause)
    gifts = []
    for phrase in phrases:
        for part in re.split(r",\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+", phrase):
            kind = _kind_by_head(part)
            if kind in ("donation", "time") and part.strip():
                gifts.append(_gift(kind, part.strip(), ENGLISH, voice, third_person=False))
    return gifts


def _gift(kind: GiftKind, what: str, cues: Cues, voice: Voice, third_person: bool, whom: str = "") -> Gift:
    url = None
    if link := _URL.search(what):  # "our benchmark (https://...)": where it is, not what it is
        url, what = link.group(1).rstrip(".,;"), (what[: link.start()] + what[link.end() :]).strip(" :,")
    said = in_my_voice(what, cues, voice, third_person)
    return Gift(kind=kind, what=said, topics=topics_of(f"{what} {whom}", cues, voice), url=url)


def _unique(gifts: list[Gift]) -> list[Gift]:
    seen, kept = set(), []
    for gift in gifts:
        key = (gift.kind, re.sub(r"\W+", " ", gift.what.lower()).strip())
        if key not in seen:
            seen.add(key)
            kept.append(gift)
    return kept

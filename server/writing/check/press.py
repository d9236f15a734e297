"""A press release carried into the email, as its reader spots it.

Three tells: the newswire's grammar ("Acme today announced", "(NASDAQ: ACME)", a "CHICAGO, Sept. 3, 2026 —"
dateline), the reader written about in the third person ("Marisol Vega has been named", "Park will lead"),
and someone else's quotation handed over as the news ('"…," said Whitaker').
"""

from __future__ import annotations

import re
from functools import cache

from server.models import CheckIssue, Person
from server.text.names import find_name, parse_name
from server.text.phrases import find_phrases, load_phrases, plain_quotes, read_list
from server.writing.check.email_text import excerpt, sentences

# "Lumen Freight today opened", "Acme today announced": a newswire puts "today" before its verb; in an
# email read days later it misstates when it happened. "I read it today" keeps it after.
_TODAY_VERB = re.compile(r"(?<=\w )today\s+[a-z]+ed\b")
# "(NASDAQ: LMNF)", "(NYSE American: XYZ)", "(ETR: SAP)".
_TICKER = re.compile(r"\((?:[A-Z]{2,}|Nasdaq|Euronext)(?:\s[A-Z][A-Za-z]+)?\s?:\s?[A-Z][A-Z0-9.]{0,7}\)")
# "CHICAGO, Sept. 3, 2026 —", "COLUMBUS, Ohio, June 2, 2026 /PRNewswire/ --", "BERLIN, 1. Juli 2026 –".
_DATELINE = re.compile(
    r"\b[A-Z]{3,}(?:[ -][A-Z]{2,})*,\s(?:[A-Z][a-z.]+,?\s)?"
    r"(?:[A-Z][a-z]{2,8}\.?\s[0-3]?\d,?\s(?:19|20)\d\d|[0-3]?\d\.?\s[A-Za-zäéû]+\.?\s(?:19|20)\d\d)"
    r"\s*(?:/[A-Za-z ]+/\s*)?(?:—|–|--|-)"
)
# A capitalised word right before a name, other than at the start of a sentence.
_INSIDE_NAME = re.compile(r"(?<![.!?:;\n]\s)(?<!^)\b[A-Z][\w'-]*$")
# A quotation of more than a phrase (a title or a turn of phrase is shorter) ...
_QUOTATION = re.compile(r'"([^"\n]{25,600})"')
_QUOTE_WORDS = 6
# ... credited to a speaker right after it ('," said Whitaker', '," Whitaker said') or right before it.
_SPEECH = (
    r"(?:said|says|told|explained|added|noted|wrote|put it|sagte|sagt|erklärte|a déclaré|a dit|explique|"
    r"dijo|afirmó|explicó|ha detto|ha dichiarato|zei|aldus)"
)
_CREDITED_AFTER = re.compile(rf"^\s*[,.]?\s*(?P<who>(?:[A-Z][\w.'-]*\s+){{0,3}}|you\s+){_SPEECH}\b")
_CREDITED_BEFORE = re.compile(
    rf"(?:(?P<who>\b\w+)\s+{_SPEECH}|\b(?i:according to|laut|selon|según|secondo|volgens)\s+"
    r"(?P<source>[\w.' -]{1,40}?))\s*[:,]?\s*$"
)


def press_release(prose: str) -> list[CheckIssue]:
    """Newswire grammar in the email (check code "press_release"), each tell reported once."""
    text = plain_quotes(prose)
    found = [m.found for m in find_phrases(text, load_phrases("press_phrases.txt"))]
    for pattern in (_TODAY_VERB, _TICKER, _DATELINE):
        found += [m.group(0).strip() for m in pattern.finditer(text)]
    return [
        CheckIssue(
            code="press_release",
            message=f'"{excerpt(said)}" is press-release grammar: say in your own words what happened and '
            "when, as you would tell them in person.",
        )
        for said in dict.fromkeys(found)
    ]


def third_person(prose: str, person: Person | None) -> list[CheckIssue]:
    """The reader written about rather than to (check code "third_person"), each way of naming them once."""
    if person is None:
        return []
    text = _QUOTATION.sub(lambda m: " " * len(m.group(0)), plain_quotes(prose))
    full = parse_name(person.name).full
    issues: dict[str, CheckIssue] = {}
    for start, end in find_name(text, person.name, short=True):
        named = text[start:end]
        after, before = text[end:], text[:start].rstrip()
        full_name = " " in named.strip() and "," not in named  # "Park, Ethan" is more often "Park, Ethan!"
        # "Sherman Park has": their surname inside another name is not them.
        if not full_name and _INSIDE_NAME.search(before):
            continue
        addressed = (not before or before[-1] in ",.!?:;") and re.match(r"^[^\S\n]*(?:[,.!?\n]|$)", after)
        reported = bool(_third_person_verb().match(after))
        if (full_name and not addressed) or reported:
            said = sentences(text[start:])[0]
            message = (
                f'"{excerpt(said)}" speaks of {full} in the third person, as a press release does: '
                'write to them ("you were named", "you will lead").'
            )
            issues.setdefault(named.lower(), CheckIssue(code="third_person", message=message))
    return list(issues.values())


@cache
def _third_person_verb() -> re.Pattern[str]:
    """A possessive, a listed verb or a past tense right after a name: "Park will lead", "Vega's team"."""
    verbs = "|".join(re.escape(v) for v in read_list("reporting_verbs.txt"))
    return re.compile(rf"^(?:'s\b|\s+(?:{verbs})\b|\s+[a-z]+ed\b)")


def quoted_news(prose: str) -> list[CheckIssue]:
    """Someone's quotation handed over as the news (check code "quoted_news")."""
    text = plain_quotes(prose)
    issues: list[CheckIssue] = []
    for match in _QUOTATION.finditer(text):
        if len(match.group(1).split()) < _QUOTE_WORDS:
            continue
        after = _CREDITED_AFTER.match(text[match.end() :])
        before = _CREDITED_BEFORE.search(text[: match.start()])
        speaker = after.group("who") if after else before and (before.group("who") or before.group("source"))
        # Their own words quoted back to them ("as you wrote, '…'") are a compliment, not a press release.
        if (after or before) and (speaker or "").strip().lower() not in ("you", "your post", "your talk"):
            message = (
                f'The quotation "{excerpt(match.group(1))}" reads as a press release pasted in: '
                "say in a line of your own what struck you about the news."
            )
            issues.append(CheckIssue(code="quoted_news", message=message))
    return issues

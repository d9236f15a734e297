"""Repeated facts: the same statement quoted from two pages (a news index's teaser and the release it links
to, one headline on two pages), or twice from one page.

Two quotes say the same thing when, as sets of content words (folded to lower case, punctuation and stop
words removed), the smaller one has at least MIN_TOKENS words and at least OVERLAP of them are in the
other. Facts that merely share a topic ("streaming") share a few words, never most of a sentence.
"""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import urlsplit

from server.models import Fact
from server.text.names import fold

OVERLAP = 0.8
MIN_TOKENS = 5

# Words that carry no content of their own ("no", "not" and "nor" do: they are kept).
_STOP = """
a about above after again against all also am an and any are as at be because been before being below between
both but by can could did do does doing down during each few for from further had has have having he her here
hers herself him himself his how i if in into is it its itself just me more most my myself now of off on once
only or other our ours ourselves out over own same she should so some such than that the their theirs them
themselves then there these they this those through to too under until up very was we were what when where
which while who whom why will with would you your yours yourself s t d ll m re ve
"""
STOP_WORDS = frozenset(_STOP.split())


@lru_cache(maxsize=4096)
def content_tokens(text: str) -> frozenset[str]:
    """The content words of a quote: "Dana Okafor promoted to VP" -> {dana, okafor, promoted, vp}."""
    return frozenset(w for w in re.findall(r"[a-z0-9]+", fold(text)) if w not in STOP_WORDS)


def near_duplicate(a: str, b: str) -> bool:
    """Whether two quotes state the same thing: the smaller one's content words are mostly in the other's."""
    ta, tb = content_tokens(a), content_tokens(b)
    small, large = (ta, tb) if len(ta) <= len(tb) else (tb, ta)
    return len(small) >= MIN_TOKENS and len(small & large) >= OVERLAP * len(small)


def _depth(url: str) -> int:
    """How specific a page is: /news/series-b (2) is the article, /news/ (1) the index that links it."""
    return len([part for part in urlsplit(url).path.split("/") if part])


def _rank(f: Fact) -> tuple[bool, float, bool, int, int]:
    """Which of two facts stating the same thing to keep (larger is better): a classified fact over an
    unclassified one, then the more confident, the dated, the one from the more specific page (the article
    rather than the index listing it), the longer quote; ties go to the smaller id, so the choice never
    depends on the order pages were read in."""
    return (f.kind != "other", f.confidence, f.date is not None, _depth(f.source_url), len(f.quote))


def _comparable(a: Fact, b: Fact) -> bool:
    """Facts that may repeat each other: from two pages, of one kind or one of them unclassified ("other");
    from one page, of one kind (one sentence may rightly give a role and a milestone)."""
    if a.source_url == b.source_url:
        return a.kind == b.kind
    return a.kind == b.kind or "other" in (a.kind, b.kind)


def drop_repeats(facts: list[Fact]) -> list[Fact]:
    """`facts` without those that repeat a better one; order kept. Superseded facts are the record of an
    older state: they are always kept and never make a current fact redundant."""
    kept: list[Fact] = []
    for f in sorted(
        (f for f in facts if not f.superseded), key=lambda f: (tuple(-v for v in _rank(f)), f.id)
    ):
        if not any(_comparable(f, k) and near_duplicate(f.quote, k.quote) for k in kept):
            kept.append(f)
    keep = {id(f) for f in kept}
    return [f for f in facts if f.superseded or id(f) in keep]

"""Topics: the content words of a text or a fact, and which fact a sender's resource, introduction or
event fits.

Shared by generosity (which ideas to suggest) and the offline writer (which fact an email names for them).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from server.models import Fact, FactKind, Gift, Introduction, Resource, SenderProfile
from server.text.names import fold
from server.text.stems import stemmer

# How much a topic match on each kind of fact says about what the person cares about now.
RESOURCE_WEIGHTS: dict[FactKind, float] = {
    "article": 1.0, "talk": 1.0, "podcast": 1.0, "company_goal": 1.0, "interest": 0.8,
    "company_news": 0.6, "milestone": 0.6, "award": 0.5, "role": 0.4,
}  # fmt: skip
INTRODUCTION_WEIGHTS: dict[FactKind, float] = {
    "company_goal": 1.2, "article": 1.0, "talk": 1.0, "podcast": 1.0, "company_news": 0.8,
    "milestone": 0.8, "interest": 0.6, "role": 0.5,
}  # fmt: skip

# A gift's fit by the kind of fact it meets: their own work and their company's goals say most.
GIFT_WEIGHTS: dict[FactKind, float] = {
    "article": 1.0, "talk": 1.0, "podcast": 1.0, "company_goal": 1.1, "company_news": 0.7,
    "milestone": 0.5, "interest": 0.5, "award": 0.4, "role": 0.3, "other": 0.4,
}  # fmt: skip

# Words too common to say two things share a topic.
STOP_WORDS = frozenset((
    "a", "an", "the", "and", "or", "but", "of", "to", "in", "on", "for", "with", "at", "by", "from", "as",
    "is", "are", "was", "were", "be", "been", "being", "it", "its", "this", "that", "these", "those", "we",
    "our", "us", "you", "your", "i", "my", "me", "they", "their", "them", "he", "she", "his", "her", "what",
    "how", "why", "when", "who", "which", "about", "into", "over", "more", "most", "new", "not", "no",
    "all", "any", "can", "will", "just", "than", "then", "so", "up", "out", "after", "before", "year",
    "years", "team", "teams", "company", "companies", "people", "work", "working", "thing", "things", "way",
    "ways", "make", "made", "get", "got", "one", "two", "first", "last", "next", "vs", "via", "per", "also",
    "has", "have", "had", "do", "does", "did", "own", "help", "helps", "lesson", "lessons", "learned",
    "learn", "today", "week", "month", "day", "time", "times", "use", "using", "used", "part", "build",
    "built", "building", "good", "great", "best", "really", "very", "much", "many", "some", "other",
    "others", "there", "here", "where", "while", "during", "through", "across", "between", "within",
    "without", "again", "still", "each", "every", "such", "only", "even", "well", "back", "go", "going",
    "went", "come", "came", "take", "took", "plan", "plans", "goal", "goals", "aim", "aims", "mission"
))  # fmt: skip
_WORD = re.compile(r"[a-z0-9][a-z0-9'-]*")
_EVENT = re.compile(
    r"\b(?P<clause>(?:I|we)(?:'m|'re| am| are)?\s+(?:co-)?(?:host|hosting|run|running|organi[sz]e|"
    r"organi[sz]ing|hold|holding|chair|chairing|convene|convening)\s+(?:a|an|the|our|my)\s+[^.;\n]{0,60}?"
    r"\b(?P<noun>roundtable|round table|meetup|meet-up|dinner|workshop|summit|conference|breakfast|salon|"
    r"forum|circle|supper club|book club|retreat|unconference)s?\b[^.;\n]{0,60})",
    re.IGNORECASE,
)


# What a gift is, rather than what it is about: "benchmark" in a gift and in a post is no shared topic.
_GIFT_NOUNS = frozenset((
    "benchmark", "dataset", "data", "set", "survey", "report", "study", "credit", "introduction",
    "introduce", "network", "people", "contact", "anonymized", "anonymised", "share", "program", "template",
    "guide", "whitepaper", "paper", "seat", "workshop", "donation", "volunteer day", "lead", "head",
    "officer", "manager", "director", "founder", "new", "day", "paid", "staff", "include", "including",
))  # fmt: skip


@dataclass(frozen=True)
class Match:
    """A sender item (a resource, an introduction, an offer) and the fact it fits, with the shared words."""

    fact: Fact
    topics: tuple[str, ...]  # the sender item's topics that matched, as the sender wrote them
    score: float


def topic_words(text: str) -> set[str]:
    """Content words of a text, lower case, plurals folded ("pipelines" -> "pipeline")."""
    found: set[str] = set()
    for word in _WORD.findall(text.lower().replace("’", "'")):
        word = re.sub(r"'s?$", "", word).strip("-")
        if not word or word in STOP_WORDS or word.isdigit() or len(word) < 3:
            continue
        if word.endswith("ies") and len(word) > 4:
            word = word[:-3] + "y"
        elif word.endswith("s") and not word.endswith("ss") and len(word) > 3:
            word = word[:-1]
        found.add(word)
    return found


def stems(text: str, *, leave_out: Iterable[str] = ()) -> set[str]:
    """Topic words of a text folded to their stems ("orchards", "orchard"; "dwell-time", "dwell" "time")."""
    words = topic_words(text.replace("-", " ")) - set(leave_out)
    return set(stemmer("english").stemWords(sorted(w.replace("'", "") for w in words)))


def gift_match(gift: Gift, facts: list[Fact], leave_out: Iterable[str] = ()) -> Match | None:
    """The fact a sender's gift fits best, by shared stems weighted by the kind of fact; newer wins ties.

    A piece of work is read with the other facts of its page (a post and the result it reports).
    `leave_out`: words that say nothing about a topic here (the person's and their company's names).
    """
    words = stems(" ".join([*gift.topics, gift.what]), leave_out=_GIFT_NOUNS) - stems(" ".join(leave_out))
    # A topic of several words met as written ("dwell time", "heat network") says more than its words apart.
    compounds = [t for t in gift.topics if len(t.replace("-", " ").split()) > 1]
    phrases = [_plain(t) for t in compounds]
    # A word met only as part of a compound topic ("programme" of "repair programme") says half as much: the
    # compound names the topic, its head alone is generic.
    partial = set().union(*(stems(t) for t in compounds)) - stems(" ".join(set(gift.topics) - set(compounds)))
    best: Match | None = None
    for fact in facts:
        weight = GIFT_WEIGHTS.get(fact.kind, 0.0)
        text = f"{fact.text} {fact.quote} {_page_words(fact, facts)}"
        shared = words & stems(text)
        if not weight or not shared:
            continue
        met = [phrase for phrase in phrases if phrase in _plain(text)]
        halves = partial - set().union(set(), *(stems(p) for p in met))
        worth = sum(0.5 if stem in halves else 1.0 for stem in shared)
        score = weight * (worth + 2 * len(met))
        key = (score, fact.date or "", fact.confidence)
        if best is None or key > (best.score, best.fact.date or "", best.fact.confidence):
            best = Match(fact, tuple(sorted(shared)), score)
    return best


def _plain(text: str) -> str:
    """Text as its words, lower case, hyphens as spaces: "Dwell-Time" meets "dwell time"."""
    return " " + " ".join(re.findall(r"[a-z0-9]+", fold(text))) + " "


def _page_words(fact: Fact, facts: list[Fact]) -> str:
    """The words of the milestones and news on a piece of work's own page (what the post reports)."""
    if fact.kind not in ("article", "talk", "podcast"):
        return ""
    return " ".join(f.text for f in facts if f.source_url == fact.source_url and f.kind != "interest")


def fact_words(fact: Fact) -> set[str]:
    """The topic words of a fact's text and quote."""
    return topic_words(f"{fact.text} {fact.quote}")


def best_match(topics: Iterable[str], facts: Iterable[Fact], weights: dict[FactKind, float]) -> Match | None:
    """The fact a list of topics fits best, weighted by what kind of fact it is; newer facts win ties."""
    topics = [t for t in topics if t.strip()]
    best: Match | None = None
    for fact in facts:
        weight = weights.get(fact.kind, 0.0)
        if not weight:
            continue
        words = fact_words(fact)
        matched = tuple(t for t in topics if topic_words(t) & words)
        if not matched:
            continue
        shared = set().union(*(topic_words(t) for t in matched)) & words
        score = weight * (len(shared) + 0.5 * (len(matched) - 1))
        key = (score, fact.date or "", fact.confidence)
        if best is None or key > (best.score, best.fact.date or "", best.fact.confidence):
            best = Match(fact, matched, score)
    return best


def resource_match(resource: Resource, facts: Iterable[Fact]) -> Match | None:
    """The fact a sender's resource fits best."""
    # A resource without topics is matched on the words of its title.
    return best_match(resource.topics or [resource.title], facts, RESOURCE_WEIGHTS)


def introduction_match(introduction: Introduction, facts: Iterable[Fact]) -> Match | None:
    """The fact an introduction the sender can make fits best."""
    topics = introduction.topics or ([introduction.role] if introduction.role else [])
    return best_match(topics, facts, INTRODUCTION_WEIGHTS)


def invitation(sender: SenderProfile | None, context: str | None) -> tuple[str, str] | None:
    """Something the sender hosts, as they wrote it ("I host a quarterly roundtable ..."), and its noun."""
    for text in ((sender.offer if sender else None), context):
        found = _EVENT.search((text or "").replace("’", "'"))
        if found:
            return found.group("clause").strip().rstrip(",."), found.group("noun").lower()
    return None


def shared_interests(sender: SenderProfile | None, words: set[str]) -> list[str]:
    """The sender's interests that clearly share ground with the given topic words.

    Stricter than topic matching: one short word in common ("sea" in "North Sea" and "sea kayaking") is not
    enough to claim a shared interest.
    """
    found = []
    for interest in sender.interests if sender else []:
        shared = topic_words(interest) & words
        if len(shared) >= 2 or any(len(w) >= 5 for w in shared):
            found.append(interest)
    return found


def shared_hobbies(sender: SenderProfile | None, fact: Fact, gifts: Iterable[Gift]) -> list[str]:
    """The sender's interests a fact of theirs meets, outside the sender's line of work (a hobby, a cause:
    not the words of what they offer and give)."""
    if sender is None:
        return []
    offered = " ".join([sender.offer or "", *(f"{g.what} {' '.join(g.topics)}" for g in gifts)])
    work = stems(offered)
    return [i for i in shared_interests(sender, fact_words(fact)) if not stems(i) & work]

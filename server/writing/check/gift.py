"""Whether a draft gives the reader something when the sender has something to give (code "no_gift")."""

from __future__ import annotations

from server.models import CheckIssue, Dossier, Gift, SenderProfile
from server.text.phrases import plain_quotes
from server.writing.check.content import content_words, is_year
from server.writing.gifts import gifts_of

# Of a gift's own words, how many a draft must use to be offering it ("the dwell-time benchmark" for "our
# anonymized 2026 Midwest Dwell-Time Benchmark (62 DCs and terminals)"); one of them must set it apart.
_WORDS_TO_NAME = 2


def missing_gift(
    text: str, sender: SenderProfile | None, dossier: Dossier | None, lang: str
) -> list[CheckIssue]:
    """Advice to offer the gift that best fits them, when the sender has gifts and the draft offers none."""
    gifts = gifts_of(sender)
    if not gifts:
        return []
    said = content_words(text, lang)
    # A gift is named by what sets it apart: "benchmark", "dataset", "test labs". Words it shares with their
    # own work ("dwell", "orchards") or the sender's company name do not show it is offered.
    theirs = _their_words(dossier, lang) | content_words(_who_gives(sender), lang)
    if any(_offered(gift, text, said, theirs, lang) for gift in gifts):
        return []
    best = _best_fit(gifts, dossier, lang)
    message = (
        f'It gives them nothing, though you can offer "{best.what}": add it, with one line on why it fits '
        "their work. Leading with something for them is what makes a note worth answering."
    )
    return [CheckIssue(code="no_gift", message=message)]


def _offered(gift: Gift, text: str, said: frozenset[str], theirs: frozenset[str], lang: str) -> bool:
    """Named by its link, or by two of its words of which one sets it apart ("our dwell benchmark")."""
    if gift.url and plain_quotes(gift.url).rstrip("/") in text:
        return True
    words = {w for w in content_words(gift.what, lang) if not is_year(w)}
    apart = (words - theirs) or words
    return len(words & said) >= min(_WORDS_TO_NAME, len(words)) and bool(apart & said)


def _their_words(dossier: Dossier | None, lang: str) -> frozenset[str]:
    if dossier is None:
        return frozenset()
    person = dossier.person
    facts = " ".join(f"{f.text} {f.quote}" for f in dossier.facts)
    return content_words(f"{person.title or ''} {person.company or ''} {facts}", lang)


def _who_gives(sender: SenderProfile | None) -> str:
    return f"{sender.name} {sender.company or ''}" if sender else ""


def _best_fit(gifts: list[Gift], dossier: Dossier | None, lang: str) -> Gift:
    """The gift whose words and topics meet most of what the research says about them (first on a tie)."""
    if dossier is None:
        return gifts[0]
    work = content_words(" ".join(f.text for f in dossier.facts if not f.superseded), lang)
    fit = [len(content_words(" ".join([g.what, *g.topics]), lang) & work) for g in gifts]
    return gifts[fit.index(max(fit))]

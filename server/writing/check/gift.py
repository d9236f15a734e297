"""Whether a draft gives the reader something when the sender has something to give (code "no_gift")."""

from __future__ import annotations

from server.models import CheckIssue, Dossier, Gift, SenderProfile
from server.text.phrases import plain_quotes
from server.writing.check.content import content_words
from server.writing.gifts import gifts_of

# Of a gift's own words, how many a draft must use to be offering it ("the dwell-time benchmark" for "our
# anonymized 2026 Midwest Dwell-Time Benchmark (62 DCs and terminals)").
_WORDS_TO_NAME = 2


def missing_gift(
    text: str, sender: SenderProfile | None, dossier: Dossier | None, lang: str
) -> list[CheckIssue]:
    """Advice to offer the gift that best fits them, when the sender has gifts and the draft offers none."""
    gifts = gifts_of(sender)
    if not gifts:
        return []
    said = content_words(text, lang)
    if any(_offered(gift, text, said, lang) for gift in gifts):
        return []
    best = _best_fit(gifts, dossier, lang)
    message = (
        f'It gives them nothing, though you can offer "{best.what}": add it, with one line on why it fits '
        "their work. Leading with something for them is what makes a note worth answering."
    )
    return [CheckIssue(code="no_gift", message=message)]


def _offered(gift: Gift, text: str, said: frozenset[str], lang: str) -> bool:
    if gift.url and plain_quotes(gift.url).rstrip("/") in text:
        return True
    own = content_words(gift.what, lang)
    return bool(own) and len(own & said) >= min(_WORDS_TO_NAME, len(own))


def _best_fit(gifts: list[Gift], dossier: Dossier | None, lang: str) -> Gift:
    """The gift whose words and topics meet most of what the research says about them (first on a tie)."""
    if dossier is None:
        return gifts[0]
    work = content_words(" ".join(f.text for f in dossier.facts if not f.superseded), lang)
    fit = [len(content_words(" ".join([g.what, *g.topics]), lang) & work) for g in gifts]
    return gifts[fit.index(max(fit))]

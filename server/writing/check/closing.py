"""How an email ends, as its reader takes it: a stock line, and a question after "no need to reply"."""

from __future__ import annotations

from functools import cache

from server.models import CheckIssue
from server.text.phrases import find_phrases, load_phrases, plain_quotes, read_list
from server.writing.check.content import content_words
from server.writing.check.email_text import excerpt

# A question among the last sentences of the prose is how the email closes.
_CLOSING_SENTENCES = 2


def stock_closers(prose: list[str], lang: str) -> list[CheckIssue]:
    """Lines that could end any email to anyone (check code "stock_closer"), one issue per sentence."""
    issues: list[CheckIssue] = []
    for index, sentence in enumerate(prose):
        # Commas do not change a stock line: "if I can ever be useful to you, just say".
        listed = find_phrases(plain_quotes(sentence).replace(",", " "), load_phrases("stock_closers.txt"))
        if listed:
            line = sentence[listed[0].start : listed[-1].end]
            message = (
                f'"{line}" is a stock line they have read in a hundred emails: say something only you would '
                "write to them (what you could send, or a question about their own work), or nothing."
            )
            issues.append(CheckIssue(code="stock_closer", message=message))
        elif index >= len(prose) - _CLOSING_SENTENCES and _asks(sentence) and _says_nothing(sentence, lang):
            message = (
                f'"{excerpt(sentence)}" could be asked of anyone: ask about something of theirs by name '
                "(their project, their plan, their post), or end without a question."
            )
            issues.append(CheckIssue(code="stock_closer", message=message))
    return issues


def mixed_signals(prose: list[str]) -> list[CheckIssue]:
    """A question after telling them not to reply (check code "mixed_signal")."""
    for index, sentence in enumerate(prose):
        released = find_phrases(sentence, load_phrases("no_reply_phrases.txt"))
        question = next((s for s in prose[index:] if _asks(s)), None)
        if released and question:
            message = (
                f'It says "{released[0].found}" and then asks "{excerpt(question)}": keep the question '
                "and drop the line, or keep the line and drop the question."
            )
            return [CheckIssue(code="mixed_signal", message=message)]
    return []


def _asks(sentence: str) -> bool:
    return sentence.rstrip("\"')]").endswith("?")


def _says_nothing(sentence: str, lang: str) -> bool:
    """Made only of function words and words that name nothing ("What's next for the team?")."""
    return not content_words(sentence, lang) - _generic_words(lang)


@cache
def _generic_words(lang: str) -> frozenset[str]:
    return content_words(" ".join(read_list("generic_words.txt")), lang)

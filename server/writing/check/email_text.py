"""The parts of an email body that the checks read: greeting, prose and signature, sentences and words."""

from __future__ import annotations

import re
from dataclasses import dataclass

from server.text.dates import MONTH_ABBREVIATIONS
from server.text.phrases import plain_quotes

URL = re.compile(r"\b(?:https?://|www\.)[^\s<>\"')\]]+", re.IGNORECASE)
EMAIL_ADDRESS = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")
_WORD = re.compile(r"[A-Za-z0-9][\w'\u2019-]*")
# English, and the greetings of the other languages a draft may be written in ("Hallo Ada,", "Chère Ada,").
_GREETINGS = (
    r"hi|hello|hey|dear|greetings|good (?:morning|afternoon|evening)|hallo|liebe|lieber|guten tag|bonjour|"
    r"chère|cher|hola|querida|querido|estimada|estimado|ciao|buongiorno|gentile|caro|cara|hoi|beste"
)
_GREETING_LINE = re.compile(rf"^(?:{_GREETINGS})\b[^.!?,]{{0,30}}[,!:.]?$", re.I)
_NAME_LINE = re.compile(r"^[A-Z][\w'\u2019-]*(?: [A-Z][\w'\u2019-]*){0,2},$")  # "Dana," alone on a line
_GREETING_PREFIX = re.compile(rf"^(?:{_GREETINGS})\s+[\w .'\u2019-]{{1,40}},\s*", re.I)
_SIGN_OFF = re.compile(
    r"^(?:best|best wishes|best regards|all the best|all best|regards|kind regards|warm regards|warmly|"
    r"warmest|cheers|thanks|thank you|many thanks|thanks again|talk soon|speak soon|take care|sincerely|"
    r"yours|yours truly|with gratitude|gratefully|with thanks|"
    # German, French, Spanish, Italian, Dutch
    r"viele grüße|beste grüße|liebe grüße|herzliche grüße|mit freundlichen grüßen|cordialement|"
    r"bien cordialement|bien à vous|amitiés|bises|saludos|un saludo|atentamente|un abrazo|cordiali saluti|"
    r"saluti|un caro saluto|met vriendelijke groet|vriendelijke groet|groeten|hartelijke groeten)[\s,.!]*$",
    re.I,
)
# How far from the end a sign-off may sit and still start the signature.
_SIGNATURE_LINES = 6
# A full stop after these does not end a sentence.
_ABBREVIATIONS = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|Prof|St|Jr|Sr|Inc|Ltd|Co|vs|etc|approx|"
    + "|".join(m.capitalize() for m in sorted(MONTH_ABBREVIATIONS))  # "Sept. 3, 2026"
    + r")|\be\.g|\bi\.e)\.$"
)
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"')\]]*\s+")
_EXCERPT = 60  # characters of a sentence quoted back in advice


@dataclass(frozen=True)
class EmailText:
    """An email body split the way a reader sees it."""

    greeting: str  # "Hi Dana," or ""
    prose: str  # what the email says: no greeting, no sign-off, no signature
    signature: str  # the sign-off and everything after it

    @property
    def content(self) -> str:
        """The body less its signature: what length is measured on."""
        return f"{self.greeting}\n{self.prose}".strip()


_POSTSCRIPT = re.compile(r"\s*p\.?\s?s\.?(?:\s|:|$)", re.IGNORECASE)


def split_email(body: str, sender_name: str | None = None, signature: str | None = None) -> EmailText:
    """Separate greeting, prose and signature (sign-off line, the sender's signature, or "-- ")."""
    lines = plain_quotes(body).strip().splitlines()
    cut = _signature_start(lines, sender_name, signature)
    content, tail = lines[:cut], lines[cut:]
    # A postscript after the sign-off is still something the email says: it is checked like the prose.
    postscript = next((i for i, line in enumerate(tail) if _POSTSCRIPT.match(line)), None)
    if postscript is not None:
        content, tail = content + [""] + tail[postscript:], tail[:postscript]
    while content and not content[0].strip():
        content.pop(0)
    greeting = ""
    if content and (_GREETING_LINE.match(content[0].strip()) or _NAME_LINE.match(content[0].strip())):
        greeting = content.pop(0).strip()
    elif content and (prefix := _GREETING_PREFIX.match(content[0].strip())):
        greeting = prefix.group(0).strip()
        content[0] = content[0].strip()[prefix.end() :]
    return EmailText(greeting, "\n".join(content).strip(), "\n".join(tail).strip())


def sentences(text: str) -> list[str]:
    """Sentences of text: split at end punctuation and at line breaks, abbreviations kept whole."""
    found: list[str] = []
    for line in text.splitlines():
        pending = ""
        for piece in _SENTENCE_END.split(line.strip()):
            pending = f"{pending} {piece}".strip() if pending else piece
            if not _ABBREVIATIONS.search(pending):
                found.append(pending)
                pending = ""
        if pending:
            found.append(pending)
    return [s for s in found if s]


def words(text: str) -> list[str]:
    """The words of text, a link or an e-mail address counting as one."""
    return _WORD.findall(EMAIL_ADDRESS.sub("address", URL.sub("link", text)))


def excerpt(text: str) -> str:
    """The start of a sentence, short enough to quote back in advice."""
    text = " ".join(text.split())
    return text if len(text) <= _EXCERPT else text[: _EXCERPT - 1].rsplit(" ", 1)[0] + "…"


def _signature_start(lines: list[str], sender_name: str | None, signature: str | None) -> int:
    """Index of the first signature line, or len(lines) when none is recognised."""
    for index, line in enumerate(lines):
        if line.rstrip() == "--":
            return index
    cut = len(lines)
    signature_head = _first_line(signature)
    if signature_head:
        for index in range(len(lines) - 1, -1, -1):
            if _same(lines[index], signature_head):
                cut = index
                break
    filled = [i for i, line in enumerate(lines[:cut]) if line.strip()]
    for index in reversed(filled[-_SIGNATURE_LINES:]):
        if _SIGN_OFF.match(lines[index].strip()):
            return index
    names = {_normal(sender_name), _normal((sender_name or "").split(" ")[0])} - {""}
    if filled and cut == len(lines) and _normal(lines[filled[-1]]) in names:
        return filled[-1]
    return cut


def _first_line(text: str | None) -> str:
    return next((line for line in (text or "").splitlines() if line.strip()), "")


def _same(a: str, b: str) -> bool:
    return _normal(a) == _normal(b)


def _normal(text: str | None) -> str:
    return " ".join((text or "").lower().split()).strip(" ,.-")

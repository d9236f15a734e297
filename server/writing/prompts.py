"""Prompt files: named `$variables`, no logic, loaded by name, rendered strictly (see prompts/README.md)."""

from __future__ import annotations

import re
import string
from dataclasses import dataclass
from pathlib import Path

from server.errors import RapportError

PROMPTS_DIR = Path(__file__).resolve().parents[2] / "prompts"
PROMPT_SUFFIX = ".md"

_NAME = re.compile(r"[a-z0-9][a-z0-9_]*")
_SECTION = re.compile(r"^=== *(system|user) *===[ \t]*$", re.MULTILINE)
# Jinja-looking syntax: authors coming from other tools write it expecting it to work; it would be sent as is.
_LOGIC = re.compile(r"\{[{%#]")

_LABEL_MAX = 200
# Any run of three angle brackets, ASCII or look-alike, could be read as the start or end of a marker.
_ANGLES = re.compile(r"[<>\u2039\u203a\u2329\u232a\u27e8\u27e9\u3008\u3009\ufe64\ufe65\uff1c\uff1e]{3,}")
_MARKER_WORDS = re.compile(r"(?i)untrusted[\W_]*data")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class PromptError(RapportError):
    """A prompt file is malformed, or was rendered with the wrong variables."""


@dataclass(frozen=True)
class Prompt:
    name: str
    system: str  # "" when the file has no system section
    user: str
    variables: frozenset[str]


def load_prompt(name: str, directory: Path = PROMPTS_DIR) -> Prompt:
    """Read `<directory>/<name>.md` and check it: sections, placeholders, no logic."""
    if not _NAME.fullmatch(name):
        raise PromptError(f"prompt name {name!r} must be lowercase letters, digits and underscores")
    path = directory / f"{name}{PROMPT_SUFFIX}"
    try:
        source = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise PromptError(f"prompt {name!r}: no file {path}") from None
    sections = _split_sections(name, source)
    variables: set[str] = set()
    for text, first_line in sections.values():
        variables |= _check_template(name, text, first_line)
    system = sections["system"][0] if "system" in sections else ""
    return Prompt(name=name, system=system, user=sections["user"][0], variables=frozenset(variables))


def render(prompt: Prompt, **variables: str) -> list[dict[str, str]]:
    """Fill the prompt's variables, exactly those and all of them, into chat messages."""
    missing = prompt.variables - variables.keys()
    if missing:
        raise PromptError(f"prompt {prompt.name!r} needs variables that were not given: {_names(missing)}")
    unused = variables.keys() - prompt.variables
    if unused:
        raise PromptError(f"prompt {prompt.name!r} does not use variables it was given: {_names(unused)}")
    for key, value in variables.items():
        if not isinstance(value, str):
            raise PromptError(
                f"prompt {prompt.name!r}: variable {key!r} is a {type(value).__name__}; format it as a string"
            )
    messages = []
    if prompt.system:
        messages.append({"role": "system", "content": string.Template(prompt.system).substitute(variables)})
    messages.append({"role": "user", "content": string.Template(prompt.user).substitute(variables)})
    return messages


def untrusted(label: str, text: str) -> str:
    """Wrap text from the web in markers that say it is data; nothing inside can pass for a marker."""
    label = _neutralise(" ".join(_CONTROL.sub(" ", label).split()))[:_LABEL_MAX] or "unlabelled"
    body = _neutralise(_CONTROL.sub("", text)).strip("\n")
    return f"<<<UNTRUSTED DATA: {label}>>>\n{body}\n<<<END UNTRUSTED DATA: {label}>>>"


def _neutralise(text: str) -> str:
    # Break look-alikes visibly rather than deleting them: a quote must still read the same to a person.
    text = _ANGLES.sub(lambda m: " ".join(m.group(0)), text)
    return _MARKER_WORDS.sub("untrusted-data(quoted)", text)


def _split_sections(name: str, source: str) -> dict[str, tuple[str, int]]:
    """Section name -> (text, line where it starts in the file); text above the first marker is a note."""
    markers = list(_SECTION.finditer(source))
    order = [m.group(1) for m in markers]
    if order not in (["user"], ["system", "user"]):
        found = ", ".join(order) or "none"
        raise PromptError(
            f"prompt {name!r}: expected an optional '=== system ===' then one '=== user ===' section "
            f"(found: {found})"
        )
    sections = {}
    for marker, following in zip(markers, [*markers[1:], None], strict=True):
        end = following.start() if following else len(source)
        raw = source[marker.end() : end]
        text = raw.strip()
        if not text:
            raise PromptError(f"prompt {name!r}: the {marker.group(1)} section is empty")
        start = marker.end() + (len(raw) - len(raw.lstrip()))
        sections[marker.group(1)] = (text, _line(source, start))
    return sections


def _check_template(name: str, text: str, first_line: int) -> set[str]:
    """The placeholders a section uses; raises on logic or on a stray '$'."""
    logic = _LOGIC.search(text)
    if logic:
        raise PromptError(
            f"prompt {name!r}, line {first_line - 1 + _line(text, logic.start())}: "
            f"{logic.group(0)!r} looks like template logic; prompts take only $name placeholders"
        )
    template = string.Template(text)
    if not template.is_valid():
        bad = next(m for m in template.pattern.finditer(text) if m.group("invalid") is not None)
        raise PromptError(
            f"prompt {name!r}, line {first_line - 1 + _line(text, bad.start('invalid'))}: "
            "a '$' that is not a placeholder; write '$$' for a literal dollar sign"
        )
    return set(template.get_identifiers())


def _line(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def _names(names: set[str] | frozenset[str]) -> str:
    return ", ".join(sorted(names))

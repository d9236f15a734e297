"""The rooms of server/ hold: who may import whom (.importlinter), and modules small enough to read."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
MAX_LINES = 400
# Larger on purpose: one class reading one page, whose three passes (structured data, a listing's
# passages, sentences) share the page's state; and a phrase bank, which is data.
LARGER = {"server/research/facts/reader.py", "server/writing/offline/phrases.py"}


def test_the_import_contracts_hold() -> None:
    lint = Path(sys.executable).with_name("lint-imports")
    done = subprocess.run(
        [str(lint), "--config", str(ROOT / ".importlinter")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    assert " 0 broken" in done.stdout


def test_modules_stay_small_enough_to_read() -> None:
    sizes = {
        str(path.relative_to(ROOT)): len(path.read_text(encoding="utf-8").splitlines())
        for path in (ROOT / "server").rglob("*.py")
    }
    too_long = {path: lines for path, lines in sizes.items() if lines > MAX_LINES and path not in LARGER}
    assert not too_long, f"split these along their seams, or say why in LARGER: {too_long}"


@pytest.mark.parametrize("stylesheet", sorted((ROOT / "extension").rglob("*.css")), ids=lambda p: p.name)
def test_every_stylesheet_closes_each_rule_it_opens(stylesheet: Path) -> None:
    """A rule left open swallows every rule after it: the browser drops them, and nothing else fails loudly
    (a merge once lost one closing brace and with it the styles of half the panel)."""
    text = re.sub(r"/\*.*?\*/", "", stylesheet.read_text(encoding="utf-8"), flags=re.DOTALL)
    depth = 0
    for number, line in enumerate(text.splitlines(), 1):
        depth += line.count("{") - line.count("}")
        assert depth >= 0, f"{stylesheet.name}:{number} closes a rule never opened"
        assert depth <= 2, f"{stylesheet.name}:{number} is nested three deep: a rule above is not closed"
    assert depth == 0, f"{stylesheet.name} leaves {depth} rule(s) open"

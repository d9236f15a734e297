"""Research and drafting on the persona webs written independently of Rapport (../shared/personas), scored
by their own scorer (../shared/eval/score.py): recall of the facts a careful researcher finds, traps hit,
the current title, and whether the draft is one a person would send and offers a real gift.

Usage: python bench/personas.py [--eval DIR] [score.py's options, e.g. --persona SLUG -v]

Figures, not a pass/fail: the scorer exits 0 whenever every run produced its JSON. A clone without
../shared has no personas; this says so and stops.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_EVAL = ROOT.parent / "shared" / "eval"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--eval", type=Path, default=DEFAULT_EVAL, help="the folder holding score.py")
    args, passed_on = parser.parse_known_args(argv)
    score = args.eval / "score.py"
    if not score.is_file():
        print(f"personas: {score} is absent (it is not part of a clone); nothing to score.")
        return 0
    command = [sys.executable, str(score), "--project", str(ROOT), *passed_on]
    return subprocess.run(command, cwd=ROOT, check=False).returncode


if __name__ == "__main__":
    sys.exit(main())

"""Whether research gives the same dossier run after run on the persona webs (../shared/personas), with and
without 200 ms added to every request, and how long each run takes.

Usage: python bench/persona_stability.py [--eval DIR] [--runs N] [--latency-ms MS]

Each run starts from an empty instance folder (score.py gives each a fresh RAPPORT_HOME), so nothing is
cached between them; only the timing differs. A dossier here is the person, every fact (kind, text, source,
date, superseded) and every source's status. Figures, not pass/fail; a clone without ../shared has no
personas, and this says so and stops.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_EVAL = ROOT.parent / "shared" / "eval"


def dossier(output: dict[str, Any]) -> str:
    facts = sorted(
        (f["kind"], f["text"], f["source_url"], f.get("date") or "", f.get("superseded", False))
        for f in output.get("facts", [])
    )
    sources = sorted((s["url"], s["status"]) for s in output.get("sources", []))
    return json.dumps({"person": output.get("person"), "facts": facts, "sources": sources}, sort_keys=True)


def run(score: Path, latency_ms: int, out: Path) -> dict[str, tuple[str, float]]:
    command = [sys.executable, str(score), "--project", str(ROOT), "--command", "research"]
    command += ["--latency-ms", str(latency_ms), "--json-out", str(out)]
    subprocess.run(command, cwd=ROOT, check=False, capture_output=True)
    results = json.loads(out.read_text(encoding="utf-8")) if out.is_file() else []
    return {r["persona"]: (dossier(r.get("output") or {}), float(r.get("secs") or 0.0)) for r in results}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--eval", type=Path, default=DEFAULT_EVAL, help="the folder holding score.py")
    parser.add_argument("--runs", type=int, default=2, help="runs at each latency")
    parser.add_argument("--latency-ms", type=int, default=200)
    args = parser.parse_args(argv)
    score = args.eval / "score.py"
    if not score.is_file():
        print(f"persona_stability: {score} is absent (it is not part of a clone); nothing to run.")
        return 0
    runs: list[tuple[int, dict[str, tuple[str, float]]]] = []
    with tempfile.TemporaryDirectory() as tmp:
        for i, latency in enumerate([0] * args.runs + [args.latency_ms] * args.runs):
            runs.append((latency, run(score, latency, Path(tmp) / f"run{i}.json")))
    personas = sorted({p for _, result in runs for p in result})
    print(f"Research on {len(personas)} persona webs, {args.runs} runs without and with {args.latency_ms} ms")
    print(f"{'persona':18} {'same dossier':>12} {'secs (0 ms)':>14} {f'secs ({args.latency_ms} ms)':>14}")
    for persona in personas:
        seen = [result[persona] for _, result in runs if persona in result]
        same = len({d for d, _ in seen}) == 1 and len(seen) == len(runs)
        fast = [
            s
            for (latency, result) in runs
            if latency == 0 and persona in result
            for s in [result[persona][1]]
        ]
        slow = [
            s for (latency, result) in runs if latency and persona in result for s in [result[persona][1]]
        ]
        print(f"{persona:18} {'yes' if same else 'NO':>12} {_span(fast):>14} {_span(slow):>14}")
    return 0


def _span(values: list[float]) -> str:
    return f"{min(values):.1f}-{max(values):.1f}" if values else "-"


if __name__ == "__main__":
    sys.exit(main())

"""Accuracy of copy detection in PAN terms, per edit type (bench/reuse/accuracy.py).

    .venv/bin/python bench/bench_reuse_accuracy.py [--per-type 40] [--pan-dir /tmp/pan-reuse]

Prints the table, optionally writes the generated corpus in the PAN text-alignment layout, and
rewrites the accuracy part of docs/benchmarks.md (between the reuse-accuracy markers).
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchdoc import write_section  # noqa: E402

from bench.bench_reuse import machine  # noqa: E402
from bench.reuse import accuracy  # noqa: E402

START, END = "<!-- reuse-accuracy:start -->", "<!-- reuse-accuracy:end -->"
TARGETS = {
    "verbatim": "plagdet ≥ 0.9",
    "punctuation": "plagdet ≥ 0.9",
    "chars": "plagdet ≥ 0.9",
    "reorder": "plagdet ≥ 0.9",
    "renumber": "plagdet ≥ 0.9",
    "mixed": "plagdet ≥ 0.9",
    "run20-40": "recall 1.0",
    "run13-19": "(between k and t: not guaranteed)",
    "run8-12": "0 detections",
    "stock-only": "0 detections",
}


def render(outcomes: list[accuracy.Outcome], per_type: int, seconds: float) -> str:
    rows = [
        "| edit type | cases | detections | precision | recall | granularity | plagdet | < 13 chars reported | target |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for o in outcomes:
        s = o.scores
        rows.append(
            f"| {o.kind} | {s.cases} | {s.detections} | {s.precision:.3f} | {s.recall:.3f} | {s.granularity:.3f} | "
            f"{s.plagdet:.3f} | {o.short_reported} | {TARGETS.get(o.kind, '')} |"
        )
    return "\n".join(
        [
            START,
            "## Copy detection accuracy (PAN measures)",
            "",
            f"Machine: {machine()}. Date: {date.today().isoformat()}. {per_type} suspicious documents per type, "
            f"3 planted passages each (run time {seconds:.0f} s). Command: "
            f"`.venv/bin/python bench/bench_reuse_accuracy.py --per-type {per_type}`.",
            "",
            "Sources: the five seed reports and the shipped templates; suspicious documents are own writing "
            "(unigram filler with stock phrases) with passages of one source planted under one edit: verbatim; "
            "punctuation changed; 3 % characters inserted/replaced/deleted; sentences reordered within the "
            "paragraph; 一是/二是 renumbered; mixed (punctuation + 2 % characters + renumbering). runX-Y: "
            "verbatim runs of X–Y content characters; stock-only: stock phrases and nothing copied. "
            "Detections are `copy` passages against the pair's source.",
            "",
            *rows,
            "",
            END,
        ]
    )


def write_docs(section: str) -> None:
    write_section("reuse-accuracy", section)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--per-type", type=int, default=40)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--pan-dir", type=Path, help="write the PAN corpus (susp/, src/, truth/, pairs) here")
    parser.add_argument("--no-docs", dest="docs", action="store_false")
    args = parser.parse_args()
    start = time.perf_counter()
    outcomes = accuracy.run(per_type=args.per_type, seed=args.seed, out_dir=args.pan_dir)
    section = render(outcomes, args.per_type, time.perf_counter() - start)
    if args.docs:
        write_docs(section)


if __name__ == "__main__":
    main()

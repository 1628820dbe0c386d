"""How long the review outputs take per report, against the check itself (the baseline).

Usage: .venv/bin/python bench/bench_render.py [--reports N] [--no-write]

Reviews N reports (the seed reports repeated), then times each output per report: terminal table, JSON,
HTML page, annotated .docx (from the text), and the audit workbook for all N. The baseline row is
parse + check of the same reports; rendering should stay a fraction of it. Results are printed and
written to docs/benchmarks.md (section "Review outputs"), with the machine and date.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import platform
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from benchdoc import write_section
from rich.console import Console

from mingjing.api import parse_file
from mingjing.checks import check_report
from mingjing.model import Review
from mingjing.render.docx_annotate import write_annotated_docx
from mingjing.render.html import render_html
from mingjing.render.json_out import dumps, review_to_dict
from mingjing.render.terminal import print_review
from mingjing.render.xlsx import AuditEntry, write_audit_xlsx

ROOT = Path(__file__).resolve().parents[1]
SEEDS = Path(os.environ.get("MINGJING_SEEDS", ROOT.parent / "shared" / "seeds"))
SECTION = "## Review outputs (render)"


def _timed(func: Callable[[], object], repeat: int = 1) -> float:
    start = time.perf_counter()
    for _ in range(repeat):
        func()
    return (time.perf_counter() - start) / repeat


def _per_report(name: str, reviews: list[Review], render: Callable[[Review], object]) -> tuple[str, float]:
    return name, _timed(lambda: [render(r) for r in reviews]) / len(reviews)


def measure(count: int) -> tuple[list[tuple[str, float]], int, float]:
    files = sorted(SEEDS.glob("*.txt"))
    paths = [files[i % len(files)] for i in range(count)]
    reviews: list[Review] = []
    baseline = _timed(lambda: reviews.extend(check_report(parse_file(p)) for p in paths)) / count
    chars = sum(len(r.report.text) for r in reviews) / count
    out = tempfile.mkdtemp()
    console = Console(file=io.StringIO(), width=160)
    rows = [("parse + check (baseline)", baseline)]
    rows.append(_per_report("terminal table", reviews, lambda r: print_review(r, console)))
    rows.append(_per_report("JSON", reviews, lambda r: dumps(review_to_dict(r, include_text=True))))
    rows.append(_per_report("HTML page", reviews, render_html))
    rows.append(
        _per_report("annotated .docx", reviews, lambda r: write_annotated_docx(r, Path(out) / "a.docx"))
    )
    entries = [AuditEntry(f"{i}.txt", review=r) for i, r in enumerate(reviews)]
    rows.append(
        ("audit xlsx (per report)", _timed(lambda: write_audit_xlsx(entries, Path(out) / "s.xlsx")) / count)
    )
    return rows, count, chars


def table(rows: list[tuple[str, float]], count: int, chars: float) -> str:
    baseline = rows[0][1]
    lines = [
        f"{SECTION}",
        "",
        f"{dt.date.today()} · {platform.machine()} · {platform.processor() or platform.system()} · "
        f"Python {platform.python_version()} · {count} reports of {chars:.0f} characters on average (seeds).",
        "",
        "| stage | ms per report | × baseline |",
        "| --- | ---: | ---: |",
    ]
    lines += [f"| {name} | {sec * 1000:.2f} | {sec / baseline:.2f} |" for name, sec in rows]
    return "\n".join(lines) + "\n"


def write(section: str) -> None:
    """Replace this script's block in docs/benchmarks.md (between its markers), or append it."""
    write_section("bench_render", section, legacy_heading=SECTION)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--reports", type=int, default=100)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    section = table(*measure(args.reports))
    print(section)
    if not args.no_write:
        write(section)


if __name__ == "__main__":
    main()

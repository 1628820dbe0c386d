"""Speed of the review engine: full check (no copy detection) on ~5,000-character reports.

Compared in the same run with a named baseline, the crude keyword script reviewers already use (field
notes: section detection by the first keyword match, 问题+原因 share, minimum lengths, a keyword
specificity score minus stock phrases, a verdict). Reports are the seeds (read from ../shared/seeds) and
the evaluation reports, each padded to about 5,000 characters by repeating its own item bodies so the
structure stays that of a real report.

Usage: .venv/bin/python bench/bench_check.py [--rounds 5] [--no-write]
Results go to the terminal and to docs/benchmarks.md (section between the bench_check markers).
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from benchdoc import write_section  # noqa: E402

from mingjing.api import parse_text  # noqa: E402
from mingjing.checks import check_report  # noqa: E402
from mingjing.model import ParsedReport as Report  # noqa: E402

TARGET_CHARS = 5000
SEEDS = Path(os.environ.get("MINGJING_SEEDS", ROOT.parent / "shared" / "seeds"))


def padded(text: str) -> str:
    """Grow ``text`` to about TARGET_CHARS by repeating sentences inside its own items."""
    report = parse_text(text)
    items = [i for part in report.parts() for i in part.all_items() if i.body_span.length > 20]
    if not items:
        return text
    pieces, last, grow = [], 0, max(0, TARGET_CHARS - len(text))
    share = grow // len(items) + 1
    for item in items:
        body = report.text[item.body_span.start : item.body_span.end]
        extra = (body * (share // max(1, len(body)) + 1))[:share]
        pieces += [report.text[last : item.body_span.end], extra]
        last = item.body_span.end
    pieces.append(report.text[last:])
    return "".join(pieces)


def corpus() -> list[str]:
    files = sorted(SEEDS.glob("*.txt")) + sorted((ROOT / "eval" / "reports").glob("*.txt"))
    return [padded(f.read_text("utf-8")) for f in files]


# --- the baseline: a keyword script like the public audit script of the field notes ------------------
_SECTIONS = (("problems", "问题"), ("causes", "原因"), ("measures", "措施"))
_SPECIFIC = re.compile(r"例如|比如|\d+|我|本人|项目|会议|群众|企业|村|社区")
_STOCK = re.compile(r"学习不够深入|服务意识不强|工作作风不够扎实|创新意识不强|宗旨意识不强|调查研究不够深入")


def keyword_script(text: str) -> tuple[str, float]:
    """Sections cut at the first keyword match anywhere; verdict from shares, lengths and a keyword score."""
    cuts = sorted((text.find(word), kind) for kind, word in _SECTIONS if word in text)
    bounds = {
        kind: (pos, cuts[i + 1][0] if i + 1 < len(cuts) else len(text)) for i, (pos, kind) in enumerate(cuts)
    }
    length = {kind: end - start for kind, (start, end) in bounds.items()}
    core = (length.get("problems", 0) + length.get("causes", 0)) / max(1, len(text))
    score = len(_SPECIFIC.findall(text)) - 3 * len(_STOCK.findall(text))
    ok = core >= 0.5 and length.get("problems", 0) >= 500 and length.get("causes", 0) >= 300
    return ("基本达标" if ok and score > 20 else "需修改" if ok else "不达标"), score


def rate(func: Callable[[], object], count: int, rounds: int) -> float:
    """Best reports/s over ``rounds`` (one core, this process)."""
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        func()
        best = min(best, time.perf_counter() - start)
    return count / best


def check_only(reports: list[Report]) -> None:
    for report in reports:  # each check builds its own report view (nothing is cached between checks)
        check_report(report)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    texts = corpus()
    reports = [parse_text(t) for t in texts]
    check_only(reports)  # warm caches of the data files
    mean_chars = sum(len(t) for t in texts) / len(texts)
    n = len(texts)
    rows = [
        (
            "keyword script (field-notes audit approach; baseline)",
            rate(lambda: [keyword_script(t) for t in texts], n, args.rounds),
        ),
        ("mingjing check_report (parsed report → Review)", rate(lambda: check_only(reports), n, args.rounds)),
        (
            "mingjing parse_text + check_report (text → Review)",
            rate(lambda: check_only([parse_text(t) for t in texts]), n, args.rounds),
        ),
    ]
    table = render(rows, n, mean_chars, args.rounds)
    print(table)
    if not args.no_write:
        write(table)


def render(rows: list[tuple[str, float]], n: int, mean_chars: float, rounds: int) -> str:
    machine = f"{platform.machine()} · {platform.system()} · Python {platform.python_version()} · {os.cpu_count()} cores"
    base = rows[0][1]
    lines = [
        "## Review engine (bench/bench_check.py)",
        "",
        f"{date.today().isoformat()} · {machine} · one core, one process · {n} reports of {mean_chars:.0f} characters on "
        f"average (seeds and eval reports padded to ~5,000) · best of {rounds} rounds. Target: ≥ 50 reports/s for the full check.",
        "",
        "| method | reports/s | ms per report | × baseline time |",
        "| --- | ---: | ---: | ---: |",
    ]
    for name, per_second in rows:
        lines.append(f"| {name} | {per_second:.0f} | {1000 / per_second:.2f} | {base / per_second:.1f} |")
    lines += [
        "",
        "The baseline only decides a verdict from keyword counts; it gives no findings, spans or suggestions.",
    ]
    return "\n".join(lines)


def write(table: str) -> None:
    write_section("bench_check", table)


if __name__ == "__main__":
    main()

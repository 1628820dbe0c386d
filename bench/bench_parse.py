"""Parse throughput: the seed reports replicated to 1,000 files, .txt and .docx, on one core.

Beside 明镜's parser, in the same run:

* ``read only``: :func:`mingjing.readers.read_document` without parsing (the floor any parser pays);
* ``naive keyword splitter``: read, then cut the text at the first occurrence of any part keyword
  anywhere — the method of the public audit script described in the field notes (its known weakness:
  an introduction that says "下一步努力方向" ends the problems part at once).

Each method is also scored: the share of files whose structure came out right (明镜: exactly
``expected_structure.json``; naive splitter: each part starting at its real heading line).

Usage::

    .venv/bin/python bench/bench_parse.py            # 1,000 files, writes docs/benchmarks.md
    .venv/bin/python bench/bench_parse.py --files 200 --no-write
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # for tests.support.docx_build (builds the .docx copies)

from benchdoc import write_section  # noqa: E402

from mingjing.api import parse_file  # noqa: E402
from mingjing.model import ParsedReport as Report  # noqa: E402
from mingjing.readers import read_document  # noqa: E402
from tests.conftest import SEEDS_DIR, seed_expectations, seed_files  # noqa: E402
from tests.support.docx_build import build_docx_with_numbering  # noqa: E402

SECTION_START = "<!-- bench_parse:start -->"
SECTION_END = "<!-- bench_parse:end -->"
TARGETS = {"txt": 200.0, "docx": 50.0}

# The naive splitter's vocabulary: what a keyword-based audit script looks for, anywhere in the text.
NAIVE_KEYWORDS = {
    "problems": ("存在问题", "存在的问题", "问题查摆", "查摆问题", "查摆出的问题", "对照检查"),
    "causes": ("原因剖析", "原因分析", "思想根源", "根源剖析", "产生问题的原因"),
    "measures": ("整改措施", "努力方向", "下一步", "下步打算", "整改方向"),
}
_LABEL_RE = re.compile(r"^[一二三四五六七八九十]+、")


@dataclass(frozen=True)
class Result:
    fmt: str
    method: str
    files: int
    seconds: float
    correct: int | None

    @property
    def rate(self) -> float:
        return self.files / self.seconds if self.seconds else float("inf")


# ---------------------------------------------------------------------------
# The three methods; each returns whether the file's structure came out right (None: not scored)
# ---------------------------------------------------------------------------


def _summary(report: Report) -> dict[str, Any]:
    def heading(part: Any) -> str | None:
        return part.heading.text if part is not None and part.heading is not None else None

    problems = report.problems
    return {
        "meeting_kind": report.meeting_kind,
        "problems": None
        if problems is None
        else {
            "heading": heading(problems),
            "aspects": [
                {"heading": heading(a), "aspect": a.aspect, "items": len(a.items)} for a in problems.aspects
            ],
        },
        "causes": None
        if report.causes is None
        else {"heading": heading(report.causes), "items": len(report.causes.items)},
        "measures": None
        if report.measures is None
        else {"heading": heading(report.measures), "items": len(report.measures.items)},
    }


def run_mingjing(path: Path, expected: dict[str, Any]) -> bool:
    return _summary(parse_file(path)) == expected


def run_read_only(path: Path, expected: dict[str, Any]) -> bool | None:
    read_document(path)
    return None


def run_naive(path: Path, expected: dict[str, Any]) -> bool:
    """Cut at the first keyword hit per part; right when each hit is on the part's real heading line."""
    document = read_document(path)
    lines = [(p.numbering or "") + p.text.strip() for p in document.paragraphs]
    text = "\n".join(lines)
    for kind, keywords in NAIVE_KEYWORDS.items():
        hits = [pos for pos in (text.find(k) for k in keywords) if pos >= 0]
        found_line = text.count("\n", 0, min(hits)) if hits else None
        want = expected[kind]["heading"] if expected.get(kind) else None
        true_line = next((i for i, line in enumerate(lines) if _LABEL_RE.sub("", line) == want), None)
        if found_line != true_line:
            return False
    return True


METHODS: dict[str, Callable[[Path, dict[str, Any]], bool | None]] = {
    "read only (baseline)": run_read_only,
    "naive keyword splitter (baseline)": run_naive,
    "明镜 parse_file": run_mingjing,
}


# ---------------------------------------------------------------------------
# Corpus, timing, report
# ---------------------------------------------------------------------------


def build_corpus(folder: Path, count: int) -> dict[str, list[tuple[Path, str]]]:
    """``count`` .txt and ``count`` .docx files, cycling through the seeds; (path, seed name) pairs."""
    seeds = seed_files()
    docx_sources = {
        seed.name: build_docx_with_numbering(
            folder / f"_{seed.stem}.docx", seed.read_text("utf-8").splitlines()
        )
        for seed in seeds
    }
    corpus: dict[str, list[tuple[Path, str]]] = {"txt": [], "docx": []}
    for index in range(count):
        seed = seeds[index % len(seeds)]
        for fmt, source in (("txt", seed), ("docx", docx_sources[seed.name])):
            target = folder / fmt / f"{index:04d}_{seed.stem}.{fmt}"
            target.parent.mkdir(exist_ok=True)
            shutil.copyfile(source, target)
            corpus[fmt].append((target, seed.name))
    return corpus


def pin_to_one_core() -> str:
    if hasattr(os, "sched_setaffinity"):
        core = min(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {core})
        return f"pinned to CPU {core}"
    return "not pinned (no sched_setaffinity)"


def time_method(
    method: Callable[[Path, dict[str, Any]], bool | None], files: list[tuple[Path, str]]
) -> tuple[float, int | None]:
    expected = seed_expectations()
    for path, seed in files[:5]:  # warm-up: OpenCC table, framework files, regex compilation
        method(path, expected[seed])
    correct: int | None = 0
    start = time.perf_counter()
    for path, seed in files:
        ok = method(path, expected[seed])
        correct = None if ok is None or correct is None else correct + int(ok)
    return time.perf_counter() - start, correct


def machine() -> dict[str, str]:
    model = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "date": dt.date.today().isoformat(),
        "cpu": model,
        "nproc": str(os.cpu_count()),
        "python": platform.python_version(),
        "platform": platform.platform(),
    }


def table(results: list[Result]) -> str:
    rows = [
        "| format | method | files | seconds | reports/s | ms/report | structure right |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        right = "—" if r.correct is None else f"{r.correct}/{r.files}"
        rows.append(
            f"| .{r.fmt} | {r.method} | {r.files} | {r.seconds:.2f} | {r.rate:.0f} | {1000 / r.rate:.2f} | {right} |"
        )
    return "\n".join(rows)


def verdicts(results: list[Result]) -> list[str]:
    lines = []
    for fmt, target in TARGETS.items():
        ours = next(r for r in results if r.fmt == fmt and r.method.startswith("明镜"))
        status = "met" if ours.rate >= target else "NOT met"
        lines.append(f"- .{fmt}: {ours.rate:.0f} reports/s against a target of ≥ {target:.0f}/s — {status}.")
    return lines


def section(results: list[Result], info: dict[str, str], pinning: str) -> str:
    return "\n".join(
        [
            SECTION_START,
            "## Parse throughput (`bench/bench_parse.py`)",
            "",
            f"Run {info['date']} on {info['cpu']} ({info['nproc']} CPUs, {pinning}), Python {info['python']}, "
            f"{info['platform']}.",
            "",
            f"The {len(seed_files())} seed reports replicated to {results[0].files} files per format "
            "(the .docx copies are built with Word automatic list numbering), read from a temporary "
            'folder one after another in one process, after a warm-up of five files. "structure right": '
            "明镜 — the file parses to exactly expected_structure.json; naive splitter — each part starts on "
            "its real heading line.",
            "",
            table(results),
            "",
            *verdicts(results),
            SECTION_END,
        ]
    )


def write_doc(text: str) -> Path:
    return write_section("bench_parse", text)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--files", type=int, default=1000, help="files per format (default 1000)")
    parser.add_argument("--no-write", action="store_true", help="print only; leave docs/benchmarks.md alone")
    args = parser.parse_args()
    pinning = pin_to_one_core()
    info = machine()
    print(f"seeds from {SEEDS_DIR}; {pinning}; {info['cpu']}; Python {info['python']}")
    results: list[Result] = []
    with tempfile.TemporaryDirectory(prefix="mingjing-bench-") as tmp:
        corpus = build_corpus(Path(tmp), args.files)
        for fmt in ("txt", "docx"):
            for name, method in METHODS.items():
                seconds, correct = time_method(method, corpus[fmt])
                results.append(Result(fmt, name, len(corpus[fmt]), seconds, correct))
                print(f"  .{fmt:<4} {name:<36} {results[-1].rate:8.0f} reports/s")
    print()
    print(table(results))
    print("\n".join(verdicts(results)))
    print(json.dumps({"machine": info}, ensure_ascii=False))
    if not args.no_write:
        print(f"written to {write_doc(section(results, info, pinning))}")


if __name__ == "__main__":
    main()

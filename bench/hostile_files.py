"""Hostile files (issue 14): time and peak memory of reading each one, limits off vs on.

Usage: .venv/bin/python bench/hostile_files.py [--no-write] [--only KEY ...]

The cases are those of ``tests/hostile/cases.py`` (generated, never stored). Each is read in a fresh
child process (``tests/hostile/probe.py``: wall time, peak RSS from ``wait4`` including converters):

* **limits off**: ``ReadLimits.unlimited()`` and every format accepted, i.e. the reader before issue 14,
  inside a budget so it cannot eat the machine: address space 2 GB (``setrlimit``), killed after 20 s;
  such runs are reported as "> 20 s" / "> 2 GB";
* **limits on**: the defaults and the ``accept=`` of the case (what a server passes).

Results go to docs/benchmarks.md (section "Hostile files") with the machine and date.
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import os
import platform
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # for tests.hostile

from benchdoc import write_section  # noqa: E402

from tests.hostile.cases import CASES, Case  # noqa: E402
from tests.hostile.probe import Measurement, measure  # noqa: E402

BUDGET_SECONDS = 20.0
BUDGET_BYTES = 2 * 1024**3
KEY = "hostile-files"


def _before(result: Measurement) -> tuple[str, str, str]:
    if result.outcome == "timeout":
        return "killed", f"> {BUDGET_SECONDS:g} s", "—"
    crashed = result.outcome in ("MemoryError", "crash")
    outcome = "> 2 GB (MemoryError)" if crashed else _outcome(result)
    peak = "> 2 GB" if crashed else f"{result.peak_mb:.0f} MB"
    return outcome, f"{result.seconds:.2f} s", peak


def _outcome(result: Measurement) -> str:
    if result.outcome == "LimitExceededError":
        return f"limit `{result.limit}`"
    return {"ok": "read", "ReadError": "error", "UnsupportedFormatError": "refused"}.get(
        result.outcome, result.outcome
    )


def _run(case: Case, work: Path) -> str:
    path = work / "in" / case.filename
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(case.build())
    before = measure(path, work / "tmp-off", mode="unlimited", timeout=BUDGET_SECONDS, memory=BUDGET_BYTES)
    after = measure(path, work / "tmp-on", accept=case.accept)
    b_outcome, b_time, b_peak = _before(before)
    a_peak = "—" if math.isnan(after.peak_mb) else f"{after.peak_mb:.0f} MB"
    left = len(after.leftovers) + len(after.orphans)
    message = after.message.split("。")[0].split("；")[0][:80] + ("。" if after.message else "")
    row = (
        f"| {case.title} | {b_outcome} | {b_time} | {b_peak} | {_outcome(after)} | {after.seconds:.2f} s "
        f"| {a_peak} | {left} | {message} |"
    )
    print(row, flush=True)
    shutil.rmtree(path.parent, ignore_errors=True)
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--no-write", action="store_true", help="print only, do not update docs/benchmarks.md"
    )
    parser.add_argument("--only", nargs="*", default=None, help="case keys to run")
    args = parser.parse_args()
    cases = [c for c in CASES if args.only is None or c.key in args.only]
    rows = []
    with tempfile.TemporaryDirectory(prefix="mingjing-hostile-") as folder:
        for case in cases:
            if case.needs and shutil.which(case.needs) is None:
                print(f"skipped {case.key}: {case.needs} not installed")
                continue
            rows.append(_run(case, Path(folder) / case.key))
    body = "\n".join(
        [
            "## Hostile files (readers, issue 14)",
            "",
            f"`bench/hostile_files.py` on {platform.node()} ({os.cpu_count()} cores, Python "
            f"{platform.python_version()}), {dt.date.today().isoformat()}. Each file is read in a fresh process;",
            "time is wall clock including the interpreter start (~0.1 s), peak is the child's maximum resident",
            "size (converters included). *Limits off* = `ReadLimits.unlimited()` and every format accepted",
            f"(close to the reader before issue 14) inside a budget of {BUDGET_SECONDS:g} s and 2 GB of address",
            f"space; the machine was shared with other work (load average {os.getloadavg()[0]:.1f} at the end);",
            "*limits on* = the defaults and the case's `accept=`. *Left* counts temporary files and processes",
            "left behind. Limits and their reasons: `docs/limits.md`.",
            "",
            "| file | off: result | off: time | off: peak | on: result | on: time | on: peak | left | message (on) |",
            "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
            *rows,
        ]
    )
    if not args.no_write:
        print(f"written to {write_section(KEY, body)}")


if __name__ == "__main__":
    main()

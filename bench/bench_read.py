"""How long reading a report file takes, against opening it with python-docx (the baseline).

Usage: .venv/bin/python bench/bench_read.py [--repeat N] [--no-write]

Builds test files from the seed reports (never stored): a .docx of about 15 000 characters (three
seeds one after another) with Word automatic numbering, the same as a table report, and the same
text as UTF-8 and GB18030 .txt. Each is read N times. The baseline row is python-docx's
``Document(path)`` plus ``[p.text for p in doc.paragraphs]`` on the numbered .docx, which gives
less (no tables, no numbering labels); "cold" rows clear the style-sheet cache before every read
(the first report of a template), "warm" rows do not (a batch of reports from one template). With
LibreOffice installed, a copy re-saved by LibreOffice (a small style sheet, like Word's) is timed
too. Results are printed and written to docs/benchmarks.md (section "Reading files"), with the
machine and date.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import docx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # for tests.support.docx_build

from benchdoc import write_section  # noqa: E402

from mingjing.readers import convert, ooxml, read_document  # noqa: E402
from tests.support.docx_build import build_docx_with_numbering, build_docx_with_table  # noqa: E402

SEEDS = Path(os.environ.get("MINGJING_SEEDS", ROOT.parent / "shared" / "seeds"))
SECTION = "## Reading files (readers)"
Row = tuple[str, float, int]  # name, seconds per read, characters read


def _timed(func: Callable[[], object], repeat: int) -> float:
    func()  # imports and first-call costs are not what we measure
    start = time.perf_counter()
    for _ in range(repeat):
        func()
    return (time.perf_counter() - start) / repeat


def _cold(path: Path) -> Callable[[], object]:
    def read() -> object:
        ooxml.styles_from.cache_clear()
        return read_document(path)

    return read


def _baseline(path: Path) -> Callable[[], object]:
    return lambda: [p.text for p in docx.Document(str(path)).paragraphs]


def _files(folder: Path) -> dict[str, Path]:
    lines = [line for seed in sorted(SEEDS.glob("*.txt"))[:3] for line in seed.read_text("utf-8").split("\n")]
    text = "\n".join(lines)
    files = {
        "numbered": build_docx_with_numbering(folder / "numbered.docx", lines),
        "table": build_docx_with_table(folder / "table.docx", [("方面", line, "") for line in lines if line]),
    }
    for encoding in ("utf-8", "gb18030"):
        files[encoding] = folder / f"{encoding}.txt"
        files[encoding].write_bytes(text.encode(encoding))
    office = convert.find_libreoffice()
    if office is not None:
        profile = f"-env:UserInstallation={(folder / 'profile').as_uri()}"
        command = [office, profile, "--headless", "--convert-to", "docx", "--outdir", str(folder / "lo")]
        subprocess.run([*command, str(files["numbered"])], capture_output=True, timeout=120, check=False)
        if (folder / "lo" / "numbered.docx").exists():
            files["libreoffice"] = folder / "lo" / "numbered.docx"
    return files


def measure(repeat: int) -> list[Row]:
    with tempfile.TemporaryDirectory() as folder:
        files = _files(Path(folder))
        chars = sum(len(p.text) for p in read_document(files["numbered"]).paragraphs)
        rows: list[Row] = [
            ("python-docx open + paragraphs (baseline)", _timed(_baseline(files["numbered"]), repeat), chars)
        ]
        rows.append((".docx numbered, cold", _timed(_cold(files["numbered"]), repeat), chars))
        rows.append((".docx numbered, warm", _timed(lambda: read_document(files["numbered"]), repeat), chars))
        rows.append((".docx table, warm", _timed(lambda: read_document(files["table"]), repeat), chars))
        if "libreoffice" in files:
            rows.append(
                (".docx saved by LibreOffice, cold", _timed(_cold(files["libreoffice"]), repeat), chars)
            )
        for encoding in ("utf-8", "gb18030"):
            rows.append(
                (f".txt {encoding}", _timed(lambda e=encoding: read_document(files[e]), repeat), chars)
            )
    return rows


def table(rows: list[Row], repeat: int) -> str:
    baseline = rows[0][1]
    lines = [
        SECTION,
        "",
        f"{dt.date.today()} · {platform.machine()} · {platform.processor() or platform.system()} · "
        f"Python {platform.python_version()} · {rows[0][2]} characters per file · {repeat} reads each.",
        "",
        "| file | ms per read | files/s | × baseline |",
        "| --- | ---: | ---: | ---: |",
    ]
    lines += [
        f"| {name} | {sec * 1000:.2f} | {1 / sec:.0f} | {sec / baseline:.2f} |" for name, sec, _ in rows
    ]
    return "\n".join(lines) + "\n"


def write(section: str) -> None:
    write_section("bench_read", section, legacy_heading=SECTION)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=50)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    section = table(measure(args.repeat), args.repeat)
    print(section)
    if not args.no_write:
        write(section)


if __name__ == "__main__":
    main()

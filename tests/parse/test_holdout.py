"""The held-out set: our own reports in shapes the seeds and the shipped samples do not show.

Each ``tests/data/holdout/<name>.txt`` has ``<name>.expected.json`` in the seeds' format (see
``tests/data/holdout/README.md``). Four of them are also parsed as Word files built here from the
same lines: bold unnumbered headings, Word automatic numbering (on the paragraphs, or in the
"Heading 1"/"标题 1" styles), a two-column table, and a multi-page PDF read through pdftotext.

The expectations describe the report as a reviewer reads it; they are never adjusted to the parser.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from docx import Document

from mingjing.api import parse_file
from mingjing.model import AspectSection, ParsedReport, Part
from tests.conftest import SEEDS_DIR, TEST_DATA
from tests.parse.holdout_builders import build_docx_heading_styles, build_paged_pdf
from tests.parse.parse_checks import check_invariants
from tests.support.docx_build import build_docx, build_docx_with_numbering, build_docx_with_table

pytestmark = pytest.mark.holdout

HOLDOUT_DIR = TEST_DATA / "holdout"
REPORTS = sorted(HOLDOUT_DIR.glob("*.txt"))
# Reports that are also parsed as a Word or PDF file built from their lines, and how it is built.
VARIANTS = (
    ("h06_无编号部分标题", "docx-bold"),
    ("h09_党纪学习教育_自动编号", "docx-numbering"),
    ("h10_表格_方面问题两列", "docx-table"),
    ("h14_阿拉伯数字方面_括号条目", "docx-numbering"),
    ("h17_PDF转换_页眉页码断行", "pdf"),
    ("h18_Word标题样式自动编号", "docx-heading-styles"),
    ("h18_Word标题样式自动编号", "docx-cn-heading-styles"),
    ("h20_加粗方面标题_无编号段落", "docx-bold"),
)
CASES = [(path, "txt") for path in REPORTS] + [
    (HOLDOUT_DIR / f"{stem}.txt", source) for stem, source in VARIANTS
]
MIN_CHARS, MAX_CHARS = 1500, 4000  # h16–h21 were written to 1,500–3,500
SEED_SENTENCE = 20  # no seed sentence this long may occur in a holdout report
SEED_WINDOW = 40  # no run this long may be shared with a seed
MAX_BOLD_LINE = 30
_SENTENCE_PUNCT = re.compile(r"[，。；！？,;!?]")


# ---------------------------------------------------------------------------
# Building the Word variants
# ---------------------------------------------------------------------------


def _bold_docx(target: Path, lines: list[str]) -> Path:
    """Plain paragraphs, with every short unpunctuated line bold: the title and the headings."""
    build_docx(target, lines)
    document = Document(str(target))
    for paragraph in document.paragraphs:
        text = paragraph.text.strip()
        if text and len(text) <= MAX_BOLD_LINE and not _SENTENCE_PUNCT.search(text):
            for run in paragraph.runs:
                run.bold = True
    document.save(str(target))
    return target


def _table_docx(target: Path, lines: list[str]) -> Path:
    """Tab-separated lines (a table pasted as text) become a Word table; an empty first cell
    continues the cell above it, which the builder merges vertically as Word shows it."""
    rows_at = [i for i, line in enumerate(lines) if "\t" in line]
    assert rows_at == list(range(rows_at[0], rows_at[-1] + 1)), "table rows must be consecutive"
    header, *body = [line.split("\t") for line in lines[rows_at[0] : rows_at[-1] + 1]]
    rows: list[list[str]] = []
    for cells in body:
        first = cells[0].strip() or (rows[-1][0] if rows else "")
        rows.append([first, *cells[1:]])
    return build_docx_with_table(
        target,
        rows,
        before=lines[: rows_at[0]],
        after=lines[rows_at[-1] + 1 :],
        header=header,
    )


def materialise(path: Path, source: str, directory: Path) -> Path:
    """The file to parse: the .txt itself, or a .docx built from its lines."""
    if source == "txt":
        return path
    lines = path.read_text("utf-8").splitlines()
    target = directory / f"{path.stem}.{source}.docx"
    if source == "docx-bold":
        return _bold_docx(target, lines)
    if source == "docx-numbering":
        return build_docx_with_numbering(target, lines)
    if source == "docx-table":
        return _table_docx(target, lines)
    if source in ("docx-heading-styles", "docx-cn-heading-styles"):
        return build_docx_heading_styles(target, lines, chinese_names=source.startswith("docx-cn"))
    if source == "pdf":
        if shutil.which("pdftotext") is None:
            pytest.skip("pdftotext is not installed: the PDF variant needs it to be read")
        return build_paged_pdf(directory / f"{path.stem}.pdf", lines)
    raise ValueError(f"unknown source {source}")


# ---------------------------------------------------------------------------
# Summaries and the diff
# ---------------------------------------------------------------------------


def _heading(section: Part | AspectSection) -> str | None:
    return section.heading.text if section.heading is not None else None


def summary(report: ParsedReport) -> dict[str, Any]:
    """The report in the expectation's format.

    Problems items that belong to no aspect (``Part.items``) form one group with heading and aspect
    null, placed first: that is how an aspect-less problems part is written in the expectations.
    """
    got: dict[str, Any] = {"meeting_kind": report.meeting_kind}
    problems = report.problems
    if problems is None:
        got["problems"] = None
    else:
        groups: list[dict[str, Any]] = []
        if problems.items:
            groups.append({"heading": None, "aspect": None, "items": len(problems.items)})
        groups += [
            {"heading": _heading(a), "aspect": a.aspect, "items": len(a.items)} for a in problems.aspects
        ]
        got["problems"] = {"heading": _heading(problems), "aspects": groups}
    for kind in ("causes", "measures"):
        part = getattr(report, kind)
        got[kind] = None if part is None else {"heading": _heading(part), "items": len(part.items)}
    return got


def _show(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def _label(aspect: Any) -> str:
    return repr(aspect.get("heading")) if isinstance(aspect, dict) else repr(aspect)


def _diff_aspects(want: list[Any], got: list[Any]) -> list[str]:
    lines = []
    if len(want) != len(got):
        lines.append(f"problems.aspects: expected {len(want)} aspects, got {len(got)}")
    for index, (w, g) in enumerate(zip(want, got, strict=False)):
        lines += diff(w, g, f"problems.aspects[{index}] {_label(w)}")
    lines += [f"problems.aspects[{i}]: missing {_show(w)}" for i, w in enumerate(want) if i >= len(got)]
    lines += [f"problems.aspects[{i}]: unexpected {_show(g)}" for i, g in enumerate(got) if i >= len(want)]
    return lines


def diff(want: Any, got: Any, where: str = "") -> list[str]:
    """Every difference between an expectation and a summary, one line per leaf."""
    if isinstance(want, dict) and isinstance(got, dict):
        lines = []
        for key in sorted(set(want) | set(got)):
            path = f"{where}.{key}" if where else key
            if where == "problems" and key == "aspects":
                lines += _diff_aspects(want.get(key, []), got.get(key, []))
            else:
                lines += diff(want.get(key, "<absent>"), got.get(key, "<absent>"), path)
        return lines
    if want == got:
        return []
    return [f"{where}: expected {_show(want)}, got {_show(got)}"]


def expectation(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.with_name(f"{path.stem}.expected.json").read_text("utf-8"))
    return data


# ---------------------------------------------------------------------------
# The tests
# ---------------------------------------------------------------------------


def _case_id(path: Path, source: str) -> str:
    return f"{path.stem.split('_')[0]}-{source}"  # "h04-txt": pytest would escape the Chinese


CASE_IDS = [_case_id(path, source) for path, source in CASES]
REPORT_IDS = [path.stem.split("_")[0] for path in REPORTS]


@pytest.fixture(scope="module")
def parse_case(tmp_path_factory: pytest.TempPathFactory) -> Callable[[Path, str], ParsedReport]:
    """Parses each case once for the module (the structure and the span tests share it)."""
    directory = tmp_path_factory.mktemp("holdout")
    cache: dict[tuple[Path, str], ParsedReport] = {}

    def parse(path: Path, source: str) -> ParsedReport:
        if (path, source) not in cache:
            cache[path, source] = parse_file(materialise(path, source, directory))
        return cache[path, source]

    return parse


@pytest.mark.parametrize(("path", "source"), CASES, ids=CASE_IDS)
def test_holdout_structure(path: Path, source: str, parse_case: Callable[[Path, str], ParsedReport]) -> None:
    want = expectation(path)[path.name]
    got = summary(parse_case(path, source))
    differences = diff(want, got)
    assert not differences, (
        f"{path.name} ({source}): {len(differences)} difference(s)\n  "
        + "\n  ".join(differences)
        + "\nparsed: "
        + _show(got)
    )


@pytest.mark.parametrize(("path", "source"), CASES, ids=CASE_IDS)
def test_holdout_spans_are_consistent(
    path: Path, source: str, parse_case: Callable[[Path, str], ParsedReport]
) -> None:
    check_invariants(parse_case(path, source))


def test_the_holdout_set_is_complete() -> None:
    assert len(REPORTS) == 21
    stems = {path.stem for path in REPORTS}
    assert {stem for stem, _ in VARIANTS} <= stems
    assert {p.name for p in HOLDOUT_DIR.glob("*.expected.json")} == {f"{s}.expected.json" for s in stems}
    for path in REPORTS:
        data = expectation(path)
        assert list(data) == [path.name]
        assert set(data[path.name]) == {"meeting_kind", "problems", "causes", "measures"}


@pytest.mark.parametrize("path", REPORTS, ids=REPORT_IDS)
def test_holdout_report_is_clean_text_of_report_length(path: Path) -> None:
    raw = path.read_bytes().decode("utf-8")  # strict: fails on any invalid byte
    assert not raw.startswith("\ufeff") and "\r" not in raw and raw.endswith("\n")
    assert MIN_CHARS <= len(raw) <= MAX_CHARS, len(raw)


def _squeeze(text: str) -> str:
    return "".join(text.split())


@pytest.fixture(scope="module")
def seed_text() -> tuple[list[str], set[str]]:
    sentences: list[str] = []
    windows: set[str] = set()
    for seed in sorted(SEEDS_DIR.glob("*.txt")):
        raw = seed.read_text("utf-8")
        sentences += [s for s in map(_squeeze, re.split(r"[。！？!?；;\n]", raw)) if len(s) >= SEED_SENTENCE]
        body = _squeeze(raw)
        windows.update(body[i : i + SEED_WINDOW] for i in range(len(body) - SEED_WINDOW + 1))
    assert sentences, f"no seed reports in {SEEDS_DIR}"
    return sentences, windows


@pytest.mark.parametrize("path", REPORTS, ids=REPORT_IDS)
def test_holdout_report_copies_no_seed_text(path: Path, seed_text: tuple[list[str], set[str]]) -> None:
    sentences, windows = seed_text
    text = _squeeze(path.read_text("utf-8"))
    assert not [s for s in sentences if s in text]
    assert not [
        text[i : i + SEED_WINDOW]
        for i in range(len(text) - SEED_WINDOW + 1)
        if text[i : i + SEED_WINDOW] in windows
    ]

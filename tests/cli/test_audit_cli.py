"""``mingjing audit`` over a folder: every readable report reviewed, bad files listed, xlsx written."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from mingjing.checks.registry import FAMILIES
from mingjing.cli import main
from tests.conftest import seed_files
from tests.support.docx_build import build_docx_with_numbering

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("reports")
    seeds = seed_files()
    (root / "支部").mkdir()
    for i, seed in enumerate(seeds[1:]):
        shutil.copy(seed, (root / "支部" if i % 2 else root) / seed.name)
    build_docx_with_numbering(root / "第一份.docx", seeds[0].read_text("utf-8").splitlines())
    (root / "损坏.docx").write_bytes(b"PK\x03\x04" + b"\x00" * 40)
    (root / "扫描件.png").write_bytes(PNG)
    (root / ".hidden.txt").write_text("不读", encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def audited(folder: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, str]:
    out = tmp_path_factory.mktemp("out")
    xlsx, html = out / "summary.xlsx", out / "html"
    result = CliRunner().invoke(
        main, ["audit", str(folder), "--output", str(xlsx), "--html-dir", str(html)], catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    return xlsx, html, result.output


def _reports(folder: Path) -> list[str]:
    names = [p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.suffix in (".txt", ".docx")]
    return sorted(n for n in names if not n.startswith(".") and n != "损坏.docx")


def test_one_row_per_readable_report(folder: Path, audited: tuple[Path, Path, str]) -> None:
    xlsx, _, _ = audited
    sheet = load_workbook(xlsx)["汇总"]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert sorted(r[0] for r in rows) == _reports(folder)
    assert all(r[2] in ("不达标", "需修改", "基本达标") for r in rows)
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref


def test_counts_match_check(folder: Path, audited: tuple[Path, Path, str]) -> None:
    xlsx, _, _ = audited
    sheet = load_workbook(xlsx)["汇总"]
    header = [c.value for c in sheet[1]]
    for values in sheet.iter_rows(min_row=2, values_only=True):
        row = dict(zip(header, values, strict=True))
        result = CliRunner().invoke(main, ["check", str(folder / str(row["文件"])), "--format", "json"])
        data = json.loads(result.stdout)
        assert row["判定"] == data["verdict"] and row["得分"] == round(data["score"], 1)
        for severity, count in data["counts"].items():
            assert row[severity] == count
        for family, label in FAMILIES.items():
            assert row[label] == sum(f["family"] == family for f in data["findings"])


def test_unreadable_files_are_listed_not_fatal(audited: tuple[Path, Path, str]) -> None:
    xlsx, _, output = audited
    errors = dict(load_workbook(xlsx)["无法读取"].iter_rows(min_row=2, values_only=True))
    assert set(errors) == {"损坏.docx", "扫描件.png"}
    assert all(reason and "Traceback" not in reason for reason in errors.values())
    assert "损坏.docx" in output and "扫描件.png" in output and ".hidden" not in output


def test_findings_sheet_and_html_pages(folder: Path, audited: tuple[Path, Path, str]) -> None:
    xlsx, html, _ = audited
    details = list(load_workbook(xlsx)["问题明细"].iter_rows(min_row=2, values_only=True))
    summary = load_workbook(xlsx)["汇总"]
    header = [c.value for c in summary[1]]
    rows = [dict(zip(header, r, strict=True)) for r in summary.iter_rows(min_row=2, values_only=True)]
    totals = {r["文件"]: r["错误"] + r["警告"] + r["提示"] for r in rows}
    per_file: dict[str, int] = {}
    for row in details:
        per_file[row[0]] = per_file.get(row[0], 0) + 1
    assert all(per_file.get(name, 0) == total for name, total in totals.items())
    for name in _reports(folder):
        assert (html / f"{name}.html").is_file()


def test_empty_folder_is_a_chinese_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["audit", str(tmp_path)])
    assert result.exit_code == 2 and "没有找到" in result.output

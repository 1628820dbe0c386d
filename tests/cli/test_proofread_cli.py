"""``mingjing proofread`` through click's CliRunner: JSON offsets into the file's text, text output, errors."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner, Result

from mingjing.cli import main
from tests.support.docx_build import build_docx

TEXT = "一、存在问题\n我们要克服自已的急燥情绪，深入学习新世代中国特色社会主义思想。\n以上请批评指正。"


def run(*args: str) -> Result:
    return CliRunner().invoke(main, ["proofread", *args])


def test_json_offsets_index_the_paragraphs_joined_by_newlines(tmp_path: Path) -> None:
    path = tmp_path / "材料.txt"
    path.write_text(TEXT, "gbk")  # any encoding the readers know
    result = run(str(path), "--format", "json")
    assert result.exit_code == 0, result.output
    findings = json.loads(result.output)["findings"]
    assert [(f["text"], f["suggestion"]) for f in findings] == [
        ("自已", "自己"),
        ("急燥", "急躁"),
        ("世", "时"),
    ]
    for f in findings:
        assert TEXT[f["start"] : f["end"]] == f["text"]
        assert set(f) == {"rule", "severity", "message", "start", "end", "text", "suggestion"}


def test_docx_is_read_with_the_project_readers(tmp_path: Path) -> None:
    path = build_docx(tmp_path / "材料.docx", TEXT.split("\n"))
    findings = json.loads(run(str(path), "--format", "json").output)["findings"]
    assert [f["text"] for f in findings] == ["自已", "急燥", "世"]
    assert findings[0]["start"] == TEXT.index("自已")


def test_text_output_gives_line_and_column_and_a_count(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(TEXT, "utf-8")
    result = run(str(path))
    assert result.exit_code == 0
    assert "2:6 [错误]" in result.output and "“自已”→“自己”" in result.output
    assert "共 3 处疑似错误。" in result.output


def test_whitelist_file_and_clean_text(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("坚决反对权利腐败。\n", "utf-8")
    terms = tmp_path / "whitelist.txt"
    terms.write_text("# 本单位用语\n权利腐败\n", "utf-8")
    assert "权利" in run(str(path)).output
    assert run(str(path), "--whitelist", str(terms)).output.strip() == "未发现疑似错误。"


def test_bad_input_is_one_chinese_sentence(tmp_path: Path) -> None:
    result = run(str(tmp_path / "missing.txt"))
    assert result.exit_code == 2
    assert "找不到文件" in result.output and "Traceback" not in result.output
    image = tmp_path / "scan.png"
    image.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 64)
    result = run(str(image))
    assert result.exit_code == 2 and result.output.startswith("错误：")


def test_help_says_what_the_offsets_count() -> None:
    result = run("--help")
    assert result.exit_code == 0
    assert "joined with" in result.output and "before any normalisation" in result.output

"""``mingjing parse`` through click's CliRunner: JSON valid against docs/schema/parse-v1.json, text outline, errors."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from click.testing import CliRunner, Result

from mingjing.cli import main
from tests.conftest import ROOT, TEST_DATA, seed_files
from tests.support.docx_build import build_docx_with_numbering

SCHEMA = json.loads((ROOT / "docs" / "schema" / "parse-v1.json").read_text("utf-8"))
FILES = [*seed_files(), *sorted((TEST_DATA / "parse").glob("*.txt"))]


def run(*args: str) -> Result:
    return CliRunner().invoke(main, ["parse", *args], catch_exceptions=False)


def _walk_spans(node: Any, text: str) -> int:
    """Check every {start, end, text} object against the top-level text; return how many were seen."""
    seen = 0
    if isinstance(node, dict):
        if {"start", "end", "text"} <= node.keys() and isinstance(node["text"], str):
            assert node["text"] == text[node["start"] : node["end"]]
            seen += 1
        for key, value in node.items():
            if key != "text":
                seen += _walk_spans(value, text)
    elif isinstance(node, list):
        seen += sum(_walk_spans(value, text) for value in node)
    return seen


def test_schema_is_a_valid_json_schema() -> None:
    jsonschema.Draft202012Validator.check_schema(SCHEMA)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_json_output_matches_the_schema_and_the_text(path: Path) -> None:
    result = run(str(path))
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    jsonschema.validate(data, SCHEMA, cls=jsonschema.Draft202012Validator)
    assert data["schema_version"] == "1"
    assert _walk_spans(data, data["text"]) > 10
    for part in data["parts"].values():
        if part is not None and part["heading"] is not None:
            assert part["heading"] in data["text"][part["heading_start"] : part["heading_end"]]


def test_json_from_docx_with_word_numbering(tmp_path: Path) -> None:
    seed = seed_files()[0]
    path = build_docx_with_numbering(tmp_path / "seed.docx", seed.read_text("utf-8").splitlines())
    data = json.loads(run(str(path)).output)
    jsonschema.validate(data, SCHEMA, cls=jsonschema.Draft202012Validator)
    assert data["format"] == "docx"
    assert data["parts"]["problems"]["heading_number"] == "一、"
    assert len(data["parts"]["problems"]["aspects"]) == 6


def test_missing_part_is_null_in_json() -> None:
    data = json.loads(run(str(TEST_DATA / "parse" / "ordinary_member_two_parts.txt")).output)
    jsonschema.validate(data, SCHEMA, cls=jsonschema.Draft202012Validator)
    assert data["parts"]["causes"] is None
    assert any(w["code"] == "part.missing" for w in data["warnings"])


def test_text_outline() -> None:
    result = run(str(TEST_DATA / "parse" / "party_discipline_2024.txt"), "--format", "text")
    assert result.exit_code == 0
    assert "框架：2024年党纪学习教育专题民主生活会" in result.output
    assert "存在问题：一、对照“四个带头”查摆的问题" in result.output
    assert "整改措施：三、下一步整改措施" in result.output


def test_framework_option() -> None:
    data = json.loads(run(str(seed_files()[1]), "--framework", "generic").output)
    assert data["framework"]["id"] == "generic" and data["framework"]["chosen_by_user"] is True
    assert {a["aspect"] for a in data["parts"]["problems"]["aspects"]} == {None}


def test_unknown_framework_is_a_chinese_error() -> None:
    result = CliRunner().invoke(main, ["parse", str(seed_files()[0]), "--framework", "1999"])
    assert result.exit_code == 2
    assert "未知的检查框架“1999”" in result.output and "Traceback" not in result.output


def test_missing_file_is_a_chinese_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["parse", str(tmp_path / "nope.txt")])
    assert result.exit_code == 2
    assert "找不到文件" in result.output


def test_help_describes_the_command() -> None:
    result = run("--help")
    assert "解析一份对照检查材料" in result.output and "--framework" in result.output

"""``mingjing check`` through click's CliRunner, on the seed reports and on files built here."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import docx
import jsonschema
import pytest
from click.testing import CliRunner

from mingjing.api import parse_file
from mingjing.cli import main
from mingjing.model import ParsedReport
from tests.conftest import ROOT, seed_files
from tests.support.docx_build import build_docx_with_numbering, build_docx_with_table
from tests.support.render_probes import comment_anchors, probe_html

SEEDS = seed_files()
SCHEMA = json.loads((ROOT / "docs" / "schema" / "check-v2.json").read_text("utf-8"))


def run(*args: str) -> Any:
    result = CliRunner().invoke(main, ["check", *args], catch_exceptions=False)
    return result


def check_json(path: Path, *extra: str) -> Any:
    result = run(str(path), "--format", "json", *extra)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def source_text(report: ParsedReport, start: int, end: int) -> str:
    """The source text a comment on [start, end) must cover: from the first to the last source character
    behind the span, contiguous in the source (so characters the normalised text dropped, such as a stray
    space, are inside; numbering labels and paragraph joins have no source character)."""
    paragraphs = report.document.paragraphs
    positions = [
        (pos.paragraph, pos.offset)
        for i in range(start, end)
        if (pos := report.source_position(i)) is not None
        and pos.offset is not None
        and pos.offset < len(paragraphs[pos.paragraph].text)
    ]
    if not positions:
        return ""
    (p1, o1), (p2, o2) = positions[0], positions[-1]
    if p1 == p2:
        return paragraphs[p1].text[o1 : o2 + 1]
    middle = "".join(p.text for p in paragraphs[p1 + 1 : p2])
    return paragraphs[p1].text[o1:] + middle + paragraphs[p2].text[: o2 + 1]


@pytest.fixture(params=SEEDS, ids=lambda p: p.stem)
def seed(request: pytest.FixtureRequest, seeds_dir: Path) -> Path:
    path: Path = request.param
    assert path.parent == seeds_dir
    return path


def test_json_validates_and_offsets_match_parse(seed: Path) -> None:
    data = check_json(seed, "--include-text")
    jsonschema.validate(data, SCHEMA)
    assert data["text"] == parse_file(seed).text  # the same normalised text as `mingjing parse`
    assert data["findings"], "every seed has something a reviewer would flag"
    for finding in data["findings"]:
        assert finding["text"] == data["text"][finding["start"] : finding["end"]]
    assert sum(data["counts"].values()) == len(data["findings"])


def test_text_table_groups_by_part(seed: Path) -> None:
    result = run(str(seed))
    assert result.exit_code == 0
    data = check_json(seed)
    assert seed.name in result.stdout and data["verdict"] in result.stdout
    for section in {f["section"].split("·")[0] for f in data["findings"]}:
        assert section in result.stdout


def test_html_highlights_every_finding(seed: Path, tmp_path: Path) -> None:
    result = run(str(seed), "--format", "html", "--output", str(tmp_path) + "/")
    assert result.exit_code == 0, result.output
    page = (tmp_path / f"{seed.stem}.审阅.html").read_text("utf-8")
    probe = probe_html(page)
    assert probe.errors == [] and probe.stack == []
    for number, finding in enumerate(check_json(seed)["findings"], start=1):
        assert probe.covered[str(number)] == (finding["text"] or "▲")


def test_docx_from_text_has_one_comment_per_finding(seed: Path, tmp_path: Path) -> None:
    result = run(str(seed), "--format", "docx", "--output", str(tmp_path))
    assert result.exit_code == 0, result.output
    out = tmp_path / f"{seed.stem}.批注.docx"
    findings = check_json(seed)["findings"]
    report = parse_file(seed)
    anchors = comment_anchors(out)
    assert len(anchors) == len(findings)
    comments = list(docx.Document(str(out)).comments)
    for comment, finding in zip(comments, findings, strict=True):
        assert anchors[comment.comment_id] == source_text(report, finding["start"], finding["end"])
        assert finding["message"] in comment.text


def test_docx_with_word_numbering_keeps_the_original(seed: Path, tmp_path: Path) -> None:
    lines = seed.read_text("utf-8").splitlines()
    word = build_docx_with_numbering(tmp_path / f"{seed.stem}.docx", lines)
    before = hashlib.sha256(word.read_bytes()).hexdigest()
    result = run(str(word), "--format", "docx")
    assert result.exit_code == 0, result.output
    assert hashlib.sha256(word.read_bytes()).hexdigest() == before  # input untouched
    out = tmp_path / f"{seed.stem}.批注.docx"
    findings = check_json(word)["findings"]
    report = parse_file(word)
    anchors = comment_anchors(out)
    assert len(anchors) == len(findings)
    for comment, finding in zip(docx.Document(str(out)).comments, findings, strict=True):
        assert anchors[comment.comment_id] == source_text(report, finding["start"], finding["end"])
    # The annotated copy still reads as the same report.
    assert parse_file(out).text == report.text


def test_docx_with_a_merged_table(tmp_path: Path) -> None:
    rows = [
        ("理论学习方面", "一是学习XX不够深入，面对面对群众的机会少。\n二是学用结合不紧。"),
        ("理论学习方面", "三是对**文件精神领会不透。"),
        ("工作作风方面", "一是调研××次数偏少。"),
    ]
    word = build_docx_with_table(
        tmp_path / "表格.docx",
        rows,
        before=["对照检查材料", "一、存在问题"],
        after=["二、整改措施", "加强学习。"],
    )
    result = run(str(word), "--format", "docx", "--output", str(tmp_path / "out") + "/")
    assert result.exit_code == 0, result.output
    findings = check_json(word)["findings"]
    report = parse_file(word)
    anchors = comment_anchors(tmp_path / "out" / "表格.批注.docx")
    assert len(anchors) == len(findings) and any(f["family"] == "leftover" for f in findings)
    comments = docx.Document(str(tmp_path / "out" / "表格.批注.docx")).comments
    for comment, finding in zip(comments, findings, strict=True):
        assert anchors[comment.comment_id] == source_text(report, finding["start"], finding["end"])


def test_several_files_give_a_list_and_bad_files_do_not_stop_the_rest(tmp_path: Path) -> None:
    broken = tmp_path / "坏.docx"
    broken.write_bytes(b"PK\x03\x04 not really a zip")
    result = run(str(SEEDS[0]), str(broken), str(SEEDS[1]), "--format", "json")
    assert result.exit_code == 2
    data = json.loads(result.stdout)
    jsonschema.validate(data, SCHEMA)
    assert [d["file"] for d in data] == [str(SEEDS[0]), str(SEEDS[1])]
    assert "坏.docx" in result.stderr and "Traceback" not in result.output


def test_json_to_a_directory_writes_one_file_each(tmp_path: Path) -> None:
    result = run(*map(str, SEEDS[:2]), "--format", "json", "--output", str(tmp_path / "out") + "/")
    assert result.exit_code == 0, result.output
    for seed in SEEDS[:2]:
        jsonschema.validate(
            json.loads((tmp_path / "out" / f"{seed.stem}.check.json").read_text("utf-8")), SCHEMA
        )


def test_config_disables_rules(tmp_path: Path) -> None:
    findings = check_json(SEEDS[0])["findings"]
    family = findings[0]["family"]
    config = tmp_path / "规则.toml"
    rules = sorted({f["rule"] for f in findings if f["family"] == family})
    config.write_text("[rules]\ndisabled = [" + ", ".join(f'"{r}"' for r in rules) + "]\n", encoding="utf-8")
    remaining = check_json(SEEDS[0], "--config", str(config))["findings"]
    assert not {f["rule"] for f in remaining} & set(rules)
    assert len(remaining) == len(findings) - sum(f["rule"] in rules for f in findings)


def test_opinions_that_no_item_answers_are_reported(tmp_path: Path) -> None:
    opinions = tmp_path / "意见.txt"
    opinions.write_text("下基层调研次数偏少，对农村集体经济发展研究不够\n", encoding="utf-8")
    without = check_json(SEEDS[0])["findings"]
    with_opinions = check_json(SEEDS[0], "--opinions", str(opinions))["findings"]
    added = [f for f in with_opinions if f not in without]
    assert added and all(f["family"] == "opinion" for f in added)


def test_missing_file_is_a_chinese_error(tmp_path: Path) -> None:
    result = run(str(tmp_path / "没有.docx"))
    assert result.exit_code == 2 and "找不到" in result.stderr


def test_help_explains_the_formats() -> None:
    result = CliRunner().invoke(main, ["check", "--help"])
    assert result.exit_code == 0
    for word in ("text", "json", "html", "docx", "批注"):
        assert word in result.output

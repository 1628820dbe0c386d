"""The stored form of a review: parse JSON (with its source block) + review JSON rebuild the very same Review,
and the annotated .docx and HTML page made from the rebuilt review equal those made from the original."""

from __future__ import annotations

import io
import json
import re
import zipfile
from dataclasses import replace
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from render_docx_helpers import build_word_file

from mingjing.api import parse_file, report_to_dict
from mingjing.checks import check_report
from mingjing.model import ParsedReport, Review
from mingjing.render.docx_annotate import write_annotated_docx
from mingjing.render.html import render_html
from mingjing.render.json_out import review_to_dict
from mingjing.render.sections import sorted_findings
from mingjing.render.stored import (
    StoredFormError,
    has_source_map,
    report_from_dict,
    review_from_dict,
    review_from_stored,
)
from mingjing.samples import demo_members
from tests.conftest import ROOT, seed_files
from tests.support.docx_build import build_docx_with_numbering, build_docx_with_table

SCHEMA = json.loads((ROOT / "docs" / "schema" / "parse-v1.json").read_text("utf-8"))

# Everything the normaliser drops or changes, so paragraphs need patches: indentation, stray blanks,
# half-width marks, a web-page line dropped (its leftover.web-page finding anchors on the source line).
MESSY = "\n".join(
    [
        "　　张三同志对照检查材料",
        "来源：XX范文网   作者：佚名",
        "一、存在问题",
        "（一）理论学习方面",
        "　　一是学习不够深入,对 理 论 的 理解停留在表面:平时学习2023 年的文件不多。",
        "浏览次数：3268",
        "二、原因剖析",
        "(一)理想信念有所松懈.",
        "三、整改措施",
        "一是加强学习，每周学习不少于2次。  ",
    ]
)


def _stored(review: Review) -> tuple[dict[str, Any], dict[str, Any], str]:
    """What a caller stores: both JSON objects through a real JSON round trip, the text kept apart."""
    parse = json.loads(json.dumps(report_to_dict(review.report, source_map=True), ensure_ascii=False))
    text = parse.pop("text")
    stored_review = json.loads(json.dumps(review_to_dict(review), ensure_ascii=False))
    return parse, stored_review, text


def _in_text_order(review: Review) -> Review:
    return replace(review, findings=tuple(sorted_findings(review.findings)))


def _docx_parts(review: Review, path: Path, original: bytes | None) -> dict[str, bytes]:
    """Every part of the annotated package; a comment's date (the second it was written) is masked."""
    written = write_annotated_docx(review, path, original=original)
    with zipfile.ZipFile(io.BytesIO(written.path.read_bytes())) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    parts["word/comments.xml"] = re.sub(rb'w:date="[^"]*"', b'w:date=""', parts["word/comments.xml"])
    return parts


def _page(review: Review) -> str:
    # the page says when it was made, to the minute: the only part two renderings may differ in
    return re.sub(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}", "<when>", render_html(review, name="张三"))


def _assert_round_trip(report: ParsedReport, tmp_path: Path, original: bytes | None = None) -> Review:
    review = check_report(report)
    parse, stored_review, text = _stored(review)
    rebuilt = review_from_stored(parse=parse, review=stored_review, text=text)
    assert rebuilt.report == report  # text, match_text, document and its paragraphs, parts, map, removed …
    assert rebuilt == _in_text_order(review)  # findings with source, original, related, others; score …
    assert _page(rebuilt) == _page(review)
    before = _docx_parts(review, tmp_path / "before.docx", original)
    after = _docx_parts(rebuilt, tmp_path / "after.docx", original)
    assert after == before
    return rebuilt


@pytest.mark.parametrize("path", seed_files(), ids=lambda p: p.name)
def test_seed_reviews_come_back_whole(path: Path, tmp_path: Path) -> None:
    report = parse_file(path)
    rebuilt = _assert_round_trip(report, tmp_path)
    assert rebuilt.findings  # a real review, not an empty one that trivially compares equal


def test_a_messy_text_file_comes_back_whole(tmp_path: Path) -> None:
    path = tmp_path / "张三.txt"
    path.write_text(MESSY, "utf-8")
    report = parse_file(path)
    assert report.removed  # the web-page lines were dropped …
    assert report.text != MESSY.replace("　", "")  # … and the text was cleaned, so patches are needed
    source = report_to_dict(report, source_map=True)["source"]
    assert any("patches" in p for p in source["paragraphs"])
    rebuilt = _assert_round_trip(report, tmp_path)
    assert any(f.rule == "leftover.web-page" for f in rebuilt.findings)


def test_a_word_file_with_runs_links_and_a_table_comes_back_whole(tmp_path: Path) -> None:
    path = build_word_file(tmp_path / "报告.docx")
    _assert_round_trip(parse_file(path), tmp_path, original=path.read_bytes())


def test_a_word_report_with_list_numbering_comes_back_whole(tmp_path: Path) -> None:
    lines = demo_members()[2].path.read_text("utf-8").splitlines()
    path = build_docx_with_numbering(tmp_path / "王建国.docx", lines)
    report = parse_file(path)
    assert any(p.numbering for p in report.document.paragraphs)  # labels Word draws, not in the text
    _assert_round_trip(report, tmp_path, original=path.read_bytes())


def test_a_word_report_in_a_table_comes_back_whole(tmp_path: Path) -> None:
    path = build_docx_with_table(
        tmp_path / "表格.docx",
        before=["张三同志对照检查材料", "一、存在问题"],
        rows=[("理论学习方面", "一是学习不够深入。"), ("理论学习方面", "二是学用脱节。")],
        after=["二、原因剖析", "一是理想信念有所松懈。", "三、整改措施", "一是加强学习。"],
    )
    report = parse_file(path)
    assert any(p.table for p in report.document.paragraphs)
    _assert_round_trip(report, tmp_path, original=path.read_bytes())


def test_the_text_may_stay_in_the_json_and_pasted_text_comes_back_too(tmp_path: Path) -> None:
    from mingjing.api import parse_text

    report = parse_text(demo_members()[2].path.read_text("utf-8"), name="粘贴.txt")
    review = check_report(report)
    data = json.loads(json.dumps(report_to_dict(report, source_map=True), ensure_ascii=False))
    rebuilt = review_from_stored(parse=data, review=review_to_dict(review))
    assert rebuilt == _in_text_order(review)


@pytest.mark.parametrize("path", seed_files()[:2], ids=lambda p: p.name)
def test_the_source_block_is_small_and_the_json_keeps_its_schema(path: Path) -> None:
    report = parse_file(path)
    data = report_to_dict(report, source_map=True)
    jsonschema.validate(data, SCHEMA, cls=jsonschema.Draft202012Validator)
    source = json.dumps(data["source"], ensure_ascii=False, separators=(",", ":"))
    # run-length encoded: a fraction of the text it maps, not a number per character
    assert len(source) < len(report.text) / 2
    assert "source" not in report_to_dict(report)  # the CLI's JSON is unchanged unless asked


def test_json_without_a_source_map_is_refused_with_a_chinese_message(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(MESSY, "utf-8")
    report = parse_file(path)
    review = check_report(report)
    old = report_to_dict(report)  # what was stored before the source block existed
    assert not has_source_map(old)
    with pytest.raises(StoredFormError, match="缺少字符映射"):
        review_from_stored(parse=old, review=review_to_dict(review))
    future = {**old, "source": {"version": 99}}
    assert not has_source_map(future)
    # the findings alone can still be put back on a report read again (the web's way for old versions)
    assert review_from_dict(review_to_dict(review), report) == _in_text_order(review)


def test_a_damaged_source_map_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(MESSY, "utf-8")
    report = parse_file(path)
    data = report_to_dict(report, source_map=True)
    short = {**data, "source": {**data["source"], "runs": data["source"]["runs"][:-3]}}
    with pytest.raises(StoredFormError, match="长度不符"):
        report_from_dict(short)
    paragraphs = [dict(p) for p in data["source"]["paragraphs"]]
    longest = max(range(len(paragraphs)), key=lambda i: paragraphs[i].get("length", 0))
    paragraphs[longest]["length"] += 5  # characters that neither the text nor a patch gives back
    with pytest.raises(StoredFormError, match="不完整"):
        report_from_dict({**data, "source": {**data["source"], "paragraphs": paragraphs}})

"""Annotated .docx: one Word comment per finding, anchored on exactly the finding's words."""

from __future__ import annotations

import hashlib
from pathlib import Path

import docx
import pytest
from render_docx_helpers import build_word_file, comment_anchors, visible_text
from render_helpers import finding_at, report_from_paragraphs, report_from_text, review_of

from mingjing.model import Finding, ParsedReport, Severity
from mingjing.readers import read_document
from mingjing.render.docx_annotate import annotated_name, write_annotated_docx

NEEDLES = [
    "张三",  # a whole bold run
    "三同志",  # across a run boundary
    "学习不够深",  # across runs, ending inside the italic run
    "面对面对\t群",  # through a tab
    "链接文字说",  # into and out of a hyperlink
    "XX",  # in a table cell
    "第一段\n第二段××",  # across two paragraphs of one cell
    "换行前\n换行后",  # through a manual line break
    "最后一段。",
]


@pytest.fixture
def word_report(tmp_path: Path) -> ParsedReport:
    path = build_word_file(tmp_path / "报告.docx")
    return report_from_paragraphs(read_document(path).paragraphs, path=str(path), fmt="docx")


def _findings(report: ParsedReport) -> list[Finding]:
    findings = [finding_at(report, n, message=f"问题：{n}") for n in NEEDLES]
    label = report.char_offset.index(-1)  # the first inserted character: the list paragraph's number
    start = report.text.index("理论学习")
    findings.append(
        Finding("structure.label", Severity.HINT, "编号", label, start + 2, report.text[label : start + 2])
    )
    end = report.text.index("最后一段。") + 2
    findings.append(Finding("slip.point", Severity.ERROR, "此处缺字", end, end, ""))
    findings.append(
        Finding("slip.label-only", Severity.HINT, "只有编号", label, start, report.text[label:start])
    )
    return findings


def test_each_comment_covers_exactly_its_words(word_report: ParsedReport, tmp_path: Path) -> None:
    findings = _findings(word_report)
    assert word_report.document.paragraphs[1].numbering  # the reader saw Word's list number
    result = write_annotated_docx(review_of(word_report, findings), tmp_path)
    assert result.path.name == "报告.批注.docx" and not result.rebuilt
    anchors = comment_anchors(result.path)
    assert len(anchors) == len(findings) == result.comments
    order = sorted(findings, key=lambda f: (f.start, -f.severity.rank, f.end, f.rule))
    comments = list(docx.Document(str(result.path)).comments)
    for comment, finding in zip(comments, order, strict=True):
        assert anchors[comment.comment_id] == visible_text(word_report, finding)
        assert finding.message in comment.text
        assert comment.author == "明镜" and comment.initials == "MJ"


def test_text_and_formatting_survive(word_report: ParsedReport, tmp_path: Path) -> None:
    source = Path(str(word_report.document.path))
    before = source.read_bytes()
    original = [p.text for p in read_document(source).paragraphs]
    result = write_annotated_docx(review_of(word_report, _findings(word_report)), tmp_path)
    assert source.read_bytes() == before  # the input is never written
    assert hashlib.sha256(source.read_bytes()).digest() == hashlib.sha256(before).digest()
    assert [p.text for p in read_document(result.path).paragraphs] == original
    runs = [r for p in docx.Document(str(result.path)).paragraphs for r in p.runs]
    assert all(r.italic for r in runs if r.text and r.text in "不够深入")
    assert all(r.bold for r in runs if r.text and r.text in "张三")
    assert any(r.font.size and r.font.size.pt == 14 for r in runs if r.text and "面对" in r.text)


def test_text_input_becomes_a_new_document(tmp_path: Path) -> None:
    source = tmp_path / "材料.txt"
    source.write_text("对照检查材料\n一是面对面对群众。\n二是XX。", encoding="utf-8")
    report = report_from_text(source.read_text("utf-8"), path=str(source))
    findings = [finding_at(report, "面对面对"), finding_at(report, "XX"), finding_at(report, "群众。\n二是")]
    result = write_annotated_docx(review_of(report, findings), tmp_path)
    assert result.path == tmp_path / "材料.批注.docx"
    anchors = comment_anchors(result.path)
    assert sorted(anchors.values()) == sorted(visible_text(report, f) for f in findings)
    assert source.read_text("utf-8").startswith("对照检查材料")


def test_a_docx_that_does_not_match_is_rebuilt(word_report: ParsedReport, tmp_path: Path) -> None:
    other = tmp_path / "别的.docx"
    docx.Document().save(str(other))
    from dataclasses import replace

    moved = replace(word_report, document=replace(word_report.document, path=str(other)))
    finding = finding_at(moved, "面对面对")
    result = write_annotated_docx(review_of(moved, [finding]), tmp_path / "x.docx")
    assert result.rebuilt
    assert list(comment_anchors(result.path).values()) == ["面对面对"]


def test_original_bytes_stand_in_for_a_deleted_upload(word_report: ParsedReport, tmp_path: Path) -> None:
    source = Path(str(word_report.document.path))
    data = source.read_bytes()
    source.unlink()
    finding = finding_at(word_report, "学习不够深")
    result = write_annotated_docx(review_of(word_report, [finding]), tmp_path / "x.docx", original=data)
    assert not result.rebuilt
    assert list(comment_anchors(result.path).values()) == ["学习不够深"]
    runs = [r for p in docx.Document(str(result.path)).paragraphs for r in p.runs]
    assert any(r.italic for r in runs)  # the original formatting came along


def test_refuses_to_overwrite_the_input(tmp_path: Path) -> None:
    from mingjing.errors import MingjingError

    path = build_word_file(tmp_path / "a.docx")
    report = report_from_paragraphs(read_document(path).paragraphs, path=str(path), fmt="docx")
    with pytest.raises(MingjingError):
        write_annotated_docx(review_of(report, []), path)


@pytest.mark.parametrize(
    ("path", "name"), [("/x/报告.docx", "报告.批注.docx"), ("a.txt", "a.批注.docx"), (None, "审阅.批注.docx")]
)
def test_annotated_name(path: str | None, name: str) -> None:
    assert annotated_name(path) == name

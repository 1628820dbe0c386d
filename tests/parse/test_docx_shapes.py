"""Shapes that only exist in Word files: bold headings without numbers, and a report laid out in a table."""

from __future__ import annotations

from pathlib import Path

from docx import Document

from mingjing.api import parse_file
from tests.parse.parse_checks import check_invariants
from tests.support.docx_build import build_docx_with_table

BOLD_REPORT = (
    (True, "个人对照检查材料"),
    (
        False,
        "按照机关党委通知要求，我认真开展学习研讨，广泛征求意见，对照六个方面查摆问题，剖析根源，明确努力方向。",
    ),
    (True, "存在的主要问题"),
    (True, "理论学习"),
    (False, "一是学习不够深入。满足于参加集中学习，个人自学偏少，对新思想的理解停留在表面。"),
    (False, "二是运用不够。比如，在制定年度工作计划时，没有很好地运用党的创新理论分析形势。"),
    (True, "政治素养"),
    (False, "一是政治站位不够高。考虑问题有时局限于本部门，大局意识不强。"),
    (False, "二是斗争精神不足。对不良风气有时碍于情面，没有坚决抵制。"),
    (True, "作风建设"),
    (False, "一是调查研究不深入。下基层多是听汇报，解剖麻雀少。"),
    (False, "二是抓落实不够有力。部署多、督促少，一些工作推进缓慢。"),
    (False, "三是文风不实。材料写得长，干货少。"),
    (True, "原因分析"),
    (False, "一是理论学习不够自觉。二是党性锻炼有所放松。"),
    (True, "今后的努力方向"),
    (False, "一是加强学习。每周自学不少于4小时。"),
    (False, "二是改进作风。每月到基层调研不少于2次。"),
    (False, "以上是我的对照检查，请同志们批评指正。"),
)


def _bold_docx(path: Path) -> Path:
    document = Document()
    for bold, text in BOLD_REPORT:
        document.add_paragraph().add_run(text).bold = bold or None
    document.save(str(path))
    return path


def test_bold_headings_without_numbers(tmp_path: Path) -> None:
    report = parse_file(_bold_docx(tmp_path / "bold.docx"))
    check_invariants(report)
    assert [len(report.header), report.closing is not None] == [1, True]
    assert report.problems is not None and report.problems.heading is not None
    assert report.problems.heading.text == "存在的主要问题"
    aspects = [
        (a.heading.text if a.heading else None, a.aspect, len(a.items)) for a in report.problems.aspects
    ]
    assert aspects == [("理论学习", "理论学习", 2), ("政治素养", "政治素质", 2), ("作风建设", "工作作风", 3)]
    assert report.causes is not None and report.causes.heading is not None
    assert (report.causes.heading.text, len(report.causes.items)) == ("原因分析", 2)
    assert report.measures is not None and report.measures.heading is not None
    assert (report.measures.heading.text, len(report.measures.items)) == ("今后的努力方向", 2)


def test_unbolded_short_lines_in_the_body_are_not_taken_for_headings(tmp_path: Path) -> None:
    document = Document()
    for _, text in BOLD_REPORT:  # same text, nothing bold: "理论学习" still names an aspect
        document.add_paragraph(text)
    document.save(str(tmp_path / "plain.docx"))
    report = parse_file(tmp_path / "plain.docx")
    check_invariants(report)
    assert report.problems is not None
    assert [a.aspect for a in report.problems.aspects] == ["理论学习", "政治素质", "工作作风"]


TABLE_ROWS = (
    (
        "（一）理论学习方面",
        "一是学习不够系统。对新思想的学习满足于读原文，系统思考不够。\n二是学用脱节。比如，在推进项目审批改革时没有用好有关论述。",
    ),
    (
        "（二）政治素质方面",
        "一是政治敏锐性不强。对网络舆情关注不够。\n二是斗争精神不足。面对说情打招呼不敢坚决回绝。",
    ),
    (
        "（三）工作作风方面",
        "1.调研不深入。到基层多是听汇报。\n2.抓落实不够。部署多、督促少。\n3.文风不实。材料长、干货少。",
    ),
)


def test_numbering_inside_table_cells(tmp_path: Path) -> None:
    path = build_docx_with_table(
        tmp_path / "table.docx",
        TABLE_ROWS,
        header=("方面", "存在的问题"),
        before=(
            "XX局副局长对照检查材料",
            "根据主题教育专题民主生活会要求，现将个人对照检查情况报告如下。",
            "一、存在问题",
        ),
        after=(
            "二、原因剖析",
            "一是理论学习不够自觉。",
            "二是党性锻炼有所放松。",
            "三、整改措施",
            "（一）加强理论学习。每周自学不少于4小时。",
            "（二）改进工作作风。每月到基层调研不少于2次。",
        ),
    )
    report = parse_file(path)
    check_invariants(report)
    assert report.meeting_kind == "民主生活会"
    assert report.problems is not None
    aspects = [
        (a.heading.number if a.heading else None, a.aspect, len(a.items)) for a in report.problems.aspects
    ]
    assert aspects == [("（一）", "理论学习", 2), ("（二）", "政治素质", 2), ("（三）", "工作作风", 3)]
    cell_items = report.problems.aspects[2].items
    assert [item.number for item in cell_items] == ["1.", "2.", "3."]
    # The items come from table cells: the char map points at table-cell paragraphs.
    source = report.document.paragraphs[report.char_paragraph[cell_items[0].start]]
    assert source.kind == "table-cell"
    assert report.causes is not None and len(report.causes.items) == 2
    assert report.measures is not None and len(report.measures.items) == 2


def test_form_laid_out_as_a_table_of_parts(tmp_path: Path) -> None:
    # Some units hand out a form: one row per part, the part's name in the first column.
    rows = (
        (
            "存在问题",
            "（一）理论学习方面\n一是学习不够系统。\n二是学用脱节。\n（二）工作作风方面\n一是调研不深入。",
        ),
        ("原因剖析", "一是理论学习不够自觉。\n二是党性锻炼有所放松。"),
        ("整改措施", "一是加强学习。\n二是改进作风。\n三是严守纪律。"),
    )
    path = build_docx_with_table(tmp_path / "form.docx", rows, before=("党员个人对照检查表（组织生活会）",))
    report = parse_file(path)
    check_invariants(report)
    assert report.meeting_kind == "组织生活会"
    assert report.problems is not None and [len(a.items) for a in report.problems.aspects] == [2, 1]
    assert report.causes is not None and len(report.causes.items) == 2
    assert report.measures is not None and len(report.measures.items) == 3

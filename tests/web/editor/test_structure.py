"""The editor's structure: numbering, editing, the round trip through the core parser, and seeds kept whole."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from mingjing.api import parse_text
from mingjing.cli.format import report_docx_bytes
from mingjing.model import ParsedReport
from mingjing.parse import parse_document
from mingjing.readers import document_from_bytes
from mingjing_web.editor import structure as st
from tests.support.docx_build import docx_bytes

SEEDS = Path(__file__).resolve().parents[4] / "shared" / "seeds"
SEED_FILES = sorted(SEEDS.glob("*.txt")) if SEEDS.is_dir() else []


def _comparable(draft: st.EditorDraft) -> dict[str, object]:
    data = st.to_data(st.normalised(draft))
    for section in data["sections"]:
        for group in section["groups"]:
            group.pop("id")
            group.pop("aspect")
            for item in group["items"]:
                item.pop("id")
    return data


def _written() -> st.EditorDraft:
    draft = st.blank_draft(
        title="2025年度民主生活会个人对照检查材料", byline="某局副局长张三", aspects=["理论学习", "工作作风"]
    )
    problems = draft.sections[0]
    fields = {
        "opening": "根据局党组的统一部署，我认真查摆问题。",
        f"ih-{problems.groups[0].items[0].id}": "学习不够系统",
        f"ib-{problems.groups[0].items[0].id}": "2025年3月局里组织专题学习，我因出差缺席两次，会后没有补学。",
        f"ih-{problems.groups[1].items[0].id}": "调研不够深入",
        f"ib-{problems.groups[1].items[0].id}": "全年到基层调研6次，其中4次只听汇报，没有到田间地头。",
        f"ih-{draft.sections[1].groups[0].items[0].id}": "理想信念有所松懈",
        f"ib-{draft.sections[1].groups[0].items[0].id}": "我把学习当成任务，觉得业务忙可以缓一缓。",
        f"ih-{draft.sections[2].groups[0].items[0].id}": "坚持系统学习",
        f"ib-{draft.sections[2].groups[0].items[0].id}": "每月参加中心组学习，2026年6月前补齐缺学内容。",
        "closing": "以上对照检查，不妥之处请同志们批评指正。",
    }
    return st.apply_fields(draft, fields)


def test_numbering_is_produced_by_the_editor() -> None:
    draft = _written()
    draft, added = st.add_item(draft, group_id=draft.sections[0].groups[0].id)
    assert added is not None
    draft = st.apply_fields(draft, {f"ih-{added}": "学用结合不紧"})
    text = st.render(draft).text
    assert "一、存在问题" in text and "二、原因剖析" in text and "三、整改措施" in text
    assert "（一）理论学习方面" in text and "（二）工作作风方面" in text
    assert "一是学习不够系统。2025年3月" in text  # the headline gets its full stop before the body
    assert "二是学用结合不紧" in text
    numbers = st.item_numbers(draft)
    assert numbers[added] == "二是"


def test_empty_items_are_not_numbered_and_removal_renumbers() -> None:
    draft = _written()
    group = draft.sections[0].groups[0]
    draft, empty = st.add_item(draft, group_id=group.id)
    assert empty not in st.item_numbers(draft)
    first = group.items[0].id
    draft = st.remove_item(draft, item_id=first)
    assert "学习不够系统" not in st.render(draft).text


def test_round_trip_through_the_core_parser() -> None:
    draft = _written()
    report = parse_text(st.render(draft).text)
    assert report.problems is not None and len(report.problems.aspects) == 2
    assert [len(p.all_items()) for p in report.parts()] == [2, 1, 1]
    back = st.from_report(report)
    assert _comparable(back) == _comparable(draft)


def test_rectification_section_round_trips() -> None:
    draft = st.add_section(_written(), key="rectification")
    assert draft.sections[0].key == "rectification"
    group = draft.sections[0].groups[0]
    draft = st.apply_fields(draft, {f"gp-{group.id}": "上年度查摆的3个问题已整改2个，剩余1个正在推进。"})
    back = st.from_report(parse_text(st.render(draft).text))
    rect = back.section("rectification")
    assert rect is not None and "已整改2个" in rect.groups[0].preamble
    assert back.unplaced == ""


def test_text_outside_the_parts_goes_to_its_own_part() -> None:
    text = "个人对照检查材料\n一、存在问题\n一是学习不深。具体表现为学得少。\n二、原因剖析\n一是放松要求。\n三、整改措施\n一是加强学习。\n四、个人有关事项报告情况\n本人无应报告而未报告事项。"
    draft = st.from_report(parse_text(text))
    assert "本人无应报告而未报告事项" in draft.unplaced
    again = st.from_report(parse_text(st.render(draft).text))
    assert again.unplaced == draft.unplaced


def test_apply_fields_keeps_absent_fields_and_json_round_trips() -> None:
    draft = _written()
    changed = st.apply_fields(draft, {"title": "新标题"})
    assert changed.title == "新标题" and changed.opening == draft.opening
    assert st.from_data(st.to_data(changed)) == changed


def _labelled_chars(report: ParsedReport) -> dict[str, str]:
    """Per part, its characters without numbering labels and whitespace."""
    out: dict[str, str] = {}
    for part in report.parts():
        drop: set[int] = set()
        headings = [part.heading] + [a.heading for a in part.aspects]
        for heading in headings:
            if heading is not None and heading.number:
                drop.update(range(heading.start, heading.start + len(heading.number)))
        for item in part.all_items():
            if item.number and report.text.startswith(item.number, item.start):
                drop.update(range(item.start, item.start + len(item.number)))
        kept = (report.text[i] for i in range(part.start, part.end) if i not in drop)
        out[part.kind] = re.sub(r"\s+", "", "".join(kept))
    return out


@pytest.mark.skipif(not SEED_FILES, reason="the seed reports are not beside the clone (../shared/seeds)")
@pytest.mark.parametrize("seed", SEED_FILES, ids=lambda p: p.name)
def test_seed_docx_into_editor_and_out_keeps_every_character(seed: Path) -> None:
    original = parse_document(document_from_bytes(docx_bytes(seed.read_text("utf-8")), filename="seed.docx"))
    draft = st.from_report(original)
    exported = report_docx_bytes(parse_text(st.render(draft).text), title=draft.title or None)
    again = parse_document(document_from_bytes(exported, filename="out.docx"))
    before, after = _labelled_chars(original), _labelled_chars(again)
    assert set(before) == {"problems", "causes", "measures"}
    for kind in ("problems", "causes", "measures"):
        assert after[kind] == before[kind], kind

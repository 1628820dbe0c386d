"""Web/PDF leftovers dropped by the normaliser are recorded: reason, label, words as written, place."""

from __future__ import annotations

import pytest

from mingjing.readers import document_from_text
from mingjing.text import normalise_document
from mingjing.text.boilerplate import leftover_kind


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("喜欢就复制下载吧", "web-page"),
        ("下载本文", "web-page"),
        ("本文由第一范文网整理", "web-page"),
        ("（文档可编辑）", "web-page"),
        ("首页 > 范文 > 对照检查材料", "web-page"),
        ("党建 > 民主生活会 > 正文", "web-page"),
        ("返回顶部", "web-page"),
        ("责任编辑：李四", "web-page"),
        ("阅读量：1024", "web-page"),
        ("人气：356", "web-page"),
        ("豆丁网", "web-page"),
        ("公文素材库", "web-page"),
        ("好范文网", "web-page"),
        ("篇二：", "web-page"),
        ("第3篇", "web-page"),
        ("转载请注明出处", "web-page"),
        ("扫一扫在手机打开当前页", "web-page"),
        ("标签：对照检查材料 民主生活会", "web-page"),
        ("点赞(0)", "web-page"),
        ("还剩3页未读，继续阅读", "web-page"),
        ("2025-12-18 10:22:31", "web-page"),
        ("第 3 页 共 10 页", "page-number"),
        ("- 12 -", "page-number"),
    ],
)
def test_web_and_pdf_leftovers_have_a_reason(line: str, reason: str) -> None:
    kind = leftover_kind(line)
    assert kind is not None and kind.reason == reason and kind.label


@pytest.mark.parametrize(
    "line",
    [
        "政治方面存在的问题及整改措施",
        "国家电网",
        "XX县供电公司电网",
        "日期：2024年1月8日",
        "时间：2024年1月8日",
        "一是在学习强国上阅读文章312篇，下载学习资料5份。",
        "第一部分",
        "二是对网上舆情回应不及时，有1篇文章被转载后引发误读。",
        "XX同志2025年度民主生活会个人对照检查材料（完整版）",
        "来自基层的意见建议共5条，已逐条梳理。",
        "扫黑除恶专项斗争方面",
        "2025年12月18日",
    ],
)
def test_report_lines_are_kept(line: str) -> None:
    assert leftover_kind(line) is None


def test_removed_lines_are_recorded_with_source_place() -> None:
    text = "标题\n  来源：XX范文网   作者：佚名\n一、存在问题\n一是学习不深。\n第 2 页\n二是调研不够。"
    norm = normalise_document(document_from_text(text))
    assert "来源" not in norm.text and "第 2 页" not in norm.text
    web, page = norm.removed
    assert (web.reason, web.text, web.paragraph, web.offset) == (
        "web-page",
        "来源：XX范文网   作者：佚名",
        1,
        2,
    )
    assert web.at == norm.text.index("一、存在问题")
    assert (page.reason, page.paragraph) == ("page-number", 4)
    assert page.at == norm.text.index("二是调研不够")
    assert [w.code for w in norm.warnings] == ["text.dropped-line", "text.dropped-line"]


def test_running_header_is_recorded() -> None:
    header = "XX县委组织部内部资料"
    lines = [
        header,
        "标题",
        "一、存在问题",
        f"一是学习不深，理论{header}",
        header,
        "功底不扎实。",
        header,
        "二是调研少。",
    ]
    norm = normalise_document(document_from_text("\n".join(lines)))
    assert header not in norm.text
    assert {r.reason for r in norm.removed} == {"running-header"}
    glued = [r for r in norm.removed if r.paragraph == 3]
    assert glued and glued[0].offset == lines[3].index(header)

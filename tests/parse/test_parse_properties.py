"""Property tests: any text parses, and every span of the result keeps the invariants."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mingjing.api import parse_text
from mingjing.model import Document, SourceParagraph
from mingjing.parse import parse_document
from tests.parse.parse_checks import check_invariants

FRAGMENTS = (
    "一、存在问题",
    "二、原因剖析",
    "三、整改措施",
    "存在的问题",
    "思想根源",
    "下步打算",
    "第一部分",
    "（一）理论学习方面。",
    "(二）政治素养方面",
    "1、工作作风方面：",
    "廉洁自律",
    "带头增强党性、严守纪律、砥砺作风方面",
    "一是",
    "二是",
    "三是",
    "是",
    "一要",
    "第一，",
    "首先，",
    "其次，",
    "最后，",
    "1.",
    "2、",
    "（1）",
    "(2)",
    "①",
    "②",
    "学习不够深入",
    "比如，",
    "例如",
    "如：",
    "如，",
    "“",
    "”",
    "。",
    "；",
    "：",
    "，",
    "！",
    "？",
    "…",
    "\n",
    "\n\n",
    " ",
    "\u3000",
    "\t",
    "\u00a0",
    "\r\n",
    "以上是我的对照检查，请批评指正。",
    "来源：XX网",
    "第 3 页 共 10 页",
    "理 论 学 习",
    "www.example.com",
    "2024年1月8日",
    "XX",
    "**",
    "×××",
    "對照檢查",
    "學習",
    "a",
    "3.5",
    ")",
    "(",
)

fragment_text = st.lists(st.sampled_from(FRAGMENTS), max_size=60).map("".join)
mixed_text = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=8)), max_size=40).map("".join)

PROPERTY_SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY_SETTINGS
@given(fragment_text)
def test_heading_and_item_fragments_always_parse(text: str) -> None:
    check_invariants(parse_text(text))


@PROPERTY_SETTINGS
@given(mixed_text)
def test_arbitrary_text_always_parses(text: str) -> None:
    check_invariants(parse_text(text))


paragraph = st.builds(
    SourceParagraph,
    index=st.just(0),
    text=mixed_text,
    kind=st.sampled_from(("paragraph", "heading", "table-cell")),
    bold=st.booleans(),
    numbering=st.one_of(st.none(), st.sampled_from(("一、", "（一）", "1.", "①", " 二、\t"))),
    table=st.one_of(st.none(), st.tuples(st.integers(0, 2), st.integers(0, 3), st.integers(0, 2))),
)


@PROPERTY_SETTINGS
@given(st.lists(paragraph, max_size=25))
def test_arbitrary_documents_always_parse(paragraphs: list[SourceParagraph]) -> None:
    numbered = tuple(
        SourceParagraph(i, p.text, p.kind, p.style, p.bold, p.numbering, p.table)
        for i, p in enumerate(paragraphs)
    )
    check_invariants(parse_document(Document(paragraphs=numbered, format="docx")))

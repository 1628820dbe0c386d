"""The GB/T 9704-2012 generator: open the written .docx and check what a 文秘 would check."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from mingjing.render.official_docx import (
    GBT9704,
    OfficialHeading,
    OfficialParagraph,
    OfficialTable,
    official_docx_bytes,
    write_official_docx,
)

BLOCKS = [
    OfficialHeading("一、会议基本情况"),
    OfficialParagraph("2026年1月15日，局党组召开2025年度民主生活会，应到7人，实到7人。"),
    OfficialHeading("（一）征求意见情况", level=2),
    OfficialParagraph("会前共征求意见建议23条，归纳为4个方面。"),
    OfficialTable(
        rows=(
            ("问题", "整改措施", "责任人", "完成时限"),
            ("调研不深入", "每季度蹲点调研", "周明远", "2026年6月30日"),
        )
    ),
]


@pytest.fixture
def written(tmp_path: Path) -> Path:
    return write_official_docx(
        "关于召开2025年度民主生活会情况的报告",
        BLOCKS,
        tmp_path / "报告.docx",
        subtitle="（中共青岚县农业农村局党组）",
        issuer="中共青岚县农业农村局党组",
        date="2026年1月20日",
    )


def _east_asia(run: object) -> str:
    return run._r.rPr.rFonts.get(qn("w:eastAsia"))  # type: ignore[attr-defined]


def test_page_size_and_margins(written: Path) -> None:
    section = Document(str(written)).sections[0]
    assert abs(section.page_width - Mm(210)) < Mm(0.1)
    assert abs(section.page_height - Mm(297)) < Mm(0.1)
    for value, mm in (
        (section.top_margin, 37),
        (section.bottom_margin, 35),
        (section.left_margin, 28),
        (section.right_margin, 26),
    ):
        assert abs(value - Mm(mm)) < Mm(0.1)
    text_width = section.page_width - section.left_margin - section.right_margin
    text_height = section.page_height - section.top_margin - section.bottom_margin
    assert abs(text_width - Mm(156)) < Mm(0.1) and abs(text_height - Mm(225)) < Mm(0.1)


def test_line_grid_is_22_lines_of_28_characters(written: Path) -> None:
    document = Document(str(written))
    grid = document.sections[0]._sectPr.find(qn("w:docGrid"))
    pitch_pt = int(grid.get(qn("w:linePitch"))) / 20
    assert 28.8 <= pitch_pt <= 29.0
    assert round(Mm(225).pt / pitch_pt) == 22
    # 28 characters: the body's letter-spacing makes 28 of them fit the 156 mm line, 29 do not
    rpr = document.styles["Normal"].element.rPr
    spacing = rpr.find(qn("w:spacing"))
    char_pt = 16 + int(spacing.get(qn("w:val"))) / 20
    assert int(Mm(156).pt // char_pt) == 28
    order = [child.tag.split("}")[1] for child in rpr]
    assert order.index("spacing") < order.index("sz")  # schema order, or Word refuses the file


def test_fonts_and_sizes(written: Path) -> None:
    paras = [p for p in Document(str(written)).paragraphs if p.runs]
    title, subtitle, h1, body, h2 = paras[0], paras[1], paras[2], paras[3], paras[4]
    assert title.text == "关于召开2025年度民主生活会情况的报告"
    assert _east_asia(title.runs[0]) == "方正小标宋简体" and title.runs[0].font.size == Pt(22)
    assert _east_asia(subtitle.runs[0]) == "楷体_GB2312"
    assert _east_asia(h1.runs[0]) == "黑体" and h1.runs[0].font.size == Pt(16)
    assert _east_asia(h2.runs[0]) == "楷体_GB2312" and h2.runs[0].font.size == Pt(16)
    assert _east_asia(body.runs[0]) == "仿宋_GB2312" and body.runs[0].font.size == Pt(16)
    assert body.paragraph_format.first_line_indent == Pt(32)
    assert abs(body.paragraph_format.line_spacing.pt - GBT9704.line_pitch_pt) < 0.05
    assert paras[-1].text == "2026年1月20日" and paras[-1].alignment == 2  # right


def test_fallback_fonts_are_in_the_font_table(written: Path) -> None:
    xml = zipfile.ZipFile(written).read("word/fontTable.xml").decode("utf-8")
    for name, alternative in (
        ("仿宋_GB2312", "仿宋"),
        ("仿宋", "FangSong"),
        ("黑体", "SimHei"),
        ("楷体", "KaiTi"),
    ):
        assert f'w:name="{name}"><w:altName w:val="{alternative}"/>' in xml


def test_page_numbers_in_the_footers(written: Path) -> None:
    document = Document(str(written))
    section = document.sections[0]
    for footer, align in ((section.footer, 2), (section.even_page_footer, 0)):
        para = footer.paragraphs[0]
        xml = para._p.xml
        assert 'w:instr=" PAGE "' in xml
        assert para.text.startswith("— ") and para.text.endswith(" —")
        assert para.alignment == align
        assert para.runs[0].font.size == Pt(14)
    assert document.settings.odd_and_even_pages_header_footer


def test_table_is_kept(written: Path) -> None:
    table = Document(str(written)).tables[0]
    assert table.cell(1, 2).text == "周明远"
    assert _east_asia(table.cell(0, 0).paragraphs[0].runs[0]) == "黑体"


def test_bytes_without_optional_parts() -> None:
    data = official_docx_bytes("标题", [OfficialParagraph("正文。")])
    paras = [p.text for p in Document(io.BytesIO(data)).paragraphs]
    assert paras[0] == "标题" and "正文。" in paras


def test_a_long_table_keeps_every_row_and_empty_cells() -> None:
    rows = (
        ("序号", "问题", "措施"),
        *((str(n), f"问题{n}", "" if n % 2 else f"措施{n}") for n in range(1, 301)),
    )
    table = Document(io.BytesIO(official_docx_bytes("台账", [OfficialTable(rows=rows)]))).tables[0]
    assert len(table.rows) == 301
    assert [c.text for c in table.rows[300].cells] == ["300", "问题300", "措施300"]
    assert [c.text for c in table.rows[299].cells] == ["299", "问题299", ""]

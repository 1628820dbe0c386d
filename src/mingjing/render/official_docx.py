"""A Word document in the national official-document format (GB/T 9704-2012, 党政机关公文格式).

Used for the reports sent upward after a meeting (会后情况报告, 整改落实情况报告) and for any other
document that must look like a 公文: A4; margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm (a
156 × 225 mm text block); title in 方正小标宋简体 二号 (22 pt); body in 仿宋_GB2312 三号 (16 pt); first-level
headings 黑体 三号, second-level 楷体_GB2312 三号; 22 lines of 28 characters a page (a line grid with a
pitch of 225 mm / 22 ≈ 28.95 pt, letter-spacing that fits 28 characters in 156 mm); page numbers "— 1 —" in 宋体 四号 (14 pt) at the bottom, on the right
of odd pages and the left of even ones, one character in from the edge of the text block.

Few machines outside government offices have the GB2312 fonts installed, so each font also names a
fallback (仿宋/FangSong, 黑体/SimHei, 楷体/KaiTi, 宋体/SimSun) in the document's font table (``w:altName``),
which Word and LibreOffice use when the first font is missing.

Usage::

    blocks = [OfficialHeading("一、会议基本情况"), OfficialParagraph("……"), OfficialTable(rows=(...))]
    write_official_docx("关于召开2025年度民主生活会情况的报告", blocks, "report.docx", issuer="某局党组",
                        date="2026年1月20日")
"""

from __future__ import annotations

import copy
import io
import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.oxml.parser import OxmlElement
from docx.shared import Mm, Pt

__all__ = [
    "GBT9704",
    "OfficialHeading",
    "OfficialParagraph",
    "OfficialStyle",
    "OfficialTable",
    "official_docx_bytes",
    "write_official_docx",
]

Element = Any  # lxml elements from python-docx's oxml layer


@dataclass(frozen=True)
class OfficialStyle:
    """Page and type settings; the defaults are GB/T 9704-2012's."""

    page_width_mm: float = 210
    page_height_mm: float = 297
    margin_top_mm: float = 37
    margin_bottom_mm: float = 35
    margin_left_mm: float = 28
    margin_right_mm: float = 26
    lines_per_page: int = 22
    chars_per_line: int = 28
    title_font: str = "方正小标宋简体"
    title_size_pt: float = 22
    body_font: str = "仿宋_GB2312"
    body_size_pt: float = 16
    heading1_font: str = "黑体"
    heading2_font: str = "楷体_GB2312"
    page_number_font: str = "宋体"
    page_number_size_pt: float = 14
    table_size_pt: float = 12
    # Font → the font used where it is not installed.
    fallbacks: tuple[tuple[str, str], ...] = (
        ("方正小标宋简体", "宋体"),
        ("仿宋_GB2312", "仿宋"),
        ("楷体_GB2312", "楷体"),
        ("仿宋", "FangSong"),
        ("黑体", "SimHei"),
        ("楷体", "KaiTi"),
        ("宋体", "SimSun"),
    )

    @property
    def text_height_pt(self) -> float:
        return float(Mm(self.page_height_mm - self.margin_top_mm - self.margin_bottom_mm).pt)

    @property
    def text_width_pt(self) -> float:
        return float(Mm(self.page_width_mm - self.margin_left_mm - self.margin_right_mm).pt)

    @property
    def line_pitch_pt(self) -> float:
        """225 mm over 22 lines: 28.95 pt."""
        return self.text_height_pt / self.lines_per_page


GBT9704 = OfficialStyle()


@dataclass(frozen=True)
class OfficialHeading:
    text: str
    level: Literal[1, 2] = 1


@dataclass(frozen=True)
class OfficialParagraph:
    text: str
    align: Literal["justify", "center", "right"] = "justify"
    indent: bool = True  # first line indented two characters


@dataclass(frozen=True)
class OfficialTable:
    """A table; the first row is the header when ``header`` is true."""

    rows: tuple[tuple[str, ...], ...]
    header: bool = True


Block = OfficialHeading | OfficialParagraph | OfficialTable

_ALIGN = {
    "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
    "left": WD_ALIGN_PARAGRAPH.LEFT,
}


def write_official_docx(
    title: str,
    blocks: Sequence[Block],
    path: str | Path,
    *,
    subtitle: str = "",
    issuer: str = "",
    date: str = "",
    style: OfficialStyle = GBT9704,
) -> Path:
    """Write ``blocks`` under ``title`` as a GB/T 9704 document to ``path``; returns the path."""
    target = Path(path)
    target.write_bytes(
        official_docx_bytes(title, blocks, subtitle=subtitle, issuer=issuer, date=date, style=style)
    )
    return target


def official_docx_bytes(
    title: str,
    blocks: Sequence[Block],
    *,
    subtitle: str = "",
    issuer: str = "",
    date: str = "",
    style: OfficialStyle = GBT9704,
) -> bytes:
    """The same document as bytes (for a web download). ``subtitle`` is a 署名 line under the title;
    ``issuer`` and ``date`` close the document on the right (发文机关署名 and 成文日期)."""
    document = Document()
    _page(document, style)
    _defaults(document, style)
    _font_table(document, style)
    body = document._body._body  # the w:body element
    for child in list(body):
        if child.tag == qn("w:p"):
            body.remove(child)  # the template's empty first paragraph
    _line(document, title, style.title_font, style.title_size_pt, style, align="center", indent=False)
    if subtitle:
        _line(
            document, subtitle, style.heading2_font, style.body_size_pt, style, align="center", indent=False
        )
    _line(
        document, "", style.body_font, style.body_size_pt, style, indent=False
    )  # a blank line after the title
    for block in blocks:
        _block(document, block, style)
    if issuer or date:
        _line(document, "", style.body_font, style.body_size_pt, style, indent=False)
        for text in (issuer, date):
            if text:
                para = _line(document, text, style.body_font, style.body_size_pt, style, align="right")
                para.paragraph_format.first_line_indent = None
                para.paragraph_format.right_indent = Pt(style.body_size_pt * 4)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# -- page ---------------------------------------------------------------------------------------------------


def _page(document: Any, style: OfficialStyle) -> None:
    section = document.sections[0]
    section.start_type = WD_SECTION.NEW_PAGE
    section.page_width, section.page_height = Mm(style.page_width_mm), Mm(style.page_height_mm)
    section.top_margin, section.bottom_margin = Mm(style.margin_top_mm), Mm(style.margin_bottom_mm)
    section.left_margin, section.right_margin = Mm(style.margin_left_mm), Mm(style.margin_right_mm)
    # The page number's top sits 7 mm below the text block; a 14 pt line is about 5 mm high.
    section.footer_distance = Mm(style.margin_bottom_mm - 7 - 5)
    section.header_distance = Mm(15)
    _grid(section._sectPr, style)
    document.settings.odd_and_even_pages_header_footer = True
    _page_number(section.footer, "right", style)
    _page_number(section.even_page_footer, "left", style)


def _grid(sect_pr: Element, style: OfficialStyle) -> None:
    """22 lines a page: a line grid (pitch in twips). The 28 characters a line come from the body's
    character spacing (:func:`char_spacing_twips`), not from a character grid: LibreOffice lays out
    Word's negative ``w:charSpace`` with far fewer characters a line, and both read letter-spacing alike."""
    for old in sect_pr.findall(qn("w:docGrid")):
        sect_pr.remove(old)
    grid = OxmlElement("w:docGrid")
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), str(round(style.line_pitch_pt * 20)))
    sect_pr.append(grid)


def char_spacing_twips(style: OfficialStyle) -> int:
    """Letter-spacing (twips, negative: condensed) that fits ``chars_per_line`` body characters in the
    text width, rounded away from zero so that the last character is never pushed to the next line."""
    pitch = style.text_width_pt / style.chars_per_line  # 15.79 pt for 156 mm / 28
    return math.floor((pitch - style.body_size_pt) * 20) - 1


def _page_number(footer: Any, side: Literal["left", "right"], style: OfficialStyle) -> None:
    footer.is_linked_to_previous = False
    para = footer.paragraphs[0] if footer.paragraphs else footer.add_paragraph()
    para.alignment = _ALIGN[side]
    fmt = para.paragraph_format
    one_char = Pt(style.page_number_size_pt)
    if side == "right":
        fmt.right_indent = one_char
    else:
        fmt.left_indent = one_char
    _run(para, "— ", style.page_number_font, style.page_number_size_pt)
    _field(para, "PAGE", style)
    _run(para, " —", style.page_number_font, style.page_number_size_pt)


def _field(para: Any, instruction: str, style: OfficialStyle) -> None:
    """A simple field (``w:fldSimple``) that Word and LibreOffice update on opening."""
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), f" {instruction} ")
    run = OxmlElement("w:r")
    run.append(_rpr(style.page_number_font, style.page_number_size_pt))
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    para._p.append(field)


# -- fonts --------------------------------------------------------------------------------------------------


def _rpr(font: str, size_pt: float) -> Element:
    rpr = OxmlElement("w:rPr")
    fonts = OxmlElement("w:rFonts")
    for attr in ("ascii", "hAnsi", "eastAsia", "cs"):
        fonts.set(qn(f"w:{attr}"), font)
    rpr.append(fonts)
    for tag in ("w:sz", "w:szCs"):
        size = OxmlElement(tag)
        size.set(qn("w:val"), str(round(size_pt * 2)))
        rpr.append(size)
    return rpr


def _set_font(run: Any, font: str, size_pt: float) -> None:
    run.font.name = font
    run.font.size = Pt(size_pt)
    fonts = run._r.get_or_add_rPr().get_or_add_rFonts()
    for attr in ("ascii", "hAnsi", "eastAsia", "cs"):
        fonts.set(qn(f"w:{attr}"), font)


def _defaults(document: Any, style: OfficialStyle) -> None:
    normal = document.styles["Normal"]
    normal.font.name = style.body_font
    normal.font.size = Pt(style.body_size_pt)
    fonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), style.body_font)
    fmt = normal.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(style.line_pitch_pt)
    fmt.space_before = fmt.space_after = Pt(0)
    spacing = OxmlElement("w:spacing")
    spacing.set(qn("w:val"), str(char_spacing_twips(style)))
    later = ("w:w", "w:kern", "w:position", "w:sz", "w:szCs", "w:highlight", "w:u", "w:effect", "w:lang")
    normal.element.get_or_add_rPr().insert_element_before(spacing, *later)  # schema order
    # The document defaults too: the character grid is measured from the default font size.
    defaults = document.styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr")) if defaults is not None else None
    if rpr is not None:
        for tag in ("w:sz", "w:szCs"):
            for old in rpr.findall(qn(tag)):
                rpr.remove(old)
            size = OxmlElement(tag)
            size.set(qn("w:val"), str(round(style.body_size_pt * 2)))
            rpr.append(size)


def _font_table(document: Any, style: OfficialStyle) -> None:
    """Name each font's fallback (``w:altName``) in word/fontTable.xml."""
    from lxml import etree  # type: ignore[import-untyped]

    part = next(
        (rel.target_part for rel in document.part.rels.values() if rel.reltype.endswith("/fontTable")),
        None,
    )
    if part is None:  # the default template always has one
        return
    root = etree.fromstring(part.blob)
    for name, alternative in style.fallbacks:
        for old in root.findall(qn("w:font")):
            if old.get(qn("w:name")) == name:
                root.remove(old)
        font = etree.SubElement(root, qn("w:font"))
        font.set(qn("w:name"), name)
        alt = etree.SubElement(font, qn("w:altName"))
        alt.set(qn("w:val"), alternative)
        charset = etree.SubElement(font, qn("w:charset"))
        charset.set(qn("w:val"), "86")  # GB2312
        family = etree.SubElement(font, qn("w:family"))
        family.set(qn("w:val"), "modern" if "仿宋" in name or "FangSong" in name else "auto")
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


# -- blocks -------------------------------------------------------------------------------------------------


def _run(para: Any, text: str, font: str, size_pt: float) -> Any:
    run = para.add_run(text)
    _set_font(run, font, size_pt)
    return run


def _line(
    document: Any,
    text: str,
    font: str,
    size_pt: float,
    style: OfficialStyle,
    *,
    align: str = "justify",
    indent: bool = True,
) -> Any:
    para = document.add_paragraph()
    para.alignment = _ALIGN[align]
    fmt = para.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(style.line_pitch_pt)
    fmt.space_before = fmt.space_after = Pt(0)
    if indent:
        fmt.first_line_indent = Pt(style.body_size_pt * 2)
    if text:
        _run(para, text, font, size_pt)
    return para


def _block(document: Any, block: Block, style: OfficialStyle) -> None:
    if isinstance(block, OfficialHeading):
        font = style.heading1_font if block.level == 1 else style.heading2_font
        _line(document, block.text, font, style.body_size_pt, style)
    elif isinstance(block, OfficialParagraph):
        _line(
            document,
            block.text,
            style.body_font,
            style.body_size_pt,
            style,
            align=block.align,
            indent=block.indent,
        )
    else:
        _table(document, block, style)


def _fill_row(row_obj: Any, values: Sequence[str], font: str, align: Any, style: OfficialStyle) -> None:
    for c, cell in enumerate(row_obj.cells):
        para = cell.paragraphs[0]
        para.alignment = align
        para.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
        run = _run(para, values[c] if c < len(values) else "", font, style.table_size_pt)
        if run._r.find(qn("w:t")) is None:  # an empty cell still gets its w:t (copied rows fill it in)
            run._r.append(OxmlElement("w:t"))


def _table(document: Any, block: OfficialTable, style: OfficialStyle) -> None:
    if not block.rows:
        return
    width = max(len(r) for r in block.rows)
    first_body = 1 if block.header else 0
    table = document.add_table(rows=min(len(block.rows), first_body + 1), cols=width)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    rows = list(table.rows)
    if block.header:
        _fill_row(rows[0], block.rows[0], style.heading1_font, WD_ALIGN_PARAGRAPH.CENTER, style)
    if len(block.rows) <= first_body:
        _line(document, "", style.body_font, style.body_size_pt, style, indent=False)
        return
    # The first body row is built through python-docx; the others are copies of its XML with their own
    # text (python-docx's per-cell API takes seconds on a ledger of thousands of rows).
    _fill_row(rows[first_body], block.rows[first_body], style.body_font, WD_ALIGN_PARAGRAPH.LEFT, style)
    prototype = rows[first_body]._tr
    tbl = table._tbl
    for values in block.rows[first_body + 1 :]:
        tr = copy.deepcopy(prototype)
        for c, text_el in enumerate(tr.iter(qn("w:t"))):
            text_el.text = values[c] if c < len(values) else ""
            text_el.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        tbl.append(tr)
    # A table ends on the grid: one empty body line after it.
    _line(document, "", style.body_font, style.body_size_pt, style, indent=False)

"""Builders for the held-out variants that need more than tests/support offers.

* :func:`build_paged_pdf`: a text PDF of several pages (pdftotext puts a form feed between them);
  the lines of a pdftotext-like .txt are cut into pages after each page-number line ("- 2 -").
* :func:`build_docx_heading_styles`: part headings in "Heading 1" and aspect headings in "Heading 2"
  (or custom styles named "标题 1"/"标题 2", as WPS writes them), with the automatic numbering
  defined in the *style* (``w:numPr`` in the style's ``w:pPr``), so the paragraphs carry no number.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from tests.readers.pdfbuild import _stream, assemble_pdf
from tests.support.docx_build import split_label

_PAGE_NUMBER_RE = re.compile(r"^-\s*\d+\s*-$")
_FONT_SIZE = 12


def pdf_pages(lines: Sequence[str]) -> list[list[str]]:
    """The lines cut into pages: each page ends with its page-number line."""
    pages: list[list[str]] = [[]]
    for line in lines:
        pages[-1].append(line)
        if _PAGE_NUMBER_RE.match(line.strip()):
            pages.append([])
    return [page for page in pages if page]


def _content(page: Sequence[str], cid: dict[str, int]) -> bytes:
    operations = ["BT", f"/F1 {_FONT_SIZE} Tf", f"{_FONT_SIZE + 4} TL", "50 800 Td"]
    operations += ["<" + "".join(f"{cid[ch]:04X}" for ch in line) + "> Tj T*" for line in page]
    operations.append("ET")
    return "\n".join(operations).encode()


def build_paged_pdf(path: Path, lines: Sequence[str]) -> Path:
    """Write ``lines`` as a PDF with one page per :func:`pdf_pages` page."""
    pages = pdf_pages(lines)
    chars = sorted({ch for line in lines for ch in line})
    cid = {ch: i + 1 for i, ch in enumerate(chars)}
    count = len(pages)
    page_ids = [5 + 2 * n for n in range(count)]
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [{' '.join(f'{i} 0 R' for i in page_ids)}] /Count {count} >>".encode(),
        b"<< /Type /Font /Subtype /Type0 /BaseFont /SimSun /Encoding /Identity-H /DescendantFonts [4 0 R] "
        + f"/ToUnicode {5 + 2 * count} 0 R >>".encode(),
        _cid_font(chars, cid, 6 + 2 * count),
    ]
    for number, page in enumerate(pages):
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> "
            + f"/Contents {page_ids[number] + 1} 0 R >>".encode()
        )
        objects.append(_stream(_content(page, cid)))
    objects.append(_stream(_cmap(chars, cid)))
    objects.append(
        b"<< /Type /FontDescriptor /FontName /SimSun /Flags 4 /FontBBox [0 -200 1000 900] /ItalicAngle 0 "
        b"/Ascent 900 /Descent -200 /CapHeight 700 /StemV 80 >>"
    )
    path.write_bytes(assemble_pdf(objects))
    return path


def _cid_font(chars: list[str], cid: dict[str, int], descriptor: int) -> bytes:
    widths = " ".join(f"{cid[ch]} [{1000 if ord(ch) > 127 else 500}]" for ch in chars)
    return (
        "<< /Type /Font /Subtype /CIDFontType2 /BaseFont /SimSun /CIDSystemInfo << /Registry (Adobe) "
        f"/Ordering (Identity) /Supplement 0 >> /FontDescriptor {descriptor} 0 R /W [{widths}] >>"
    ).encode()


def _cmap(chars: list[str], cid: dict[str, int]) -> bytes:
    pairs = "\n".join(f"<{cid[ch]:04X}> <{ord(ch):04X}>" for ch in chars)
    return (
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /U def /CMapType 2 def "
        "1 begincodespacerange <0000> <FFFF> endcodespacerange "
        f"{len(chars)} beginbfchar\n{pairs}\nendbfchar endcmap CMapName currentdict /CMap defineresource pop end end"
    ).encode()


_LEVELS = (("chineseCounting", "%1、"), ("chineseCounting", "（%2）"))


def _add_numbering(document: object) -> int:
    numbering = document.part.numbering_part.element  # type: ignore[attr-defined]
    levels = "".join(
        f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/>'
        f'<w:lvlJc w:val="left"/><w:suff w:val="nothing"/></w:lvl>'
        for i, (fmt, text) in enumerate(_LEVELS)
    )
    abstract = parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="90"><w:multiLevelType w:val="multilevel"/>'
        f"{levels}</w:abstractNum>"
    )
    numbering.insert(0, abstract)
    return int(numbering.add_num(90).numId)


def _heading_styles(document: object, names: Sequence[str], num_id: int) -> list[str]:
    styles = document.styles  # type: ignore[attr-defined]
    result = []
    for level, name in enumerate(names):
        try:
            style = styles[name]
        except KeyError:
            style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
            style.base_style = styles["Normal"]
        num_pr = style.element.get_or_add_pPr().get_or_add_numPr()
        num_pr.get_or_add_numId().val = num_id
        num_pr.get_or_add_ilvl().val = level
        result.append(style.name)
    return result


def build_docx_heading_styles(path: Path, lines: Sequence[str], *, chinese_names: bool = False) -> Path:
    """Lines labelled 一、 / （一） become paragraphs in heading styles numbered by the style."""
    document = Document()
    num_id = _add_numbering(document)
    names = ("标题 1", "标题 2") if chinese_names else ("Heading 1", "Heading 2")
    styles = _heading_styles(document, names, num_id)
    for line in lines:
        split = split_label(line)
        level = split.level if split.level in (0, 1) else None
        paragraph = document.add_paragraph(split.text if level is not None else line)
        if level is not None:
            paragraph.style = styles[level]
    document.save(str(path))
    return path

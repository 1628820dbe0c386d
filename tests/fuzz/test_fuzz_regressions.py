"""What the atheris fuzzing work found (issue 14.2), kept as plain tests that run without atheris.

* A UTF-16 (or BOM-marked UTF-8/UTF-32) text file holding U+0000 was read with the NUL in its text; the
  web then failed to store the version in PostgreSQL ("text fields cannot contain NUL") with a server
  error. Found by ``fuzz_readers.py`` within seconds. NULs are now dropped.
* Other C0 controls (and U+FFFE/U+FFFF) in a text file, a paste or pdftotext's output passed through
  (found when the fuzz targets' check was widened from NUL to everything XML refuses): the review
  worked, but writing the annotated .docx (a web download, ``mingjing check --format docx``) failed, as
  XML cannot hold them. Form feeds and vertical tabs now become line breaks, the rest is dropped
  (``readers.text.xml_safe``).
* (Found reading the walker while writing ``fuzz_docx.py``.) A .docx ``w:sym`` whose code is a surrogate
  (``D800``) put a lone surrogate into the text, which no UTF-8 output can encode; a code past U+10FFFF
  made the whole document "damaged", and one too large for ``chr`` escaped as ``OverflowError`` instead
  of a Chinese error. Such symbols are now dropped.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from mingjing.api import parse_text
from mingjing.checks import check_report
from mingjing.readers import NATIVE_FORMATS, document_from_bytes
from mingjing.render.docx_annotate import write_annotated_docx
from tests.fuzz.harness import SEED_REPORTS, check_document, check_xml_safe
from tests.hostile import cases
from tests.readers.pdfbuild import make_pdf

REPORT = SEED_REPORTS[0]


@pytest.mark.parametrize(
    "data",
    [
        # the shape the fuzzer found: a UTF-16 file with a BOM and a NUL inside a line
        b"\xff\xfe" + REPORT.replace("深入", "深\x00入").encode("utf-16-le"),
        b"\xfe\xff" + REPORT.replace("深入", "深\x00入").encode("utf-16-be"),
        REPORT.replace("深入", "深\x00入").encode("utf-16-le"),  # no BOM: told apart by its NUL bytes
        b"\xef\xbb\xbf" + REPORT.replace("深入", "深\x00入").encode("utf-8"),
        (REPORT + "\x00" * 7).encode("utf-32"),  # NUL padding at the end
    ],
    ids=["utf-16-le-bom", "utf-16-be-bom", "utf-16-le", "utf-8-sig", "utf-32-padded"],
)
def test_nul_characters_are_dropped_from_text_files(data: bytes) -> None:
    document = document_from_bytes(data, filename="报告.txt", accept=NATIVE_FORMATS)
    check_document(document)
    text = "\n".join(paragraph.text for paragraph in document.paragraphs)
    assert "学习不够深入" in text
    assert text.rstrip("\n") == REPORT.rstrip("\n")


def _docx_with_symbol(code: str) -> bytes:
    paragraph = f'<w:p><w:r><w:t>一、存在问题</w:t><w:sym w:font="Symbol" w:char="{code}"/></w:r></w:p>'
    return cases.package(cases.document(paragraph))


@pytest.mark.parametrize("code", ["D800", "DFFF", "110000", "FFFFFFFFFFFFFFFFFFFFFFFF", "-5", "1F", "F020"])
def test_symbols_that_are_no_character_are_dropped(code: str) -> None:
    document = document_from_bytes(_docx_with_symbol(code), filename="报告.docx", accept=NATIVE_FORMATS)
    check_document(document)
    assert document.paragraphs[0].text == "一、存在问题"


def test_a_real_symbol_is_kept() -> None:
    document = document_from_bytes(_docx_with_symbol("2022"), filename="报告.docx", accept=NATIVE_FORMATS)
    assert document.paragraphs[0].text == "一、存在问题•"


CONTROLS = "对照检查材料\n一、存在问题\n（一）理论学习方面\n一是学习\x02不够\x1b深入。\f二、原因剖析\v一是理想信念不够坚定\ufffe。\x1a\n"


def test_control_characters_are_dropped_and_page_breaks_become_line_breaks() -> None:
    document = document_from_bytes(CONTROLS.encode("utf-8"), filename="报告.txt", accept=NATIVE_FORMATS)
    check_document(document)
    assert [p.text for p in document.paragraphs][3:6] == [
        "一是学习不够深入。",
        "二、原因剖析",
        "一是理想信念不够坚定。",
    ]


def test_a_paste_with_control_characters_can_be_written_as_an_annotated_docx(tmp_path: Path) -> None:
    # Before the fix the review succeeded and only the download of the annotated .docx failed (ValueError
    # from lxml: "All strings must be XML compatible").
    review = check_report(parse_text(CONTROLS))
    written = write_annotated_docx(review, tmp_path / "批注.docx")
    assert Path(written.path).stat().st_size > 0
    check_xml_safe(review.report.text, "the parsed text")


def test_controls_from_a_pdf_font_map_are_dropped() -> None:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    pdf = make_pdf(["一、存在问题A学习"])
    damaged = pdf.replace(b"<0001> <0041>", b"<0001> <0002>")  # 'A' (CID 1) now maps to U+0002
    assert damaged != pdf
    document = document_from_bytes(damaged, filename="报告.pdf", accept={"pdf"})
    check_document(document)
    assert document.paragraphs[0].text == "一、存在问题学习"

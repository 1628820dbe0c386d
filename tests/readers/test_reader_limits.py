"""Each reading limit: refused just past it, read just under it (small limits, in-process)."""

from __future__ import annotations

import os
import shutil
import signal
import struct
from dataclasses import replace
from pathlib import Path

import pytest

from mingjing.errors import LimitExceededError, ReadError, UnsupportedFormatError
from mingjing.readers import (
    DEFAULT_LIMITS,
    NATIVE_FORMATS,
    ReadLimits,
    convert,
    document_from_bytes,
    read_document,
)
from mingjing.readers.limits import describe_limits, display_name
from mingjing.readers.numbering import render_label_bounded
from tests.hostile import cases
from tests.readers.pdfbuild import make_pdf

LINES = cases.REPORT_LINES
XML = cases.document(cases.paragraphs_xml(LINES))  # the only XML part the reader parses in _docx()


def _docx(body_lines: list[str] = LINES, **numbering: str) -> bytes:
    numbered = bool(numbering)
    return cases.package(
        cases.document(cases.paragraphs_xml(body_lines, numbered=numbered)),
        cases.numbering(**numbering) if numbered else None,
    )


def _limits(**changes: object) -> ReadLimits:
    return replace(DEFAULT_LIMITS, **changes)  # type: ignore[arg-type]


def _read(data: bytes, name: str = "报告.docx", **changes: object) -> object:
    return document_from_bytes(data, filename=name, limits=_limits(**changes))


@pytest.mark.parametrize(
    ("limit", "under", "over", "words"),
    [
        ("max_parts", 3, 1, "部件过多"),
        ("max_part_bytes", 4000, 400, "解压后超过"),
        ("max_xml_bytes", len(XML), len(XML) - 1, "解压后超过"),
        (
            "max_xml_nodes",
            XML.count(b"<") + XML.count(b"="),
            XML.count(b"<") + XML.count(b"=") - 1,
            "XML 元素和属性",
        ),
        ("max_paragraphs", 4, 3, "段落过多"),
        ("max_chars", 41, 40, "文字过多"),
    ],
)
def test_docx_limit(limit: str, under: int, over: int, words: str) -> None:
    data = _docx()
    assert len(_read(data, **{limit: under}).paragraphs) == len(LINES)  # type: ignore[attr-defined]
    with pytest.raises(LimitExceededError, match=words) as caught:
        _read(data, **{limit: over})
    assert caught.value.limit == limit and "上限" in str(caught.value)


@pytest.mark.parametrize(
    ("start", "refused"), [("32767", False), ("-32767", False), ("32768", True), ("2600000000", True)]
)
def test_numbering_start(start: str, refused: bool) -> None:
    data = _docx(start=start, fmt="decimal")
    if refused:
        with pytest.raises(LimitExceededError, match="起始值") as caught:
            _read(data)
        assert caught.value.limit == "max_numbering_start"
    else:
        labels = [p.numbering for p in _read(data).paragraphs]  # type: ignore[attr-defined]
        assert labels[0] == f"{start}."


@pytest.mark.parametrize(
    ("template", "fmt", "start", "refused"),
    [
        ("%1." + "x" * 61, "decimal", "1", False),  # 64 characters
        ("%1." + "x" * 62, "decimal", "1", True),
        ("%1" * 40, "decimal", "1", True),  # short template, long label
        ("%1.", "lowerLetter", str(26 * 62), False),  # labels of up to 63 repeated letters
        ("%1.", "lowerLetter", str(26 * 64 + 1), True),  # 65 letters: refused before it is built
    ],
)
def test_label_length(template: str, fmt: str, start: str, refused: bool) -> None:
    data = _docx(start=start, fmt=fmt, text=template)
    if refused:
        with pytest.raises(LimitExceededError, match="编号的格式过长"):
            _read(data)
    else:
        assert _read(data).paragraphs[0].numbering  # type: ignore[attr-defined]


def test_render_label_bounded_decides_before_building() -> None:
    assert render_label_bounded("%1、", [3], ["chineseCounting"], max_length=8) == "三、"
    assert render_label_bounded("%1", [2_600_000_000], ["lowerLetter"], max_length=64) is None
    assert render_label_bounded("%1" * 1000, [1], ["decimal"], max_length=64) is None


def test_directory_that_lies_about_a_small_part_is_damage_not_a_limit() -> None:
    data = bytearray(_docx())
    real = len(cases.document(cases.paragraphs_xml(LINES)))
    for position in range(len(data) - 4):
        if data[position : position + 4] == struct.pack("<I", real):
            data[position : position + 4] = struct.pack("<I", real - 10)
    with pytest.raises(ReadError, match="已损坏") as caught:
        _read(bytes(data))
    assert not isinstance(caught.value, LimitExceededError)


def test_text_limits_are_checked_before_decoding_and_splitting() -> None:
    text = "\n".join(LINES).encode()
    assert _read(text, "a.txt", max_chars=100, max_paragraphs=4).paragraphs  # type: ignore[attr-defined]
    with pytest.raises(LimitExceededError, match="段落过多"):
        _read(text, "a.txt", max_paragraphs=3)
    with pytest.raises(LimitExceededError, match="文字过多"):
        _read(text, "a.txt", max_chars=30)
    with pytest.raises(
        LimitExceededError, match="文字过多"
    ):  # 4 bytes a character at most: no decoding needed
        _read(b"\xff" * 200, "a.txt", max_chars=49)


def test_file_size_limit_names_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "大.txt"
    path.write_bytes("一是学习。\n".encode() * 100)
    with pytest.raises(LimitExceededError, match="文件过大") as caught:
        read_document(path, max_bytes=100)
    assert caught.value.limit == "max_file_bytes"


@pytest.mark.parametrize(
    ("data", "name", "label"),
    [
        (cases.deep_rtf()[:2000], "报告.txt", "RTF"),
        (make_pdf(["一、存在问题"]), "报告.txt", "PDF"),
        (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "WordDocument".encode("utf-16-le") + b"\0\0" * 300,
            "a.doc",
            "旧版 Word",
        ),
    ],
)
def test_formats_not_accepted_never_reach_a_converter(
    data: bytes, name: str, label: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(convert, "run_tool", lambda *a, **k: pytest.fail("a converter was started"))
    with pytest.raises(UnsupportedFormatError, match="只接受") as caught:
        document_from_bytes(data, filename=name, accept=NATIVE_FORMATS)
    assert label in str(caught.value)


def test_accept_limits_native_formats_too() -> None:
    with pytest.raises(UnsupportedFormatError, match=r"只接受 Word（\.docx）"):
        document_from_bytes("\n".join(LINES).encode(), filename="a.txt", accept={"docx"})
    assert document_from_bytes(_docx(), filename="a.docx", accept={"docx"}).format == "docx"
    with pytest.raises(ValueError, match="unknown formats"):
        document_from_bytes(_docx(), filename="a.docx", accept={"docx", "exe"})


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext not installed")
def test_pdf_pages_limit() -> None:
    data = make_pdf(["一、存在问题", "一是学习不够。"])
    assert _read(data, "a.pdf", max_pdf_pages=1).format == "pdf"  # type: ignore[attr-defined]
    with pytest.raises(LimitExceededError, match="页数过多"):
        _read(data, "a.pdf", max_pdf_pages=0)


@pytest.mark.parametrize(
    ("status", "stderr", "words"),
    [
        (128 + signal.SIGXCPU, b"", "超时"),
        (128 + signal.SIGKILL, b"", "超时"),
        (
            128 + signal.SIGABRT,
            b"terminate called after throwing an instance of 'std::bad_alloc'",
            "内存超过",
        ),
        (1, b"Syntax Error: Out of memory", "内存超过"),
    ],
)
def test_converter_ending_by_a_limit_is_named(status: int, stderr: bytes, words: str) -> None:
    tool = convert.ToolLimits("pdftotext", 3, 384 << 20, 0, 0)
    with pytest.raises(LimitExceededError, match=words):
        convert._raise_for_limits(convert.ToolResult(status, b"", stderr), tool, "a.pdf")


def test_converter_ending_normally_is_not_a_limit() -> None:
    tool = convert.ToolLimits("pdftotext", 3, 384 << 20, 0, 0)
    convert._raise_for_limits(convert.ToolResult(1, b"", b"Syntax Error: broken xref"), tool, "a.pdf")
    convert._raise_for_limits(convert.ToolResult(0, b"", b"warning: low memory mode"), tool, "a.pdf")


def test_work_folders_of_dead_processes_are_swept(tmp_path: Path) -> None:
    dead = tmp_path / f"{convert.WORKDIR_PREFIX}999999999-abc"
    mine = tmp_path / f"{convert.WORKDIR_PREFIX}{os.getpid()}-abc"
    for folder in (dead, mine):
        folder.mkdir()
        (folder / "input.doc").write_bytes(b"x")
    assert convert.sweep_workdirs(tmp_path) == 1
    assert not dead.exists() and mine.exists()


def test_display_name_is_safe_in_a_message() -> None:
    assert display_name("a\nb\u202ec.docx") == "a bc.docx"
    shown = display_name("长" * 200 + ".docx")
    assert len(shown) <= 60 and shown.endswith(".docx") and "…" in shown


def test_describe_limits_is_chinese_and_names_the_figures() -> None:
    lines = describe_limits(accept=NATIVE_FORMATS)
    assert "Word（.docx）" in lines[0] and "RTF" not in lines[0]
    assert any("200,000 字" in line for line in lines)


def test_large_style_sheets_are_not_kept_in_the_cache() -> None:
    from mingjing.readers import ooxml

    rels = (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="r1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" '
        'Target="styles.xml"/></Relationships>'
    )

    def with_styles(size: int) -> bytes:
        styles = f'<w:styles xmlns:w="{cases.W_NS}"><!--{"x" * size}--></w:styles>'.encode()
        extra = {"word/_rels/document.xml.rels": rels.encode(), "word/styles.xml": styles}
        return cases.package(cases.document(cases.paragraphs_xml(LINES)), extra=extra)

    ooxml.styles_from.cache_clear()
    _read(with_styles(3 * 1024 * 1024))
    assert ooxml.styles_from.cache_info().currsize == 0
    _read(with_styles(1000))
    assert ooxml.styles_from.cache_info().currsize == 1

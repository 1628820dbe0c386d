"""Plain-text reading: encodings, line endings, BOMs and the refusal to guess wrongly."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mingjing.errors import ReadError, UnsupportedFormatError
from mingjing.readers import document_from_bytes, document_from_text, read_document
from mingjing.readers.text import decode_bytes, is_plausible
from tests.conftest import seed_files

# Our own sample (not seed text): headings, items, ASCII digits, full-width punctuation, a blank line.
OWN_TEXT = "\n".join(
    [
        "关于2024年度组织生活会的个人对照检查材料",
        "",
        "一、存在的问题",
        "（一）学习方面。一是学习不够系统，往往满足于读过、看过，2023年只写了3篇心得。",
        "二是联系实际不紧，“学归学、干归干”的现象仍然存在。",
        "二、原因分析",
        "思想上有松懈情绪；工作中存在经验主义。",
        "三、整改措施",
        "1.每周安排不少于4小时集中学习——做到学有所得。",
    ]
)


def _encode(text: str, encoding: str) -> bytes:
    """Encode like an editor would: ``+bom`` variants of UTF-16 carry their byte-order mark."""
    if encoding == "utf-16-le+bom":
        return codecs.BOM_UTF16_LE + text.encode("utf-16-le")
    if encoding == "utf-16-be+bom":
        return codecs.BOM_UTF16_BE + text.encode("utf-16-be")
    return text.encode(encoding)


# (how the bytes are written, what Document.encoding must say)
ENCODINGS = [
    ("utf-8", "utf-8"),
    ("utf-8-sig", "utf-8-sig"),
    ("gbk", "gb18030"),
    ("gb18030", "gb18030"),
    ("utf-16-le+bom", "utf-16"),
    ("utf-16-be+bom", "utf-16"),
]
SAMPLES = [pytest.param(OWN_TEXT, id="own-sample")] + [
    pytest.param(path.read_text("utf-8"), id=path.stem[:3]) for path in seed_files()
]


@pytest.mark.parametrize(("encoding", "reported"), ENCODINGS)
@pytest.mark.parametrize("text", SAMPLES)
def test_each_encoding_reads_back_the_same_lines(
    tmp_path: Path, text: str, encoding: str, reported: str
) -> None:
    try:
        data = _encode(text, encoding)
    except UnicodeEncodeError:
        pytest.skip(f"this text has characters {encoding} cannot encode")
    path = tmp_path / "report.txt"
    path.write_bytes(data)
    document = read_document(path)
    assert document.encoding == reported
    assert [p.text for p in document.paragraphs] == text.split("\n")
    assert document.format == "txt"


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_is_recognised(codec: str) -> None:
    document = document_from_bytes(OWN_TEXT.encode(codec), filename="无BOM.txt")
    assert document.encoding == codec
    assert [p.text for p in document.paragraphs] == OWN_TEXT.split("\n")


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_or_ascii_is_not_misread_as_gb18030(codec: str) -> None:
    # No NUL bytes at all, so only the plausibility test can tell UTF-16 from GB18030 here.
    text = "学习贯彻党的创新理论，坚持以人民为中心的发展思想，认真查摆问题，深刻剖析根源，切实抓好整改落实。"
    data = text.encode(codec)
    assert b"\x00" not in data
    assert decode_bytes(data) == (text, codec)


@pytest.mark.parametrize("newline", ["\r\n", "\r", "\n"])
def test_line_endings_all_split_lines(newline: str) -> None:
    document = document_from_bytes(OWN_TEXT.replace("\n", newline).encode("utf-8"), filename="a.txt")
    assert [p.text for p in document.paragraphs] == OWN_TEXT.split("\n")


def test_bom_is_removed_but_other_text_is_kept_as_is() -> None:
    text = "\u3000\u3000一、存在问题  \n\t二是……"
    document = document_from_bytes(codecs.BOM_UTF8 + text.encode("utf-8"), filename="a.txt")
    assert document.paragraphs[0].text == "\u3000\u3000一、存在问题  "
    assert document.paragraphs[1].text == "\t二是……"


def test_markdown_headings_are_marked_and_keep_their_text() -> None:
    document = document_from_bytes("# 一、存在问题\n正文 #不是标题\n".encode(), filename="r.md")
    assert document.format == "md"
    assert [p.kind for p in document.paragraphs[:2]] == ["heading", "paragraph"]
    assert document.paragraphs[0].text == "# 一、存在问题"


def test_traditional_big5_is_found_by_the_fallback_detector() -> None:
    text = "一、存在問題\n（一）理論學習方面。一是學習不夠系統，對創新理論的把握還不夠全面深入，聯繫實際不緊密。\n二是調查研究不夠深入，對基層的實際情況掌握不全面，解決問題的辦法不多。"
    document = document_from_bytes(text.encode("big5"), filename="big5.txt")
    assert [p.text for p in document.paragraphs] == text.split("\n")
    assert document.encoding in ("big5", "cp950", "big5hkscs")


def test_text_that_fits_no_encoding_is_refused_with_advice() -> None:
    data = ("Caf\xe9 r\xe9sum\xe9 na\xefve \xe0 la carte. " * 20).encode("latin-1")
    with pytest.raises(ReadError) as caught:
        document_from_bytes(data, filename="west.txt")
    message = str(caught.value)
    assert "UTF-8" in message and "GB18030" in message and "另存为" in message


def test_nul_bytes_that_are_not_utf16_mean_binary() -> None:
    data = bytes(range(256)) * 8
    with pytest.raises(UnsupportedFormatError):
        document_from_bytes(data, filename="blob.txt")


def test_trailing_nul_padding_is_ignored() -> None:
    document = document_from_bytes("一、存在问题\n".encode() + b"\x00" * 64, filename="pad.txt")
    assert document.paragraphs[0].text == "一、存在问题"


def test_plausibility_rejects_wrong_decodings() -> None:
    text = "坚持把自己摆进去、把职责摆进去、把工作摆进去，深入查摆问题。" * 3
    assert is_plausible(text)
    assert not is_plausible(text.encode("big5", "replace").decode("gb18030", "replace"))
    assert not is_plausible(("x" + text).encode("utf-16-le")[1:-1].decode("gb18030", "replace"))


def test_document_from_text_keeps_lines_and_format() -> None:
    document = document_from_text("\ufeff甲\r\n乙\r丙", name="粘贴", fmt="text")
    assert [p.text for p in document.paragraphs] == ["甲", "乙", "丙"]
    assert (document.path, document.format, document.encoding) == ("粘贴", "text", None)


# Common characters only (GB2312 level 1 plus punctuation): the alphabet a real report uses, so
# the plausibility test has to accept every encoding of it.
_HANZI = [
    bytes([lead, trail]).decode("gb2312", "replace")
    for lead in range(0xB0, 0xD8)
    for trail in range(0xA1, 0xFF)
]
# Row 0xD7 ends early: its unassigned pairs decode to replacement characters, which no encoding round-trips.
_HANZI = [ch for ch in _HANZI if len(ch) == 1 and ch != "\ufffd"]
_OTHER = list("，。、；：？！“”（）《》【】—…·0123456789abcXYZ %\n")
_CHUNKS = st.lists(st.sampled_from(_HANZI), min_size=10, max_size=60).flatmap(
    lambda hanzi: st.lists(st.sampled_from(_OTHER), max_size=20).map(lambda other: _interleave(hanzi, other))
)


def _interleave(hanzi: list[str], other: list[str]) -> str:
    out = list(hanzi)
    for i, ch in enumerate(other):
        out.insert((i * 7) % (len(out) + 1), ch)
    return "".join(out)


@settings(max_examples=150, deadline=None)
@given(text=_CHUNKS, encoding=st.sampled_from(ENCODINGS))
def test_any_chinese_text_decodes_back_exactly(text: str, encoding: tuple[str, str]) -> None:
    written, reported = encoding
    assert decode_bytes(_encode(text, written)) == (text, reported)


# A table pasted from a browser: header row, a merged first cell written once, then body text.
PASTED_TABLE = "\n".join(
    [
        "一、存在的问题",
        "方面\t问题",
        "理论学习\t一是学习不够系统。",
        "\t二是学用结合不紧。",
        "工作作风\t一是调研不深。\t（已整改）",
        "二、原因剖析",
    ]
)


def test_a_pasted_table_becomes_one_cell_paragraph_per_non_empty_cell() -> None:
    document = document_from_text(PASTED_TABLE)
    cells = [(p.text, p.kind, p.table) for p in document.paragraphs]
    assert cells == [
        ("一、存在的问题", "paragraph", None),
        ("方面", "table-cell", (0, 0, 0)),
        ("问题", "table-cell", (0, 0, 1)),
        ("理论学习", "table-cell", (0, 1, 0)),
        ("一是学习不够系统。", "table-cell", (0, 1, 1)),
        ("二是学用结合不紧。", "table-cell", (0, 2, 1)),
        ("工作作风", "table-cell", (0, 3, 0)),
        ("一是调研不深。", "table-cell", (0, 3, 1)),
        ("（已整改）", "table-cell", (0, 3, 2)),
        ("二、原因剖析", "paragraph", None),
    ]
    assert [p.index for p in document.paragraphs] == list(range(len(cells)))


def test_pasted_table_cells_keep_their_text_exactly() -> None:
    text = "甲 \t 乙\u3000\n\t丙\t\n正文"
    document = document_from_text(text)
    assert [p.text for p in document.paragraphs] == ["甲 ", " 乙\u3000", "丙", "正文"]
    # nothing but TABs and empty cells is dropped
    assert "".join(p.text for p in document.paragraphs) == text.replace("\t", "").replace("\n", "")


@pytest.mark.parametrize(
    "text",
    [
        "副局长\t杨振华\n根据安排，现报告如下。",  # one TAB line is no table
        "\t一是学习不深。\n\t二是运用不够。",  # indentation, no row with two cells
        "一是学习不深。\t\n二是运用不够。",  # a trailing TAB
    ],
)
def test_lines_with_tabs_that_are_not_a_table_stay_paragraphs(text: str) -> None:
    document = document_from_text(text)
    assert [p.text for p in document.paragraphs] == text.split("\n")
    assert {p.kind for p in document.paragraphs} == {"paragraph"}


def test_two_pasted_tables_are_numbered_apart() -> None:
    document = document_from_text("甲\t乙\n丙\t丁\n正文\n戊\t己\n\t庚")
    tables = [p.table for p in document.paragraphs if p.table is not None]
    assert tables == [(0, 0, 0), (0, 0, 1), (0, 1, 0), (0, 1, 1), (1, 0, 0), (1, 0, 1), (1, 1, 1)]

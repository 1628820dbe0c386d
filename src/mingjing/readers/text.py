"""Plain text: decoding (UTF-8, UTF-16, GB18030 …) and one source paragraph per line.

A table pasted as text (a browser or Word copies one row per line, cells separated by TAB, and a
vertically merged cell written once so the rows it spans start with a TAB) is read as the .docx
reader reads a table: one ``kind="table-cell"`` paragraph per non-empty cell, with
``table=(table, row, column)``. A table is a run of at least two consecutive lines that starts with
a line of two or more non-empty TAB-separated cells and continues with such lines or with lines
whose first cell is empty (a merged cell). A single TAB line, or lines that merely start with a TAB
(indentation), stay ordinary paragraphs.

Decoding never guesses silently. Strict decoders are tried in a fixed order (BOM, UTF-16 when the
bytes contain NULs, UTF-8, GB18030, BOM-less UTF-16) and a non-UTF result is only accepted when the
text is *plausible*: mostly common Chinese characters (GB2312 or Big5 level 1) and punctuation, and
hardly any control characters. charset-normalizer is asked last, and its answer must pass the same
test. When nothing fits, :class:`~mingjing.errors.ReadError` says what was tried.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from functools import lru_cache

from mingjing.errors import ReadError, UnsupportedFormatError
from mingjing.model import Document, SourceParagraph

_BOMS: tuple[tuple[bytes, str, str], ...] = (
    # (BOM, codec, name reported in Document.encoding); UTF-32 first: its LE BOM starts like UTF-16's.
    (codecs.BOM_UTF32_LE, "utf-32", "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32", "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig", "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16", "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16", "utf-16"),
)
TRIED = "UTF-8、UTF-16、GB18030 及自动检测"
_ALLOWED_CONTROLS = frozenset("\t\n\r\f\v\x1a")
_SAMPLE_CHARS = 20000
_MIN_SCORED = 8
_MIN_PLAUSIBLE = 0.8
_MD_HEADING = re.compile(r"#{1,6}\s")
MIN_TABLE_ROWS = 2
_LINE_CONTROLS = str.maketrans({"\f": "\n", "\v": "\n"})
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def decode_bytes(data: bytes, *, name: str = "文件") -> tuple[str, str]:
    """Decode ``data`` and return ``(text, encoding)``; the BOM is removed.

    Raises :class:`ReadError` when no encoding decodes the bytes cleanly and plausibly, and
    :class:`UnsupportedFormatError` when the bytes are binary (NULs that are not UTF-16).
    """
    with_bom = _decode_with_bom(data, name)
    if with_bom is not None:
        return with_bom
    data = _strip_nul_padding(data)
    if b"\x00" in data:
        utf16 = _decode_utf16(data)
        if utf16 is None:
            raise binary_error(name)
        return utf16
    for attempt in (_decode_utf8, _decode_gb18030, _decode_utf16, _decode_detected):
        result = attempt(data)
        if result is not None:
            return result
    raise ReadError(
        f"无法识别“{name}”的文字编码（已尝试 {TRIED}）。",
        hint="请用记事本或 WPS 打开后“另存为”UTF-8 编码的文本，或另存为 .docx 后再试。",
    )


def binary_error(name: str) -> UnsupportedFormatError:
    return UnsupportedFormatError(
        f"“{name}”不是文本文件，也不是可识别的文档格式（内容为二进制数据）。",
        hint="请提供 Word（.docx/.doc/.wps）、PDF 或 UTF-8 文本文件。",
    )


def _decode_with_bom(data: bytes, name: str) -> tuple[str, str] | None:
    for bom, codec, label in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError as exc:
                raise ReadError(
                    f"“{name}”开头标明是 {label.upper()} 编码，但内容已损坏，无法解码。",
                    hint="请用记事本或 WPS 打开后另存为 UTF-8 编码的文本。",
                ) from exc
            return text.lstrip("\ufeff"), label
    return None


def _strip_nul_padding(data: bytes) -> bytes:
    # Some editors and download tools pad files with NULs; a lone trailing NUL may be UTF-16, keep it.
    stripped = data.rstrip(b"\x00")
    return stripped if len(data) - len(stripped) >= 2 and b"\x00" not in stripped else data


def _decode_utf8(data: bytes) -> tuple[str, str] | None:
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return None


def _decode_gb18030(data: bytes) -> tuple[str, str] | None:
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        return None
    return (text, "gb18030") if is_plausible(text) else None


def _decode_utf16(data: bytes) -> tuple[str, str] | None:
    """BOM-less UTF-16: try both byte orders and keep the one that reads as real text."""
    if len(data) % 2:
        return None
    for codec in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if is_plausible(text, min_scored=1):
            return text, codec
    return None


def _decode_detected(data: bytes) -> tuple[str, str] | None:
    from charset_normalizer import from_bytes  # imported lazily: only a rare fallback needs it

    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        return None
    try:
        text = data.decode(best.encoding)
    except (UnicodeDecodeError, LookupError):
        return None
    return (text, best.encoding.replace("_", "-")) if is_plausible(text, min_scored=1) else None


def is_plausible(text: str, *, min_scored: int = _MIN_SCORED) -> bool:
    """Does decoded text look like real (Chinese) writing rather than a wrong decoding?

    Few control characters, and at least 80 % of the non-ASCII characters are common hanzi or
    punctuation. With fewer than ``min_scored`` non-ASCII characters there is nothing to judge.
    """
    sample = text[:_SAMPLE_CHARS]
    controls = sum(1 for ch in sample if (ch < " " or ch == "\x7f") and ch not in _ALLOWED_CONTROLS)
    if controls > max(2, len(sample) // 200):
        return False
    scored = [_is_common(ch) for ch in sample if ch > "\x7f"]
    if len(scored) < min_scored:
        return True
    return sum(scored) >= _MIN_PLAUSIBLE * len(scored)


@lru_cache(maxsize=16384)
def _is_common(ch: str) -> bool:
    code = ord(ch)
    if 0x3000 <= code <= 0x303F or 0xFF00 <= code <= 0xFFEF or 0x2000 <= code <= 0x206F:
        return True  # CJK and general punctuation, full-width forms
    if 0x2150 <= code <= 0x24FF or code in (0xA0, 0xB7, 0xD7, 0xF7):
        return True  # roman numerals, circled numbers, ·×÷
    return _in_gb2312_hanzi(ch) or _in_big5_level1(ch)


def _in_gb2312_hanzi(ch: str) -> bool:
    try:
        encoded = ch.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return len(encoded) == 2 and encoded[0] >= 0xB0


def _in_big5_level1(ch: str) -> bool:
    # Traditional-character reports: Big5 level 1 holds the ~5400 common traditional hanzi.
    try:
        encoded = ch.encode("big5")
    except UnicodeEncodeError:
        return False
    return len(encoded) == 2 and 0xA440 <= int.from_bytes(encoded, "big") <= 0xC67E


def split_lines(text: str) -> list[str]:
    """Split on CRLF, lone CR and LF (not on other Unicode separators, which stay in the text)."""
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def xml_safe(text: str) -> str:
    """``text`` without the characters XML 1.0 cannot hold; a form feed or vertical tab becomes a line break.

    Text files and pastes may carry NULs (UTF-16 padding, a stray keystroke), other C0 controls, U+FFFE/
    U+FFFF or, from lenient decoders, lone surrogates. None is visible, but PostgreSQL refuses NUL (an
    upload failed with a server error) and every .docx the app writes (the annotated report) failed on
    the others, so the readers drop them before anything else sees the text.
    """
    return _NOT_XML.sub("", text.translate(_LINE_CONTROLS))


def document_from_text(
    text: str,
    *,
    name: str | None = None,
    fmt: str = "text",
    encoding: str | None = None,
    warnings: tuple[str, ...] = (),
) -> Document:
    """Build a Document from already-decoded text: one paragraph per line, text kept as it is
    (but for the characters :func:`xml_safe` removes).

    CRLF and lone CR count as line breaks and a leading BOM is dropped. For Markdown (``fmt="md"``)
    lines starting with ``#`` marks get ``kind="heading"`` (their text keeps the marks). Tables
    pasted as TAB-separated lines give one ``table-cell`` paragraph per non-empty cell (module
    docstring); each cell's text is exactly the source between its TABs.
    """
    lines = split_lines(xml_safe(text.removeprefix("\ufeff")))
    paragraphs: list[SourceParagraph] = []
    tables = dict(_table_rows(lines))
    for number, line in enumerate(lines):
        position = tables.get(number)
        if position is None:
            paragraphs.append(SourceParagraph(index=len(paragraphs), text=line, kind=_line_kind(line, fmt)))
            continue
        for column, cell in enumerate(line.split("\t")):
            if cell.strip():
                where = (*position, column)
                paragraphs.append(SourceParagraph(len(paragraphs), cell, kind="table-cell", table=where))
    return Document(paragraphs=tuple(paragraphs), path=name, format=fmt, encoding=encoding, warnings=warnings)


def _line_kind(line: str, fmt: str) -> str:
    return "heading" if fmt == "md" and _MD_HEADING.match(line) else "paragraph"


def _full_row(line: str) -> bool:
    """Two or more non-empty TAB-separated cells."""
    return "\t" in line and sum(1 for cell in line.split("\t") if cell.strip()) >= 2


def _continued_row(line: str) -> bool:
    """A row under a merged first cell: empty first cell, then content."""
    first, tab, rest = line.partition("\t")
    return bool(tab) and not first.strip() and bool(rest.strip())


def _table_rows(lines: list[str]) -> Iterator[tuple[int, tuple[int, int]]]:
    """``(line number, (table index, row))`` for every line that is a row of a pasted table."""
    table = 0
    number = 0
    while number < len(lines):
        end = number + 1
        if _full_row(lines[number]):
            while end < len(lines) and (_full_row(lines[end]) or _continued_row(lines[end])):
                end += 1
        if end - number >= MIN_TABLE_ROWS:
            yield from ((line, (table, line - number)) for line in range(number, end))
            table += 1
        number = end

"""Readers turn a file (or pasted text) into a :class:`~mingjing.model.Document`.

The format is decided by the content first (magic numbers, the inside of zip/OLE containers) and by
the extension where the content leaves a choice (.doc vs .wps, .md vs .txt, a Word-HTML ``.doc``).
Every failure is a :class:`~mingjing.errors.ReadError` (or subclass) with a Chinese message.

What the parser gets:

* text files: one :class:`~mingjing.model.SourceParagraph` per line, text as written (BOM removed),
  ``Document.encoding`` names the encoding used;
* .docx (and .doc/.wps/.rtf/.odt after LibreOffice converts them): one paragraph per Word paragraph
  or table-cell paragraph in document order; ``"\\n"`` inside a paragraph is a manual line break;
  ``numbering`` holds a list label that Word draws but the text lacks (see :mod:`.docx`);
* PDF: ``pdftotext`` lines re-joined into paragraphs (see :func:`.convert.pdf_paragraphs`).
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass, replace
from pathlib import Path

from mingjing.errors import LimitExceededError, ReadError, UnsupportedFormatError
from mingjing.model import Document, SourceParagraph
from mingjing.readers import convert
from mingjing.readers.docx import broken_docx_error, read_docx
from mingjing.readers.limits import (
    ALL_FORMATS,
    DEFAULT_LIMITS,
    FORMAT_LABELS,
    NATIVE_FORMATS,
    ReadLimits,
    chars_error,
    check_text,
    display_name,
    exceeded,
    megabytes,
    paragraphs_error,
)
from mingjing.readers.package import check_entry_count
from mingjing.readers.sniff import ZIP_MAGICS, Sniffed, sniff
from mingjing.readers.text import binary_error, decode_bytes, document_from_text, xml_safe

__all__ = [
    "ALL_FORMATS",
    "DEFAULT_LIMITS",
    "DEFAULT_MAX_BYTES",
    "NATIVE_FORMATS",
    "SUPPORTED_EXTENSIONS",
    "LimitExceededError",
    "ReadLimits",
    "document_from_bytes",
    "document_from_text",
    "read_document",
]

SUPPORTED_EXTENSIONS: tuple[str, ...] = (".docx", ".doc", ".wps", ".txt", ".md", ".rtf", ".odt", ".pdf")
DEFAULT_MAX_BYTES = DEFAULT_LIMITS.max_file_bytes
_DOCX_EXTENSIONS = frozenset({".docx", ".docm", ".dotx", ".dotm"})
_MARKDOWN_EXTENSIONS = frozenset({".md", ".markdown"})
_BINARY_EXTENSIONS = _DOCX_EXTENSIONS | {".doc", ".wps", ".pdf", ".odt", ".rtf"}
_WORD_HTML_EXTENSIONS = frozenset({".doc", ".wps", ".htm", ".html", ".mht", ".mhtml"})
_SUPPORTED_LIST = "Word（.docx/.doc/.wps）、WPS、PDF、RTF、ODT 或文本（.txt/.md）"
_BYTES_PER_CHAR = 4  # no encoding read here spends more than 4 bytes on one character


def read_document(
    path: str | Path,
    *,
    max_bytes: int | None = None,
    accept: Collection[str] | None = None,
    limits: ReadLimits | None = None,
) -> Document:
    """Read a report file (.docx, .doc, .wps, .rtf, .odt, .pdf, .txt, .md …) into a Document.

    ``accept`` names the formats the caller takes (``Document.format`` values, see
    :data:`~.limits.ALL_FORMATS`; default all): content of any other format is refused before any
    converter runs, whatever the extension says. ``limits`` bounds the work (default
    :data:`~.limits.DEFAULT_LIMITS`); ``max_bytes`` overrides its file size.

    Raises :class:`~mingjing.errors.ReadError` (or a subclass) with a Chinese message when the
    file is missing, empty, damaged, encrypted, not a document or not accepted, and
    :class:`~mingjing.errors.LimitExceededError` when it passes a limit.
    """
    file = Path(path)
    if not file.exists():
        raise ReadError(
            f"找不到文件：{display_name(str(file), width=120)}。", hint="请检查路径和文件名是否正确。"
        )
    if file.is_dir():
        raise ReadError(
            f"“{display_name(str(file))}”是一个文件夹，不是文件。", hint="请选择要检查的对照检查材料文件。"
        )
    if not file.is_file():
        raise ReadError(
            f"“{display_name(str(file))}”不是普通文件，无法读取。", hint="请选择 Word、PDF 或文本文件。"
        )
    effective = _limits(limits, max_bytes)
    size = file.stat().st_size
    _check_size(size, effective.max_file_bytes, display_name(file.name))
    try:
        with file.open("rb") as handle:  # never more than the limit, even if the file grows meanwhile
            data = handle.read(min(size, effective.max_file_bytes) + 1)
    except OSError as exc:
        raise ReadError(
            f"无法读取文件“{display_name(str(file))}”：{exc.strerror or exc}。", hint="请检查文件权限。"
        ) from exc
    return _read(data, name=file.name, path=str(path), limits=effective, accept=accept)


def document_from_bytes(
    data: bytes,
    *,
    filename: str,
    max_bytes: int | None = None,
    accept: Collection[str] | None = None,
    limits: ReadLimits | None = None,
) -> Document:
    """Read an uploaded file held in memory; ``filename`` supplies the extension and the name.

    ``accept``, ``limits`` and ``max_bytes`` as for :func:`read_document`.
    """
    # Some browsers send a Windows path ("C:\\fakepath\\报告.docx"): keep only the last part.
    name = filename.replace("\\", "/").rsplit("/", 1)[-1] or "上传的文件"
    return _read(data, name=name, path=filename, limits=_limits(limits, max_bytes), accept=accept)


def _limits(limits: ReadLimits | None, max_bytes: int | None) -> ReadLimits:
    chosen = DEFAULT_LIMITS if limits is None else limits
    return chosen if max_bytes is None else chosen.with_file_bytes(max_bytes)


@dataclass(frozen=True)
class _Source:
    data: bytes
    name: str  # the file name as it may appear in a message
    path: str
    extension: str
    sniffed: Sniffed
    limits: ReadLimits
    accept: frozenset[str]


def _read(
    data: bytes, *, name: str, path: str, limits: ReadLimits, accept: Collection[str] | None
) -> Document:
    shown = display_name(name)
    _check_size(len(data), limits.max_file_bytes, shown)
    if not data.strip():
        raise _empty_error(shown)
    if data.startswith(ZIP_MAGICS):
        check_entry_count(data, limits, shown)
    accepted = _accepted(accept)
    source = _Source(data, shown, path, Path(name).suffix.lower(), sniff(data), limits, accepted)
    try:
        document = _READERS[source.sniffed.kind](source)
    except MemoryError as exc:  # a last resort: no limit should let it come to this
        raise exceeded(f"读取“{shown}”所需的内存超出了本机的上限。", limit="memory") from exc
    if not any(paragraph.text.strip() or paragraph.numbering for paragraph in document.paragraphs):
        raise _empty_error(shown)
    _check_document(document, source)
    return document


def _accepted(accept: Collection[str] | None) -> frozenset[str]:
    if accept is None:
        return ALL_FORMATS
    chosen = frozenset(accept)
    unknown = chosen - ALL_FORMATS
    if unknown:
        raise ValueError(f"unknown formats in accept=: {sorted(unknown)}; known: {sorted(ALL_FORMATS)}")
    return chosen


def _require(source: _Source, fmt: str) -> None:
    """Refuse a format the caller does not accept, before any converter is started."""
    if fmt in source.accept:
        return
    accepted = "、".join(FORMAT_LABELS[f] for f in FORMAT_LABELS if f in source.accept) or "（无）"
    shown = f"扩展名是 {source.extension}，但" if source.extension and source.extension != f".{fmt}" else ""
    raise UnsupportedFormatError(
        f"“{source.name}”{shown}内容是 {FORMAT_LABELS[fmt]} 文件，此处只接受 {accepted}。",
        hint="请在 Word/WPS 中打开后另存为 .docx 再上传。",
    )


def _check_document(document: Document, source: _Source) -> None:
    """The paragraphs and characters of any document, whichever reader produced it."""
    limits = source.limits
    if len(document.paragraphs) > limits.max_paragraphs:
        raise paragraphs_error(source.name, limits)
    chars = sum(len(paragraph.text) for paragraph in document.paragraphs)
    if chars > limits.max_chars:
        raise chars_error(source.name, limits, chars)


def _check_size(size: int, max_bytes: int, name: str) -> None:
    if size > max_bytes:
        raise LimitExceededError(
            f"文件过大（{megabytes(size)} MB），上限 {megabytes(max_bytes)} MB：{name}。",
            limit="max_file_bytes",
            hint="请删除文档中的图片等非文字内容，或另存为 .docx/.txt 后再试。",
        )


def _empty_error(name: str) -> ReadError:
    return ReadError(f"文件是空的：{name}（没有可读取的文字）。", hint="请确认选对了文件并已保存内容。")


# ---------------------------------------------------------------------------
# One reader per sniffed kind
# ---------------------------------------------------------------------------


def _read_text(source: _Source) -> Document:
    fmt = "md" if source.extension in _MARKDOWN_EXTENSIONS else "txt"
    _require(source, fmt)
    limits = source.limits
    if len(source.data) > _BYTES_PER_CHAR * limits.max_chars:  # surely too long: do not even decode
        raise chars_error(source.name, limits)
    warnings: tuple[str, ...] = ()
    if source.extension in _BINARY_EXTENSIONS:
        # A renamed text file still reads; real damage must not come out as "not a text file".
        try:
            text, encoding = decode_bytes(source.data, name=source.name)
        except ReadError as exc:
            raise _damaged_error(source) from exc
        warnings = (f"“{source.name}”的内容是纯文本，不是 {source.extension} 文档，已按文本读取。",)
    else:
        text, encoding = decode_bytes(source.data, name=source.name)
    if not text.strip():
        raise _empty_error(source.name)
    check_text(text, name=source.name, limits=limits)  # before the text is split into paragraphs
    return document_from_text(text, name=source.path, fmt=fmt, encoding=encoding, warnings=warnings)


def _damaged_error(source: _Source) -> ReadError:
    if source.extension in _DOCX_EXTENSIONS:
        return broken_docx_error(source.name)
    return ReadError(
        f"文件已损坏，无法读取：{source.name}。", hint="请在 WPS/Word 中打开后另存为 .docx 再试。"
    )


def _read_docx_content(source: _Source, data: bytes, fmt: str, warnings: tuple[str, ...]) -> Document:
    if data is not source.data:  # converted by LibreOffice: the package limits apply to the result too
        check_entry_count(data, source.limits, source.name)
    content = read_docx(data, name=source.name, limits=source.limits)
    if not any(p.text.strip() for p in content.paragraphs) and content.has_drawings:
        raise ReadError(
            f"“{source.name}”中没有可读取的文字，只有图片（可能是扫描件）。",
            hint="请提供可编辑的 Word 或文本版本，扫描件请先做文字识别。",
        )
    return Document(
        paragraphs=content.paragraphs,
        path=source.path,
        format=fmt,
        warnings=warnings + content.warnings,
    )


def _read_docx(source: _Source) -> Document:
    _require(source, "docx")
    warnings: tuple[str, ...] = ()
    if source.extension and source.extension not in _DOCX_EXTENSIONS:
        warnings = (f"“{source.name}”的扩展名是 {source.extension}，但内容是 .docx 文档，已按 .docx 读取。",)
    return _read_docx_content(source, source.data, "docx", warnings)


def _read_converted(source: _Source, fmt: str, *, html: bool = False) -> Document:
    _require(source, fmt)
    suffix = f".{fmt}"
    data = convert.convert_to_docx(
        source.data, suffix=suffix, name=source.name, html=html, limits=source.limits
    )
    note = f"已用 LibreOffice 将 .{fmt} 文件转换为 .docx 后读取，个别格式和编号可能与原文略有出入。"
    return _read_docx_content(source, data, fmt, (note,))


def _read_ole_document(source: _Source) -> Document:
    fmt = "wps" if source.extension == ".wps" else "doc"
    document = _read_converted(source, fmt)
    if source.extension in _DOCX_EXTENSIONS:
        note = f"“{source.name}”实际是旧版 Word（.doc）文件，只是扩展名为 {source.extension}。"
        return replace(document, warnings=(note, *document.warnings))
    return document


def _read_unknown_ole(source: _Source) -> Document:
    if source.extension in (".doc", ".wps", *_DOCX_EXTENSIONS):
        return _read_ole_document(source)
    raise UnsupportedFormatError(
        f"“{source.name}”是 Office 格式文件，但不是 Word 文档。", hint=f"请提供 {_SUPPORTED_LIST} 文件。"
    )


def _read_html(source: _Source) -> Document:
    if source.extension in _WORD_HTML_EXTENSIONS:
        fmt = source.extension.lstrip(".") if source.extension in (".doc", ".wps") else "doc"
        return _read_converted(source, fmt, html=True)
    return _read_text(source)


def _read_pdf(source: _Source) -> Document:
    _require(source, "pdf")
    text = convert.pdf_to_text(source.data, name=source.name, limits=source.limits)
    # pdftotext passes on controls a damaged font maps to: dropped as for text files (xml_safe)
    lines = [line for line in map(xml_safe, convert.pdf_paragraphs(text)) if line.strip()]
    if not lines:
        raise ReadError(
            f"PDF 文件“{source.name}”中没有可提取的文字（可能是扫描件）。",
            hint="请提供 Word 或文本版本，扫描件请先做文字识别。",
        )
    paragraphs = tuple(SourceParagraph(index=i, text=line) for i, line in enumerate(lines))
    note = "PDF 没有段落信息，已按版面行拼合为段落，个别段落的分合可能与原文不同。"
    return Document(paragraphs=paragraphs, path=source.path, format="pdf", warnings=(note,))


def _broken_zip(source: _Source) -> Document:
    if source.extension in _DOCX_EXTENSIONS or source.sniffed.kind == "docx-broken":
        raise broken_docx_error(source.name)
    if source.extension in _BINARY_EXTENSIONS:
        raise _damaged_error(source)
    raise UnsupportedFormatError(
        f"“{source.name}”是压缩包，不是 Word 文档。",
        hint="请解压后选择其中的 .docx 文件（或直接上传 Word 文档）。",
    )


def _encrypted(source: _Source) -> Document:
    raise ReadError(
        f"“{source.name}”设有打开密码（已加密），无法读取。",
        hint="请在 Word/WPS 中取消密码（文件 → 信息 → 保护文档）后另存为 .docx 再试。",
    )


def _not_a_document(what: str) -> Callable[[_Source], Document]:
    def reject(source: _Source) -> Document:
        raise UnsupportedFormatError(
            f"“{source.name}”是{what}，不是对照检查材料文档。", hint=f"请提供 {_SUPPORTED_LIST} 文件。"
        )

    return reject


def _image(source: _Source) -> Document:
    raise UnsupportedFormatError(
        f"“{source.name}”是一张图片（{source.sniffed.detail}），不是文字文档。",
        hint=f"明镜只能读取文字：请提供 {_SUPPORTED_LIST} 文件；扫描件请先做文字识别。",
    )


def _binary(source: _Source) -> Document:
    if source.extension in _BINARY_EXTENSIONS:
        raise _damaged_error(source)
    if source.sniffed.detail:
        return _not_a_document(source.sniffed.detail)(source)
    raise binary_error(source.name)


_READERS: dict[str, Callable[[_Source], Document]] = {
    "docx": _read_docx,
    "docx-broken": _broken_zip,
    "zip-broken": _broken_zip,
    "zip": _broken_zip,
    "odt": lambda source: _read_converted(source, "odt"),
    "rtf": lambda source: _read_converted(source, "rtf"),
    "doc": _read_ole_document,
    "ole": _read_unknown_ole,
    "ole-encrypted": _encrypted,
    "excel": _not_a_document("Excel 表格"),
    "powerpoint": _not_a_document("PowerPoint 演示文稿"),
    "pdf": _read_pdf,
    "html": _read_html,
    "image": _image,
    "binary": _binary,
    "text": _read_text,
}

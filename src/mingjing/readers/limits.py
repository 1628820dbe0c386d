"""Reading limits: what a file may cost before 明镜 refuses it (issue 14).

Every limit is checked *before* the work it bounds: the zip directory is never trusted (parts are
measured while they inflate), XML is measured before it is parsed, counters are checked before a list
label is built, text is counted before it is split, and converters run with their own time and
memory limits. Past a limit the reader raises :class:`~mingjing.errors.LimitExceededError` whose
Chinese message names the limit. The figures and the reasons behind them are in ``docs/limits.md``.

Setting-free helpers for callers (the CLI, the web) live here too: the format names ``accept=``
takes (:data:`ALL_FORMATS`, :data:`NATIVE_FORMATS`) and :func:`describe_limits` for an upload page.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, fields, replace
from typing import Any

from mingjing.errors import LimitExceededError

__all__ = [
    "ALL_FORMATS",
    "DEFAULT_LIMITS",
    "FORMAT_LABELS",
    "NATIVE_FORMATS",
    "XML_MAX_DEPTH",
    "LimitExceededError",
    "ReadLimits",
    "check_text",
    "describe_limits",
    "display_name",
]

_MB = 1024 * 1024
_UNLIMITED = 1 << 62

# The format names of ``Document.format`` that ``accept=`` takes.
ALL_FORMATS: frozenset[str] = frozenset({"docx", "doc", "wps", "rtf", "odt", "pdf", "txt", "md"})
# Formats read in-process, without LibreOffice or pdftotext: what an exposed server should accept.
NATIVE_FORMATS: frozenset[str] = frozenset({"docx", "txt", "md"})
FORMAT_LABELS: dict[str, str] = {
    "docx": "Word（.docx）",
    "doc": "旧版 Word（.doc）",
    "wps": "WPS（.wps）",
    "rtf": "RTF",
    "odt": "ODT",
    "pdf": "PDF",
    "txt": "文本（.txt）",
    "md": "Markdown（.md）",
}
# libxml2 refuses XML nested deeper than this unless "huge tree" mode is on (ReadLimits.xml_huge_tree).
XML_MAX_DEPTH = 256


@dataclass(frozen=True)
class ReadLimits:
    """What one read may cost. The defaults fit the largest real reports with a wide margin.

    Real 对照检查材料 are 2,000–15,000 characters; a 班子 report with its attachments reaches about
    60,000. ``max_chars`` (200,000) is three times that; ``max_paragraphs`` (10,000) is twenty times
    the paragraphs of such a report counted with its table cells.
    """

    max_file_bytes: int = 20 * _MB
    max_parts: int = 1000  # entries of a .docx (zip) package
    max_part_bytes: int = 32 * _MB  # one part, uncompressed, measured while inflating
    max_xml_bytes: int = 48 * _MB  # all XML parts read from one package, uncompressed
    max_xml_nodes: int = 1_500_000  # elements + attributes of all XML parts read (≈ 200 MB of tree)
    xml_huge_tree: bool = False  # True lifts libxml2's depth (256) and text-node (10 MB) limits
    max_numbering_start: int = 32767  # Word's own maximum for "set numbering value"
    max_label_chars: int = 64  # one list label (template and rendered text)
    max_paragraphs: int = 10_000
    max_chars: int = 200_000
    max_pdf_pages: int = 300
    pdftotext_seconds: float = 3.0
    pdftotext_memory_bytes: int = 384 * _MB
    max_rtf_depth: int = 100  # nesting of RTF groups (real files: a few levels)
    office_seconds: float = 20.0
    office_memory_bytes: int = 2048 * _MB
    converter_output_bytes: int = 64 * _MB  # files a converter may write (RLIMIT_FSIZE)

    @classmethod
    def unlimited(cls) -> ReadLimits:
        """No limit at all except the converters' time (benchmarks of the unprotected reader only)."""
        counts: dict[str, Any] = {f.name: _UNLIMITED for f in fields(cls) if f.name.startswith("max_")}
        return cls(
            **counts,
            xml_huge_tree=True,
            pdftotext_seconds=3600.0,
            pdftotext_memory_bytes=0,
            office_seconds=3600.0,
            office_memory_bytes=0,
            converter_output_bytes=0,
        )

    def with_file_bytes(self, max_bytes: int) -> ReadLimits:
        return replace(self, max_file_bytes=max_bytes)


DEFAULT_LIMITS = ReadLimits()


def display_name(name: str, *, width: int = 60) -> str:
    """A file name safe to put in a message: control and bidi characters removed, long names shortened."""
    cleaned = "".join(" " if ch in "\r\n\t" else ch for ch in name if ch in "\r\n\t" or _printable(ch))
    cleaned = cleaned.strip()
    if len(cleaned) > width:
        cleaned = cleaned[: width // 2 - 1] + "…" + cleaned[-(width // 2) :]
    return cleaned or "文件"


def _printable(ch: str) -> bool:
    code = ord(ch)
    # Bidi overrides/isolates (U+202A–202E, U+2066–2069) could make a name read backwards in a message.
    return code >= 0x20 and code != 0x7F and not 0x202A <= code <= 0x202E and not 0x2066 <= code <= 0x2069


def megabytes(size: int) -> str:
    value = size / _MB
    return f"{value:.1f}" if value >= 0.1 else f"{value:.3g}"


def exceeded(message: str, *, limit: str, hint: str | None = None) -> LimitExceededError:
    """A :class:`LimitExceededError` with the standard hint unless one is given."""
    return LimitExceededError(
        message,
        limit=limit,
        hint=hint
        if hint is not None
        else "请只上传对照检查材料本身，或在 Word/WPS 中打开后另存为 .docx 再试。",
    )


def paragraphs_error(name: str, limits: ReadLimits) -> LimitExceededError:
    return exceeded(
        f"“{name}”的段落过多（超过 {limits.max_paragraphs:,} 段的上限）；一份对照检查材料通常只有几百段。",
        limit="max_paragraphs",
        hint="请只上传对照检查材料本身，附件和汇总表请分开处理。",
    )


def chars_error(name: str, limits: ReadLimits, count: int | None = None) -> LimitExceededError:
    size = f"约 {count:,} 字，" if count is not None else ""
    return exceeded(
        f"“{name}”的文字过多（{size}超过 {limits.max_chars:,} 字的上限）；"
        "一份对照检查材料通常为 2,000～15,000 字，连同附件也很少超过 60,000 字。",
        limit="max_chars",
        hint="请只上传对照检查材料本身，附件和汇总表请分开处理。",
    )


def check_text(text: str, *, name: str = "粘贴的文字", limits: ReadLimits = DEFAULT_LIMITS) -> None:
    """Refuse already-decoded text (a paste) past ``max_chars`` or ``max_paragraphs`` before it is split."""
    if len(text) > limits.max_chars:
        raise chars_error(name, limits, len(text))
    lines = text.count("\n") + text.count("\r") - text.count("\r\n") + 1
    if lines > limits.max_paragraphs:
        raise paragraphs_error(name, limits)


def describe_limits(limits: ReadLimits = DEFAULT_LIMITS, accept: Collection[str] = ALL_FORMATS) -> list[str]:
    """Chinese lines telling a user what a file may be (for an upload page or ``--help``)."""
    formats = "、".join(FORMAT_LABELS[f] for f in sorted(accept, key=list(FORMAT_LABELS).index))
    return [
        f"接受的格式：{formats}。",
        f"文件不超过 {megabytes(limits.max_file_bytes)} MB，文字不超过 {limits.max_chars:,} 字、"
        f"{limits.max_paragraphs:,} 段。",
        f"PDF 不超过 {limits.max_pdf_pages} 页。",
    ]

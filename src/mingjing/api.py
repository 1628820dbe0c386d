"""The public API of 明镜's core: parse text or files into Reports, and turn Reports into JSON or an outline.

The JSON produced by :func:`report_to_dict` is schema ``docs/schema/parse-v1.json`` (``schema_version``
"1"). Offsets count Unicode code points of the normalised text, which the JSON carries as ``text``.
With ``source_map=True`` it also carries the ``source`` block from which
:func:`mingjing.render.stored.review_from_stored` rebuilds the ParsedReport for the renderers.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mingjing.model import AspectSection, Heading, Item, ParsedReport, Part, Span
from mingjing.parse import parse_document
from mingjing.readers import document_from_text
from mingjing.render.stored import source_map_to_dict

SCHEMA_VERSION = "1"
_OUTLINE_HEADLINE = 40
_OUTLINE_PREVIEW = 30

__all__ = ["SCHEMA_VERSION", "parse_document", "parse_file", "parse_text", "report_outline", "report_to_dict"]


def parse_text(text: str, *, framework: str | None = None, name: str | None = None) -> ParsedReport:
    """Parse already-decoded text (e.g. pasted into the web form); ``name`` labels it in the output."""
    return parse_document(document_from_text(text, name=name), framework=framework)


def parse_file(path: str | Path, *, framework: str | None = None) -> ParsedReport:
    """Read a report file (.txt/.md/.docx/…, see :mod:`mingjing.readers`) and parse it.

    Raises a :class:`~mingjing.errors.MingjingError` subclass with a Chinese message when the file
    cannot be read or the framework name is unknown.
    """
    # Imported here: the readers (python-docx, converters) load only when a file is actually read.
    from mingjing.readers import read_document

    return parse_document(read_document(Path(path)), framework=framework)


# ---------------------------------------------------------------------------------------------------
# JSON
# ---------------------------------------------------------------------------------------------------


def _span(report: ParsedReport, span: Span | None) -> dict[str, Any] | None:
    if span is None:
        return None
    return {"start": span.start, "end": span.end, "text": report.text[span.start : span.end]}


def _heading(heading: Heading | None) -> dict[str, Any]:
    if heading is None:
        return {
            "heading": None,
            "heading_number": None,
            "heading_ordinal": None,
            "heading_start": None,
            "heading_end": None,
        }
    return {
        "heading": heading.text,
        "heading_number": heading.number,
        "heading_ordinal": heading.ordinal,
        "heading_start": heading.start,
        "heading_end": heading.end,
    }


def _item(report: ParsedReport, item: Item) -> dict[str, Any]:
    return {
        "number": item.number,
        "ordinal": item.ordinal,
        "start": item.start,
        "end": item.end,
        "headline": item.headline,
        "headline_start": item.headline_span.start,
        "headline_end": item.headline_span.end,
        "body_start": item.body_span.start,
        "body_end": item.body_span.end,
        "text": item.text,
        "examples": [_span(report, example) for example in item.examples],
        "children": [_item(report, child) for child in item.children],
    }


def _aspect(report: ParsedReport, section: AspectSection) -> dict[str, Any]:
    return {
        **_heading(section.heading),
        "aspect": section.aspect,
        "confidence": section.confidence,
        "start": section.start,
        "end": section.end,
        "preamble": _span(report, section.preamble),
        "items": [_item(report, item) for item in section.items],
    }


def _part(report: ParsedReport, part: Part | None) -> dict[str, Any] | None:
    if part is None:
        return None
    data: dict[str, Any] = {
        **_heading(part.heading),
        "start": part.start,
        "end": part.end,
        "preamble": _span(report, part.preamble),
        "items": [_item(report, item) for item in part.items],
    }
    if part.kind == "problems":
        data["aspects"] = [_aspect(report, section) for section in part.aspects]
    return data


def report_to_dict(report: ParsedReport, *, source_map: bool = False) -> dict[str, Any]:
    """The ParsedReport as JSON-ready data, schema ``docs/schema/parse-v1.json``.

    ``source_map`` adds the ``source`` block (the reader's paragraphs and the character map, see
    :mod:`mingjing.render.stored`): what a caller that stores the JSON needs to render the review again.
    """
    document = report.document
    framework = report.framework
    data: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "file": document.path,
        "encoding": document.encoding,
        "format": document.format,
        "framework": None
        if framework is None
        else {
            "id": framework.id,
            "name": framework.name,
            "confidence": framework.confidence,
            "chosen_by_user": framework.chosen_by_user,
        },
        "meeting_kind": report.meeting_kind,
        "text": report.text,
        "header": [_span(report, span) for span in report.header],
        "preamble": _span(report, report.preamble),
        "parts": {
            "problems": _part(report, report.problems),
            "causes": _part(report, report.causes),
            "measures": _part(report, report.measures),
        },
        "closing": _span(report, report.closing),
        "warnings": [
            {"code": w.code, "message": w.message, "start": w.start, "end": w.end} for w in report.warnings
        ],
    }
    if source_map:
        data["source"] = source_map_to_dict(report)
    return data


# ---------------------------------------------------------------------------------------------------
# Text outline
# ---------------------------------------------------------------------------------------------------


def _clip(text: str, limit: int) -> str:
    text = text.replace("\n", " ")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _item_lines(item: Item, indent: str) -> list[str]:
    number = item.number or "（无序号）"
    extra = f"  〔例子 {len(item.examples)} 处〕" if item.examples else ""
    lines = [f"{indent}{number} {_clip(item.headline, _OUTLINE_HEADLINE)}{extra}"]
    for child in item.children:
        lines.extend(_item_lines(child, indent + "    "))
    return lines


def _part_title(part: Part, name: str) -> str:
    heading = part.heading
    if heading is None:
        return f"{name}：（无标题）"
    return f"{name}：{heading.number or ''}{heading.text}"


def _part_lines(report: ParsedReport, part: Part | None, name: str) -> list[str]:
    if part is None:
        return [f"{name}：未找到"]
    lines = [f"{_part_title(part, name)}  [{part.start}–{part.end}]"]
    for section in part.aspects:
        title = section.heading.text if section.heading else "（无标题）"
        canonical = (
            f" → {section.aspect}（{section.confidence:.2f}）" if section.aspect else " → 未对应框架方面"
        )
        lines.append(f"  {title}{canonical}：{len(section.items)} 条")
        for item in section.items:
            lines.extend(_item_lines(item, "    "))
    if part.items:
        lines.append(f"  共 {len(part.items)} 条")
    for item in part.items:
        lines.extend(_item_lines(item, "    "))
    return lines


def _front_lines(report: ParsedReport) -> list[str]:
    document = report.document
    framework = report.framework
    how = "用户指定" if framework and framework.chosen_by_user else "自动识别"
    lines = [
        f"文件：{document.path or '（粘贴文本）'}（格式 {document.format}，编码 {document.encoding or '—'}）",
        f"框架：{framework.name}（{how}，置信度 {framework.confidence:.2f}）" if framework else "框架：—",
        f"会议：{report.meeting_kind or '未识别'}",
    ]
    lines.extend(f"标题：{report.slice(span)}" for span in report.header)
    if report.preamble is not None:
        lines.append(f"开头：{_clip(report.slice(report.preamble), _OUTLINE_PREVIEW)}")
    return lines


def report_outline(report: ParsedReport) -> str:
    """A readable Chinese outline of the parsed structure (what ``mingjing parse --format text`` prints)."""
    lines = _front_lines(report)
    lines += _part_lines(report, report.problems, "存在问题")
    lines += _part_lines(report, report.causes, "原因剖析")
    lines += _part_lines(report, report.measures, "整改措施")
    if report.closing is not None:
        lines.append(f"结尾：{_clip(report.slice(report.closing), _OUTLINE_PREVIEW)}")
    if report.warnings:
        lines.append(f"解析提示（{len(report.warnings)} 条）：")
        lines.extend(f"  - [{w.code}] {w.message}" for w in report.warnings)
    return "\n".join(lines)

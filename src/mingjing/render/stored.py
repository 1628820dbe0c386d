"""Rebuild a core :class:`~mingjing.model.Review` from its stored JSON, without reading or checking the file again.

A caller that keeps a review (the web keeps one per uploaded version) stores two JSON objects:

* the parse JSON, :func:`mingjing.api.report_to_dict` with ``source_map=True`` (schema parse-v1 plus its
  ``source`` block, below); the normalised ``text`` may be dropped from it and kept apart;
* the review JSON, :func:`mingjing.render.json_out.review_to_dict` (schema check-v2).

:func:`review_from_stored` turns them back into a ``Review`` whose ``ParsedReport`` carries its source map,
so :func:`~mingjing.render.docx_annotate.write_annotated_docx` and :func:`~mingjing.render.html.render_html`
give exactly what they gave for the review as first made.

The ``source`` block (``version`` 1) holds what the parse JSON otherwise lacks:

* ``runs``: the per-character map of the normalised text back to the source, run-length encoded as a flat
  list of triples ``paragraph, offset, length`` (``length`` characters from ``offset`` on in source paragraph
  ``paragraph``; offset -1: inserted characters such as numbering labels and line joins). A run per source
  line or clean-up edit keeps it small next to the text.
* ``paragraphs``: the reader's paragraphs, each with only its non-default fields (``kind``, ``style``,
  ``bold``, ``numbering``, ``table``, ``index`` when it is not the position) and its text stored as a
  ``length`` plus ``patches`` (``[offset, characters]``) over what the normalised text and the map give back:
  the characters the normaliser left out or changed (indentation, stray blanks, half-width marks, dropped
  web-page lines). Most paragraphs have no patch at all.
* ``warnings``: the reader's own remarks (``Document.warnings``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, cast

from mingjing.errors import MingjingError
from mingjing.model import (
    AspectSection,
    Document,
    Finding,
    FrameworkMatch,
    Heading,
    Item,
    ParsedReport,
    ParseWarning,
    Part,
    PartKind,
    RemovedText,
    Review,
    Severity,
    SourceLocation,
    SourceParagraph,
    Span,
)
from mingjing.text.chars import to_simplified

SOURCE_MAP_VERSION = 1
_INSERTED = -1

__all__ = [
    "SOURCE_MAP_VERSION",
    "StoredFormError",
    "has_source_map",
    "report_from_dict",
    "review_from_dict",
    "review_from_stored",
    "source_map_to_dict",
]


class StoredFormError(MingjingError):
    """Stored JSON that cannot be turned back into a review (no source map, an unknown version, damage)."""

    code = "stored-form"


def _broken(detail: str) -> StoredFormError:
    return StoredFormError(f"保存的审阅数据无法还原（{detail}）。", hint="请重新上传该文件。")


# ---------------------------------------------------------------------------------------------------
# Writing the source block
# ---------------------------------------------------------------------------------------------------


def _runs(char_paragraph: Sequence[int], char_offset: Sequence[int]) -> list[int]:
    """The character map as flat ``paragraph, offset, length`` triples."""
    runs: list[int] = []
    for paragraph, offset in zip(char_paragraph, char_offset, strict=True):
        if runs and runs[-3] == paragraph:
            first, length = runs[-2], runs[-1]
            inserted = offset == first == _INSERTED
            if inserted or (first != _INSERTED and offset == first + length):
                runs[-1] += 1
                continue
        runs.extend((paragraph, offset, 1))
    return runs


def _expand(runs: Sequence[int]) -> tuple[tuple[int, ...], tuple[int, ...]]:
    if len(runs) % 3:
        raise _broken("字符映射不完整")
    char_paragraph: list[int] = []
    char_offset: list[int] = []
    for k in range(0, len(runs), 3):
        paragraph, offset, length = runs[k], runs[k + 1], runs[k + 2]
        if length < 1 or paragraph < 0 or offset < _INSERTED:
            raise _broken("字符映射有误")
        char_paragraph.extend([paragraph] * length)
        char_offset.extend([_INSERTED] * length if offset == _INSERTED else range(offset, offset + length))
    return tuple(char_paragraph), tuple(char_offset)


def _recovered(
    text: str, char_paragraph: Sequence[int], char_offset: Sequence[int], lengths: Sequence[int]
) -> list[list[str | None]]:
    """Per source paragraph, the characters the normalised text gives back (None where it has none)."""
    chars: list[list[str | None]] = [[None] * length for length in lengths]
    for ch, paragraph, offset in zip(text, char_paragraph, char_offset, strict=True):
        if offset == _INSERTED:
            continue
        if paragraph >= len(chars) or offset >= len(chars[paragraph]):
            raise _broken("字符映射超出原文段落")
        chars[paragraph][offset] = ch
    return chars


def _patches(actual: str, recovered: Sequence[str | None]) -> list[list[int | str]]:
    """``[offset, characters]`` for each stretch where ``recovered`` misses or differs from ``actual``."""
    patches: list[list[int | str]] = []
    for k, ch in enumerate(actual):
        if recovered[k] == ch:
            continue
        if patches and cast(int, patches[-1][0]) + len(cast(str, patches[-1][1])) == k:
            patches[-1][1] = cast(str, patches[-1][1]) + ch
        else:
            patches.append([k, ch])
    return patches


def _paragraph_to_dict(
    position: int, paragraph: SourceParagraph, patches: list[list[int | str]]
) -> dict[str, Any]:
    data: dict[str, Any] = {}
    if paragraph.index != position:
        data["index"] = paragraph.index
    if paragraph.text:
        data["length"] = len(paragraph.text)
    if patches:
        data["patches"] = patches
    if paragraph.kind != "paragraph":
        data["kind"] = paragraph.kind
    if paragraph.style is not None:
        data["style"] = paragraph.style
    if paragraph.bold:
        data["bold"] = True
    if paragraph.numbering is not None:
        data["numbering"] = paragraph.numbering
    if paragraph.table is not None:
        data["table"] = list(paragraph.table)
    return data


def source_map_to_dict(report: ParsedReport) -> dict[str, Any]:
    """The ``source`` block of the stored parse JSON (see the module docstring): the reader's paragraphs and
    the character map, as small as they go, so :func:`report_from_dict` can rebuild them exactly."""
    paragraphs = report.document.paragraphs
    recovered = _recovered(
        report.text, report.char_paragraph, report.char_offset, [len(p.text) for p in paragraphs]
    )
    return {
        "version": SOURCE_MAP_VERSION,
        "runs": _runs(report.char_paragraph, report.char_offset),
        "paragraphs": [
            _paragraph_to_dict(i, p, _patches(p.text, recovered[i])) for i, p in enumerate(paragraphs)
        ],
        "warnings": list(report.document.warnings),
    }


def has_source_map(parse: Mapping[str, Any]) -> bool:
    """Whether stored parse JSON carries a ``source`` block this version of the core can read."""
    source = parse.get("source")
    return isinstance(source, Mapping) and source.get("version") == SOURCE_MAP_VERSION


# ---------------------------------------------------------------------------------------------------
# Reading it back
# ---------------------------------------------------------------------------------------------------


def _paragraphs(
    entries: Sequence[Mapping[str, Any]], recovered: Sequence[list[str | None]]
) -> tuple[SourceParagraph, ...]:
    out: list[SourceParagraph] = []
    for position, (entry, chars) in enumerate(zip(entries, recovered, strict=True)):
        for offset, patch in entry.get("patches", ()):
            if offset < 0 or offset + len(patch) > len(chars):
                raise _broken("段落修补超出段落")
            chars[offset : offset + len(patch)] = list(patch)
        if any(ch is None for ch in chars):
            raise _broken("段落文字不完整")
        table = entry.get("table")
        out.append(
            SourceParagraph(
                index=int(entry.get("index", position)),
                text="".join(cast(list[str], chars)),
                kind=str(entry.get("kind", "paragraph")),
                style=entry.get("style"),
                bold=bool(entry.get("bold", False)),
                numbering=entry.get("numbering"),
                table=(int(table[0]), int(table[1]), int(table[2])) if table is not None else None,
            )
        )
    return tuple(out)


def _span(data: Mapping[str, Any] | None) -> Span | None:
    return None if data is None else Span(int(data["start"]), int(data["end"]))


def _heading(data: Mapping[str, Any]) -> Heading | None:
    if data.get("heading_start") is None:
        return None
    return Heading(
        start=int(data["heading_start"]),
        end=int(data["heading_end"]),
        text=str(data.get("heading") or ""),
        number=data.get("heading_number"),
        ordinal=data.get("heading_ordinal"),
    )


def _item(data: Mapping[str, Any]) -> Item:
    return Item(
        start=int(data["start"]),
        end=int(data["end"]),
        text=str(data["text"]),
        headline=str(data["headline"]),
        headline_span=Span(int(data["headline_start"]), int(data["headline_end"])),
        body_span=Span(int(data["body_start"]), int(data["body_end"])),
        number=data.get("number"),
        ordinal=data.get("ordinal"),
        examples=tuple(Span(int(e["start"]), int(e["end"])) for e in data.get("examples", ())),
        children=tuple(_item(child) for child in data.get("children", ())),
    )


def _aspect(data: Mapping[str, Any]) -> AspectSection:
    return AspectSection(
        start=int(data["start"]),
        end=int(data["end"]),
        heading=_heading(data),
        aspect=data.get("aspect"),
        confidence=float(data.get("confidence", 0.0)),
        preamble=_span(data.get("preamble")),
        items=tuple(_item(item) for item in data.get("items", ())),
    )


def _part(kind: PartKind, data: Mapping[str, Any] | None) -> Part | None:
    if data is None:
        return None
    return Part(
        kind=kind,
        start=int(data["start"]),
        end=int(data["end"]),
        heading=_heading(data),
        preamble=_span(data.get("preamble")),
        aspects=tuple(_aspect(a) for a in data.get("aspects", ())),
        items=tuple(_item(item) for item in data.get("items", ())),
    )


def _framework(data: Mapping[str, Any] | None) -> FrameworkMatch | None:
    if data is None:
        return None
    return FrameworkMatch(
        id=str(data["id"]),
        name=str(data["name"]),
        confidence=float(data["confidence"]),
        chosen_by_user=bool(data.get("chosen_by_user", False)),
    )


def _removed(data: Mapping[str, Any]) -> RemovedText:
    return RemovedText(
        reason=str(data["reason"]),
        text=str(data["text"]),
        paragraph=int(data["paragraph"]),
        offset=int(data["offset"]),
        at=int(data["at"]),
        label=str(data.get("label", "")),
    )


def report_from_dict(
    data: Mapping[str, Any], *, text: str | None = None, removed: Sequence[Mapping[str, Any]] = ()
) -> ParsedReport:
    """The ParsedReport behind stored parse JSON that has a ``source`` block.

    ``text`` is the normalised text when it was kept apart from the JSON; ``removed`` the review JSON's
    ``removed`` lines (the parse JSON does not repeat them). Raises :class:`StoredFormError` when the JSON
    has no usable source map or does not fit the text.
    """
    if not has_source_map(data):
        raise _broken("缺少字符映射")
    body = text if text is not None else data.get("text")
    if not isinstance(body, str):
        raise _broken("缺少规范化文本")
    source = data["source"]
    char_paragraph, char_offset = _expand(source.get("runs", ()))
    if len(char_paragraph) != len(body):
        raise _broken("字符映射与文本长度不符")
    entries: Sequence[Mapping[str, Any]] = source.get("paragraphs", ())
    recovered = _recovered(body, char_paragraph, char_offset, [int(e.get("length", 0)) for e in entries])
    document = Document(
        paragraphs=_paragraphs(entries, recovered),
        path=data.get("file"),
        format=str(data.get("format", "txt")),
        encoding=data.get("encoding"),
        warnings=tuple(str(w) for w in source.get("warnings", ())),
    )
    parts = data.get("parts") or {}
    return ParsedReport(
        text=body,
        # A character-by-character conversion, exactly how the normaliser built it.
        match_text=to_simplified(body),
        document=document,
        framework=_framework(data.get("framework")),
        meeting_kind=data.get("meeting_kind"),
        header=tuple(Span(int(s["start"]), int(s["end"])) for s in data.get("header", ())),
        preamble=_span(data.get("preamble")),
        problems=_part("problems", parts.get("problems")),
        causes=_part("causes", parts.get("causes")),
        measures=_part("measures", parts.get("measures")),
        closing=_span(data.get("closing")),
        warnings=tuple(
            ParseWarning(str(w["code"]), str(w["message"]), w.get("start"), w.get("end"))
            for w in data.get("warnings", ())
        ),
        char_paragraph=char_paragraph,
        char_offset=char_offset,
        removed=tuple(_removed(r) for r in removed),
    )


def _location(data: Mapping[str, Any]) -> SourceLocation:
    return SourceLocation(
        paragraph=int(data["paragraph"]),
        offset=int(data["offset"]),
        end_paragraph=int(data["end_paragraph"]),
        end_offset=int(data["end_offset"]),
        line=data.get("line"),
        column=data.get("column"),
        file_start=data.get("file_start"),
        file_end=data.get("file_end"),
    )


def _finding(data: Mapping[str, Any]) -> Finding:
    source = data.get("source")
    return Finding(
        rule=str(data["rule"]),
        severity=Severity(data["severity"]),
        message=str(data["message"]),
        start=int(data["start"]),
        end=int(data["end"]),
        text=str(data["text"]),
        suggestion=data.get("suggestion"),
        family=str(data.get("family") or ""),
        related=tuple(Span(int(s["start"]), int(s["end"])) for s in data.get("related", ())),
        source=_location(source) if source is not None else None,
        original=data.get("original"),
        count=int(data.get("count", 1)),
        others=tuple(_location(o) for o in data.get("others", ())),
    )


def review_from_dict(data: Mapping[str, Any], report: ParsedReport) -> Review:
    """The Review that check-v2 JSON describes, on ``report`` (the report it was made for).

    Findings come back in the JSON's order (text order); every renderer sorts them the same way anyway.
    """
    for finding in data.get("findings", ()):
        if not 0 <= int(finding["start"]) <= int(finding["end"]) <= len(report.text):
            raise _broken("问题位置超出文本")
    return Review(
        report=report,
        findings=tuple(_finding(f) for f in data.get("findings", ())),
        score=float(data.get("score", 0.0)),
        verdict=str(data.get("verdict", "")),
        metrics=tuple((str(name), float(value)) for name, value in (data.get("metrics") or {}).items()),
    )


def review_from_stored(
    *, parse: Mapping[str, Any], review: Mapping[str, Any], text: str | None = None
) -> Review:
    """The Review as it was first made, from its stored parse JSON (with ``source`` block) and review JSON.

    ``text`` is the normalised text when it was stored apart from the parse JSON. Nothing is read or
    checked: the findings, score and verdict are the stored ones.
    """
    report = report_from_dict(parse, text=text, removed=review.get("removed", ()))
    return review_from_dict(review, report)

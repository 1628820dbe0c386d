"""Shared helpers for the parser tests: structure summaries and the span invariants every ParsedReport keeps."""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from mingjing.model import AspectSection, Item, ParsedReport, Part, Span
from tests.support.docx_build import build_docx, build_docx_with_numbering

_FULL_WIDTH = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！", "(": "（", ")": "）", ".": "。"}

SOURCES = ("txt", "docx-plain", "docx-numbering")


def materialise(text_file: Path, source: str, tmp_path: Path) -> Path:
    """The report as the test source asks: the .txt itself, or a .docx built from its lines."""
    if source == "txt":
        return text_file
    lines = text_file.read_text("utf-8").splitlines()
    target = tmp_path / f"{text_file.stem}.docx"
    if source == "docx-plain":
        return build_docx(target, lines)
    return build_docx_with_numbering(target, lines)


def _heading_text(section: Part | AspectSection) -> str | None:
    return section.heading.text if section.heading is not None else None


def seed_summary(report: ParsedReport) -> dict[str, Any]:
    """The report in the shape of ``expected_structure.json`` (nothing more, nothing less)."""
    summary: dict[str, Any] = {"meeting_kind": report.meeting_kind}
    problems = report.problems
    summary["problems"] = (
        None
        if problems is None
        else {
            "heading": _heading_text(problems),
            "aspects": [
                {"heading": _heading_text(a), "aspect": a.aspect, "items": len(a.items)}
                for a in problems.aspects
            ],
        }
    )
    for kind in ("causes", "measures"):
        part = getattr(report, kind)
        summary[kind] = None if part is None else {"heading": _heading_text(part), "items": len(part.items)}
    return summary


def _aspect_summary(section: AspectSection, expected: dict[str, Any]) -> dict[str, Any]:
    got: dict[str, Any] = {
        "heading": _heading_text(section),
        "aspect": section.aspect,
        "items": len(section.items),
    }
    if "numbers" in expected:
        got["numbers"] = [item.number for item in section.items]
    return got


def shape_summary(report: ParsedReport, expected: dict[str, Any]) -> dict[str, Any]:
    """The report summarised with exactly the keys ``expected`` (a tests/data/parse/*.json) uses."""
    got: dict[str, Any] = {"meeting_kind": report.meeting_kind}
    if "framework" in expected:
        got["framework"] = report.framework.id if report.framework else None
    if "header" in expected:
        got["header"] = len(report.header)
    if "closing" in expected:
        got["closing"] = report.closing is not None
    problems, want = report.problems, expected.get("problems")
    if problems is None or want is None:
        got["problems"] = None if problems is None else "present"
    else:
        got["problems"] = {
            "heading": _heading_text(problems),
            "aspects": [
                _aspect_summary(a, w) for a, w in zip(problems.aspects, want["aspects"], strict=False)
            ]
            + [_aspect_summary(a, {}) for a in problems.aspects[len(want["aspects"]) :]],
        }
        if "items" in want:
            got["problems"]["items"] = len(problems.items)
    for kind in ("causes", "measures"):
        part, want = getattr(report, kind), expected.get(kind)
        if part is None or want is None:
            got[kind] = None if part is None else "present"
            continue
        got[kind] = {"heading": _heading_text(part), "items": len(part.items)}
        if "children" in want:
            got[kind]["children"] = [len(item.children) for item in part.items]
    if "examples_at_least" in expected:
        count = sum(len(item.examples) for item in all_items(report))
        got["examples_at_least"] = min(count, expected["examples_at_least"])
    if "warnings" in expected:
        got["warnings"] = sorted(w.code for w in report.warnings)
    return got


def comparable(expected: dict[str, Any]) -> dict[str, Any]:
    """``expected`` without the keys checked separately (text containment)."""
    data = {k: v for k, v in expected.items() if k not in ("contains", "not_contains")}
    if "warnings" in data:
        data["warnings"] = sorted(data["warnings"])
    return data


def all_items(report: ParsedReport) -> list[Item]:
    """Every item of the report, children included."""
    found: list[Item] = []

    def walk(items: Iterable[Item]) -> None:
        for item in items:
            found.append(item)
            walk(item.children)

    for part in report.parts():
        walk(part.all_items())
    return found


# ---------------------------------------------------------------------------
# Invariants
# ---------------------------------------------------------------------------


def _in_bounds(span: Span | Item | AspectSection | Part, low: int, high: int, what: str) -> None:
    assert low <= span.start <= span.end <= high, f"{what} [{span.start},{span.end}) outside [{low},{high})"


def _ordered(spans: Sequence[Span | Item | AspectSection | Part], what: str) -> None:
    for before, after in itertools.pairwise(spans):
        assert before.end <= after.start, f"{what} overlap or out of order: {before.end} > {after.start}"


def _check_item(report: ParsedReport, item: Item, low: int, high: int) -> None:
    _in_bounds(item, low, high, "item")
    assert item.text == report.text[item.start : item.end]
    assert item.headline == report.text[item.headline_span.start : item.headline_span.end]
    _in_bounds(item.headline_span, item.start, item.end, "headline")
    _in_bounds(item.body_span, item.start, item.end, "body")
    assert item.headline_span.end <= item.body_span.start or item.body_span.length == 0
    for example in item.examples:
        _in_bounds(example, item.start, item.end, "example")
    _ordered(item.examples, "examples")
    for child in item.children:
        _check_item(report, child, item.start, item.end)
    _ordered(item.children, "children")


def check_invariants(report: ParsedReport) -> None:
    """Every span in bounds, ordered and non-overlapping at each level; maps as long as the text."""
    text = report.text
    n = len(text)
    assert len(report.match_text) == n
    assert len(report.char_paragraph) == n
    assert len(report.char_offset) == n
    parts = list(report.parts())
    for part in parts:
        _in_bounds(part, 0, n, f"part {part.kind}")
        if part.heading is not None:
            _in_bounds(Span(part.heading.start, part.heading.end), part.start, part.end, "part heading")
        if part.preamble is not None:
            _in_bounds(part.preamble, part.start, part.end, "part preamble")
        for section in part.aspects:
            _in_bounds(section, part.start, part.end, "aspect")
            for item in section.items:
                _check_item(report, item, section.start, section.end)
            _ordered(section.items, "items")
        _ordered(part.aspects, "aspects")
        for item in part.items:
            _check_item(report, item, part.start, part.end)
        _ordered(part.items, "items")
    _ordered(sorted(parts, key=lambda p: p.start), "parts")
    frame = [*report.header, report.preamble, *sorted(parts, key=lambda p: p.start), report.closing]
    _ordered([s for s in frame if s is not None], "header/preamble/parts/closing")
    for warning in report.warnings:
        assert warning.message
        if warning.start is not None and warning.end is not None:
            assert 0 <= warning.start <= warning.end <= n
    _check_char_map(report)


def _check_char_map(report: ParsedReport) -> None:
    paragraphs = report.document.paragraphs
    for index, (para, offset) in enumerate(zip(report.char_paragraph, report.char_offset, strict=True)):
        assert 0 <= para < len(paragraphs)
        if offset < 0:
            continue
        source = paragraphs[para].text[offset]
        char = report.text[index]
        assert source == char or _FULL_WIDTH.get(source) == char, (index, source, char)

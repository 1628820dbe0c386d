"""Findings and copied passages marked in place."""

from __future__ import annotations

import re

from mingjing_web.reports.highlight import highlight_html, pieces


def _f(start: int, end: int, severity: str = "警告", message: str = "说明") -> dict[str, object]:
    return {"start": start, "end": end, "severity": severity, "message": message}


def test_pieces_cover_the_text_exactly_once_with_overlaps() -> None:
    text = "一是学习不够深入，二是XX方面"
    findings = [_f(2, 8), _f(5, 12, "错误")]
    cut = pieces(text, findings, [])
    assert "".join(text[p.start : p.end] for p in cut) == text
    covered = {(p.start, p.end): p.findings for p in cut}
    assert covered[(5, 8)] == (0, 1)


def test_worst_severity_wins_and_every_finding_has_an_anchor() -> None:
    text = "面对面对新要求，存在××问题"
    html = str(highlight_html(text, [_f(0, 4, "提示"), _f(2, 6, "错误"), _f(10, 12, "警告")]))
    assert 'id="m-0"' in html and 'id="m-1"' in html and 'id="m-2"' in html
    overlap = re.search(r'<a class="([^"]+)" href="(#f-\d)"[^>]*id="m-1">面对</a>', html)
    assert overlap is not None
    assert "sev-error" in overlap.group(1) and overlap.group(2) == "#f-1"


def test_text_is_escaped() -> None:
    html = str(highlight_html("<script>alert(1)</script>", [_f(0, 8)]))
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_passages_are_marked_and_linked() -> None:
    html = str(highlight_html("前言。复制的一段话。后文", [], [{"start": 3, "end": 10}]))
    assert 'class="copy"' in html and 'href="#p-0"' in html and 'id="c-0"' in html


def test_out_of_range_spans_are_clamped() -> None:
    html = str(highlight_html("短文", [_f(1, 99)]))
    assert html.endswith("文</a>")

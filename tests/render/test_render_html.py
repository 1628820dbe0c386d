"""HTML page: well-formed, self-contained, escaped, every finding highlighted in place."""

from __future__ import annotations

from itertools import pairwise

import pytest
from render_helpers import finding_at, report_from_text, review_of

from mingjing.model import Finding, Review, Severity
from mingjing.render.html import document_html, render_html, segments
from tests.support.render_probes import HtmlProbe, probe_html


def probe(page: str) -> HtmlProbe:
    return probe_html(page)


def test_page_is_well_formed_and_self_contained(sample_review: Review) -> None:
    parsed = probe(render_html(sample_review))
    assert parsed.errors == []
    assert parsed.stack == []
    assert parsed.srcs == []  # no external scripts, images or styles
    assert all(h.startswith("#") for h in parsed.hrefs)
    assert parsed.scripts == 1  # only our inline script; the <script> in the report text is escaped
    assert len(parsed.ids) == len(set(parsed.ids))


def test_every_finding_is_highlighted_with_its_exact_text(sample_review: Review) -> None:
    page = render_html(sample_review)
    parsed = probe(page)
    ordered = sorted(sample_review.findings, key=lambda f: (f.start, -f.severity.rank, f.end, f.rule))
    for number, finding in enumerate(ordered, start=1):
        expected = finding.text or "▲"  # a point finding shows a marker
        assert parsed.covered.get(str(number)) == expected
        assert f'id="f{number}"' in page and f'id="m{number}"' in page


def test_report_markup_is_escaped(sample_review: Review) -> None:
    page = render_html(sample_review)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script>alert(1)</script>" not in page
    assert "含有&lt;标记&gt;&amp;符号" in page


def test_placeholders_in_report_text_are_not_substituted() -> None:
    report = report_from_text("正文里写着{{css}}和{{document}}。")
    page = render_html(review_of(report, [finding_at(report, "{{css}}")]))
    assert "{{css}}" in page and "{{document}}" in page
    assert page.count(":root {") == 1  # the stylesheet went in once, not again where the report says {{css}}


def test_worst_severity_colours_an_overlap() -> None:
    report = report_from_text("甲乙丙丁戊")
    findings = [
        finding_at(report, "甲乙丙", severity=Severity.HINT),
        finding_at(report, "乙丙丁", severity=Severity.ERROR, rule="leftover.x"),
    ]
    body = document_html(report.text, sorted(findings, key=lambda f: f.start))
    assert '<mark class="sev-error multi" data-f="1 2"' in body
    assert '<mark class="sev-hint" data-f="1"' in body


@pytest.mark.parametrize(
    "spans",
    [[(0, 3), (1, 2)], [(0, 5), (0, 5)], [(2, 2)], [(1, 3), (2, 4), (0, 4)], [(0, 6), (6, 6)]],
)
def test_segments_tile_the_text_and_list_covering_findings(spans: list[tuple[int, int]]) -> None:
    report = report_from_text("一二三四五六")
    findings = [Finding("slip.x", Severity.HINT, "m", a, b, report.text[a:b]) for a, b in spans]
    pieces = list(segments(len(report.text), findings))
    assert pieces[0][0] == 0 and pieces[-1][1] == len(report.text)
    assert all(a[1] == b[0] and a[0] < a[1] for a, b in pairwise(pieces))
    for start, end, covering in pieces:
        for i, f in enumerate(findings):
            assert (i in covering) == (f.start <= start and end <= f.end)


def test_no_findings_page() -> None:
    report = report_from_text("一切正常。")
    page = render_html(review_of(report, [], verdict="基本达标", score=100))
    assert "未发现问题" in page and probe(page).errors == []

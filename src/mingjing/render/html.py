"""A self-contained, printable HTML page of one review: the report with every finding highlighted in place.

Overlapping findings are rendered by cutting the text at every finding boundary, so each segment is one
flat ``<mark>`` listing all findings that cover it (no nesting). Without JavaScript the page still works:
marks carry a ``title`` and numbered links into the list of findings; the small inline script adds
click/keyboard explanations. Everything taken from the report is escaped.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Sequence
from functools import cache
from html import escape
from importlib import resources
from itertools import pairwise

from mingjing.model import Finding, Review, Severity
from mingjing.render.sections import (
    SEVERITIES,
    clip,
    display_name,
    family_label,
    family_of,
    group_findings,
    severity_counts,
    sorted_findings,
)
from mingjing.render.source import count_note, location_label, quoted_text

SEVERITY_CLASSES: dict[Severity, str] = {
    Severity.ERROR: "sev-error",
    Severity.WARNING: "sev-warning",
    Severity.HINT: "sev-hint",
}
_PLACEHOLDER = re.compile(r"\{\{(\w+)\}\}")


@cache
def _asset(name: str) -> str:
    return resources.files("mingjing.render").joinpath("assets", name).read_text("utf-8")


def _fill(template: str, values: dict[str, str]) -> str:
    # One pass, so text from the report that happens to contain {{…}} is never substituted.
    return _PLACEHOLDER.sub(lambda m: values[m.group(1)], template)


# ---------------------------------------------------------------------------
# The report text with highlights
# ---------------------------------------------------------------------------


def segments(length: int, findings: Sequence[Finding]) -> Iterator[tuple[int, int, tuple[int, ...]]]:
    """Cut ``[0, length)`` at every finding boundary: ``(start, end, indexes of covering findings)``."""
    cuts = sorted({0, length, *(f.start for f in findings), *(f.end for f in findings)})
    for start, end in pairwise(cuts):
        if end <= length:
            yield start, end, tuple(i for i, f in enumerate(findings) if f.start <= start and end <= f.end)


def _title(findings: Sequence[Finding]) -> str:
    return "\n".join(f"【{f.severity.value}】{f.message}" for f in findings)


def _mark(text: str, covering: Sequence[int], findings: Sequence[Finding], starting: bool) -> str:
    chosen = [findings[i] for i in covering]
    worst = max(chosen, key=lambda f: f.severity.rank).severity
    classes = SEVERITY_CLASSES[worst] + (" multi" if len(chosen) > 1 else "")
    numbers = " ".join(str(i + 1) for i in covering)
    start_attr = ' data-start=""' if starting else ""
    return (
        f'<mark class="{classes}" data-f="{numbers}"{start_attr} tabindex="0" '
        f'title="{escape(_title(chosen))}">{escape(text)}</mark>'
    )


def _boundary(offset: int, findings: Sequence[Finding]) -> str:
    """Markup between segments at ``offset``: footnote numbers of findings that end, anchors of those that start."""
    out: list[str] = []
    for i, f in enumerate(findings):
        cls = SEVERITY_CLASSES[f.severity]
        if f.start == f.end == offset:
            out.append(
                f'<a id="m{i + 1}"></a><mark class="{cls} point" data-f="{i + 1}" data-start="" tabindex="0" '
                f'title="{escape(_title([f]))}">▲</mark>'
            )
        if f.end == offset and f.start < f.end:
            out.append(f'<sup class="fn {cls}"><a href="#f{i + 1}">{i + 1}</a></sup>')
    out.extend(f'<a id="m{i + 1}"></a>' for i, f in enumerate(findings) if f.start == offset < f.end)
    return "".join(out)


def document_html(text: str, findings: Sequence[Finding]) -> str:
    """The escaped report text with each finding highlighted in place (``findings`` in text order)."""
    parts: list[str] = []
    for start, end, covering in segments(len(text), findings):
        parts.append(_boundary(start, findings))
        if not covering:
            parts.append(escape(text[start:end]))
            continue
        starting = any(findings[i].start == start for i in covering)
        parts.append(_mark(text[start:end], covering, findings, starting))
    parts.append(_boundary(len(text), findings))
    return "".join(parts)


# ---------------------------------------------------------------------------
# Header, summary and list of findings
# ---------------------------------------------------------------------------


def _header(review: Review, name: str) -> str:
    report = review.report
    framework = f"框架：{escape(report.framework.name)} · " if report.framework else ""
    meeting = f"{escape(report.meeting_kind)} · " if report.meeting_kind else ""
    verdict = escape(review.verdict)
    return (
        f"<h1>审阅意见：{escape(name)}</h1>\n"
        f'<p class="meta">{meeting}{framework}判定 <span class="verdict verdict-{verdict}">{verdict}</span>'
        f" · 得分 <strong>{review.score:.1f}</strong> · 共 {len(review.findings)} 处问题</p>"
    )


def _tally_rows(rows: Sequence[tuple[str, Sequence[Finding]]]) -> str:
    out = []
    for label, findings in rows:
        counts = severity_counts(findings)
        cells = "".join(f'<td class="n">{counts[s]}</td>' for s in SEVERITIES)
        out.append(f'<tr><th scope="row">{escape(label)}</th>{cells}<td class="n">{len(findings)}</td></tr>')
    return "\n".join(out)


def _tally(caption: str, first: str, rows: Sequence[tuple[str, Sequence[Finding]]]) -> str:
    head = "".join(f'<th scope="col">{s.value}</th>' for s in SEVERITIES)
    return (
        f'<table class="tally"><caption>{escape(caption)}</caption>'
        f'<thead><tr><th scope="col">{escape(first)}</th>{head}<th scope="col">合计</th></tr></thead>'
        f"<tbody>\n{_tally_rows(rows)}\n</tbody></table>"
    )


def _summary(review: Review) -> str:
    if not review.findings:
        return '<p class="none">未发现问题。</p>'
    by_part = [(g.label, g.findings) for g in group_findings(review)]
    families: dict[str, list[Finding]] = {}
    for f in review.findings:
        families.setdefault(family_label(family_of(f)), []).append(f)
    by_family = sorted(families.items(), key=lambda kv: -len(kv[1]))
    return _tally("按部分", "部分", by_part) + "\n" + _tally("按规则类别", "类别", by_family)


def _related(f: Finding, text: str) -> str:
    if not f.related:
        return ""
    quotes = "、".join(f"「{escape(clip(text[s.start : s.end], 30))}」" for s in f.related)
    return f'<p class="related">相关原文：{quotes}</p>'


def _item(number: int, f: Finding, text: str) -> str:
    cls = SEVERITY_CLASSES[f.severity]
    words = quoted_text(f)  # 原文 as the author wrote it, with where it stands in the file
    quote = f'<q class="quote">{escape(words)}</q>' if words else ""
    where = " · ".join(x for x in (location_label(f), count_note(f)) if x)
    quote += f'<span class="where">（{escape(where)}）</span>' if where else ""
    quote += _related(f, text)
    suggestion = f'<p class="suggest">{escape(f.suggestion)}</p>' if f.suggestion else ""
    return (
        f'<li id="f{number}" value="{number}" class="{cls}"><span class="badge {cls}">{f.severity.value}</span> '
        f'{escape(f.message)} <code class="rule">{escape(f.rule)}</code>{quote}{suggestion}'
        f'<a class="back" href="#m{number}">↑ 在原文中查看</a></li>'
    )


def _findings_list(review: Review, numbers: dict[int, int]) -> str:
    if not review.findings:
        return '<p class="none">未发现问题。</p>'
    out = []
    for group in group_findings(review):
        items = "\n".join(_item(numbers[id(f)], f, review.report.text) for f in group.findings)
        out.append(f'<h3>{escape(group.label)}</h3>\n<ol class="findings">\n{items}\n</ol>')
    return "\n".join(out)


def render_html(review: Review, *, name: str | None = None) -> str:
    """The whole page as a string (UTF-8, no external assets)."""
    findings = sorted_findings(review.findings)
    numbers = {id(f): i + 1 for i, f in enumerate(findings)}
    shown = display_name(name or review.report.document.path)
    values = {
        "title": escape(f"明镜审阅：{shown}"),
        "css": _asset("review.css"),
        "js": _asset("review.js"),
        "header": _header(review, shown),
        "summary": _summary(review),
        "document": document_html(review.report.text, findings),
        "findings": _findings_list(review, numbers),
        "generated": dt.datetime.now().strftime("%Y-%m-%d %H:%M"),
    }
    return _fill(_asset("review.html"), values)

"""Terminal output: one rich table per reviewed report, findings grouped by part."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from mingjing.model import Finding, Review, Severity
from mingjing.render.sections import SEVERITIES, clip, display_name, group_findings, severity_counts
from mingjing.render.source import location_label, quoted_text

SEVERITY_STYLES: dict[Severity, str] = {
    Severity.ERROR: "bold red",
    Severity.WARNING: "yellow",
    Severity.HINT: "cyan",
}
VERDICT_STYLES = {
    "不达标": "bold white on red",
    "需修改": "bold black on yellow",
    "基本达标": "bold white on green",
}


def header_line(review: Review, path: str | None = None) -> Text:
    """``文件  判定  得分  错误 n · 警告 n · 提示 n`` as one styled line."""
    report = review.report
    counts = severity_counts(review.findings)
    line = Text()
    line.append(display_name(path or report.document.path), style="bold")
    if report.framework is not None:
        line.append(f"  框架：{report.framework.name}")
    line.append("  判定：")
    line.append(f" {review.verdict} ", style=VERDICT_STYLES.get(review.verdict, "bold"))
    line.append(f"  得分：{review.score:.1f}  ")
    for i, sev in enumerate(SEVERITIES):
        line.append(" · " if i else "")
        line.append(f"{sev.value} {counts[sev]}", style=SEVERITY_STYLES[sev] if counts[sev] else "dim")
    return line


def _row(finding: Finding, repeats: int) -> list[Text]:
    # 原文 as the author wrote it (half-width marks, stray blanks), with where it stands in the file
    words = quoted_text(finding)
    quote = Text(f"「{clip(words)}」" if words else "—", style="italic")
    count = finding.count * repeats
    if count > 1:
        quote.append(f" ×{count}", style="bold")
    where = location_label(finding)
    if where is not None:
        quote.append(f"（{where}）", style="dim")
    return [
        Text(finding.severity.value, style=SEVERITY_STYLES[finding.severity]),
        Text(finding.rule, style="dim"),
        Text(finding.message),
        quote,
        Text(finding.suggestion or ""),
    ]


def _collapsed(findings: Sequence[Finding]) -> list[tuple[Finding, int]]:
    """Neighbouring findings that say the same thing about the same words become one row with a count."""
    rows: list[tuple[Finding, int]] = []
    for finding in findings:
        key = (finding.rule, finding.message, finding.text, finding.suggestion)
        if rows:
            last, n = rows[-1]
            if (last.rule, last.message, last.text, last.suggestion) == key:
                rows[-1] = (last, n + 1)
                continue
        rows.append((finding, 1))
    return rows


def findings_table(review: Review) -> Table:
    """The findings of one report as a table; the 部分 column names each group once."""
    table = Table(show_lines=False, expand=True, header_style="bold")
    table.add_column("部分", overflow="fold", style="bold", max_width=18)
    table.add_column("严重程度", no_wrap=True)
    table.add_column("规则", no_wrap=True)
    # Chinese has no spaces to wrap at: fold long lines instead of cutting them off with an ellipsis.
    table.add_column("说明", ratio=3, overflow="fold")
    table.add_column("原文", ratio=2, overflow="fold")
    table.add_column("建议", ratio=2, overflow="fold")
    for group in group_findings(review):
        rows = _collapsed(group.findings)
        for i, (finding, repeats) in enumerate(rows):
            label = Text(group.label if i == 0 else "")
            table.add_row(label, *_row(finding, repeats), end_section=i == len(rows) - 1)
    return table


# Below this width six columns fold Chinese text one character per line: list the findings instead.
NARROW_WIDTH = 110


def findings_list(review: Review) -> Group:
    """The findings as numbered blocks under their part: readable on a narrow terminal or a phone."""
    lines: list[Text] = []
    for group in group_findings(review):
        lines.append(Text(f"【{group.label}】", style="bold"))
        for finding, repeats in _collapsed(group.findings):
            severity, rule, message, quote, suggestion = _row(finding, repeats)
            head = Text("  ").append_text(severity).append(" ").append_text(rule)
            lines.extend([head, Text("    ").append_text(message), Text("    原文：").append_text(quote)])
            if finding.suggestion:
                lines.append(Text("    建议：").append_text(suggestion))
    return Group(*lines)


def review_renderable(review: Review, path: str | None = None, *, width: int | None = None) -> Group:
    """Header line plus findings (a table, or a list when ``width`` is narrow), or a note that none were found."""
    if not review.findings:
        return Group(header_line(review, path), Text("未发现问题。", style="green"))
    narrow = width is not None and width < NARROW_WIDTH
    return Group(header_line(review, path), findings_list(review) if narrow else findings_table(review))


def print_review(review: Review, console: Console, path: str | None = None) -> None:
    """Print one report's review to ``console``, followed by a blank line."""
    console.print(review_renderable(review, path, width=console.width))
    console.print()

"""``mingjing rules``: list the review rules with their id, family, severity and explanation."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import click
from rich.console import Console
from rich.table import Table

if TYPE_CHECKING:
    from mingjing.checks import RuleInfo

_SEVERITY_STYLE = {"错误": "bold red", "警告": "yellow", "提示": "cyan"}


@click.command(name="rules")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "markdown"]),
    default="table",
    show_default=True,
    help="输出格式：表格、JSON 或 Markdown。",
)
@click.option("--family", help="只列出某一类规则（如 formulation、leftover）。")
def command(fmt: str, family: str | None) -> None:
    """列出全部审阅规则：编号、类别、默认严重程度与说明。"""
    from mingjing.checks import list_rules

    rules = [r for r in list_rules() if family is None or r.family == family]
    if fmt == "json":
        rows = [
            {
                "id": r.id,
                "family": r.family,
                "family_name": r.family_name,
                "severity": r.severity.value,
                "title": r.title,
                "explanation": r.explanation,
            }
            for r in rules
        ]
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    if fmt == "markdown":
        click.echo(rules_markdown(rules))
        return
    table = Table(title=f"明镜审阅规则（{len(rules)} 条）", show_lines=True)
    table.add_column("编号", no_wrap=True)
    table.add_column("类别", no_wrap=True)
    table.add_column("严重程度", no_wrap=True)
    table.add_column("名称")
    table.add_column("说明", overflow="fold")
    for r in rules:
        style = _SEVERITY_STYLE[r.severity.value]
        table.add_row(r.id, r.family_name, f"[{style}]{r.severity.value}[/]", r.title, r.explanation)
    Console().print(table)


def rules_markdown(rules: list[RuleInfo]) -> str:
    """The catalogue as a Markdown table (used for docs/rules.md)."""
    lines = ["| 编号 | 类别 | 严重程度 | 名称 | 说明 |", "| --- | --- | --- | --- | --- |"]
    for r in rules:
        lines.append(f"| `{r.id}` | {r.family_name} | {r.severity.value} | {r.title} | {r.explanation} |")
    return "\n".join(lines)

"""``mingjing rules``: list the review rules with their id, family, severity and explanation."""

from __future__ import annotations

import json
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table

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
@click.option(
    "--sync-docs",
    "sync",
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    help="按规则目录重写该仓库目录下 docs/rules.md 的规则表和 README.md 的规则数（开发者用）。",
)
def command(fmt: str, family: str | None, sync: Path | None) -> None:
    """列出全部审阅规则：编号、类别、默认严重程度、说明与参数。"""
    from mingjing.checks import list_rules
    from mingjing.checks.catalogue_docs import rules_markdown, sync_docs

    if sync is not None:
        changed = sync_docs(sync, write=True)
        click.echo("已更新：" + "、".join(str(p) for p in changed) if changed else "文档已与规则目录一致。")
        return

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
                "params": dict(r.params),
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

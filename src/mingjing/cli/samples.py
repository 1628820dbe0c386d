"""``mingjing samples``: parse (and, when available, check) the sample reports that ship with 明镜."""

from __future__ import annotations

from pathlib import Path

import click
from rich.console import Console
from rich.table import Table


def _sample_files() -> list[Path]:
    from mingjing.samples import demo_members

    return [member.path for member in demo_members()]


def _summary_row(path: Path) -> tuple[str, ...]:
    from mingjing.api import parse_file

    report = parse_file(path)
    problems = report.problems
    aspects = len(problems.aspects) if problems else 0
    items = len(problems.all_items()) if problems else 0
    causes = len(report.causes.items) if report.causes else 0
    measures = len(report.measures.items) if report.measures else 0
    framework = report.framework.name if report.framework else "—"
    return (
        path.name,
        framework,
        str(aspects),
        str(items),
        str(causes),
        str(measures),
        str(len(report.warnings)),
    )


@click.command(name="samples")
def command() -> None:
    """解析随产品附带的示例对照检查材料并打印结构概要（Parse the shipped sample reports）."""
    table = Table(title="示例材料解析结果")
    for column in ("文件", "框架", "方面数", "问题条数", "原因条数", "措施条数", "解析提示"):
        table.add_column(column)
    for path in _sample_files():
        table.add_row(*_summary_row(path))
    Console().print(table)

"""``mingjing parse``: read one report and print its structure as JSON or as a text outline."""

from __future__ import annotations

import json
from pathlib import Path

import click


@click.command(name="parse")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "--framework",
    "framework",
    default=None,
    metavar="NAME",
    help="检查框架的 id 或名称（如 2023-theme-education、主题教育、generic）；默认自动识别。",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["json", "text"]),
    default="json",
    show_default=True,
    help="json：带字符偏移的结构（schema docs/schema/parse-v1.json）；text：可读的提纲。",
)
def command(file: Path, framework: str | None, fmt: str) -> None:
    """解析一份对照检查材料（.txt/.md/.docx 等），输出其结构。

    Parse one 对照检查材料 into header, preamble, the problems part (aspects and items), causes,
    measures (with sub-items) and closing lines. Offsets in the JSON count Unicode characters of the
    normalised text, which the JSON also carries as "text".
    """
    from mingjing.api import parse_file, report_outline, report_to_dict

    report = parse_file(file, framework=framework)
    if fmt == "text":
        click.echo(report_outline(report))
    else:
        click.echo(json.dumps(report_to_dict(report), ensure_ascii=False, indent=2))

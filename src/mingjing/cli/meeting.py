"""``mingjing meeting``: list the meetings of the web database, export one as an archive, import one.

The work is done by the web package (``mingjing_web.ledger``), imported only when a command runs:
the core never imports Django itself.
"""

from __future__ import annotations

import importlib
import json
import sys
from pathlib import Path
from types import ModuleType

import click

from mingjing.cli.errors import web_support
from mingjing.errors import MingjingError


def _web() -> ModuleType:
    web_support()  # a Chinese error when the web packages are missing
    return importlib.import_module("mingjing_web.ledger.cli")


@click.group(name="meeting")
def command() -> None:
    """会议档案：列出会议、导出一次会议的全部资料、导入到另一个数据库（DATABASE_URL）。"""


@command.command(name="list")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="输出格式。",
)
def list_command(fmt: str) -> None:
    """列出数据库中的会议及其编号（编号用于 export）。"""
    rows = _web().meeting_list()
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=1))
        return
    if not rows:
        click.echo("数据库中还没有会议。")
    for row in rows:
        click.echo(
            f"{row['id']:>5}  {row['organisation']} · {row['title']}（{row['year']}年度，材料 {row['reports']} 份，"
            f"整改事项 {row['ledger_items']} 项）"
        )


@command.command(name="export")
@click.argument("meeting_id", type=int)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["json", "zip"]),
    default="json",
    show_default=True,
    help="json：单个文件（附件为 base64）；zip：meeting.json 加附件原文件。",
)
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    help="写入文件；省略时 json 输出到屏幕。",
)
def export_command(meeting_id: int, fmt: str, output: Path | None) -> None:
    """导出一次会议：框架版本、参会班子、征求意见（不含提意见人）、谈心谈话、各版本材料及审阅、会议记录、
    相互批评、整改台账及佐证材料、向上级报告。"""
    payload = _web().meeting_export(meeting_id, fmt)
    if output is not None:
        output.write_bytes(payload)
        click.echo(f"已导出到 {output}（{len(payload) // 1024 + 1} KB）。", err=True)
    elif fmt == "zip":
        raise MingjingError("zip 格式请用 --output 指定文件名。")
    else:
        sys.stdout.write(payload.decode("utf-8") + "\n")


@command.command(name="import")
@click.argument("archive", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def import_command(archive: Path) -> None:
    """把 mingjing meeting export 导出的 .json 或 .zip 导入 DATABASE_URL 指定的数据库（单位和人员不存在时一并创建）。"""
    result = _web().meeting_import(archive)
    click.echo(f"已导入会议“{result['title']}”（{result['organisation']}），新编号 {result['id']}。")

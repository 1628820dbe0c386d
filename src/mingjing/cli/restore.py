"""``mingjing restore FILE``: replace the web database with an archive made by ``mingjing backup``."""

from __future__ import annotations

from pathlib import Path

import click

from mingjing.cli.errors import web_support


@click.command(name="restore")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="不再询问，直接覆盖当前数据库。")
def command(file: Path, yes: bool) -> None:
    """用 mingjing backup 生成的文件 FILE 替换 DATABASE_URL 指定的数据库（请先停止网页服务）。

    当前数据库的内容会被备份中的内容完全替换；恢复后自动迁移到本版本的结构。
    """
    if not yes:
        click.confirm("恢复会用备份替换当前数据库中的全部内容，确定继续吗？", abort=True)
    web_support().restore(path=file)

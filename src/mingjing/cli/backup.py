"""``mingjing backup FILE`` and ``mingjing restore FILE``: the whole web database in one archive."""

from __future__ import annotations

from pathlib import Path

import click

from mingjing.cli.errors import web_support


@click.command(name="backup")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
def command(file: Path) -> None:
    """把 DATABASE_URL 指定的整个数据库（含上传的材料和文件）备份到一个文件 FILE。

    SQLite 用在线备份接口，服务运行时也可以备份；PostgreSQL 用 pg_dump。
    定时备份的做法见 docs/operations.md。
    """
    # Imported only when the command runs: the core never imports Django.
    web_support().backup(path=file)

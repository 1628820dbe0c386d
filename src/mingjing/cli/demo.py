"""``mingjing demo``: create or migrate the web database and load the demo organisation."""

from __future__ import annotations

import click

from mingjing.cli.errors import web_support


@click.command(name="demo")
def command() -> None:
    """创建（或迁移）DATABASE_URL 指定的数据库，并载入示例单位。

    示例单位包括五名班子成员（材料已上传并完成审阅）、一名审核人、一名管理员和范文库。
    可以重复运行：已有的数据不会重复创建。最后打印示例账号。
    """
    # Imported only when the command runs: the core never imports Django.
    support = web_support()
    support.demo()

"""``mingjing serve``: run the web application under gunicorn (static files collected first)."""

from __future__ import annotations

import click

from mingjing.cli.errors import web_support


@click.command(name="serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="监听地址（对外提供服务时用 0.0.0.0）。")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535), help="端口。")
@click.option("--workers", default=2, show_default=True, type=click.IntRange(1, 64), help="gunicorn 进程数。")
@click.option(
    "--threads", default=4, show_default=True, type=click.IntRange(1, 64), help="每个进程的线程数。"
)
@click.option("--stop", is_flag=True, help="停止在 HOST:PORT 上运行的明镜服务（正在处理的请求会先完成）。")
def command(host: str, port: int, workers: int, threads: int, stop: bool) -> None:
    """启动明镜网页服务（gunicorn 生产服务器，数据库由 DATABASE_URL 指定）。

    先收集静态文件并检查数据库已迁移，然后用 gunicorn 在 HOST:PORT 上提供服务。
    每个服务的控制套接字、进程号文件和临时文件放在自己的运行目录里
    （$XDG_RUNTIME_DIR/mingjing/HOST-PORT，或数据目录下的 run/HOST-PORT），
    同一台机器上的多个服务互不干扰。首次使用请先运行 ``mingjing demo``。
    """
    # Imported only when the command runs: the core never imports Django.
    support = web_support()
    if stop:
        support.stop(host=host, port=port)
        return
    support.serve(host=host, port=port, workers=workers, threads=threads)

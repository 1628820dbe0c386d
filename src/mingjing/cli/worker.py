"""``mingjing worker``: run background jobs (imports, batch audits, exports) from the queue."""

from __future__ import annotations

import importlib

import click

from mingjing.cli.errors import WebUnavailableError


@click.command(name="worker")
@click.option("--queue", "queue", default=None, help="队列名（默认取 MINGJING_QUEUE，未设置时为 mingjing）。")
@click.option(
    "--concurrency", default=1, show_default=True, type=click.IntRange(1, 64), help="同时执行的任务数。"
)
def command(queue: str | None, concurrency: int) -> None:
    """启动后台任务进程：从消息队列（MINGJING_BROKER_URL，Redis 或 RabbitMQ）领取任务并执行。

    可在多台机器上各启动若干个，共用同一个数据库（DATABASE_URL）和队列即可横向扩展。
    未设置 MINGJING_BROKER_URL 时任务在网页进程内执行，不需要本命令。
    """
    try:
        worker = importlib.import_module("mingjing_web.jobs.worker")
    except ImportError as err:
        raise WebUnavailableError(
            "未安装后台任务所需的组件（Django、Celery），无法启动任务进程。",
            hint="请安装 pip install 'mingjing[web]'。",
        ) from err
    worker.run(queue=queue, concurrency=concurrency)

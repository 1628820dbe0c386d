"""What ``mingjing worker`` runs: a Celery worker on the configured broker and queue."""

from __future__ import annotations

from mingjing.facade import MingjingError


def run(*, queue: str | None, concurrency: int) -> None:
    from mingjing_web.cli_support import setup_django

    setup_django()
    from django.conf import settings

    from mingjing_web.jobs import queue as jobs_queue

    url = jobs_queue.broker_url()
    if not url:
        raise MingjingError(
            "未设置消息队列地址 MINGJING_BROKER_URL，后台任务会在网页进程内执行，无需单独启动任务进程。",
            hint="如需独立的任务进程，请设置 MINGJING_BROKER_URL=redis://127.0.0.1:6379/0 后重试。",
        )
    name = queue or jobs_queue.queue_name()
    settings.MINGJING_QUEUE = name
    app = jobs_queue.celery_app(url, name)
    # threads: the jobs are database- and numpy-bound, and a thread pool needs no fork of Django.
    app.worker_main(["worker", "-Q", name, "-c", str(concurrency), "-P", "threads", "--loglevel=INFO"])

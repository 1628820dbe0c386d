from __future__ import annotations

from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "mingjing_web.jobs"
    label = "jobs"
    verbose_name = "后台任务"

    def ready(self) -> None:
        # The copy index follows deletions too (a meeting deleted with its reports).
        from mingjing_web import corpus

        corpus.connect_signals()

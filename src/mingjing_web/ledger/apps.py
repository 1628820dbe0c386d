from __future__ import annotations

from django.apps import AppConfig


class LedgerConfig(AppConfig):
    name = "mingjing_web.ledger"
    label = "ledger"
    verbose_name = "会议记录与整改台账"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Next year's meeting takes over last year's unfinished items the moment it is created.
        from mingjing_web.ledger import signals  # noqa: F401

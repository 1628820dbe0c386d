from __future__ import annotations

from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "mingjing_web.reports"
    label = "reports"
    verbose_name = "对照检查材料"

from __future__ import annotations

from django.apps import AppConfig


class CountyConfig(AppConfig):
    name = "mingjing_web.county"
    label = "county"
    verbose_name = "上级审阅"

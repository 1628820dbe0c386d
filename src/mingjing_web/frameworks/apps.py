from __future__ import annotations

from django.apps import AppConfig


class FrameworksConfig(AppConfig):
    name = "mingjing_web.frameworks"
    label = "frameworks"
    verbose_name = "对照框架"

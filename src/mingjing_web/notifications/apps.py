from __future__ import annotations

from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "mingjing_web.notifications"
    label = "notifications"
    verbose_name = "通知"

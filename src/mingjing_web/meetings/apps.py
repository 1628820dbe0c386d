from __future__ import annotations

from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "mingjing_web.meetings"
    label = "meetings"
    verbose_name = "会议"

from __future__ import annotations

from django.apps import AppConfig


class EditorConfig(AppConfig):
    name = "mingjing_web.editor"
    label = "editor"
    verbose_name = "在线撰写"
    default_auto_field = "django.db.models.BigAutoField"

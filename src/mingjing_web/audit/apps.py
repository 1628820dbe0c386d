from __future__ import annotations

from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "mingjing_web.audit"
    label = "audit"
    verbose_name = "审计日志"

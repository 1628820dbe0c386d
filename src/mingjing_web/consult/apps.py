from __future__ import annotations

from django.apps import AppConfig


class ConsultConfig(AppConfig):
    name = "mingjing_web.consult"
    label = "consult"
    verbose_name = "征求意见与谈心谈话"

from __future__ import annotations

from django.apps import AppConfig


class OrgsConfig(AppConfig):
    name = "mingjing_web.orgs"
    label = "orgs"
    verbose_name = "组织"

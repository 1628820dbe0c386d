from __future__ import annotations

from django.apps import AppConfig


class LibraryConfig(AppConfig):
    name = "mingjing_web.library"
    label = "library"
    verbose_name = "范文库"

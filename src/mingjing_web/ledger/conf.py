"""The ledger's settings, each with a default (Django settings win, then the environment)."""

from __future__ import annotations

from django.conf import settings

from mingjing_web.env import env_int


def _setting(name: str, default: int, maximum: int) -> int:
    value = getattr(settings, name, None)
    if isinstance(value, int):
        return value
    return env_int(name, default, minimum=0, maximum=maximum)


def upward_due_days() -> int:
    """The 会后情况报告 is due this many days after the meeting (the timeline's setting, 15 by default)."""
    return _setting("MINGJING_REPORT_DAYS_AFTER", 15, 90)


def rectification_report_days() -> int:
    """The 整改落实情况报告 is due this many days after the meeting (180 by default)."""
    return _setting("MINGJING_RECTIFICATION_REPORT_DAYS", 180, 730)


def ledger_default_days() -> int:
    """A drafted item's deadline: this many days after the meeting unless someone sets another (180)."""
    return _setting("MINGJING_LEDGER_DEFAULT_DAYS", 180, 730)

"""Carry-over: when next year's meeting is created, last year's unfinished items move into it."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.db.models.signals import post_save
from django.dispatch import receiver

from mingjing_web.meetings.models import Meeting

# An imported archive brings its own carried items: importing must not carry anything again.
_SUSPENDED: ContextVar[bool] = ContextVar("ledger_carry_over_suspended", default=False)


@contextmanager
def carry_over_suspended() -> Iterator[None]:
    token = _SUSPENDED.set(True)
    try:
        yield
    finally:
        _SUSPENDED.reset(token)


@receiver(post_save, sender=Meeting, dispatch_uid="ledger_carry_over")
def _carry_over(sender: type[Meeting], instance: Meeting, created: bool, raw: bool = False, **_: Any) -> None:
    if not created or raw or _SUSPENDED.get():
        return
    from mingjing_web.ledger.services import ledger_carry_over

    ledger_carry_over(meeting=instance)

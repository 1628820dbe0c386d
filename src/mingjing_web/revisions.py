"""Optimistic concurrency for forms that change state: no lost update, no silent overwrite.

A form carries the revision of the record as the page showed it (a hidden ``revision`` field). The
service locks the row, compares, and refuses a stale form with ``StaleError`` before it changes
anything; the view answers 409 and shows the form again with what the user typed. Records with a
``revision`` counter compare that; a report compares a stamp of its ``updated_at`` (every change to a
report saves it) together with the number of the latest version the page showed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django import forms

from mingjing_web.errors import ServiceError

_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
_MICROSECOND = dt.timedelta(microseconds=1)


class StaleError(ServiceError):
    """The record changed since the form was opened. Nothing was saved; answer 409 and keep the input."""


def stale_message(what: str) -> str:
    """The one wording of a conflict: what changed, that nothing was saved, what to do."""
    return f"在您编辑期间，{what}已被他人修改。您的修改尚未保存，请核对最新内容后重新提交。"


def revision_check(*, shown: int | None, current: int, message: str) -> None:
    """Refuse a form based on an older revision. ``shown`` None: the form carried none (not checked)."""
    if shown is not None and shown != current:
        raise StaleError(message)


def stamp(moment: dt.datetime | None) -> int:
    """A moment as whole microseconds since 1970: exact (a float timestamp would round microseconds)."""
    if moment is None:
        return 0
    aware = moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC)
    return (aware - _EPOCH) // _MICROSECOND


class RevisionField(forms.IntegerField):
    """The hidden field a form carries its revision in (optional: a form without it is not checked)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", forms.HiddenInput())
        super().__init__(**kwargs)


def posted_int(data: Mapping[str, Any], name: str) -> int | None:
    """An integer a plain (non-Django-form) POST carried, or None when absent or not a number."""
    text = str(data.get(name, "")).strip()
    if not text.lstrip("-").isdigit():
        return None
    return int(text)

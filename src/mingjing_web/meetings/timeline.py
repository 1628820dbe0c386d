"""A meeting's timeline: plan → opinions → talks → reports → meeting → rectification → reported.

Each step has a due date (from the meeting date and the MINGJING_*_DAYS settings, local rules differ),
a date it was done (or None) and so a state: 已完成 / 逾期 / 待办 / 未记录. The consult app, when
installed, says when opinions and talks were done (``consult.selectors.timeline_steps``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.utils import timezone

from mingjing_web.meetings.models import Meeting


@dataclass(frozen=True)
class Step:
    key: str
    name: str
    due: dt.date | None
    done: dt.date | None
    note: str = ""

    def state(self, today: dt.date) -> str:
        if self.done is not None:
            return "done"
        if self.due is not None and today > self.due:
            return "late"
        return "pending"

    def state_label(self, today: dt.date) -> str:
        return {"done": "已完成", "late": "逾期", "pending": "待办"}[self.state(today)]


@dataclass(frozen=True)
class TimelineRow:
    step: Step
    state: str
    label: str


def _days(setting: str, default: int) -> dt.timedelta:
    return dt.timedelta(days=int(getattr(settings, setting, default)))


def _consult_steps(meeting: Meeting) -> dict[str, tuple[dt.date | None, str]]:
    if not apps.is_installed("mingjing_web.consult"):
        return {}
    try:
        from mingjing_web.consult.selectors import timeline_steps
    except ImportError:
        return {}
    return dict(timeline_steps(meeting=meeting))


def _opinions_fallback(meeting: Meeting) -> tuple[dt.date | None, str]:
    count = meeting.opinions.count()
    return (meeting.created_at.date() if count else None, f"已录入 {count} 条" if count else "")


def meeting_timeline(
    *, meeting: Meeting, reports_done: dt.date | None, reports_note: str
) -> list[TimelineRow]:
    """The seven steps with their state today; ``reports_done`` is when the last report was approved."""
    held = meeting.held_on
    consult = _consult_steps(meeting)
    opinions = consult.get("opinions") or _opinions_fallback(meeting)
    talks = consult.get("talks") or (None, "")
    plan_due = held - _days("MINGJING_PLAN_DAYS_BEFORE", 15) if held else None
    steps = [
        Step("plan", "会议方案", plan_due, timezone.localtime(meeting.created_at).date(), "会议已建立"),
        Step("opinions", "征求意见", meeting.submit_by, opinions[0], opinions[1]),
        Step("talks", "谈心谈话", meeting.submit_by, talks[0], talks[1]),
        Step("reports", "对照检查材料", meeting.submit_by, reports_done, reports_note),
        Step(
            "meeting",
            "召开会议",
            held,
            timezone.localtime(meeting.closed_at).date() if meeting.closed_at else None,
        ),
        Step(
            "rectification",
            "整改落实",
            held + _days("MINGJING_RECTIFY_DAYS_AFTER", 30) if held else None,
            meeting.rectified_on,
        ),
        Step(
            "reported",
            "会议情况上报",
            held + _days("MINGJING_REPORT_DAYS_AFTER", 15) if held else None,
            meeting.reported_on,
        ),
    ]
    today = timezone.localdate()
    return [TimelineRow(step, step.state(today), step.state_label(today)) for step in steps]

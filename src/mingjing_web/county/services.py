"""上级审阅把关: a higher organisation comments on and returns a subordinate unit's 主要负责人 report.

The unit's own review flow is unchanged; a return from above puts the report back to 退回修改 (the
author revises and submits again), whether the unit had approved it yet or not. Every change is
audited in the unit's log and the author is notified, exactly as a return inside the unit.
"""

from __future__ import annotations

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from mingjing_web import policy
from mingjing_web.audit.services import audit_record
from mingjing_web.errors import ServiceError
from mingjing_web.notifications.models import NoticeKind
from mingjing_web.notifications.services import notify
from mingjing_web.orgs.models import Membership
from mingjing_web.reports.models import CommentKind, Report, ReviewComment, Status
from mingjing_web.reports.services import comment_on_latest, report_current_check

# Handed in: what an upper level may send back (a draft is still the author's own business).
RETURNABLE = (Status.SUBMITTED, Status.APPROVED)


def _locked(report: Report) -> Report:
    related = Report.objects.select_related("meeting__organisation", "author", "latest")
    return related.select_for_update(of=("self",)).get(pk=report.pk)


def _audit(report: Report, actor: Membership, action: str, summary: str) -> None:
    audit_record(
        actor=actor,
        organisation=report.meeting.organisation,
        action=action,
        target=report,
        summary=f"{report.author.display_name}的材料（上级审阅 {actor.organisation.name}）：{summary}",
        data={"status": report.status, "version": report.latest.number if report.latest else None},
    )


@transaction.atomic
def report_return_upper(
    *,
    report: Report,
    actor: Membership,
    comment: str,
    version: int | None = None,
    revision: int | None = None,
) -> Report:
    """The upper level sends the 主要负责人's report back with what to change (required).

    ``version``/``revision``: what the page showed; if the unit decided or a new version came in since,
    nothing changes (``StaleError``) and the view keeps the typed reason.
    """
    report = _locked(report)
    if not policy.can_supervise_report(who=actor, report=report):
        raise ServiceError("只有上级审阅人员可以退回下级单位主要负责人的材料。")
    report_current_check(report=report, version=version, revision=revision)
    if not report.meeting.is_open:
        raise ServiceError("会议已召开或已归档，不能再退回。")
    if report.status not in RETURNABLE or report.latest is None:
        raise ServiceError("只有已提交或已通过的材料可以退回修改。")
    text = comment.strip()
    if not text:
        raise ServiceError("退回修改时请写明需要修改的地方。")
    ReviewComment.objects.create(
        report=report,
        version=report.latest,
        author=actor,
        kind=CommentKind.RETURN,
        text=f"【上级审阅】{text}",
    )
    report.status, report.decided_at = Status.RETURNED, timezone.now()
    report.save(update_fields=["status", "decided_at", "updated_at"])
    _audit(report, actor, "review.upper_return", f"第 {report.latest.number} 版退回修改：{text[:80]}")
    notify(
        recipient=report.author,
        kind=NoticeKind.RETURNED,
        text=f"上级审阅退回了您的材料（{report.meeting.title}）第 {report.latest.number} 版：{text[:100]}",
        url=reverse("report_detail", args=[report.pk]),
    )
    return report


@transaction.atomic
def report_comment_upper(*, report: Report, actor: Membership, text: str) -> ReviewComment:
    """A comment from above on the latest version (the unit sees it among its review comments)."""
    report = _locked(report)
    if not policy.can_supervise_report(who=actor, report=report):
        raise ServiceError("只有上级审阅人员可以对下级单位主要负责人的材料提出意见。")
    return comment_on_latest(
        report=report, actor=actor, text=text, action="review.upper_comment", prefix="【上级审阅】"
    )

"""上级审阅把关: returning and commenting on a subordinate unit's 主要负责人 report."""

from __future__ import annotations

import pytest

from mingjing_web.audit.models import AuditLog
from mingjing_web.county.services import report_comment_upper, report_return_upper
from mingjing_web.errors import ServiceError
from mingjing_web.notifications.models import Notification
from mingjing_web.reports.models import ReviewComment, Status
from mingjing_web.reports.services import report_approve

pytestmark = pytest.mark.django_db


def test_return_from_above_sends_the_report_back_and_tells_the_author(county) -> None:  # type: ignore[no-untyped-def]
    report = report_return_upper(report=county.head_report, actor=county.county, comment="问题查摆不够具体")
    assert report.status == Status.RETURNED
    comment = ReviewComment.objects.get(report=report)
    assert comment.author == county.county and "问题查摆不够具体" in comment.text
    assert Notification.objects.filter(recipient=county.cast.head).exists()
    assert AuditLog.objects.filter(action="review.upper_return", organisation=county.cast.org).exists()


def test_an_approved_report_can_still_be_returned_from_above(county) -> None:  # type: ignore[no-untyped-def]
    approved = report_approve(report=county.head_report, actor=county.cast.reviewer)
    assert report_return_upper(report=approved, actor=county.county, comment="再改").status == Status.RETURNED


def test_return_needs_a_reason_and_a_handed_in_report(county) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ServiceError, match="写明"):
        report_return_upper(report=county.head_report, actor=county.county, comment="  ")
    report_return_upper(report=county.head_report, actor=county.county, comment="改")
    with pytest.raises(ServiceError, match="已提交或已通过"):
        report_return_upper(report=county.head_report, actor=county.county, comment="再退")


@pytest.mark.parametrize("who", ["far", "county_admin", "sibling_admin"])
def test_nobody_else_returns_from_above(county, who: str) -> None:  # type: ignore[no-untyped-def]
    actor = {
        "far": county.far,
        "county_admin": county.county_admin,
        "sibling_admin": county.cast.outsider_admin,
    }[who]
    with pytest.raises(ServiceError):
        report_return_upper(report=county.head_report, actor=actor, comment="退回")
    assert ReviewComment.objects.filter(report=county.head_report).count() == 0


def test_a_members_personal_report_is_not_reviewed_from_above(county) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ServiceError):
        report_return_upper(report=county.member_report, actor=county.county, comment="退回")
    with pytest.raises(ServiceError):
        report_comment_upper(report=county.member_report, actor=county.county, text="意见")


def test_a_comment_from_above_leaves_the_status(county) -> None:  # type: ignore[no-untyped-def]
    report_comment_upper(report=county.head_report, actor=county.county, text="建议补充典型案例剖析")
    county.head_report.refresh_from_db()
    assert county.head_report.status == Status.SUBMITTED
    assert ReviewComment.objects.filter(report=county.head_report, text__contains="典型案例").count() == 1

"""A report copied above the threshold is approved only when the reviewer confirms it, and the decision says so."""

from __future__ import annotations

import pytest

from mingjing_web.errors import ServiceError
from mingjing_web.reports import services
from mingjing_web.reports.models import Report, Status
from tests.web.conftest import Cast

pytestmark = pytest.mark.django_db


def _copied(report: Report, ratio: float) -> Report:
    assert report.latest is not None
    report.latest.copy_ratio = ratio
    report.latest.save(update_fields=["copy_ratio"])
    report.refresh_from_db()
    return report


def test_a_copied_report_needs_the_reviewers_confirmation(uploaded: Report, cast: Cast) -> None:
    services.report_submit(report=uploaded, actor=cast.member)
    copied = _copied(uploaded, 0.62)
    with pytest.raises(ServiceError, match="62%"):
        services.report_approve(report=copied, actor=cast.reviewer)
    copied.refresh_from_db()
    assert copied.status == Status.SUBMITTED
    services.report_approve(report=copied, actor=cast.reviewer, copy_confirmed=True)
    copied.refresh_from_db()
    assert copied.status == Status.APPROVED
    assert "审核人已核实后通过" in copied.comments.latest("pk").text


def test_a_report_below_the_threshold_is_approved_as_before(uploaded: Report, cast: Cast) -> None:
    services.report_submit(report=uploaded, actor=cast.member)
    services.report_approve(report=_copied(uploaded, 0.05), actor=cast.reviewer)
    uploaded.refresh_from_db()
    assert uploaded.status == Status.APPROVED
    assert "核实" not in uploaded.comments.latest("pk").text

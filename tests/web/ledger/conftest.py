"""Fixtures for the ledger tests: an approved report and a confirmed ledger on the shared cast."""

from __future__ import annotations

from typing import Any

import pytest

from tests.web.conftest import Cast


def approve(cast: Cast, report: Any) -> Any:
    """Submit the 班子成员's report and have the reviewer approve it."""
    from mingjing_web.reports.services import report_approve, report_submit

    report_submit(report=report, actor=cast.member)
    report_approve(report=report, actor=cast.reviewer)
    report.refresh_from_db()
    return report


def ledger_confirmed(cast: Cast) -> list[Any]:
    """Generate the meeting's ledger from its approved reports and confirm it."""
    from mingjing_web.ledger.models import LedgerItem
    from mingjing_web.ledger.services import ledger_confirm, ledger_generate

    ledger_generate(actor=cast.reviewer, meeting=cast.meeting)
    ledger_confirm(actor=cast.reviewer, meeting=cast.meeting)
    return list(LedgerItem.objects.filter(meeting=cast.meeting).order_by("id"))


@pytest.fixture
def approved(cast: Cast, uploaded: Any) -> Any:
    """The 班子成员's report, submitted and approved by the reviewer."""
    return approve(cast, uploaded)


@pytest.fixture
def ledger(cast: Cast, approved: Any) -> list[Any]:
    """The ledger generated from the approved report and confirmed."""
    return ledger_confirmed(cast)

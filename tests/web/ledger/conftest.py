"""Fixtures for the ledger tests: an approved report and a confirmed ledger on the shared cast."""

from __future__ import annotations

from typing import Any

import pytest

from tests.web.conftest import Cast


@pytest.fixture
def approved(cast: Cast, uploaded: Any) -> Any:
    """The 班子成员's report, submitted and approved by the reviewer."""
    from mingjing_web.reports.services import report_approve, report_submit

    report_submit(report=uploaded, actor=cast.member)
    report_approve(report=uploaded, actor=cast.reviewer)
    uploaded.refresh_from_db()
    return uploaded


@pytest.fixture
def ledger(cast: Cast, approved: Any) -> list[Any]:
    """The ledger generated from the approved report and confirmed."""
    from mingjing_web.ledger.models import LedgerItem
    from mingjing_web.ledger.services import ledger_confirm, ledger_generate

    ledger_generate(actor=cast.reviewer, meeting=cast.meeting)
    ledger_confirm(actor=cast.reviewer, meeting=cast.meeting)
    return list(LedgerItem.objects.filter(meeting=cast.meeting).order_by("id"))

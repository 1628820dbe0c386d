"""The upper level's return carries the version and state its page showed (issue 14.5)."""

from __future__ import annotations

import re
from typing import Any

from django.urls import reverse

from mingjing_web.reports.models import ReviewComment, Status
from mingjing_web.reports.services import report_approve


def _shown(html: str) -> dict[str, str]:
    version = re.search(r'name="version" value="(\d+)"', html)
    revision = re.search(r'name="revision" value="(\d+)"', html)
    assert version is not None and revision is not None
    return {"version": version.group(1), "revision": revision.group(1)}


def test_a_return_from_a_fresh_page_goes_through(client: Any, county: Any) -> None:
    client.force_login(county.county.user)
    url = reverse("county_report", args=[county.head_report.pk])
    shown = _shown(client.get(url).content.decode())
    data = {"comment": "原因分析不深。", **shown}
    response = client.post(reverse("county_report_return", args=[county.head_report.pk]), data)
    assert response.status_code == 302
    county.head_report.refresh_from_db()
    assert county.head_report.status == Status.RETURNED


def test_a_stale_return_from_above_changes_nothing_and_keeps_the_reason(client: Any, county: Any) -> None:
    client.force_login(county.county.user)
    report = county.head_report
    shown = _shown(client.get(reverse("county_report", args=[report.pk])).content.decode())
    report_approve(report=report, actor=county.cast.reviewer)  # the unit decides meanwhile
    returns = ReviewComment.objects.filter(kind="return").count()
    data = {"comment": "对照检查不够深刻，请重写第二部分", **shown}
    response = client.post(reverse("county_report_return", args=[report.pk]), data)
    html = response.content.decode()
    assert response.status_code == 409
    assert 'data-testid="conflict"' in html and "已被他人处理" in html and "已通过" in html
    # An approved report may still be returned from above: the form is back, with the reason typed.
    assert "对照检查不够深刻，请重写第二部分</textarea>" in html
    assert _shown(html)["revision"] != shown["revision"]
    report.refresh_from_db()
    assert report.status == Status.APPROVED
    assert ReviewComment.objects.filter(kind="return").count() == returns
    # Sent again from the page as it is now, the return goes through.
    again = client.post(reverse("county_report_return", args=[report.pk]), {**data, **_shown(html)})
    assert again.status_code == 302
    report.refresh_from_db()
    assert report.status == Status.RETURNED

"""The upper level's report page caps the findings list and says how many there are (issue 14.1)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from mingjing_web.reports.models import ReportVersion

CAP = 1000


def test_the_county_page_caps_the_list_with_the_count(client: Any, county: Any) -> None:
    version = ReportVersion.objects.get(report=county.head_report)
    findings = [
        {
            "rule": "slip.typo",
            "family": "slip",
            "severity": "提示",
            "message": f"第{i}处笔误",
            "start": i,
            "end": i + 1,
        }
        for i in range(CAP)
    ]
    version.review_json = {**version.review_json, "findings": findings}
    version.text = "句子一二三。" * CAP
    version.save()
    client.force_login(county.county.user)
    html = client.get(reverse("county_report", args=[county.head_report.pk])).content.decode()
    assert f"逐条查看 {CAP} 处问题（前 30 处）" in html
    assert html.count("处笔误") == 30  # not one row per finding

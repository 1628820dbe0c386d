"""The findings list beside the text is paginated; the text still marks every finding (issue 14.1)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse

from mingjing_web.reports.context import FINDINGS_PAGE_SIZE, findings_page
from mingjing_web.reports.models import Report, ReportVersion
from tests.web.conftest import Cast

pytestmark = pytest.mark.django_db

CAP = 1000  # the core's hard cap of findings on one report
SECTIONS = ("一、主要问题", "二、原因剖析", "三、整改措施")


def _findings(count: int) -> list[dict[str, Any]]:
    """``count`` findings over a text of short sentences, spread over three sections in order."""
    per = -(-count // len(SECTIONS))
    return [
        {
            "rule": "slip.typo",
            "family": "slip",
            "severity": "提示",
            "message": f"第{i}处笔误",
            "text": "句子",
            "start": i * 6,
            "end": i * 6 + 2,
            "section": SECTIONS[i // per],
        }
        for i in range(count)
    ]


@pytest.fixture
def crowded(cast: Cast, uploaded: Report) -> Report:
    """The report's version, its review replaced by the most findings a report can carry."""
    version = ReportVersion.objects.get(report=uploaded)
    version.text = "句子一二三。" * CAP
    version.review_json = {**version.review_json, "findings": _findings(CAP)}
    version.finding_count = CAP
    version.save()
    return uploaded


def _rows(html: str) -> list[int]:
    return [int(n) for n in re.findall(r'<li id="f-(\d+)" class="finding', html)]


def test_a_version_with_a_thousand_findings_lists_one_page(login: Any, cast: Cast, crowded: Report) -> None:
    client = login(cast.reviewer)
    html = client.get(reverse("report_detail", args=[crowded.pk])).content.decode()
    pages = -(-CAP // FINDINGS_PAGE_SIZE)
    assert len(_rows(html)) == FINDINGS_PAGE_SIZE
    assert f'共 <span data-testid="findings-total">{CAP}</span> 条，第 1/{pages} 页' in html
    assert 'data-testid="findings-next"' in html and 'data-testid="findings-previous"' not in html
    # Every finding is still marked in the text; the unlisted ones link to the page that lists them.
    assert html.count('id="m-') == CAP
    assert 'href="?fp=2#f-50"' in html and 'id="f-999"' in html  # a drill-down link to #f-999 lands


def test_the_next_page_is_reachable_and_keeps_the_grouping(login: Any, cast: Cast, crowded: Report) -> None:
    client = login(cast.reviewer)
    first = client.get(reverse("report_detail", args=[crowded.pk])).content.decode()
    link = re.search(r'href="(\?fp=\d+)#findings" rel="next"', first)
    assert link is not None
    html = client.get(reverse("report_detail", args=[crowded.pk]) + link.group(1)).content.decode()
    rows = _rows(html)
    assert rows == list(range(FINDINGS_PAGE_SIZE, 2 * FINDINGS_PAGE_SIZE))
    assert "第 2/" in html and 'data-testid="findings-previous"' in html
    # The first section goes on from page 1: its total counts the whole version, numbering continues.
    assert '一、主要问题 <span class="muted">（共 334 条，本页 50 条）' in html
    assert f'start="{FINDINGS_PAGE_SIZE + 1}"' in html


def test_the_last_and_out_of_range_pages(login: Any, cast: Cast, crowded: Report) -> None:
    client = login(cast.reviewer)
    url = reverse("report_detail", args=[crowded.pk])
    last = client.get(url + "?fp=999").content.decode()  # too large: the last page
    assert _rows(last)[-1] == CAP - 1 and 'data-testid="findings-next"' not in last
    assert len(_rows(client.get(url + "?fp=abc").content.decode())) == FINDINGS_PAGE_SIZE


def test_a_few_findings_need_no_pager(login: Any, cast: Cast, flawed: Report) -> None:
    client = login(cast.reviewer)
    html = client.get(reverse("report_detail", args=[flawed.pk])).content.decode()
    count = ReportVersion.objects.get(report=flawed).finding_count
    assert 0 < count <= FINDINGS_PAGE_SIZE
    assert len(_rows(html)) == count and "问题清单分页" not in html and "?fp=" not in html


def test_findings_page_groups_and_counts() -> None:
    findings = [{**f, "index": i} for i, f in enumerate(_findings(10))]
    page = findings_page(findings, page=2, size=3)
    assert (page.total, page.number, page.pages, page.first, page.last) == (10, 2, 4, 4, 6)
    assert [(g.label, g.total, g.start, len(g.items)) for g in page.groups] == [
        (SECTIONS[0], 4, 4, 1),
        (SECTIONS[1], 4, 1, 2),
    ]
    assert page.page_of[9] == 4 and page.elsewhere()[0] == "?fp=1#f-0" and 4 not in page.elsewhere()


def test_the_meeting_drill_down_is_paginated(login: Any, cast: Cast, crowded: Report) -> None:
    client = login(cast.reviewer)
    url = reverse("meeting_findings", args=[cast.meeting.pk]) + "?family=slip"
    first = client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert first.count('<li class="finding">') == FINDINGS_PAGE_SIZE
    assert f'data-testid="drill-total">{CAP}</span>' in first and 'data-testid="drill-next"' in first
    second = client.get(url + "&page=2", HTTP_HX_REQUEST="true").content.decode()
    assert "第51处笔误" in second and "第1处笔误" not in second and "第 2/" in second


def test_an_editor_box_lists_thirty_and_counts_the_rest() -> None:
    from mingjing_web.editor import fragments
    from mingjing_web.editor.live import LiveFinding

    many = [LiveFinding("slip.typo", "提示", f"笔误{i}", "", "", i, i + 1) for i in range(45)]
    html = fragments.box_html("general", many, [], oob=False)
    assert html.count('class="finding sev-') == fragments.BOX_CAP
    assert "另有 15 条提示未列出" in html

"""The county in a real browser (issue 12): the 组织部 user of 青岚县委 sees both units' meetings,
returns one 主要负责人's (班子) report, downloads the dashboard xlsx and finds the 范文 used in both
units as a cross-unit cluster; a unit's users never see the other unit's reports.

Runs on its own demo server (it returns a report). Screenshots at 1280 and 390 px go to
test-artifacts/e2e/county-*.jpg.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from typing import Any

import pytest

from tests.e2e.conftest import Server
from tests.support.e2e_pages import assert_no_sideways_scroll, login, visible

pytestmark = pytest.mark.e2e

PASSWORD = "mingjing-demo"
BUREAU, TOWN = "青岚县农业农村局党组", "青岚县白鹤镇党委"
BUREAU_MEETING, TOWN_MEETING = "2023年度主题教育专题民主生活会", "白鹤镇党委2023年度民主生活会"


@pytest.fixture(scope="module")
def county_server(demo_server: Callable[[str], AbstractContextManager[Server]]) -> Iterator[str]:
    with demo_server(
        "mingjing-e2e-county-"
    ) as running:  # a server of its own: this test changes the demo's data
        yield running.base


_login = login
_no_sideways_scroll = assert_no_sideways_scroll


def _report_id(page: Any, row_text: str) -> int:
    row = page.locator("[data-testid=county-meetings] tr", has_text=row_text).first
    href = row.locator("a[href*='/county/reports/']").first.get_attribute("href")
    found = re.search(r"/county/reports/(\d+)/", href or "")
    assert found, href
    return int(found.group(1))


def test_county_reviews_two_units(county_server: str, browser: Any, shoot: Any) -> None:
    base = county_server
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = context.new_page()
    _login(page, base, "county")

    # Both units' meetings, from the navigation.
    page.get_by_role("link", name="下级单位").click()
    page.wait_for_url(f"{base}/county/")
    table = page.locator("[data-testid=county-meetings]")
    for text in (BUREAU, TOWN, BUREAU_MEETING, TOWN_MEETING):
        assert visible(table.get_by_text(text).first), text
    bureau_head = _report_id(page, BUREAU_MEETING)
    town_head = _report_id(page, TOWN_MEETING)
    assert page.locator("a[href*='/reports/']").count() >= 2

    # The xlsx of the same dashboard.
    from openpyxl import load_workbook

    xlsx = page.request.get(f"{base}/county/dashboard.xlsx")
    assert xlsx.ok
    rows = list(load_workbook(io.BytesIO(xlsx.body())).active.iter_rows(min_row=3, values_only=True))
    assert {TOWN_MEETING, BUREAU_MEETING} <= {r[2] for r in rows}

    # The town's meeting: its timeline, then the 主要负责人's report, returned with a reason.
    page.get_by_role("link", name=TOWN_MEETING).click()
    assert visible(page.get_by_role("heading", name="会议进程"))
    page.get_by_test_id("head-report").click()
    page.wait_for_url(f"{base}/county/reports/{town_head}/")
    assert page.get_by_test_id("report-status").inner_text() == "已提交"
    page.get_by_label("退回修改（写明需要修改的地方）").fill(
        "问题查摆与镇党委职责结合不够，请对照征求意见逐条补充。"
    )
    page.get_by_role("button", name="退回修改").click()
    page.wait_for_url(f"{base}/county/reports/{town_head}/")
    assert page.get_by_test_id("report-status").inner_text() == "退回修改"
    assert visible(page.get_by_text("【上级审阅】问题查摆与镇党委职责结合不够"))

    # One 范文 in both units: a cross-unit cluster naming both.
    page.goto(f"{base}/county/")
    page.get_by_role("link", name="跨单位雷同材料").click()
    clusters = page.get_by_test_id("cluster")
    assert clusters.count() >= 1
    both = clusters.filter(has_text=BUREAU).filter(has_text=TOWN)
    assert both.count() >= 1
    assert visible(both.first.get_by_role("link", name="孙立新"))  # the town's 主要负责人: named, linked
    context.close()

    # Screenshots at both widths, no sideways scrolling.
    for width, height in ((1280, 900), (390, 844)):
        context = browser.new_context(viewport={"width": width, "height": height}, locale="zh-CN")
        page = context.new_page()
        _login(page, base, "county")
        for name, path in (
            ("dashboard", "/county/"),
            ("report", f"/county/reports/{town_head}/"),
            ("clusters", "/county/cross-unit/"),
            ("tree", "/org/tree/"),
        ):
            page.goto(f"{base}{path}")
            shoot(page, f"county-{name}-{width}")
            _no_sideways_scroll(page)
        context.close()

    # Sideways: the town's users never see the bureau's reports, nor the bureau's the town's.
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = context.new_page()
    for user, foreign in (
        ("town-head", bureau_head),
        ("town-admin", bureau_head),
        ("member1", town_head),
        ("admin", town_head),
    ):
        _login(page, base, user)
        for path in (f"/reports/{foreign}/", f"/county/reports/{foreign}/"):
            response = page.goto(f"{base}{path}")
            assert response is not None and response.status in (403, 404), (user, path)
        assert page.get_by_text(TOWN_MEETING if user in ("member1", "admin") else BUREAU_MEETING).count() == 0
    # …while the town's 主要负责人 learns of the return from above.
    _login(page, base, "town-head")
    page.goto(f"{base}/notifications/")
    assert visible(page.get_by_text("上级审阅退回了您的材料").first)
    context.close()

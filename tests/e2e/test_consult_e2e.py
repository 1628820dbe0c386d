"""征求意见 and 谈心谈话 in a real browser: the admin opens a solicitation and gets a link and QR code,
three people give opinions through the link without logging in, talks are recorded, and the matrix
shows what is missing. Afterwards the server's own log is searched for the anonymous pages."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from typing import Any

import pytest

from tests.e2e.conftest import Server
from tests.support.e2e_pages import visible

pytestmark = pytest.mark.e2e

PASSWORD = "mingjing-demo"
OPINIONS = [
    ("", "班子下基层调研不够，听汇报多、看现场少"),
    ("member1", "对分管领域的难点问题不敢碰硬，推进慢"),
    ("member2", "理论学习不够系统，学用脱节"),
]


@pytest.fixture(scope="module")
def consult_server(demo_server: Callable[[str], AbstractContextManager[Server]]) -> Iterator[Server]:
    """A demo server of its own, so the test can read that server's log."""
    with demo_server("mingjing-e2e-consult-") as running:
        yield running


def _login(page: Any, base: str, username: str) -> None:
    page.goto(f"{base}/login/")
    page.get_by_label("登录名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"{base}/")


def _meeting_id(page: Any) -> int:
    href = page.get_by_role("link", name="会议汇总").first.get_attribute("href")
    found = re.search(r"/meetings/(\d+)/", href or "")
    assert found, href
    return int(found.group(1))


def _names() -> dict[str, str]:
    """username → display name of the demo 班子 (member1 … member5, as ``mingjing demo`` creates them)."""
    from mingjing.samples import demo_members

    return {f"member{i}": member.name for i, member in enumerate(demo_members(), start=1)}


def test_solicit_give_and_talk(consult_server: Server, browser: Any, shoot: Any) -> None:
    base = consult_server.base
    admin = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = admin.new_page()
    _login(page, base, "admin")
    meeting = _meeting_id(page)

    page.goto(f"{base}/meetings/{meeting}/consult/")
    page.get_by_role("button", name="开始征求意见").click()
    link = page.get_by_test_id("consult-link").input_value()
    assert "/o/" in link
    assert visible(page.locator("figure.qr svg"))
    shoot(page, "consult-01-admin-link-1280")

    # Three people, each in a fresh browser with no account and no cookies, give opinions.
    names = _names()
    for index, (who, text) in enumerate(OPINIONS):
        phone = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, locale="zh-CN")
        visitor = phone.new_page()
        visitor.goto(link)
        if who:
            visitor.get_by_label("意见针对").select_option(label=names[who])
        visitor.get_by_label("意见内容").fill(text)
        if index == 0:
            shoot(visitor, "consult-02-give-390")
        visitor.get_by_role("button", name="提交意见").click()
        assert "感谢您的意见" in visitor.get_by_test_id("thanks").inner_text()
        width = visitor.evaluate("document.documentElement.scrollWidth")
        assert width <= 392, f"the link page scrolls sideways on a phone ({width}px)"
        phone.close()

    page.goto(f"{base}/meetings/{meeting}/consult/")
    summary = page.get_by_test_id("consult-summary").inner_text()
    assert "收集 3 条" in summary and "归纳 3 条" in summary
    assert visible(page.get_by_text("理论学习不够系统，学用脱节").first)
    shoot(page, "consult-03-admin-summary-1280")

    # The meeting page includes the block (when the meetings app includes it).
    page.goto(f"{base}/meetings/{meeting}/")
    block = page.get_by_test_id("consult-block")
    if block.count():
        assert "收集 3 条" in block.inner_text().replace("\n", "")
        block.scroll_into_view_if_needed()
        shoot(page, "consult-08-dashboard-block-1280")

    # Talks: the 主要负责人 (member1) has talked with member2; the matrix shows the rest as missing.
    page.goto(f"{base}/meetings/{meeting}/talks/")
    before = page.get_by_test_id("talk-coverage").inner_text()
    page.get_by_label("谈话人").select_option(label=names["member1"])
    page.get_by_label("谈话对象").select_option(label=names["member2"])
    page.get_by_label("谈话日期").fill((dt.date.today() - dt.timedelta(days=1)).isoformat())
    page.get_by_label("谈话内容").fill("交流思想，互相提醒")
    page.get_by_role("button", name="保存", exact=True).click()
    page.wait_for_selector("text=已记录 1 次谈心谈话")
    after = page.get_by_test_id("talk-coverage").inner_text()
    assert before != after and "已谈 1 次" in after
    assert page.get_by_test_id("talk-matrix").locator("text=已谈").count() == 2  # both cells of the pair
    missing = page.get_by_test_id("talk-missing").inner_text()
    assert names["member3"] in missing
    shoot(page, "consult-04-talks-1280")
    admin.close()

    phone = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, locale="zh-CN")
    small = phone.new_page()
    _login(small, base, "admin")
    small.goto(f"{base}/meetings/{meeting}/talks/")
    shoot(small, "consult-05-talks-390")
    small.goto(f"{base}/meetings/{meeting}/consult/")
    width = small.evaluate("document.documentElement.scrollWidth")
    assert width <= 392, f"the overview scrolls sideways on a phone ({width}px)"
    shoot(small, "consult-06-summary-390")
    phone.close()

    # member2 sees the opinion addressed to them while writing.
    writer = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    mine = writer.new_page()
    _login(mine, base, "member2")
    mine.goto(f"{base}/meetings/{meeting}/mine/")
    opinions = mine.get_by_test_id("member-opinions")
    if opinions.count():
        assert "理论学习不够系统" in opinions.inner_text()
        assert "不敢碰硬" not in opinions.inner_text()  # addressed to member1
        shoot(mine, "consult-07-member-opinions-1280")
    writer.close()

    # The server's own log: access lines for ordinary pages, none for the anonymous link.
    log = consult_server.log()
    assert "GET /login/" in log
    assert "/o/" not in log

"""A whole 2026 meeting in a real browser (issue 10): the admin copies the 2025 framework into a 2026 one
and edits an aspect, creates the meeting; two members upload; the reviewer's queue shows them; one is
returned, fixed and approved, the other approved; closing the meeting freezes its membership.

Runs on its own fresh demo server so the meetings it creates never disturb the other journeys.
Screenshots (1280 px and 390 px wide) go to test-artifacts/e2e/meeting-*.jpg.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.conftest import Server
from tests.support.e2e_pages import visible

pytestmark = pytest.mark.e2e

PASSWORD = "mingjing-demo"
SOURCE = "2025年度民主生活会（五个带头）"
COPY = "2026年度民主生活会（五个带头）"
EDITED = "带头强化政治忠诚、提高政治执行力"
MEETING = "2026年度民主生活会"


@pytest.fixture(scope="module")
def app(demo_server: Callable[[str], AbstractContextManager[Server]]) -> Iterator[str]:
    with demo_server("mingjing-e2e-meeting-") as running:
        yield running.base


def _docx(text: str, folder: Path, name: str) -> Path:
    import docx

    document = docx.Document()
    for line in text.split("\n"):
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    path = folder / name
    path.write_bytes(buffer.getvalue())
    return path


def _sample(index: int) -> str:
    from mingjing.samples import demo_members

    return demo_members()[index].path.read_text("utf-8")


def _login(page: Any, base: str, username: str, password: str = PASSWORD) -> None:
    page.goto(f"{base}/login/")
    page.get_by_label("登录名").fill(username)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"{base}/")


def _logout(page: Any) -> None:
    page.get_by_role("button", name="退出").click()
    page.wait_for_url("**/login/")


def _fits(page: Any) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 392, f"{page.url} scrolls sideways on a phone ({width}px)"


def _copy_framework(page: Any, base: str, shoot: Any) -> None:
    page.get_by_role("link", name="对照框架").first.click()
    page.get_by_role("link", name=SOURCE).click()
    page.get_by_role("link", name="复制为新框架").click()
    assert page.get_by_label("年度").input_value() == "2026"
    assert page.locator("#id_name").input_value() == COPY
    page.locator("#id_aspects-0-name").fill(EDITED)
    shoot(page, "meeting-01-framework-copy")
    page.get_by_role("button", name="保存").click()
    page.wait_for_selector(f"text=已复制为“{COPY}”")
    assert visible(page.get_by_text(EDITED).first)
    shoot(page, "meeting-02-framework-2026")


def _create_meeting(page: Any, base: str, shoot: Any) -> str:
    page.goto(f"{base}/")
    page.get_by_role("link", name="新建会议").click()
    page.get_by_label("会议名称").fill(MEETING)
    page.get_by_label("年度").fill("26")
    today = dt.date.today()
    page.get_by_label("材料提交截止").fill((today + dt.timedelta(days=20)).isoformat())
    page.get_by_label("召开日期").fill((today + dt.timedelta(days=10)).isoformat())
    page.get_by_label("对照框架").select_option(label=f"{COPY}（2026，第 1 版）")
    page.get_by_role("button", name="创建").click()
    assert visible(page.get_by_text("年度请填写四位数字").first)  # refused, with the input kept
    assert visible(page.get_by_text("材料提交截止日期应早于会议召开日期").first)
    page.get_by_label("年度").fill("2026")
    page.get_by_label("材料提交截止").fill((today + dt.timedelta(days=10)).isoformat())
    page.get_by_label("召开日期").fill((today + dt.timedelta(days=20)).isoformat())
    page.get_by_role("button", name="创建").click()
    page.wait_for_selector("text=会议进程")
    assert visible(page.get_by_text(f"对照框架：{COPY}"))
    assert visible(page.get_by_text(EDITED).first)
    shoot(page, "meeting-03-dashboard-new")
    return str(page.url)


def _upload_and_submit(page: Any, base: str, user: str, path: Path) -> None:
    _login(page, base, user)
    page.get_by_role("link", name="我的对照检查材料").first.click()
    assert visible(page.get_by_text(EDITED).first)  # the framework's aspects on the upload page
    page.get_by_label("选择文件").set_input_files(str(path))
    page.get_by_role("button", name="上传并审阅").click()
    page.wait_for_selector("text=已保存并完成审阅")
    page.get_by_role("button", name="提交审核").click()
    assert page.get_by_test_id("status").inner_text() == "已提交"
    _logout(page)


def _decide(page: Any, name: str, button: str, comment: str = "") -> None:
    page.get_by_role("link", name="待我审核").first.click()
    page.get_by_role("link", name=name).click()
    if comment:
        page.get_by_role("textbox", name="审核意见").fill(comment)
    page.get_by_role("button", name=button).click()
    page.wait_for_selector("[data-testid=status]")


def test_a_whole_2026_meeting(app: str, browser: Any, shoot: Any, tmp_path: Path) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = context.new_page()
    first = _docx(_sample(1), tmp_path, "李慧-对照检查材料.docx")
    fixed = _docx(_sample(1).replace("一是", "一是（已修改）", 1), tmp_path, "李慧-修改稿.docx")
    other = _docx(_sample(2), tmp_path, "王建国-对照检查材料.docx")

    _login(page, app, "admin")
    _copy_framework(page, app, shoot)
    dashboard = _create_meeting(page, app, shoot)
    _logout(page)

    _upload_and_submit(page, app, "member2", first)
    _upload_and_submit(page, app, "member3", other)

    _login(page, app, "reviewer")
    queue = page.get_by_test_id("queue-link").inner_text()
    assert int(queue.split()[-1]) >= 2
    page.get_by_role("link", name="待我审核").first.click()
    assert visible(page.get_by_role("link", name="李慧")) and visible(page.get_by_role("link", name="王建国"))
    shoot(page, "meeting-04-queue")
    _decide(page, "李慧", "退回修改", "原因剖析请结合分管工作深挖思想根源。")
    assert page.get_by_test_id("status").inner_text() == "退回修改"
    _decide(page, "王建国", "审核通过")
    assert page.get_by_test_id("status").inner_text() == "已通过"
    _logout(page)

    _login(page, app, "member2")
    assert int(page.get_by_test_id("unread").inner_text()) >= 1  # the bell (the demo meeting is overdue too)
    page.locator("a.bell").click()
    assert visible(page.get_by_text(f"您的材料（{MEETING}）第 1 版已退回修改").first)
    shoot(page, "meeting-05-notifications")
    page.goto(f"{app}/")
    page.get_by_role("link", name="我的对照检查材料").first.click()
    assert visible(page.locator("#comments").get_by_text("请结合分管工作"))
    page.get_by_label("选择文件").set_input_files(str(fixed))
    page.get_by_role("button", name="上传并审阅").click()
    page.wait_for_selector("text=已保存并完成审阅")
    page.get_by_role("button", name="提交审核").click()
    shoot(page, "meeting-06-member-fixed")
    _logout(page)

    _login(page, app, "reviewer")
    _decide(page, "李慧", "审核通过")
    assert page.get_by_test_id("status").inner_text() == "已通过"
    page.goto(dashboard)
    assert "已通过 2" in page.get_by_test_id("counts").inner_text()
    assert "已提交待审 0" in page.get_by_test_id("counts").inner_text()
    _logout(page)

    _login(page, app, "admin")
    page.goto(dashboard)
    page.get_by_role("button", name="会议已召开，关闭会议").click()
    assert page.get_by_test_id("meeting-state").inner_text() == "已召开"
    shoot(page, "meeting-07-closed")
    page.goto(f"{app}/org/")
    page.get_by_label("姓名").fill("新同志")
    page.get_by_label("登录名").fill("newcomer")
    page.get_by_label("初始密码").fill("qingshan-river-2026")
    page.locator("#id_team_role").select_option(label="班子成员")
    page.get_by_role("button", name="添加").click()
    page.wait_for_selector("text=已添加成员 新同志")
    page.goto(dashboard)
    page.get_by_role("link", name="参会班子").click()
    assert visible(page.get_by_role("heading", name="参会班子成员（5 人）"))
    assert page.get_by_text("新同志").count() == 0 and visible(page.get_by_text("名单已冻结"))
    assert page.get_by_role("button", name="移出").count() == 0
    shoot(page, "meeting-08-members-frozen")

    phone = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, locale="zh-CN")
    small = phone.new_page()
    _login(small, app, "admin")
    for name, url in (("dashboard", dashboard), ("frameworks", f"{app}/frameworks/"), ("home", f"{app}/")):
        small.goto(url)
        shoot(small, f"meeting-09-phone-{name}")
        _fits(small)
    small.get_by_role("link", name="对照框架").first.click()
    small.get_by_role("link", name=COPY).click()
    small.get_by_role("link", name="修改", exact=True).click()
    shoot(small, "meeting-10-phone-framework-edit")
    _fits(small)
    phone.close()
    context.close()

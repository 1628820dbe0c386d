"""The main journey in a real browser: a member uploads, sees a finding, submits; the reviewer returns
it with a comment; the member uploads a fixed version; the reviewer approves."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest

from tests.support.e2e_pages import visible

pytestmark = pytest.mark.e2e

PASSWORD = "mingjing-demo"
MEMBER = "member5"  # a 班子成员 whose demo report is still a draft
PLACEHOLDER = "在XX方面"


def _sample() -> str:
    from mingjing.samples import demo_members

    return demo_members()[4].path.read_text("utf-8")  # member5's report


def _docx(text: str, folder: Path, name: str) -> Path:
    import docx

    document = docx.Document()
    for line in text.split("\n"):
        document.add_paragraph(line)
    path = folder / name
    buffer = io.BytesIO()
    document.save(buffer)
    path.write_bytes(buffer.getvalue())
    return path


def _with_leftover(text: str) -> str:
    """The sample with a template placeholder left in its first item (a sure finding)."""
    at = text.index("一是") + 2
    return text[:at] + PLACEHOLDER + text[at:]


def _login(page: Any, base: str, username: str) -> None:
    page.goto(f"{base}/login/")
    page.get_by_label("登录名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"{base}/")


def _logout(page: Any) -> None:
    page.get_by_role("button", name="退出").click()
    page.wait_for_url("**/login/")


def _open_my_report(page: Any) -> None:
    page.get_by_role("link", name="我的对照检查材料").first.click()
    page.wait_for_selector("h1")


def _upload(page: Any, path: Path) -> None:
    page.get_by_label("选择文件").set_input_files(str(path))
    page.get_by_role("button", name="上传并审阅").click()
    page.wait_for_selector("text=已保存并完成审阅")


def _open_member_report(page: Any, base: str, name: str) -> None:
    page.get_by_role("link", name="会议汇总").first.click()
    page.get_by_role("link", name=name).click()
    page.wait_for_selector("[data-testid=status]")


def test_member_and_reviewer_journey(server: str, browser: Any, shoot: Any, tmp_path: Path) -> None:
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="zh-CN")
    page = context.new_page()
    text = _sample()
    first = _docx(_with_leftover(text), tmp_path, "张晓燕-对照检查材料.docx")
    fixed = _docx(text, tmp_path, "张晓燕-对照检查材料-修改稿.docx")

    page.goto(f"{server}/login/")
    shoot(page, "01-login")
    _login(page, server, MEMBER)
    shoot(page, "02-home-member")
    _open_my_report(page)
    _upload(page, first)
    leftover = page.locator(".doc a.hl", has_text="XX").first
    assert visible(leftover)
    leftover.click()
    target = page.locator(".finding:target")
    assert target.count() == 1 and visible(target)
    shoot(page, "03-member-findings")
    page.get_by_role("button", name="提交审核").click()
    assert page.get_by_test_id("status").inner_text() == "已提交"
    _logout(page)

    _login(page, server, "reviewer")
    page.get_by_role("link", name="会议汇总").first.click()
    page.wait_for_selector("text=班子成员材料")
    shoot(page, "04-dashboard")
    page.get_by_role("link", name="张晓燕").click()
    page.get_by_role("textbox", name="审核意见").fill("第一条问题中有“XX”未替换，请补充具体事例后再提交。")
    shoot(page, "05-reviewer-report")
    page.get_by_role("button", name="退回修改").click()
    assert page.get_by_test_id("status").inner_text() == "退回修改"
    _logout(page)

    _login(page, server, MEMBER)
    _open_my_report(page)
    assert visible(page.get_by_text("请补充具体事例后再提交").first)
    _upload(page, fixed)
    summary = page.locator(".delta summary").inner_text()
    assert "修正" in summary and "修正 0 处" not in summary
    page.get_by_role("button", name="查看改动").click()
    page.wait_for_selector("#diff del, #diff ins")
    shoot(page, "06-member-new-version")
    page.get_by_role("button", name="提交审核").click()
    _logout(page)

    _login(page, server, "reviewer")
    page.get_by_role("link", name="会议汇总").first.click()
    page.get_by_role("link", name="张晓燕").click()
    page.get_by_role("button", name="审核通过").click()
    assert page.get_by_test_id("status").inner_text() == "已通过"
    shoot(page, "07-approved")
    context.close()


def test_phone_layout_and_keyboard(server: str, browser: Any, shoot: Any) -> None:
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True
    )
    page = context.new_page()
    _login(page, server, "member2")
    _open_my_report(page)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 392, f"page scrolls sideways on a phone ({width}px)"
    shoot(page, "08-phone-report")
    page.goto(f"{server}/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert "跳到正文" in focused
    context.close()


@pytest.mark.parametrize("path", ["/org/", "/meetings/1/", "/audit/"])
def test_overseer_pages_fit_a_phone(server: str, browser: Any, shoot: Any, path: str) -> None:
    """Wide tables scroll inside their own box; the page itself never scrolls sideways."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    _login(page, server, "admin")
    page.goto(f"{server}{path}")
    width = page.evaluate("document.documentElement.scrollWidth")
    shoot(page, "09-phone" + path.strip("/").replace("/", "-"))
    context.close()
    assert width <= 392, f"{path} scrolls sideways on a phone ({width}px)"

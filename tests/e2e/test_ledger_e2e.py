"""After the reports, in a real browser: the demo meeting continued to its end and into next year.

Attendance; criticisms (one of them praise, flagged); the ledger generated and confirmed; an item the
owner gives evidence for, closed by another user; the 会后情况报告 .docx downloaded and checked for its
GB/T 9704 page settings and fonts; next year's meeting created with the open item carried over; a
report there that omits it flagged. Runs on its own demo server (it changes the demo meeting).
Screenshots at 1280 and 390 px go to test-artifacts/e2e/ledger-*.jpg.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.conftest import Server
from tests.support.e2e_pages import assert_no_sideways_scroll, login

pytestmark = pytest.mark.e2e

PASSWORD = "mingjing-demo"
OWNER, OWNER_NAME = "member4", "陈志刚"  # his demo report is approved


@pytest.fixture(scope="module")
def ledger_server(demo_server: Callable[[str], AbstractContextManager[Server]]) -> Iterator[str]:
    with demo_server(
        "mingjing-e2e-ledger-"
    ) as running:  # a server of its own: this test changes the demo's data
        yield running.base


_login = login
_no_sideways_scroll = assert_no_sideways_scroll


def _both_widths(browser: Any, base: str, user: str, path: str, shoot: Any, name: str) -> None:
    for width, height in ((1280, 900), (390, 844)):
        context = browser.new_context(viewport={"width": width, "height": height}, locale="zh-CN")
        page = context.new_page()
        _login(page, base, user)
        page.goto(f"{base}{path}")
        shoot(page, f"ledger-{name}-{width}")
        _no_sideways_scroll(page)
        context.close()


def _meeting_id(page: Any, base: str, title: str) -> int:
    page.goto(f"{base}/")
    card = page.locator("li.card", has_text=title).first
    href = card.get_by_role("link", name="整改台账").get_attribute("href")
    found = re.search(r"/meetings/(\d+)/", href or "")
    assert found, href
    return int(found.group(1))


def _check_official(data: bytes) -> None:
    from docx import Document
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    document = Document(io.BytesIO(data))
    section = document.sections[0]
    assert abs(section.page_width - Mm(210)) < Mm(0.2) and abs(section.page_height - Mm(297)) < Mm(0.2)
    for value, mm in (
        (section.top_margin, 37),
        (section.bottom_margin, 35),
        (section.left_margin, 28),
        (section.right_margin, 26),
    ):
        assert abs(value - Mm(mm)) < Mm(0.2)
    title = document.paragraphs[0]
    assert title.text.startswith("关于召开") and title.runs[0].font.size == Pt(22)
    assert title.runs[0]._r.rPr.rFonts.get(qn("w:eastAsia")) == "方正小标宋简体"
    body = next(p for p in document.paragraphs[2:] if p.runs and p.runs[0].font.size == Pt(16))
    fonts = {p.runs[0]._r.rPr.rFonts.get(qn("w:eastAsia")) for p in document.paragraphs if p.runs}
    assert {"仿宋_GB2312", "黑体"} <= fonts, fonts
    assert body is not None
    assert 'w:instr=" PAGE "' in section.footer.paragraphs[0]._p.xml


def test_meeting_to_ledger_to_next_year(ledger_server: str, browser: Any, shoot: Any, tmp_path: Path) -> None:
    base = ledger_server
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, locale="zh-CN", accept_downloads=True
    )
    page = context.new_page()

    # -- the reviewer records the meeting -------------------------------------------------------------------
    _login(page, base, "reviewer")
    meeting_id = _meeting_id(page, base, "2023年度主题教育专题民主生活会")
    page.goto(f"{base}/meetings/{meeting_id}/record/")
    page.get_by_label("王建国出席情况").select_option("leave")
    page.get_by_label("王建国请假事由").fill("赴省农业农村厅参加培训")
    for order, name in enumerate(("周明远", "李慧", "陈志刚", "张晓燕"), 1):
        page.get_by_label(f"{name}发言顺序").fill(str(order))
    page.get_by_role("button", name="保存出席情况").click()
    summary = page.get_by_test_id("attendance-summary")
    assert "实到 4 人" in summary.inner_text()
    page.get_by_label("身份").select_option("supervisor")
    page.get_by_label("姓名").fill("孙立新")
    page.get_by_label("单位职务").fill("县委组织部")
    page.get_by_role("button", name="添加").click()
    assert "孙立新" in page.get_by_test_id("guests").inner_text()
    for giver, receiver, text in (
        ("李慧", "周明远", "周局长工作太拼，经常加班，要注意身体、劳逸结合。"),
        ("周明远", "陈志刚", "去年9月猕猴桃集中上市时，你分管的冷链项目还停在方案阶段，到现场只去了1次。"),
    ):
        page.get_by_label("提出人").select_option(label=giver)
        page.get_by_label("被批评人").select_option(label=receiver)
        page.get_by_role("textbox", name="批评意见").fill(text)
        page.get_by_role("button", name="录入", exact=True).click()
        page.wait_for_selector("[data-testid=criticism]")
    flags = page.get_by_test_id("criticism-flag")
    assert flags.count() == 1 and "以表扬代替批评" in flags.first.inner_text()
    shoot(page, "ledger-record-filled-1280")

    # -- the ledger: generated from the approved reports, confirmed ----------------------------------------
    page.goto(f"{base}/meetings/{meeting_id}/ledger/")
    page.get_by_test_id("ledger-generate").click()
    page.wait_for_selector("text=条草稿")
    page.get_by_test_id("ledger-confirm").click()
    page.wait_for_selector("text=已确认")
    row = page.get_by_test_id("ledger-row").filter(has_text=OWNER_NAME).filter(has_text="对照检查材料").first
    item_href = row.get_by_role("link").first.get_attribute("href")
    problem = row.get_by_role("link").first.inner_text().rstrip("…")
    assert item_href

    # -- the owner gives evidence; he cannot close it himself ----------------------------------------------
    _login(page, base, OWNER)
    page.goto(f"{base}{item_href}")
    assert page.get_by_test_id("close-form").count() == 0
    page.get_by_label("状态").select_option("in_progress")
    page.get_by_label("进展情况").fill("冷链集配中心可研已完成，选址已定。")
    page.get_by_role("button", name="保存").click()
    page.wait_for_selector("text=整改事项已保存")
    evidence = tmp_path / "冷链集配中心可研报告.txt"
    evidence.write_text("可行性研究报告（摘要）", "utf-8")
    page.get_by_label("书面说明").fill("可研报告已通过局党组审议。")
    page.get_by_label("佐证文件").set_input_files(str(evidence))
    page.get_by_role("button", name="上传佐证材料").click()
    page.wait_for_selector("text=佐证材料已上传")
    shoot(page, "ledger-item-owner-1280")

    # -- another user closes it ------------------------------------------------------------------------------
    _login(page, base, "reviewer")
    page.goto(f"{base}{item_href}")
    page.get_by_label("审核意见").fill("佐证齐全，同意销号。")
    page.get_by_role("button", name="销号", exact=True).click()
    page.wait_for_selector("text=已销号")
    assert page.get_by_test_id("item-status").inner_text() == "已完成"
    assert "销号" in page.get_by_test_id("history").inner_text()

    # -- the 会后情况报告 in official form --------------------------------------------------------------------
    _login(page, base, "admin")
    page.goto(f"{base}/meetings/{meeting_id}/upward/")
    with page.expect_download() as download:
        page.get_by_test_id("upward-docx-meeting").click()
    path = tmp_path / "会后情况报告.docx"
    download.value.save_as(str(path))
    _check_official(path.read_bytes())
    page.get_by_test_id("upward-meeting").get_by_role("button", name="登记已报送").click()
    assert "已报送" in page.get_by_test_id("upward-meeting").inner_text()

    # -- next year's meeting: open items carried over, a report that omits them flagged ---------------------
    page.goto(f"{base}/meetings/new/")
    page.get_by_label("会议名称").fill("2024年度民主生活会")
    page.get_by_label("年度").fill("2024")
    page.get_by_role("button", name="创建").click()
    page.wait_for_url(re.compile(r"/meetings/\d+/$"))
    new_id = int(re.search(r"/meetings/(\d+)/", page.url).group(1))  # type: ignore[union-attr]
    page.goto(f"{base}/meetings/{new_id}/ledger/?list=owners")
    table = page.get_by_test_id("ledger-table").inner_text()
    assert "上年度带入" in page.get_by_test_id("team-progress").inner_text()
    assert problem[:12] not in table, "the closed item is not carried"
    assert OWNER_NAME in table
    shoot(page, "ledger-next-year-1280")

    from mingjing.samples import template_entries

    past = next(e for e in template_entries() if e.owner == OWNER_NAME)  # a report that says nothing of 2023
    _login(page, base, OWNER)
    page.goto(f"{base}/meetings/{new_id}/mine/")
    page.get_by_label("选择文件").set_input_files(str(past.path))
    page.get_by_role("button", name="上传并审阅").click()
    page.wait_for_selector("text=已保存并完成审阅")
    assert "上年度带入的整改事项" in page.content()
    shoot(page, "ledger-carried-finding-1280")
    context.close()

    for user, path, name in (
        ("reviewer", f"/meetings/{meeting_id}/record/", "record"),
        ("reviewer", f"/meetings/{meeting_id}/ledger/", "ledger"),
        ("reviewer", item_href, "item"),
        ("admin", f"/meetings/{meeting_id}/upward/", "upward"),
    ):
        _both_widths(browser, base, user, path, shoot, name)

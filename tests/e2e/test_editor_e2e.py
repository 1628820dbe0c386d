"""The editor in a real browser: a member writes a report from empty to submitted, sees a typo flagged
beside the paragraph shortly after a pause in typing and gone once fixed, links an opinion to an item,
exports the official .docx (page setup and fonts checked) and submits. Screenshots at 1280 and 390 px."""

from __future__ import annotations

import io
import re
import time
import zipfile
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.e2e

PASSWORD = "mingjing-demo"
TYPO_BODY = "2023年5月我牵头全县春耕生产检查，只看了两个交通方便的乡镇，自已没有到困难最多的山区村"
FIXED_BODY = TYPO_BODY.replace("自已", "自己")


def _login(page: Any, base: str, username: str) -> None:
    page.goto(f"{base}/login/")
    page.get_by_label("登录名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"{base}/")


def _open_editor(page: Any, base: str) -> None:
    hrefs = page.eval_on_selector_all("a[href*='/meetings/']", "els => els.map(e => e.getAttribute('href'))")
    ids = sorted({int(m.group(1)) for h in hrefs if (m := re.search(r"/meetings/(\d+)/", h or ""))})
    for meeting_id in ids:
        response = page.goto(f"{base}/meetings/{meeting_id}/write/")
        if response is not None and response.ok and "/drafts/" in page.url:
            return
    raise AssertionError(f"no meeting to write for among {ids}")


def _type_into(page: Any, selector: str, text: str) -> None:
    """Fill all but the last character, then type it: a real keyup starts the live review."""
    box = page.locator(selector)
    box.fill(text[:-1])
    box.press("End")
    box.type(text[-1])


def _item_ids(page: Any, section: str) -> list[str]:
    ids = page.eval_on_selector_all(f"#sec-{section} .item", "els => els.map(e => e.id.slice(5))")
    return list(ids)


def _until(check: Any, timeout: float = 30.0) -> None:
    """Poll from Python: the page's CSP forbids the string evaluation wait_for_function needs."""
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def _wait_live(page: Any) -> None:
    _until(lambda: "已自动保存" in page.locator("#save-state").inner_text())


def test_write_review_link_export_submit(server: str, browser: Any, shoot: Any) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    page = context.new_page()
    _login(page, server, "member2")
    _open_editor(page, server)
    shoot(page, "editor-1280-empty")

    first = _item_ids(page, "problems")[0]
    page.locator(f"#ih-{first}").fill("调研不够深入")
    _type_into(page, f"#ib-{first}", TYPO_BODY)
    typed = time.monotonic()
    flagged = page.locator(f"#fb-item-{first} [data-rule='slip.proofread']")
    flagged.wait_for(timeout=30000)
    delay = time.monotonic() - typed
    # The delay is measured and printed here (and benchmarked in bench/editor_live.py, docs/benchmarks.md:
    # 0.8–0.9 s on a quiet machine); the test asserts only that it arrives without a reload, since a loaded CI
    # machine must not turn a timing into a failure.
    print(f"typo flagged {delay * 1000:.0f} ms after the last keystroke (debounce 600 ms)")
    assert "自已" in flagged.inner_text()

    _type_into(page, f"#ib-{first}", FIXED_BODY)
    _until(lambda: "自已" not in page.locator(f"#fb-item-{first}").inner_text())

    page.locator("#opening").fill("根据局党组的统一部署，我对照六个方面认真查摆了自身存在的问题。")
    for section, headline, body in (
        ("causes", "宗旨意识有所淡化", "我把到村里看现场当成额外负担，心里想的是报表按时交就行。"),
        (
            "measures",
            "每月到村蹲点一天",
            "2024年起每月到一个困难村蹲点一天，年底前走遍全部山区村，由办公室记录在案。",
        ),
    ):
        item = _item_ids(page, section)[0]
        page.locator(f"#ih-{item}").fill(headline)
        _type_into(page, f"#ib-{item}", body)
    _wait_live(page)

    panel_select = page.locator("#answer-panel li[data-testid='answer-opinion'] select").first
    with page.expect_response(lambda r: "/link" in r.url and r.request.method == "POST"):
        panel_select.select_option(value=first)
    # The link is stored: a fresh load of the editor shows the opinion as answered by the item. (Checking the
    # page in place raced with a live-review refresh on a loaded CI machine.)
    page.reload()
    _until(
        lambda: "已对应" in page.locator("#answer-panel li[data-testid='answer-opinion']").first.inner_text()
    )
    page.get_by_test_id("save-version").click()
    page.wait_for_load_state()
    assert "已保存为第" in page.content()
    shoot(page, "editor-1280-written")

    with page.expect_download() as info:
        page.get_by_test_id("export").click()
    data = Path(info.value.path()).read_bytes()
    _check_official(data)

    phone = browser.new_context(viewport={"width": 390, "height": 844}, storage_state=context.storage_state())
    mobile = phone.new_page()
    mobile.goto(page.url)
    width = mobile.evaluate("document.documentElement.scrollWidth")
    shoot(mobile, "editor-390")
    assert width <= 400  # nothing wider than the phone
    phone.close()

    page.get_by_test_id("submit").click()
    page.wait_for_url(re.compile(r".*/reports/\d+/.*"))
    assert "已提交" in page.content()
    context.close()


def _check_official(data: bytes) -> None:
    from docx import Document

    document = Document(io.BytesIO(data))
    section = document.sections[0]
    assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297
    assert round(section.top_margin.mm) == 37 and round(section.left_margin.mm) == 28
    width = section.page_width.mm - section.left_margin.mm - section.right_margin.mm
    height = section.page_height.mm - section.top_margin.mm - section.bottom_margin.mm
    assert round(width) == 156 and round(height) == 225
    texts = [p.text for p in document.paragraphs]
    assert any("自己没有到困难最多的山区村" in t for t in texts)
    fonts = {r.font.name for p in document.paragraphs for r in p.runs if r.text.strip()}
    assert {"方正小标宋简体", "仿宋_GB2312", "黑体"} <= fonts
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        font_table = package.read("word/fontTable.xml").decode("utf-8")
        settings = package.read("word/document.xml").decode("utf-8")
    assert 'w:altName w:val="仿宋"' in font_table and 'w:altName w:val="宋体"' in font_table
    assert 'w:linePitch="580"' in settings and "PAGE" in "".join(
        zipfile.ZipFile(io.BytesIO(data)).read(n).decode("utf-8")
        for n in zipfile.ZipFile(io.BytesIO(data)).namelist()
        if "footer" in n
    )

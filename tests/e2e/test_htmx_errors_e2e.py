"""htmx and 4xx answers in a real browser (``static/mingjing_web/app.js``): a refused htmx form's fragment
(400 bad input, 409 stale) is swapped in and shown with the input kept; a whole error page is never put
inside a fragment's place. Nothing here changes the demo's data (every request is refused)."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.e2e

PASSWORD = "mingjing-demo"


def _reviewer_on_a_submitted_report(page: Any, base: str) -> None:
    page.goto(f"{base}/login/")
    page.get_by_label("登录名").fill("reviewer")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"{base}/")
    page.goto(f"{base}/review/")
    page.locator("main a[href^='/reports/']").first.click()
    page.wait_for_selector("#comments textarea[name=text]")


def _comment_count(page: Any) -> int:
    return int(page.locator("#comments li.comment").count())


def test_a_refused_htmx_comment_is_shown_with_its_text(server: str, browser: Any, shoot: Any) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda err: errors.append(str(err)))
    try:
        _reviewer_on_a_submitted_report(page, server)
        before = _comment_count(page)

        # 400: blank text passes the browser's `required` (spaces) and is refused by the service.
        with page.expect_response(lambda r: "/comments/" in r.url and r.status == 400):
            page.locator("#comments textarea[name=text]").fill("   ")
            page.locator("#comments").get_by_role("button", name="发表意见").click()
        alert = page.locator("#comments [role=alert]")
        alert.wait_for()
        assert "不能为空" in alert.inner_text()

        # 409: the page claims an older version than the latest (as if a new one came in meanwhile).
        page.locator("#comments input[name=version]").evaluate("e => { e.value = '999'; }")
        with page.expect_response(lambda r: "/comments/" in r.url and r.status == 409):
            page.locator("#comments textarea[name=text]").fill("请补充具体事例。")
            page.locator("#comments").get_by_role("button", name="发表意见").click()
        page.wait_for_function(
            "() => (document.querySelector('#comments [role=alert]') || {}).textContent"
            " && document.querySelector('#comments [role=alert]').textContent.includes('已更新为第')"
        )
        assert page.locator("#comments textarea[name=text]").input_value() == "请补充具体事例。"
        assert _comment_count(page) == before  # nothing was stored
        assert page.locator("#comments header, #comments nav").count() == 0  # a fragment, not a page
        shoot(page, "htmx-409-comment")

        # A whole error page (404) is not swapped into the fragment's place.
        shown = page.locator("#comments").inner_html()
        with page.expect_response(lambda r: r.status == 404):
            page.evaluate(
                "() => htmx.ajax('GET', '/reports/999999/diff/?a=1&b=2',"
                " {target: '#comments', swap: 'innerHTML'})"
            )
        page.wait_for_timeout(300)  # the swap would happen right after the response
        assert page.locator("#comments").inner_html() == shown
        assert page.locator("#comments .site-header").count() == 0
        assert not errors, errors
    finally:
        context.close()

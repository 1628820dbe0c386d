"""Helpers the browser tests share: logging in and the phone-width check (their servers: tests/e2e/conftest.py)."""

from __future__ import annotations

from typing import Any

DEMO_PASSWORD = "mingjing-demo"


def login(page: Any, base: str, username: str, password: str = DEMO_PASSWORD) -> None:
    page.context.clear_cookies()
    page.goto(f"{base}/login/")
    page.get_by_label("登录名").fill(username)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"{base}/")


def assert_no_sideways_scroll(page: Any) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"] + 2, f"{page.url} scrolls sideways ({width}px)"


def visible(locator: Any, timeout_ms: float = 10_000) -> bool:
    """Whether ``locator`` becomes visible within ``timeout_ms``.

    Playwright's ``is_visible()`` answers at once; after a click that navigates, the new page may have
    committed but not yet rendered, so an immediate check is a race (seen failing under a loaded CI).
    """
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        locator.wait_for(state="visible", timeout=timeout_ms)
    except PlaywrightTimeout:
        return False
    return True

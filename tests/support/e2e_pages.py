"""Helpers the browser tests share: a demo server of their own, logging in, and the phone-width check."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from tests.support.live_app import app_environment, run_demo, start_app, stop_app

DEMO_PASSWORD = "mingjing-demo"


@contextmanager
def demo_server(prefix: str) -> Iterator[str]:
    """``mingjing demo`` + ``mingjing serve`` on a fresh SQLite file in a temporary folder; yields the base URL."""
    folder = Path(tempfile.mkdtemp(prefix=prefix))
    env = app_environment(database_url=f"sqlite:///{folder / 'e2e.sqlite3'}", folder=folder)
    run_demo(env, timeout=300)
    app = start_app(env, folder=folder, workers=1, timeout=60)
    try:
        yield app.base
    finally:
        stop_app(app)
        shutil.rmtree(folder, ignore_errors=True)


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

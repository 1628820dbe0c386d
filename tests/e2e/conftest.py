"""End-to-end fixtures: the real app under gunicorn on 127.0.0.1 and Debian's headless Chromium.

The server is started exactly as a user starts it (``mingjing demo`` then ``mingjing serve``) on a
fresh SQLite database in a temporary folder. Screenshots go to ``test-artifacts/e2e/``.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.support.live_app import app_environment, run_demo, start_app, stop_app

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts" / "e2e"
CHROMIUM = os.environ.get("MINGJING_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def server() -> Iterator[str]:
    """``mingjing demo`` + ``mingjing serve`` on a fresh SQLite file and a free loopback port; yields the base URL."""
    folder = Path(tempfile.mkdtemp(prefix="mingjing-e2e-"))
    env = app_environment(database_url=f"sqlite:///{folder / 'e2e.sqlite3'}", folder=folder)
    run_demo(env, timeout=300)
    app = start_app(env, folder=folder, workers=1, timeout=60)
    try:
        yield app.base
    finally:
        stop_app(app)
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        pytest.skip(
            f"END-TO-END TESTS SKIPPED: no Chromium at {CHROMIUM}. "
            "Install it with `apt-get update && apt-get install -y chromium` (or set MINGJING_CHROMIUM)."
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture
def shoot() -> Any:
    """``shoot(page, name)`` saves a full-page screenshot to test-artifacts/e2e/NAME.png."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)

    def _shoot(page: Any, name: str) -> Path:
        path = ARTIFACTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return _shoot

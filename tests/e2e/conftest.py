"""End-to-end fixtures: the real app under gunicorn on 127.0.0.1 and Debian's headless Chromium.

The server is started exactly as a user starts it (``mingjing demo`` then ``mingjing serve``) on a
fresh SQLite database in a temporary folder. ``mingjing demo`` runs once per test run (``demo_snapshot``,
tests/conftest.py, shared with the command-line tests that need a demo):
every server gets a copy of the folder it filled, so tests that change the demo's data still start from
the untouched demo, without paying for the demo load again. Screenshots go to ``test-artifacts/e2e/``.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.support.live_app import LiveApp, demo_copy, demo_environment, start_app, stop_app

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts" / "e2e"
# Debian's chromium-headless-shell (the same Chromium, built without the windowed browser) when it is
# there: the browser tests spent half the CPU in the full browser's processes (measured 2026-12-03 on one
# journey: 25.9 -> 12.9 CPU-s, screenshots included). scripts/services.sh installs both.
_SHELL = "/usr/bin/chromium-headless-shell"
CHROMIUM = os.environ.get("MINGJING_CHROMIUM") or (_SHELL if Path(_SHELL).exists() else "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@dataclass
class Server:
    """A running ``mingjing serve`` on its own copy of the demo; ``log()`` is what the server printed."""

    app: LiveApp
    folder: Path

    @property
    def base(self) -> str:
        return self.app.base

    def log(self) -> str:
        self.app.log.flush()
        return (self.folder / "server.log").read_text("utf-8", errors="replace")


@contextmanager
def _serve_copy(snapshot: Path, prefix: str) -> Iterator[Server]:
    folder = demo_copy(snapshot, Path(tempfile.mkdtemp(prefix=prefix)))
    app = start_app(demo_environment(folder), folder=folder, workers=1, timeout=60)
    try:
        yield Server(app, folder)
    finally:
        stop_app(app)
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="session")
def demo_server(demo_snapshot: Path) -> Callable[[str], AbstractContextManager[Server]]:
    """``with demo_server(prefix) as server:`` serves a fresh copy of the demo of its own (for tests that
    change the demo's data, or read the server's log)."""

    def _start(prefix: str) -> AbstractContextManager[Server]:
        return _serve_copy(demo_snapshot, prefix)

    return _start


@pytest.fixture(scope="session")
def server(demo_server: Callable[[str], AbstractContextManager[Server]]) -> Iterator[str]:
    """The demo served for the tests that share one server; yields the base URL."""
    with demo_server("mingjing-e2e-") as running:
        yield running.base


# Per module, not per session: while Playwright's sync API is open it runs an event loop in this thread, and
# Django refuses database access from it (SynchronousOnlyOperation). The browser tests start first
# (tests/conftest.py), so the database tests that follow on the same worker need it closed.
@pytest.fixture(scope="module")
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
    """``shoot(page, name)`` saves a full-page screenshot to test-artifacts/e2e/NAME.jpg.

    JPEG, not PNG: Chromium encodes a long page as PNG with twice the CPU (measured 2026-12-03 on ten
    full-page shots of a long Chinese page: 12.3 against 6.0 CPU-s), and the ~55 shots of a run are only
    looked at.
    """
    ARTIFACTS.mkdir(parents=True, exist_ok=True)

    def _shoot(page: Any, name: str) -> Path:
        path = ARTIFACTS / f"{name}.jpg"
        page.screenshot(path=str(path), full_page=True, type="jpeg", quality=80)
        return path

    return _shoot

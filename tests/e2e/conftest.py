"""End-to-end fixtures: the real app under gunicorn on 127.0.0.1 and Debian's headless Chromium.

The server is started exactly as a user starts it (``mingjing demo`` then ``mingjing serve``) on a
fresh SQLite database in a temporary folder. Screenshots go to ``test-artifacts/e2e/``.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

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
_CLI = "from mingjing.cli import main; main()"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_for(url: str, process: subprocess.Popen[bytes], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"server did not answer at {url}")


def _environment(folder: Path) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL", "MINGJING_CORPUS_URL")
    }
    env.update(
        DATABASE_URL=f"sqlite:///{folder / 'e2e.sqlite3'}",
        MINGJING_DATA_DIR=str(folder),
        PYTHONUNBUFFERED="1",
    )
    return env


@pytest.fixture(scope="session")
def server() -> Iterator[str]:
    """``mingjing demo`` + ``mingjing serve`` on a free loopback port; yields the base URL."""
    folder = Path(tempfile.mkdtemp(prefix="mingjing-e2e-"))
    env = _environment(folder)
    subprocess.run(
        [sys.executable, "-c", _CLI, "demo"], env=env, check=True, capture_output=True, timeout=300
    )
    port = _free_port()
    log = (folder / "server.log").open("wb")
    command = [
        sys.executable,
        "-c",
        _CLI,
        "serve",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--workers",
        "1",
    ]
    process = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_for(f"{base}/login/", process)
        yield base
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)
        log.close()
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

"""Run the real app as a user does (``mingjing demo``, then ``mingjing serve``) on a free loopback port.

Shared by the end-to-end tests and ``bench/bench_web.py``, so both measure and test the same start-up.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import IO

CLI = "from mingjing.cli import main; main()"
# Variables of the calling process that must not leak into the app under test.
_DROPPED = ("DJANGO_SETTINGS_MODULE", "DATABASE_URL", "MINGJING_CORPUS_URL")
# The file ``mingjing`` keeps its SQLite database in, in its data folder, when DATABASE_URL is unset.
DEMO_DATABASE = "mingjing.sqlite3"


@dataclass
class LiveApp:
    process: subprocess.Popen[bytes]
    base: str  # http://127.0.0.1:PORT
    log: IO[bytes]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def app_environment(*, database_url: str, folder: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in _DROPPED}
    env.update(DATABASE_URL=database_url, MINGJING_DATA_DIR=str(folder), PYTHONUNBUFFERED="1")
    return env


def demo_environment(folder: Path) -> dict[str, str]:
    """The app's environment on a data folder holding the demo (its SQLite file where the app looks)."""
    return app_environment(database_url=f"sqlite:///{folder / DEMO_DATABASE}", folder=folder)


def demo_snapshot_in(shared: Path) -> Path:
    """The folder ``mingjing demo`` filled (SQLite database, corpus files, secret key), made once in ``shared``.

    Several processes (xdist workers) may ask at once: a file lock lets the first load the demo while the
    others wait, so the demo is loaded once per run. The demo stores no absolute path of its folder, so a
    copy of the folder is a complete demo (``demo_copy``).
    """
    snapshot = shared / "demo-snapshot"
    with (shared / "demo-snapshot.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (snapshot / "complete").exists():
            shutil.rmtree(snapshot, ignore_errors=True)  # left half-made by an interrupted worker
            snapshot.mkdir()
            run_demo(demo_environment(snapshot), timeout=300)
            (snapshot / "complete").write_text("mingjing demo finished\n", "utf-8")
    return snapshot


def demo_copy(snapshot: Path, folder: Path) -> Path:
    """A private copy of the demo in ``folder`` (made if missing): tests that change data start untouched."""
    shutil.copytree(snapshot, folder, dirs_exist_ok=True, ignore=shutil.ignore_patterns("complete"))
    return folder


def run_demo(env: dict[str, str], *, timeout: float = 600) -> float:
    """``mingjing demo`` on the environment's database; returns the seconds it took."""
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-c", CLI, "demo"], env=env, check=True, capture_output=True, timeout=timeout
    )
    return time.perf_counter() - start


def start_app(env: dict[str, str], *, folder: Path, workers: int, timeout: float = 90) -> LiveApp:
    """``mingjing serve`` on a free port, returned once /login/ answers 200 (log in ``folder/server.log``)."""
    port = free_port()
    log = (folder / "server.log").open("wb")
    command = [sys.executable, "-c", CLI, "serve", "--host", "127.0.0.1", "--port", str(port)]
    command += ["--workers", str(workers)]
    process = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    app = LiveApp(process, f"http://127.0.0.1:{port}", log)
    try:
        _wait_for(f"{app.base}/login/", process, timeout)
    except RuntimeError:
        stop_app(app)
        raise
    return app


def stop_app(app: LiveApp) -> None:
    # The server runs in its own session: signal the whole group so gunicorn's workers go too.
    os.killpg(app.process.pid, signal.SIGTERM)
    app.process.wait(timeout=30)
    app.log.close()


def _wait_for(url: str, process: subprocess.Popen[bytes], timeout: float) -> None:
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

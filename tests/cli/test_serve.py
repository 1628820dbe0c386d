"""``mingjing serve`` on one machine (issue 14.5): each server keeps its runtime files to itself, and a
worker killed with ``kill -9`` in the middle of an upload leaves the previous state and no temporary file.
"""

from __future__ import annotations

import http.cookiejar
import os
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.live_app import demo_copy

ROOT = Path(__file__).resolve().parents[2]
MINGJING = str(Path(sys.executable).with_name("mingjing"))
pytestmark = pytest.mark.slow


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory, demo_snapshot: Path) -> dict[str, str]:
    """A private copy of the run's demo (``mingjing demo`` once per run), served from its default database."""
    data = demo_copy(demo_snapshot, tmp_path_factory.mktemp("serve") / "data")
    environment = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "XDG_RUNTIME_DIR")}
    environment.pop("SECRET_KEY", None)
    environment.update({"MINGJING_DATA_DIR": str(data), "MINGJING_BACKGROUND_INDEXING": "false"})
    return environment


class Server:
    def __init__(self, env: dict[str, str], port: int) -> None:
        self.env, self.port = env, port
        self.log = open(Path(env["MINGJING_DATA_DIR"]) / f"serve-{port}.log", "wb")  # noqa: SIM115
        command = [MINGJING, "serve", "--port", str(port), "--workers", "1", "--threads", "2"]
        self.process = subprocess.Popen(command, env=env, stdout=self.log, stderr=subprocess.STDOUT)
        self.runtime = Path(env["MINGJING_DATA_DIR"]) / "run" / f"127.0.0.1-{port}"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(self.url("/login/"), timeout=5).read()
                return
            except OSError:
                time.sleep(0.3)
        raise AssertionError(Path(self.log.name).read_text("utf-8", "replace"))

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def worker_pids(self) -> list[int]:
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children").read_text().split()
        return [int(pid) for pid in children]

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            self.process.wait(timeout=60)
        self.log.close()


# One pair for the module: starting a server costs ~4 CPU-s (Django, the checks' data), and neither test
# needs what the other changes: the first stops only the first server, the second kills a worker of the
# second server only, which gunicorn replaces; either order passes.
@pytest.fixture(scope="module")
def servers(env: dict[str, str]) -> Iterator[list[Server]]:
    started: list[Server] = []
    try:
        started.append(Server(env, _free_port()))
        started.append(Server(env, _free_port()))
        yield started
    finally:
        for server in started:
            server.stop()


def test_two_servers_keep_their_runtime_files_and_stopping_one_spares_the_other(servers, env) -> None:  # type: ignore[no-untyped-def]
    first, second = servers
    assert first.runtime != second.runtime
    for server in servers:
        assert (server.runtime / "gunicorn.ctl").is_socket()
        assert int((server.runtime / "gunicorn.pid").read_text()) == server.process.pid
    refused = subprocess.run(
        [MINGJING, "serve", "--port", str(first.port)], env=env, capture_output=True, text=True, timeout=60
    )
    assert refused.returncode == 2 and "已有明镜服务在运行" in refused.stderr
    stopped = subprocess.run(
        [MINGJING, "serve", "--stop", "--port", str(first.port)], env=env, capture_output=True, text=True
    )
    assert stopped.returncode == 0, stopped.stderr
    first.process.wait(timeout=60)
    assert not (first.runtime / "gunicorn.ctl").exists()
    assert (second.runtime / "gunicorn.ctl").is_socket()
    assert urllib.request.urlopen(second.url("/login/"), timeout=10).status == 200


def _login(server: Server, username: str) -> http.cookiejar.CookieJar:
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(server.url("/login/"), timeout=10).read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert token is not None
    form = {"username": username, "password": "mingjing-demo", "csrfmiddlewaretoken": token.group(1)}
    opener.open(server.url("/login/"), urllib.parse.urlencode(form).encode(), timeout=10).read()
    assert any(cookie.name == "sessionid" for cookie in jar)
    return jar


def _versions(env: dict[str, str]) -> int:
    with sqlite3.connect(Path(env["MINGJING_DATA_DIR"]) / "mingjing.sqlite3") as db:
        return int(db.execute("select count(*) from reports_reportversion").fetchone()[0])


def test_kill_9_in_the_middle_of_an_upload_leaves_no_temporary_file(servers, env) -> None:  # type: ignore[no-untyped-def]
    server = servers[1]
    cookies = {cookie.name: cookie.value for cookie in _login(server, "member2")}
    before = _versions(env)
    boundary = "----mingjing-kill-test"
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="csrfmiddlewaretoken"\r\n\r\n{cookies["csrftoken"]}\r\n'
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="report.txt"\r\n'
        "Content-Type: text/plain\r\n\r\n"
    ).encode()
    total = len(head) + 12 * 1024 * 1024
    meeting = 1
    request = (
        f"POST /meetings/{meeting}/mine/versions/ HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\n"
        f"Cookie: sessionid={cookies['sessionid']}; csrftoken={cookies['csrftoken']}\r\n"
        f"X-CSRFToken: {cookies['csrftoken']}\r\nReferer: {server.url('/')}\r\n"
        f"Content-Type: multipart/form-data; boundary={boundary}\r\nContent-Length: {total}\r\n\r\n"
    ).encode()
    worker = server.worker_pids()[0]
    worker_tmp = server.runtime / "tmp" / f"worker-{worker}"
    with socket.create_connection(("127.0.0.1", server.port), timeout=30) as upload:
        upload.sendall(request + head)
        chunk = ("对照检查材料\n" * 40_000).encode()[: 1024 * 1024]
        for _ in range(8):  # 8 of 12 MB: past the 5 MB held in memory, so Django streams to a file
            upload.sendall(chunk)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and not any(worker_tmp.rglob("*")):
            time.sleep(0.1)
        assert any(worker_tmp.rglob("*")), "the upload never reached a temporary file"
        os.kill(worker, signal.SIGKILL)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and worker_tmp.exists():
            time.sleep(0.1)
    assert not worker_tmp.exists()
    leftovers = [p for p in (server.runtime / "tmp").rglob("*") if p.is_file()]
    assert leftovers == []
    assert _versions(env) == before
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:  # gunicorn has started a fresh worker
        try:
            if urllib.request.urlopen(server.url("/login/"), timeout=10).status == 200:
                break
        except OSError:
            time.sleep(0.3)
    assert server.worker_pids() and worker not in server.worker_pids()

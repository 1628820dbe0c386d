"""A converter dies with the process that started it: kill -9 or Ctrl-C of the reader leaves no process
and no temporary file (the converter is a fake LibreOffice that hangs)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.hostile.probe import ROOT, leftovers, orphans
from tests.readers import badfiles

# Ctrl-C as in a terminal: the reader starts with Python's own SIGINT handler even when the suite itself was
# started where SIGINT is ignored (a background job of a non-interactive shell, nohup), whose children would
# inherit that and never see the signal.
READ = (
    "import signal, sys; signal.signal(signal.SIGINT, signal.default_int_handler); "
    "from mingjing.readers import read_document; read_document(sys.argv[1])"
)


def _start(tmp_path: Path) -> tuple[subprocess.Popen[bytes], Path]:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    fake = bin_dir / "soffice"
    fake.write_text("#!/bin/sh\nsleep 30 &\nwait\n", encoding="utf-8")
    fake.chmod(0o755)
    source = tmp_path / "慢.doc"
    source.write_bytes(badfiles.ole_with_stream("WordDocument"))
    tmpdir = tmp_path / "tmp"
    tmpdir.mkdir()
    env = {**os.environ, "TMPDIR": str(tmpdir), "PATH": f"{bin_dir}:{os.environ['PATH']}"}
    process = subprocess.Popen(
        [sys.executable, "-c", READ, str(source)],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.monotonic() + 15
    # python, the guard, the fake soffice and its sleep
    while len(orphans(tmpdir)) < 4 or not leftovers(tmpdir):
        assert time.monotonic() < deadline, "the conversion did not start"
        time.sleep(0.05)
    return process, tmpdir


def _gone(tmpdir: Path, seconds: float = 5.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if orphans(tmpdir) == () and leftovers(tmpdir) == ():
            return True
        time.sleep(0.05)
    return False


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGINT], ids=["kill-9", "ctrl-c"])
def test_converter_and_temporary_files_die_with_the_reader(tmp_path: Path, sig: signal.Signals) -> None:
    process, tmpdir = _start(tmp_path)
    os.kill(process.pid, sig)  # the reader only, not its group: the guard must act on its own
    process.wait(timeout=10)
    assert _gone(tmpdir), (orphans(tmpdir), leftovers(tmpdir))

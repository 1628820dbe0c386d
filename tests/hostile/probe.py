"""Read one file in a fresh Python process and measure it: outcome, wall time, peak memory, leftovers.

The child gets its own ``TMPDIR`` and its own session, so afterwards we can tell whether it left a
temporary file behind or a process running (any live process whose environment still names that
``TMPDIR``). Peak memory is the child's ``ru_maxrss`` from ``wait4``, which covers the converters
it started and waited for. A process forked from a large one (pytest) starts with the parent's
resident size in its ``ru_maxrss``, so a tiny trampoline (``python -I -S``) forks the child and
reports its ``wait4`` figures.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TRAMPOLINE = r"""
import os, sys
pid = os.fork()
if pid == 0:
    os.execv(sys.argv[1], sys.argv[1:])
_, status, usage = os.wait4(pid, 0)
os.write(1, b"\nRUSAGE %d %d\n" % (usage.ru_maxrss, os.waitstatus_to_exitcode(status)))
"""
CHILD = r"""
import json, resource, sys
mode, path, accept, memory = sys.argv[1], sys.argv[2], json.loads(sys.argv[3]), int(sys.argv[4])
if memory:
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
from mingjing.errors import MingjingError
from mingjing.readers import ReadLimits, read_document
limits = ReadLimits.unlimited() if mode == "unlimited" else None
try:
    document = read_document(path, accept=accept, limits=limits)
    result = {"outcome": "ok", "paragraphs": len(document.paragraphs)}
except MingjingError as err:
    result = {"outcome": type(err).__name__, "message": str(err), "limit": getattr(err, "limit", None)}
except MemoryError:
    result = {"outcome": "MemoryError"}
print(json.dumps(result, ensure_ascii=False))
"""


@dataclass(frozen=True)
class Measurement:
    outcome: str  # exception class name, "ok", "timeout", "crash"
    message: str
    limit: str | None
    seconds: float
    peak_mb: float
    leftovers: tuple[str, ...]  # files left in the child's TMPDIR
    orphans: tuple[int, ...]  # processes still running with the child's TMPDIR


def run_child(
    command: Sequence[str], tmpdir: Path, *, timeout: float, env: dict[str, str] | None = None
) -> tuple[int | None, bytes, float, float]:
    """Run ``command`` with its own TMPDIR and session; (exit status or None on timeout, stdout, s, MB)."""
    tmpdir.mkdir(parents=True, exist_ok=True)
    environment = {**os.environ, **(env or {}), "TMPDIR": str(tmpdir)}
    started = time.monotonic()
    process = subprocess.Popen(
        [sys.executable, "-I", "-S", "-c", TRAMPOLINE, *command],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env=environment,
        cwd=ROOT,
        start_new_session=True,
    )
    try:
        output, _ = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        output, _ = process.communicate()
        return None, output, time.monotonic() - started, float("nan")
    seconds = time.monotonic() - started
    text, _, usage = output.rpartition(b"\nRUSAGE ")
    maxrss, status = (int(value) for value in usage.split())
    return status, text, seconds, maxrss / 1024


def measure(
    path: Path,
    tmpdir: Path,
    *,
    accept: Sequence[str] | None = None,
    mode: str = "limited",
    timeout: float = 60.0,
    memory: int = 0,
) -> Measurement:
    """Read ``path`` in a child process (``mode`` "limited" or "unlimited") and measure it."""
    command = [sys.executable, "-c", CHILD, mode, str(path), json.dumps(accept), str(memory)]
    status, output, seconds, peak = run_child(command, tmpdir, timeout=timeout)
    text = output.decode("utf-8", "replace").strip()
    if status is None:
        outcome, message, limit = "timeout", "", None
    else:
        try:
            result = json.loads(text.splitlines()[-1])
            outcome, message, limit = result["outcome"], result.get("message", ""), result.get("limit")
        except (IndexError, ValueError, KeyError):
            outcome, message, limit = "crash", text[-2000:], None
    time.sleep(0.05)  # let a killed group's last members go
    return Measurement(outcome, message, limit, seconds, peak, leftovers(tmpdir), orphans(tmpdir))


def leftovers(tmpdir: Path) -> tuple[str, ...]:
    return tuple(sorted(str(p.relative_to(tmpdir)) for p in tmpdir.rglob("*"))) if tmpdir.exists() else ()


def orphans(tmpdir: Path) -> tuple[int, ...]:
    """Live processes (not zombies) whose environment sets TMPDIR to ``tmpdir`` or a folder inside it
    (LibreOffice runs with TMPDIR set to its private work folder)."""
    marker = f"TMPDIR={tmpdir}".encode()
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            environ = (entry / "environ").read_bytes()
            state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        inside = any(v == marker or v.startswith(marker + b"/") for v in environ.split(b"\0"))
        if inside and state != "Z":
            found.append(int(entry.name))
    return tuple(found)

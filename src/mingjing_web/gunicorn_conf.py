"""gunicorn hooks for ``mingjing serve`` (loaded with ``--config python:mingjing_web.gunicorn_conf``).

Each server has its own runtime folder (``MINGJING_RUNTIME_DIR``, chosen by
:func:`mingjing_web.cli_support.runtime_dir`): its control socket, pid file, worker heartbeat files
and temporary files live there and nowhere else. Every worker gets its own temporary folder inside
it (uploads streamed to disk, copies made for the .docx renderer, converter work folders), which the
arbiter removes when that worker exits — also after ``kill -9`` — so a killed request leaves nothing.
Each worker's address space is capped (``MINGJING_WORKER_MEMORY_MB``, 0 = no cap): a request that
needs more gets a ``MemoryError`` (the Chinese 503 page) instead of taking the machine down.
"""

from __future__ import annotations

import os
import resource
import shutil
import tempfile
from pathlib import Path
from typing import Any

RUNTIME_ENV = "MINGJING_RUNTIME_DIR"
MEMORY_ENV = "MINGJING_WORKER_MEMORY_MB"
DEFAULT_WORKER_MEMORY_MB = 3072


def _runtime() -> Path | None:
    value = os.environ.get(RUNTIME_ENV)
    return Path(value) if value else None


def worker_tmp(pid: int) -> Path | None:
    """The temporary folder of worker ``pid`` (None outside ``mingjing serve``)."""
    runtime = _runtime()
    return runtime / "tmp" / f"worker-{pid}" if runtime is not None else None


def post_fork(server: Any, worker: Any) -> None:
    """In the new worker: its own temporary folder, its memory cap."""
    folder = worker_tmp(os.getpid())
    if folder is not None:
        folder.mkdir(parents=True, exist_ok=True)
        os.environ["TMPDIR"] = str(folder)
        tempfile.tempdir = str(folder)
    memory_mb = int(os.environ.get(MEMORY_ENV) or DEFAULT_WORKER_MEMORY_MB)
    if memory_mb > 0:
        limit = memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def child_exit(server: Any, worker: Any) -> None:
    """In the arbiter, when a worker has exited (however it died): remove its temporary folder."""
    folder = worker_tmp(worker.pid)
    if folder is not None:
        shutil.rmtree(folder, ignore_errors=True)


def on_exit(server: Any) -> None:
    """The server stops: nothing temporary stays behind."""
    runtime = _runtime()
    if runtime is not None:
        shutil.rmtree(runtime / "tmp", ignore_errors=True)

"""Each ``mingjing serve`` keeps its runtime files to itself (issue 14.5).

gunicorn's default control socket is one file in the home folder: a second server on the same
machine took it over and stopping either deleted it for both. Here every server, keyed by the
address it listens on, gets a folder — under ``$XDG_RUNTIME_DIR/mingjing`` when the session has one
(cleared at logout, on a RAM disk), else under the data folder's ``run/`` — holding its control
socket, pid file, worker heartbeat files and the workers' temporary folders (see
``mingjing_web.gunicorn_conf``). A start removes what a killed predecessor on the same address
left behind; a start while that server still runs is refused.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
from dataclasses import dataclass
from pathlib import Path

from mingjing.facade import MingjingError


@dataclass(frozen=True)
class Runtime:
    folder: Path

    @property
    def pid_file(self) -> Path:
        return self.folder / "gunicorn.pid"

    @property
    def control_socket(self) -> Path:
        return self.folder / "gunicorn.ctl"

    @property
    def tmp(self) -> Path:
        return self.folder / "tmp"


def runtime_dir(*, data_dir: Path, host: str, port: int, environ: dict[str, str] | None = None) -> Runtime:
    """The runtime folder of the server on ``host``:``port``."""
    env = os.environ if environ is None else environ
    name = f"{re.sub(r'[^0-9A-Za-z.-]', '_', host)}-{port}"
    xdg = env.get("XDG_RUNTIME_DIR", "")
    if xdg and Path(xdg).is_dir() and os.access(xdg, os.W_OK):
        return Runtime(Path(xdg) / "mingjing" / name)
    return Runtime(data_dir / "run" / name)


def _running_pid(runtime: Runtime) -> int | None:
    """The pid in the pid file when that process is alive, else None."""
    try:
        pid = int(runtime.pid_file.read_text().strip())
    except (OSError, ValueError):
        return None
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return None
    except PermissionError:  # alive, someone else's
        return pid
    return pid


def runtime_prepare(*, data_dir: Path, host: str, port: int) -> Runtime:
    """Create the server's runtime folder, clearing a killed predecessor's leftovers."""
    runtime = runtime_dir(data_dir=data_dir, host=host, port=port)
    pid = _running_pid(runtime)
    if pid is not None:
        raise MingjingError(
            f"{host}:{port} 上已有明镜服务在运行（进程 {pid}）。",
            hint=f"请换一个端口，或先运行 mingjing serve --stop --host {host} --port {port} 停止它。",
        )
    runtime.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    shutil.rmtree(runtime.tmp, ignore_errors=True)
    for stale in (runtime.pid_file, runtime.control_socket):
        stale.unlink(missing_ok=True)
    runtime.tmp.mkdir(mode=0o700)
    return runtime


def runtime_stop(*, data_dir: Path, host: str, port: int) -> int:
    """Ask the server on ``host``:``port`` to stop (SIGTERM to its arbiter); its pid."""
    runtime = runtime_dir(data_dir=data_dir, host=host, port=port)
    pid = _running_pid(runtime)
    if pid is None:
        raise MingjingError(f"{host}:{port} 上没有正在运行的明镜服务。", hint="请检查 --host 和 --port。")
    os.kill(pid, signal.SIGTERM)
    return pid

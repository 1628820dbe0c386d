"""Run one converter under limits and die with the process that started it (no mingjing imports).

Usage (from :mod:`mingjing.readers.convert`, as ``python -I -S _guard.py``)::

    _guard.py PARENT_PID MEMORY_BYTES CPU_SECONDS FSIZE_BYTES WORKDIR -- COMMAND ...

The guard is started in a new session, so it leads a process group that holds the converter and
everything the converter starts; the parent kills that group on timeout, on an error and on
Ctrl-C. For the case the parent cannot act (``kill -9``), the guard asks Linux for a signal when
its parent dies (``PR_SET_PDEATHSIG``); it then kills its group and removes ``WORKDIR``
(a detached helper does the removal once the group is gone). Limits are applied with
``setrlimit`` before the converter starts: address space, CPU seconds, size of written files. A
value of 0 means no limit. The exit status is the converter's, or 128 + the signal that ended it.
"""

from __future__ import annotations

import os
import resource
import shutil
import signal
import sys
import time

_PR_SET_PDEATHSIG = 1


def _remove_after_group(group: int, workdir: str, ready: int) -> None:
    """In a detached child: leave the group, wait until the group is gone, remove the work folder."""
    os.setsid()
    os.write(ready, b"1")
    os.close(ready)
    for _ in range(200):
        try:
            os.killpg(group, 0)
        except ProcessLookupError:
            break
        time.sleep(0.05)
    if workdir != "-":
        shutil.rmtree(workdir, ignore_errors=True)


def _orphaned(workdir: str) -> None:
    group = os.getpgrp()
    read_end, write_end = os.pipe()
    if os.fork() == 0:
        os.close(read_end)
        _remove_after_group(group, workdir, write_end)
        os._exit(0)
    os.close(write_end)
    os.read(read_end, 1)  # the helper has left the group: killing the group spares it
    os.killpg(group, signal.SIGKILL)


def _watch_parent(parent: int, workdir: str) -> None:
    signal.signal(signal.SIGUSR1, lambda _sig, _frame: _orphaned(workdir))
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGUSR1, 0, 0, 0)
    except (OSError, AttributeError):  # not Linux: the parent's own kill still applies
        pass
    if os.getppid() != parent:  # the parent died before the request took effect
        _orphaned(workdir)


def _limit(memory: int, cpu: int, fsize: int) -> None:
    if memory > 0:
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    if cpu > 0:
        resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
    if fsize > 0:
        resource.setrlimit(resource.RLIMIT_FSIZE, (fsize, fsize))


def main(argv: list[str]) -> int:
    parent, memory, cpu, fsize = (int(value) for value in argv[1:5])
    workdir, command = argv[5], argv[7:]
    _watch_parent(parent, workdir)
    pid = os.fork()
    if pid == 0:
        try:
            _limit(memory, cpu, fsize)
            os.execvp(command[0], command)
        except OSError:
            os._exit(127)
    _, status = os.waitpid(pid, 0)
    code = os.waitstatus_to_exitcode(status)
    return 128 - code if code < 0 else code


if __name__ == "__main__":
    sys.exit(main(sys.argv))

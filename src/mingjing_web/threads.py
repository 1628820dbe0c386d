"""Background thread pools of the web process, each made on first use, for derived data (the copy index,
the colleagues matrix): work that a failure must never turn into a failed request."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from django.db import connection


def run_quietly(fn: Callable[..., Any], *args: Any, what: str) -> None:
    """``fn(*args)``; a failure is logged, never raised: the data is derived and its next use repairs it."""
    try:
        fn(*args)
    except Exception:
        logging.getLogger(fn.__module__).exception("%s failed: %s%r", what, fn.__name__, args)


def _in_thread(fn: Callable[..., Any], args: tuple[Any, ...], what: str) -> None:
    try:
        run_quietly(fn, *args, what=what)
    finally:
        connection.close()  # this thread's own database connection


class LazyPool:
    """A thread pool made on its first call, once per process: importing a module starts no thread, and a
    process that never needs the pool never has one. Call it for the executor."""

    def __init__(self, prefix: str, workers: int) -> None:
        self.prefix = prefix
        self.workers = workers
        self.executor: ThreadPoolExecutor | None = None
        self._lock = threading.Lock()

    def __call__(self) -> ThreadPoolExecutor:
        with self._lock:
            if self.executor is None:
                self.executor = ThreadPoolExecutor(max_workers=self.workers, thread_name_prefix=self.prefix)
            return self.executor

    def submit_quietly(self, fn: Callable[..., Any], *args: Any, what: str) -> Future[None]:
        """``fn(*args)`` on the pool's thread as :func:`run_quietly` runs it, then that thread's database
        connection closed (a thread of its own must not keep one open between tasks)."""
        return self().submit(_in_thread, fn, args, what)

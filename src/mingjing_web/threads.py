"""Background thread pools of the web process, each made on first use."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor


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

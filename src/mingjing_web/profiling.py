"""Where a request's time goes, measured inside the server (issue 14.7). Off unless asked for.

``MINGJING_PROFILE_DIR=/some/folder mingjing serve …`` puts :class:`ProfileMiddleware` first in the
middleware and, per request:

* appends one line to ``requests.tsv`` in that folder: process, path, status, wall ms, CPU ms of the
  request's thread, number of SQL queries and their total ms — enough to see the cost of each page
  kind without a profiler's overhead;
* with ``MINGJING_PROFILE_EVERY=N`` (default 0 = never) also writes a cProfile ``.prof`` of every N-th
  request of the process, named ``<pid>-<n>-<path>.prof`` (``python -m pstats``, ``snakeviz``).

Only one request per process is profiled at a time (cProfile hooks one thread; a second, concurrent
request is only timed). The anonymous opinion pages (``/o/…``) are never recorded: their visitors
are promised that nobody logs when they came (``mingjing_web.consult.anonymity``).
"""

from __future__ import annotations

import cProfile
import os
import re
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connections
from django.http import HttpRequest, HttpResponse

from mingjing_web.consult.anonymity import comes_from_anonymous_page

PROFILE_DIR_ENV = "MINGJING_PROFILE_DIR"
PROFILE_EVERY_ENV = "MINGJING_PROFILE_EVERY"
_UNSAFE = re.compile(r"[^A-Za-z0-9]+")


class _QueryTally:
    """Counts the SQL statements of one request and the time they took (a Django execute wrapper)."""

    def __init__(self) -> None:
        self.count = 0
        self.seconds = 0.0

    def __call__(
        self, execute: Callable[..., Any], sql: str, params: Any, many: bool, context: dict[str, Any]
    ) -> Any:
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.count += 1
            self.seconds += time.perf_counter() - start


@contextmanager
def _tallied(tally: _QueryTally) -> Iterator[None]:
    # Only the default connection: the copy-check corpus keeps its own and is timed as CPU anyway.
    with connections["default"].execute_wrapper(tally):
        yield


class ProfileMiddleware:
    """Times every request (and profiles every N-th) into settings.MINGJING_PROFILE_DIR."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.folder = Path(str(settings.MINGJING_PROFILE_DIR))
        self.folder.mkdir(parents=True, exist_ok=True)
        self.every = int(getattr(settings, "MINGJING_PROFILE_EVERY", 0))
        self.seen = 0
        self.lock = threading.Lock()
        self.profiling = threading.Lock()

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if comes_from_anonymous_page(request.META | {"PATH_INFO": request.path_info}):
            return self.get_response(request)
        with self.lock:
            self.seen += 1
            number = self.seen
        profiler: cProfile.Profile | None = None
        if self.every and number % self.every == 0 and self.profiling.acquire(blocking=False):
            profiler = cProfile.Profile()
        tally = _QueryTally()
        wall, cpu = time.perf_counter(), time.thread_time()
        try:
            with _tallied(tally):
                if profiler is not None:
                    profiler.enable()
                try:
                    response = self.get_response(request)
                finally:
                    if profiler is not None:
                        profiler.disable()
        finally:
            if profiler is not None:
                name = _UNSAFE.sub("_", request.path_info).strip("_")[:60] or "root"
                profiler.dump_stats(self.folder / f"{os.getpid()}-{number}-{name}.prof")
                self.profiling.release()
        wall_ms, cpu_ms = (time.perf_counter() - wall) * 1000, (time.thread_time() - cpu) * 1000
        line = (
            f"{os.getpid()}\t{request.method}\t{request.path_info}\t{response.status_code}\t"
            f"{wall_ms:.1f}\t{cpu_ms:.1f}\t{tally.count}\t{tally.seconds * 1000:.1f}\n"
        )
        with self.lock, (self.folder / "requests.tsv").open("a", encoding="utf-8") as out:
            out.write(line)
        return response

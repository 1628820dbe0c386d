"""A hard bound on the time and memory one request may take (issue 14.1, the web half).

The readers' limits keep every accepted file cheap; this guard is what holds when something slips
through anyway. gunicorn's gthread workers have no per-request timeout (the arbiter only watches the
worker's main loop), so each worker runs a watchdog thread:

* a request still running after ``MINGJING_REQUEST_SECONDS`` gets :class:`RequestTimeout` raised in
  its thread (``PyThreadState_SetAsyncExc``, delivered at the next Python instruction); the
  middleware turns it into the Chinese 503 page and the transaction around the work rolls back;
* a request that still does not stop within ``MINGJING_REQUEST_GRACE_SECONDS`` (stuck in C code)
  makes the worker stop itself with SIGTERM when it runs under ``mingjing serve``: gunicorn kills
  it after its graceful timeout and starts a fresh one.

Memory: ``mingjing serve`` caps each worker's address space (``mingjing_web.gunicorn_conf``); a
``MemoryError`` in a view becomes the same 503 page instead of a 500.
"""

from __future__ import annotations

import ctypes
import logging
import os
import signal
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from mingjing_web.error_pages import unavailable

log = logging.getLogger(__name__)
# Set by ``mingjing serve`` for its workers: a stuck request may end the worker (gunicorn replaces it).
EXIT_ENV = "MINGJING_GUARD_EXIT"


class RequestTimeout(BaseException):
    """Raised inside a request's thread past its time bound.

    A BaseException so that no ``except Exception`` in the work swallows it.
    """


@dataclass
class _Running:
    started: float
    path: str
    interrupted: bool = False


class _Watchdog:
    """One per process: the requests running in it, checked once a second."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.running: dict[int, _Running] = {}
        self.thread: threading.Thread | None = None
        self.pid = 0

    def ensure_started(self) -> None:
        # After a fork the watchdog thread of the parent does not exist in the child: start anew.
        if self.thread is not None and self.pid == os.getpid() and self.thread.is_alive():
            return
        with self.lock:
            if self.thread is not None and self.pid == os.getpid() and self.thread.is_alive():
                return
            self.pid = os.getpid()
            self.running = {}
            self.thread = threading.Thread(target=self._loop, name="mingjing-request-guard", daemon=True)
            self.thread.start()

    def _loop(self) -> None:
        while True:
            time.sleep(0.5)
            self.check(time.monotonic())

    def check(self, now: float) -> None:
        limit = float(settings.MINGJING_REQUEST_SECONDS)
        grace = float(settings.MINGJING_REQUEST_GRACE_SECONDS)
        with self.lock:
            for ident, entry in list(self.running.items()):
                age = now - entry.started
                if age > limit and not entry.interrupted:
                    entry.interrupted = True
                    log.warning("request over %.0f s interrupted: %s", limit, entry.path)
                    _raise_in_thread(ident, RequestTimeout)
                elif age > limit + grace and os.environ.get(EXIT_ENV) == "1":
                    log.error(
                        "request stuck past %.0f s, replacing the worker: %s", limit + grace, entry.path
                    )
                    self.running.clear()
                    os.kill(os.getpid(), signal.SIGTERM)

    def enter(self, ident: int, path: str) -> None:
        with self.lock:
            self.running[ident] = _Running(time.monotonic(), path)

    def leave(self, ident: int) -> None:
        with self.lock:
            entry = self.running.pop(ident, None)
            if entry is not None and entry.interrupted:
                _raise_in_thread(ident, None)  # the request ended anyway: drop an undelivered exception


WATCHDOG = _Watchdog()


def _raise_in_thread(ident: int, exception: type[BaseException] | None) -> None:
    """Schedule ``exception`` in thread ``ident`` (None clears one not yet delivered)."""
    target = ctypes.py_object(exception) if exception is not None else None
    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(ident), target)


class RequestGuardMiddleware:
    """Registers each request with the watchdog; turns RequestTimeout and MemoryError into a 503."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        WATCHDOG.ensure_started()
        ident = threading.get_ident()
        WATCHDOG.enter(ident, request.path)
        try:
            return self.get_response(request)
        except RequestTimeout:
            return unavailable(reason="time", seconds=int(settings.MINGJING_REQUEST_SECONDS))
        except MemoryError:
            return unavailable(reason="memory")
        finally:
            WATCHDOG.leave(ident)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        """A MemoryError raised by a view (Django would otherwise answer with a bare 500)."""
        if isinstance(exception, MemoryError):
            return unavailable(reason="memory")
        return None

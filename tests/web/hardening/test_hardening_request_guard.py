"""The per-request guard (issue 14.1): a request past its time bound, or out of memory, is a Chinese 503."""

from __future__ import annotations

import time

from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory

from mingjing_web.request_guard import WATCHDOG, RequestGuardMiddleware


def _busy(seconds: float) -> HttpResponse:
    end = time.monotonic() + seconds
    total = 0
    while time.monotonic() < end:  # pure Python: interruptible between instructions
        total += 1
    return HttpResponse(str(total))


def test_a_request_past_its_time_is_stopped_with_a_chinese_503(settings) -> None:  # type: ignore[no-untyped-def]
    settings.MINGJING_REQUEST_SECONDS = 1
    guard = RequestGuardMiddleware(lambda request: _busy(20))
    started = time.monotonic()
    response = guard(RequestFactory().post("/meetings/1/mine/versions/"))
    assert time.monotonic() - started < 5
    assert response.status_code == 503
    assert "处理超时" in response.content.decode() and "1 秒" in response.content.decode()
    assert WATCHDOG.running == {}


def test_a_quick_request_is_left_alone(settings) -> None:  # type: ignore[no-untyped-def]
    settings.MINGJING_REQUEST_SECONDS = 1
    response = RequestGuardMiddleware(lambda request: _busy(0.2))(RequestFactory().get("/"))
    assert response.status_code == 200
    time.sleep(1.5)  # nothing is delivered late to this thread
    assert sum(range(10)) == 45


def test_memory_error_in_a_view_is_a_chinese_503() -> None:
    def explode(request: HttpRequest) -> HttpResponse:
        raise MemoryError

    response = RequestGuardMiddleware(explode)(RequestFactory().get("/"))
    assert response.status_code == 503 and "内存" in response.content.decode()
    handled = RequestGuardMiddleware(lambda r: HttpResponse()).process_exception(
        RequestFactory().get("/"), MemoryError()
    )
    assert handled is not None and handled.status_code == 503

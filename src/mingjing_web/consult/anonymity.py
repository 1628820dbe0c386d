"""Keep the anonymous opinion pages (``/o/<link>/``) from recording who opened them or when.

Three layers, because each log is written by someone else:
- ``StripClientMiddleware`` (first in MIDDLEWARE) removes the client address, user agent, referer,
  forwarding headers and every cookie but the CSRF one before Django or the app sees the request, so
  a signed-in admin who opens the link is an anonymous visitor there;
- ``AnonymousPathFilter`` drops Django's log records about those paths (errors, CSRF failures);
- ``AnonymityLogger`` (gunicorn's logger class, set by ``mingjing serve``) writes no access-log line
  for them — a line without address would still sit between timestamped lines — and filters gunicorn's
  error log the same way.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from gunicorn.glogging import Logger as _GunicornLogger

ANON_PREFIX = "/o/"
_DROPPED_META = (
    "HTTP_USER_AGENT",
    "HTTP_REFERER",
    "HTTP_X_FORWARDED_FOR",
    "HTTP_X_REAL_IP",
    "HTTP_FORWARDED",
    "HTTP_CF_CONNECTING_IP",
    "HTTP_TRUE_CLIENT_IP",
    "HTTP_VIA",
    "REMOTE_HOST",
    "REMOTE_PORT",
)


def is_anonymous_path(path: str) -> bool:
    return path.startswith(ANON_PREFIX)


def comes_from_anonymous_page(environ: dict[str, Any]) -> bool:
    """A request for an anonymous page, or for what that page loads (CSS, JS, icon: its Referer names it).

    Why the second: the style sheet a visitor's browser fetches would otherwise log their address
    and the moment they opened the link.
    """
    if is_anonymous_path(str(environ.get("PATH_INFO", ""))):
        return True
    return is_anonymous_path(_referer_path(str(environ.get("HTTP_REFERER", ""))))


def _referer_path(referer: str) -> str:
    """The path part of a Referer URL ("" when there is none)."""
    rest = referer.split("://", 1)[-1]
    slash = rest.find("/")
    return rest[slash:] if slash >= 0 else ""


def _csrf_cookie_only(cookie_header: str) -> str:
    name = getattr(settings, "CSRF_COOKIE_NAME", "csrftoken")
    kept = [part.strip() for part in cookie_header.split(";") if part.strip().startswith(f"{name}=")]
    return "; ".join(kept)


class StripClientMiddleware:
    """For the anonymous pages: no address, no user agent, no session cookie reach the application."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if is_anonymous_path(request.path_info):
            meta = request.META
            meta["REMOTE_ADDR"] = "0.0.0.0"
            for key in _DROPPED_META:
                meta.pop(key, None)
            meta["HTTP_COOKIE"] = _csrf_cookie_only(meta.get("HTTP_COOKIE", ""))
            request.COOKIES = {k: v for k, v in request.COOKIES.items() if k == settings.CSRF_COOKIE_NAME}
            response = self.get_response(request)
            response["Cache-Control"] = "no-store"
            # same-origin, not no-referrer: with no-referrer browsers send "Origin: null" and CSRF fails.
            response["Referrer-Policy"] = "same-origin"
            return response
        return self.get_response(request)


def _record_text(record: logging.LogRecord) -> str:
    try:
        return record.getMessage()
    except Exception:  # a malformed record is someone else's bug; do not drop it for that
        return ""


class AnonymousPathFilter(logging.Filter):
    """Drop every log record about an anonymous opinion page (or about what such a page loaded)."""

    def filter(self, record: logging.LogRecord) -> bool:
        request: Any = getattr(record, "request", None)
        meta = getattr(request, "META", None)
        if isinstance(meta, dict) and comes_from_anonymous_page(
            {**meta, "PATH_INFO": getattr(request, "path", "")}
        ):
            return False
        # Any mention of the path, however the message is worded ("path=/o/…", "Bad Request: /o/…").
        return ANON_PREFIX not in _record_text(record)


# gunicorn ships no type information, so its Logger is Any to mypy (disallow_subclassing_any).
class AnonymityLogger(_GunicornLogger):  # type: ignore[misc]
    """gunicorn's logger without access lines (or error lines) for the anonymous pages."""

    def setup(self, cfg: Any) -> None:
        super().setup(cfg)
        self.error_log.addFilter(AnonymousPathFilter())

    def access(self, resp: Any, req: Any, environ: dict[str, Any], request_time: Any) -> None:
        if comes_from_anonymous_page(environ):
            return
        super().access(resp, req, environ, request_time)

"""The Chinese error pages Django shows instead of its English defaults (400, 413, 500, CSRF failure).

They render without the request context (no database, no session): an error page must still work
when what failed is the database. 403 and 404 keep the site's layout (``mingjing_web.views``).
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

from mingjing_web.middleware import too_large_response


def error_400(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """A malformed request; a form body past DATA_UPLOAD_MAX_MEMORY_SIZE is a 413 instead."""
    if isinstance(exception, RequestDataTooBig):
        limit = int(settings.DATA_UPLOAD_MAX_MEMORY_SIZE or 0) / (1024 * 1024)
        return too_large_response(limit_mb=limit, paste=True)
    return HttpResponse(render_to_string("errors/400.html"), status=400)


def error_500(request: HttpRequest) -> HttpResponse:
    return HttpResponse(render_to_string("errors/500.html"), status=500)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """CSRF_FAILURE_VIEW: the form was stale or cookies are off; say so in Chinese (403)."""
    return HttpResponse(render_to_string("errors/csrf.html"), status=403)


def unavailable(*, reason: str, seconds: int = 0) -> HttpResponse:
    """503 for a request stopped by the per-request guard (``reason``: "time" or "memory")."""
    context = {"reason": reason, "seconds": seconds}
    response = HttpResponse(render_to_string("errors/503.html", context), status=503)
    response["Retry-After"] = "60"
    return response

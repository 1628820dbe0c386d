"""Request and response guards that apply to every page.

* :class:`UploadSizeLimitMiddleware` refuses a body over the limit before it is read (a 50 MB upload,
  or a 6.6 MB paste, costs nothing) with the Chinese 413 page.
* :class:`ContentSecurityPolicyMiddleware` sends the Content-Security-Policy: scripts and styles only
  from our own static files, no inline script (templates keep their script in ``static/``).
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

# Room for the other form fields and the multipart framing around the file.
_MARGIN = 1024 * 1024
# A document served inline on its own (the printable review with its embedded style and script):
# sandboxed into an opaque origin, so its script can reach neither the cookies nor the site.
_STANDALONE_CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:; "
    "sandbox allow-scripts allow-popups allow-modals"
)


def too_large_response(*, limit_mb: float, paste: bool) -> HttpResponse:
    """The Chinese 413 page; the connection closes, so an unread body is never taken for a request."""
    context = {"limit_mb": _mb_text(limit_mb), "paste": paste}
    response = HttpResponse(render_to_string("errors/413.html", context), status=413)
    response["Connection"] = "close"
    return response


def _mb_text(value: float) -> str:
    return f"{value:g}"


class UploadSizeLimitMiddleware:
    """413 for a file upload over MINGJING_MAX_UPLOAD_MB or a form post over DATA_UPLOAD_MAX_MEMORY_SIZE."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        multipart = str(request.META.get("CONTENT_TYPE", "")).startswith("multipart/")
        if multipart:
            limit = int(settings.MINGJING_MAX_UPLOAD_MB) * 1024 * 1024
            if length > limit + _MARGIN:
                return too_large_response(limit_mb=settings.MINGJING_MAX_UPLOAD_MB, paste=False)
        else:
            # A plain form post (a pasted report): Django would refuse it later with an English 400.
            limit = int(settings.DATA_UPLOAD_MAX_MEMORY_SIZE or 0)
            if limit and length > limit:
                return too_large_response(limit_mb=limit / (1024 * 1024), paste=True)
        return self.get_response(request)


class ContentSecurityPolicyMiddleware:
    """Content-Security-Policy from settings.MINGJING_CSP on every HTML response that has none yet."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if "Content-Security-Policy" in response:
            return response
        standalone = str(response.get("Content-Disposition", "")).startswith("inline")
        response["Content-Security-Policy"] = _STANDALONE_CSP if standalone else settings.MINGJING_CSP
        return response

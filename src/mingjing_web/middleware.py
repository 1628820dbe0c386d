"""Reject a request body over the upload limit before reading it (a 50 MB upload costs nothing)."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

# Room for the other form fields and the multipart framing around the file.
_MARGIN = 1024 * 1024


class UploadSizeLimitMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        limit = int(settings.MINGJING_MAX_UPLOAD_MB) * 1024 * 1024
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > limit + _MARGIN:
            page = render_to_string("errors/413.html", {"limit_mb": settings.MINGJING_MAX_UPLOAD_MB})
            response = HttpResponse(page, status=413)
            response["Connection"] = "close"  # the unread body must not be taken for the next request
            return response
        return self.get_response(request)

"""The request type of views that answer htmx differently (django-htmx's middleware sets ``request.htmx``)."""

from __future__ import annotations

from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails


class HtmxHttpRequest(HttpRequest):
    """An ``HttpRequest`` after ``django_htmx.middleware.HtmxMiddleware`` (in ``settings.MIDDLEWARE``)."""

    htmx: HtmxDetails

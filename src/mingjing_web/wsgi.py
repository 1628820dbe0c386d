"""WSGI entry point for gunicorn: ``gunicorn mingjing_web.wsgi``."""

from __future__ import annotations

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mingjing_web.settings")
application = get_wsgi_application()

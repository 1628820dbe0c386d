"""WSGI entry point for gunicorn: ``gunicorn mingjing_web.wsgi``."""

from __future__ import annotations

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mingjing_web.settings")
application = get_wsgi_application()

# Load the core (rules, frameworks, boilerplate lists) while the worker boots, not on a user's upload.
from mingjing_web.analysis import warm_up  # noqa: E402

warm_up()

"""明镜 web application: organisations, meetings, report submission and review (Django).

The core package ``mingjing`` never imports this package; this package calls the core.
"""

from __future__ import annotations

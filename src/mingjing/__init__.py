"""明镜 (mingjing): read, parse, check and follow up 对照检查材料.

The public API lives in :mod:`mingjing.api`; this package never imports Django.
"""

from __future__ import annotations

__version__ = "0.1.0"

"""What the command line needs from outside the core, loaded only when a command asks for it."""

from __future__ import annotations

import importlib
from types import ModuleType

from mingjing.errors import MingjingError


class WebUnavailableError(MingjingError):
    """The web application's packages (the ``web`` extra) are not installed."""

    code = "web-unavailable"


def web_support() -> ModuleType:
    """``mingjing_web.cli_support``, imported here so that the core never imports Django itself."""
    try:
        return importlib.import_module("mingjing_web.cli_support")
    except ImportError as err:
        raise WebUnavailableError(
            "未安装网页应用所需的组件（Django 等），无法执行此命令。",
            hint="请安装 pip install 'mingjing[web]'（./scripts/setup.sh 已包含）。",
        ) from err

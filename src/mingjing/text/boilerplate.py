"""Web and PDF leftovers (bylines, site names, page numbers) recognised from a small data list."""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

MAX_BOILERPLATE_LENGTH = 100


@lru_cache(maxsize=1)
def boilerplate_pattern() -> re.Pattern[str]:
    """All patterns of ``data/boilerplate.txt`` as one compiled alternation."""
    raw = resources.files("mingjing.text").joinpath("data/boilerplate.txt").read_text("utf-8")
    sources = [line.strip() for line in raw.splitlines()]
    sources = [src for src in sources if src and not src.startswith("#")]
    return re.compile("|".join(f"(?:{src})" for src in sources))


def is_boilerplate(line: str) -> bool:
    """Whether a whole (cleaned) line is a web/PDF leftover rather than report text."""
    if len(line) > MAX_BOILERPLATE_LENGTH:
        return False
    return boilerplate_pattern().search(line) is not None

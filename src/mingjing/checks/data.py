"""Packaged data files of the checks (``checks/data/*.toml``), read once per process."""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources
from typing import Any


@cache
def load_data(name: str) -> dict[str, Any]:
    """The parsed ``checks/data/<name>.toml``."""
    raw = resources.files("mingjing.checks").joinpath(f"data/{name}.toml").read_text("utf-8")
    return tomllib.loads(raw)


def word_list(name: str, key: str) -> tuple[str, ...]:
    """A list of strings from a data file, longest first (so alternations prefer the longest match)."""
    values = load_data(name)[key]
    return tuple(sorted({str(v) for v in values}, key=len, reverse=True))

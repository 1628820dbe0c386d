"""Copy-detection thresholds read from ``data/thresholds.toml`` (measured, see docs/reuse.md)."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources


@dataclass(frozen=True)
class Thresholds:
    ghostwriting_share: float
    confirm_copy_ratio: float


@cache
def thresholds() -> Thresholds:
    raw = tomllib.loads(resources.files("mingjing.reuse").joinpath("data/thresholds.toml").read_text("utf-8"))
    return Thresholds(float(raw["ghostwriting_share"]), float(raw["confirm_copy_ratio"]))

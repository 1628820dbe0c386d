"""Checking frameworks as data: the aspects a report must cover in a given year, with their aliases."""

from __future__ import annotations

from mingjing.frameworks.loader import (
    GENERIC_ID,
    Framework,
    FrameworkAspect,
    Requirement,
    framework_from_dict,
    framework_from_mapping,
    list_frameworks,
    load_framework,
    register_framework,
)
from mingjing.frameworks.matching import (
    AspectMapping,
    best_aspect_score,
    detect_framework,
    heading_core,
    map_aspect,
    map_aspects,
    score_framework,
)

__all__ = [
    "GENERIC_ID",
    "AspectMapping",
    "Framework",
    "FrameworkAspect",
    "Requirement",
    "best_aspect_score",
    "detect_framework",
    "framework_from_dict",
    "framework_from_mapping",
    "heading_core",
    "list_frameworks",
    "load_framework",
    "map_aspect",
    "map_aspects",
    "register_framework",
    "score_framework",
]

"""The review engine: a catalogue of small rules that read a parsed report like an expert reviewer.

Public API::

    check_report(report, *, config=None, opinions=()) -> Review
    list_rules() -> list[RuleInfo]
    CheckConfig, OrgProfile, load_config(path), read_opinions(path)
"""

from __future__ import annotations

from mingjing.checks.config import CheckConfig, ConfigError, OrgProfile, load_config, read_opinions
from mingjing.checks.engine import check_report, score_findings, verdict_for
from mingjing.checks.registry import FAMILIES, RuleInfo, list_rules

__all__ = [
    "FAMILIES",
    "CheckConfig",
    "ConfigError",
    "OrgProfile",
    "RuleInfo",
    "check_report",
    "list_rules",
    "load_config",
    "read_opinions",
    "score_findings",
    "verdict_for",
]

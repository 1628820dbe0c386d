"""The rule registry: every rule is a small function registered with its id, family and default severity.

A rule is ``(report, config) -> Iterable[Finding]``. Rules build findings with :func:`make_finding`, which
fills in the family, the exact text of the span and the rule's default severity; the engine applies the
configured severity overrides afterwards, so a rule never needs to know about them.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from mingjing.model import Finding, Report, Severity, Span

if TYPE_CHECKING:
    from mingjing.checks.config import CheckConfig

RuleFunc = Callable[[Report, "CheckConfig"], Iterable[Finding]]

# Families in the order reviewers read them, with their Chinese names (for tables and reports).
FAMILIES: dict[str, str] = {
    "structure": "结构",
    "proportion": "篇幅比例",
    "specificity": "见人见事见思想",
    "leftover": "模板残留",
    "slip": "笔误",
    "formulation": "提法",
    "context": "语境错位",
    "cause": "原因剖析",
    "measure": "整改措施",
    "opinion": "意见回应",
}

# Modules under mingjing.checks.rules that register rules when imported.
_RULE_MODULES = (
    "structure",
    "numbering",
    "proportion",
    "specificity",
    "focus",
    "leftover",
    "slip",
    "formulation",
    "context",
    "dates",
    "cause",
    "measure",
    "opinion",
)


@dataclass(frozen=True)
class RuleInfo:
    """What ``mingjing rules`` shows about one rule."""

    id: str
    family: str
    severity: Severity
    title: str  # short Chinese name
    explanation: str  # Chinese: what it catches and why a reviewer cares

    @property
    def family_name(self) -> str:
        return FAMILIES.get(self.family, self.family)


@dataclass(frozen=True)
class Rule:
    info: RuleInfo
    func: RuleFunc


_RULES: dict[str, Rule] = {}


def rule(rule_id: str, severity: Severity, title: str, explanation: str) -> Callable[[RuleFunc], RuleFunc]:
    """Register ``func`` as rule ``rule_id`` (``family.name``)."""
    family, _, name = rule_id.partition(".")
    if family not in FAMILIES or not name:
        raise ValueError(f"bad rule id {rule_id!r}: expected family.name with a known family")

    def register(func: RuleFunc) -> RuleFunc:
        if rule_id in _RULES:
            raise ValueError(f"rule {rule_id!r} registered twice")
        _RULES[rule_id] = Rule(RuleInfo(rule_id, family, severity, title, explanation), func)
        return func

    return register


def _load() -> None:
    for module in _RULE_MODULES:
        importlib.import_module(f"mingjing.checks.rules.{module}")


def all_rules() -> tuple[Rule, ...]:
    """Every registered rule, grouped by family in :data:`FAMILIES` order."""
    _load()
    order = list(FAMILIES)
    return tuple(sorted(_RULES.values(), key=lambda r: (order.index(r.info.family), r.info.id)))


def list_rules() -> list[RuleInfo]:
    """The rule catalogue: id, family, default severity, Chinese title and explanation."""
    return [r.info for r in all_rules()]


def get_rule(rule_id: str) -> Rule:
    _load()
    return _RULES[rule_id]


def make_finding(
    report: Report,
    rule_id: str,
    start: int,
    end: int,
    message: str,
    *,
    severity: Severity | None = None,
    suggestion: str | None = None,
    related: Iterable[Span] = (),
) -> Finding:
    """A finding of ``rule_id`` on ``report.text[start:end]`` (default severity unless given)."""
    info = _RULES[rule_id].info
    start = max(0, min(start, len(report.text)))
    end = max(start, min(end, len(report.text)))
    return Finding(
        rule=rule_id,
        severity=severity or info.severity,
        message=message,
        start=start,
        end=end,
        text=report.text[start:end],
        suggestion=suggestion,
        family=info.family,
        related=tuple(related),
    )

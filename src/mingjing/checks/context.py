"""The one object a rule receives: the report, its derived view, the configuration and a way to report.

A rule is a function ``(ctx: RuleContext) -> None`` registered with :func:`mingjing.checks.registry.rule`.
It reads ``ctx.parsed`` (the parsed :class:`~mingjing.model.ParsedReport`), ``ctx.view`` (derived data computed
once per report and shared by every rule of one check), ``ctx.config`` and its own declared parameters
through :meth:`RuleContext.param`, and reports findings with :meth:`RuleContext.report`, which fills in the
rule id, family, default severity and the exact text of the span — as ruff's checker and textlint's
``context.report`` do. The engine builds one context per rule and report; nothing is cached between checks.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from mingjing.checks.view import ReportView
from mingjing.model import Finding, ParsedReport, Severity, Span

if TYPE_CHECKING:
    from mingjing.checks.config import CheckConfig
    from mingjing.checks.registry import RuleInfo


@dataclass
class RuleContext:
    """What one rule sees of one report (see the module docstring)."""

    parsed: ParsedReport
    view: ReportView
    config: CheckConfig
    info: RuleInfo
    findings: list[Finding] = field(default_factory=list)

    @property
    def rule_id(self) -> str:
        return self.info.id

    def param(self, name: str) -> float:
        """The value of parameter ``name`` declared with the rule, as overridden by the configuration.

        ``name`` is the parameter's full name as written in ``[thresholds]`` (``"proportion.min-problems"``).
        """
        if name not in self.info.params:
            raise KeyError(f"rule {self.info.id!r} declares no parameter {name!r}")
        return self.config.threshold(name)

    def report(
        self,
        start: int,
        end: int,
        message: str,
        *,
        severity: Severity | None = None,
        suggestion: str | None = None,
        related: Iterable[Span] = (),
        rule_id: str | None = None,
    ) -> Finding:
        """Report a finding on ``parsed.text[start:end]`` (default severity unless given) and return it.

        ``rule_id`` is only for a helper shared by sibling rules of one module that report under their own id.
        """
        text = self.parsed.text
        start = max(0, min(start, len(text)))
        end = max(start, min(end, len(text)))
        info = self.info if rule_id is None or rule_id == self.info.id else _info(rule_id)
        finding = Finding(
            rule=info.id,
            severity=severity or info.severity,
            message=message,
            start=start,
            end=end,
            text=text[start:end],
            suggestion=suggestion,
            family=info.family,
            related=tuple(related),
        )
        self.findings.append(finding)
        return finding


def _info(rule_id: str) -> RuleInfo:
    from mingjing.checks.registry import get_rule

    return get_rule(rule_id).info

"""Official formulations (提法): wrong, outdated, informal, badly quoted or truncated forms.

All terms live in ``checks/data/formulations.toml``; one scan per report serves the five rules. Matching
runs on the simplified shadow, so traditional-character reports are checked with the same data.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from mingjing.checks.context import RuleContext
from mingjing.checks.data import load_data
from mingjing.checks.registry import rule
from mingjing.checks.rules.context_dates import meeting_year
from mingjing.checks.view import view_of
from mingjing.model import ParsedReport, Severity

_SEVERITY = {s.value: s for s in Severity}


@dataclass(frozen=True)
class Term:
    rule: str  # full rule id
    pattern: re.Pattern[str]
    canonical: str | None
    severity: Severity | None
    context: tuple[str, ...]
    window: int
    without_context: Severity | None
    note: str
    since: int | None = None  # a form wrong only in reports of meetings from this year on
    # a list with a member missing or wrong, inside a paragraph where the writer confesses the list was
    # incomplete ("对“四个意识”的理解不够全面……表述不准确"), is the confession, not the slip
    aware_paragraph: bool = False
    # wrong only from ``since`` on and never in a report of unknown year (an old body's name was right then)
    needs_year: bool = False


@dataclass(frozen=True)
class Hit:
    term: Term
    start: int
    end: int
    severity: Severity | None


@lru_cache(maxsize=1)
def terms() -> tuple[Term, ...]:
    """The parsed term table."""
    return tuple(_term(raw) for raw in load_data("formulations")["term"])


def _term(raw: dict[str, Any]) -> Term:
    if "regex" in raw:
        pattern = re.compile(raw["regex"])
    else:
        pattern = re.compile("|".join(sorted(map(re.escape, raw["find"]), key=len, reverse=True)))
    return Term(
        rule=f"formulation.{raw['rule']}",
        pattern=pattern,
        canonical=raw.get("canonical"),
        severity=_SEVERITY[raw["severity"]] if raw.get("severity") else None,
        context=tuple(raw.get("context", ())),
        window=int(raw.get("window", 60)),
        without_context=_SEVERITY[raw["without_context"]] if raw.get("without_context") else None,
        note=raw["note"],
        since=int(raw["since"]) if raw.get("since") else None,
        aware_paragraph=bool(raw.get("aware_paragraph", False)),
        needs_year=bool(raw.get("needs_year", False)),
    )


def scan(report: ParsedReport) -> list[Hit]:
    """Every formulation problem in ``report`` (cached on the view; earlier terms win overlaps)."""
    view = view_of(report)
    cached = view.cache.get("formulation")
    if cached is not None:
        hits: list[Hit] = cached
        return hits
    taken: list[tuple[int, int]] = []
    hits = []
    year = meeting_year(report)
    for term in terms():
        if term.since is not None and year is not None and year < term.since:
            continue  # an honest report of its time (“三个自信” in 2015) is not wrong
        if term.needs_year and year is None:
            continue
        for match in term.pattern.finditer(view.mtext):
            start, end = match.span()
            if any(start < e and s < end for s, e in taken):
                continue
            applies, severity = _severity(term, view.mtext, start, end)
            if not applies or _self_aware(view.mtext, start, end, paragraph=term.aware_paragraph):
                continue
            taken.append((start, end))
            hits.append(Hit(term, start, end, severity))
    view.cache["formulation"] = hits
    return hits


_AWARE_RE = re.compile(r"过时|错误|不规范|不准确|旧提法|已废止|写错|误写")
_AWARE_PARAGRAPH_RE = re.compile(r"片面|不够?全面|不完整|不准确|遗漏|漏[掉讲了写]|讲得?不清")
_CLAUSE_END = "，。；！？\n"


def _self_aware(text: str, start: int, end: int, *, paragraph: bool = False) -> bool:
    """The writer names the form as wrong ("仍沿用“八个明确”等过时表述"): citing, not using it."""
    if paragraph:
        head = text.rfind("\n", 0, start) + 1
        tail = text.find("\n", end)
        if _AWARE_PARAGRAPH_RE.search(text, head, tail if tail >= 0 else len(text)) is not None:
            return True
    left = max((text.rfind(c, 0, start) for c in _CLAUSE_END), default=-1) + 1
    rights = [i for i in (text.find(c, end) for c in _CLAUSE_END) if i >= 0]
    right = min(rights) if rights else len(text)
    return _AWARE_RE.search(text, left, right) is not None


def _severity(term: Term, text: str, start: int, end: int) -> tuple[bool, Severity | None]:
    """Whether the term is a problem here, and at which severity (None: the rule's default)."""
    if not term.context:
        return True, term.severity
    window = text[max(0, start - term.window) : end + term.window]
    window = window.replace(text[start:end], "", 1)
    if any(word in window for word in term.context):
        return True, term.severity
    return term.without_context is not None, term.without_context


def _findings(ctx: RuleContext) -> None:
    report = ctx.parsed
    for hit in scan(report):
        if hit.term.rule != ctx.rule_id:
            continue
        written = report.text[hit.start : hit.end]
        lead = f"“{written}”" + (f"应为“{hit.term.canonical}”。" if hit.term.canonical else "提法不规范。")
        ctx.report(
            hit.start,
            hit.end,
            lead + hit.term.note,
            severity=hit.severity,
            suggestion=_suggestion(hit, written),
        )


def _suggestion(hit: Hit, written: str) -> str | None:
    if hit.term.rule == "formulation.quoting":
        return "“" + written.replace("“", "").replace("”", "").replace("‘", "").replace("’", "") + "”"
    return hit.term.canonical


@rule(
    "formulation.wrong",
    Severity.ERROR,
    "提法错误",
    "官方提法写错了数目或用词，如“四大危险”（应为“四种危险”）、与“十个明确”并列的“十个坚持”（应为“十四个坚持”）、"
    "“六个坚持”（应为“六个必须坚持”）。只在特定语境下才错的写法按语境判断，无把握时只作提示。",
)
def wrong(ctx: RuleContext) -> None:
    _findings(ctx)


@rule(
    "formulation.outdated",
    Severity.WARNING,
    "提法已过时",
    "使用了已被新概括取代的提法，如“八个明确”（2021年起为“十个明确”）。",
)
def outdated(ctx: RuleContext) -> None:
    _findings(ctx)


@rule(
    "formulation.informal",
    Severity.WARNING,
    "称谓不规范",
    "正式文稿中使用了非正式称谓，如“习总书记”（应为“习近平总书记”）。",
)
def informal(ctx: RuleContext) -> None:
    _findings(ctx)


@rule(
    "formulation.quoting",
    Severity.ERROR,
    "提法引号位置错误",
    "引号应括住整个提法：坚定“四个自信”，而不是坚定四个“自信”。",
)
def quoting(ctx: RuleContext) -> None:
    _findings(ctx)


@rule(
    "formulation.truncated",
    Severity.ERROR,
    "理论名称不完整",
    "“习近平新时代中国特色社会主义思想”须用全称，不能写成“习近平新时代中国特色社会主义”或“习近平思想”。",
)
def truncated(ctx: RuleContext) -> None:
    _findings(ctx)

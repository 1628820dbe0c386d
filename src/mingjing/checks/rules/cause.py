"""Causes: analysed from the subjective side (理想信念、宗旨意识、党性修养 …), not excused by conditions.

An item is *dominated by excuses* when it names an objective excuse (工作忙、任务重、人手少 …) and reaches
none of the subjective dimensions of ``causes.toml``.
"""

from __future__ import annotations

import re
from functools import lru_cache

from mingjing.checks.context import RuleContext
from mingjing.checks.data import load_data, word_list
from mingjing.checks.registry import rule
from mingjing.checks.view import heading_or, view_of
from mingjing.model import ParsedReport, Severity, Span


@lru_cache(maxsize=1)
def _excuse_re() -> re.Pattern[str]:
    regexes: list[str] = load_data("causes").get("excuse_regex", [])
    return re.compile("|".join([*map(re.escape, word_list("causes", "excuses")), *regexes]))


# "以工作忙、任务重来开脱" / "以工作忙为由": the writer criticises his own excuse-making — a subjective
# cause, not an excuse. The excuse words are then the object of 以…为由/来开脱/为借口.
_DISOWNED_RE = re.compile(
    r"以[^，。；]{0,14}?(?:为由|为借口|作借口|当借口|来开脱|开脱|来搪塞|搪塞|作挡箭牌|为托词)"
    r"|(?:借口|推说|强调)[^，。；]{0,10}"
)


def _disowned(text: str, start: int, end: int) -> bool:
    return any(m.start() <= start and end <= m.end() for m in _DISOWNED_RE.finditer(text))


@lru_cache(maxsize=1)
def _dimension_res() -> dict[str, re.Pattern[str]]:
    dims: dict[str, list[str]] = load_data("causes")["dimensions"]
    return {name: re.compile("|".join(map(re.escape, words))) for name, words in dims.items()}


def dimensions_in(text: str) -> list[str]:
    """The subjective dimensions whose words occur in ``text``."""
    return [name for name, pattern in _dimension_res().items() if pattern.search(text)]


def _units(report: ParsedReport) -> list[Span]:
    causes = report.causes
    if causes is None:
        return []
    items = causes.all_items()
    if items:
        return [Span(i.start, i.end) for i in items]
    return list(view_of(report).sentences(causes.start, causes.end))


@rule(
    "cause.excuse",
    Severity.WARNING,
    "以客观理由代替原因剖析",
    "原因剖析中的条目只讲工作忙、任务重、人手少、客观条件或“部分干部认识不到位”等外部原因，没有从理想信念、宗旨意识、"
    "党性修养、纪律规矩、担当精神等主观方面剖析（条目既讲客观又有主观剖析时只作提示）。",
)
def excuse(ctx: RuleContext) -> None:
    report = ctx.parsed
    view = view_of(report)
    for unit in _units(report):
        text = view.mtext[unit.start : unit.end]
        excuses = [m for m in _excuse_re().finditer(text) if not _disowned(text, m.start(), m.end())]
        if not excuses:
            continue
        dominated = not [d for d in dimensions_in(text) if d != "理论武装"]
        first, last = excuses[0], excuses[-1]
        words = "、".join(dict.fromkeys(m.group() for m in excuses))
        message = (
            f"此条把原因归于“{words}”等客观因素或他人，未从主观上剖析。"
            if dominated
            else f"此条夹带“{words}”等客观理由，原因剖析应从主观上找根源。"
        )
        # the span runs over every excuse of the clause run ("头绪多、任务重，人手严重不足"): the reviewer
        # reads the excuse as one stretch, not as its first word
        ctx.report(
            unit.start + first.start(),
            unit.start + last.end(),
            message,
            severity=None if dominated else Severity.HINT,
            suggestion="删去客观理由，从理想信念、宗旨意识、党性修养、担当精神上找原因。",
            related=tuple(Span(unit.start + m.start(), unit.start + m.end()) for m in excuses[1:]),
        )


@rule(
    "cause.no-subjective",
    Severity.WARNING,
    "原因剖析没有主观根源",
    "整个原因剖析部分没有涉及理想信念、宗旨意识、党性修养、纪律规矩、担当精神中的任何一个方面。",
)
def no_subjective(ctx: RuleContext) -> None:
    report = ctx.parsed
    causes = report.causes
    if causes is None:
        return
    text = view_of(report).mtext[causes.start : causes.end]
    found = [d for d in dimensions_in(text) if d != "理论武装"]
    if found:
        return
    anchor = heading_or(report, causes)
    ctx.report(
        anchor.start,
        anchor.end,
        "原因剖析没有从理想信念、宗旨意识、党性修养、纪律规矩、担当精神等主观方面找根源。",
        suggestion="从思想根源上剖析：理想信念是否坚定、宗旨意识是否牢固、党性修养是否到位。",
    )


@rule(
    "cause.missing-dimension",
    Severity.HINT,
    "思想根源剖析不全",
    "原因剖析通常要从理想信念、宗旨意识、党性修养等方面深挖思想根源：三者一个也没有谈到、其他主观方面也只谈了"
    "一个时提示（可配置）。",
)
def missing_dimension(ctx: RuleContext) -> None:
    report = ctx.parsed
    causes = report.causes
    if causes is None:
        return
    text = view_of(report).mtext[causes.start : causes.end]
    found = set(dimensions_in(text)) - {"理论武装"}
    if not found:
        return  # cause.no-subjective reports this case
    settings = load_data("causes")["settings"]
    missing = [d for d in settings["core"] if d not in found]
    # a causes part that reaches one classic root, or two other subjective sides, is analysed: say nothing
    if len(missing) < len(settings["core"]) or len(found) > int(settings["shallow"]):
        return
    anchor = heading_or(report, causes)
    ctx.report(
        anchor.start,
        anchor.end,
        f"原因剖析未涉及{'、'.join(missing)}方面的思想根源。",
        suggestion=f"补充从{'、'.join(missing)}方面的剖析。",
    )

"""Context, continued: years that do not fit the meeting the report was written for.

The meeting year is the year the title or opening names with the meeting ("2023年度…民主生活会",
"召开2023年主题教育专题民主生活会"); such meetings are held at the end of that year or early in the next.
So the problems and causes (what has happened) cannot speak of a year after the next one, and a measure
(what will be done) cannot have a deadline in a year before the meeting year. Either way the passage was
copied from another year's report, or the year is mistyped.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from mingjing.checks.context import RuleContext
from mingjing.checks.registry import rule
from mingjing.checks.view import view_of
from mingjing.model import ParsedReport, Part, Severity

_MEETING_YEAR_RE = re.compile(
    r"(20\d\d)\s*年度?[^，。；\n]{0,24}?(?:民主生活会|组织生活会|对照检查|主题教育)"
)
_YEAR_RE = re.compile(r"(?<!\d)(20\d\d)\s*年(?!代)")
# a dated event: 2026年6月, 2026年初, 2026年以来, 2026年一季度 (not "2035年远景目标", "2030年前碳达峰")
_EVENT_AFTER = re.compile(
    r"\s*(?:\d{1,2}\s*月|[一二三四五六七八九十]{1,2}月|初|底|以来|上半年|下半年|[一二三四]季度|春节|汛期)"
)
_TARGET_BEFORE = re.compile(r"(?:到|至|展望|力争|实现)\s*$")
# a deadline: 2022年底前, 2022年6月底前, 2022年内, 2022年一季度
_DEADLINE_AFTER = re.compile(r"(?:\d{1,2}\s*月)?(?:底前|底|末|内|前|上半年|下半年|[一二三四]季度)")
_OPENING = 300  # characters of the report where the meeting is named


def meeting_year(report: ParsedReport) -> int | None:
    """The year of the meeting as the title or the opening names it, or None."""
    view = view_of(report)
    spans = [(s.start, s.end) for s in report.header] + [(0, min(len(view.mtext), _OPENING))]
    for start, end in spans:
        match = _MEETING_YEAR_RE.search(view.mtext, start, end)
        if match is not None:
            return int(match.group(1))
    return None


@rule(
    "context.stale-date",
    Severity.WARNING,
    "年份与会议年度不符",
    "问题和原因写的是已经发生的事，却写到会议年度次年以后的某年某月；整改措施的完成时限却早于会议年度。"
    "多为套用往年材料或年份笔误。",
)
def stale_date(ctx: RuleContext) -> None:
    report = ctx.parsed
    year = meeting_year(report)
    if year is None:
        return
    for part in (report.problems, report.causes):
        for start, end, found in _years(report, part):
            if found > year + 1 and _dated_event(report, start, end):
                _finding(
                    ctx,
                    start,
                    end,
                    f"问题部分写的是已发生的事，却出现{found}年，晚于本次{year}年度的会议。",
                )
    for start, end, found in _years(report, report.measures):
        if found < year and _DEADLINE_AFTER.match(view_of(report).mtext, end):
            _finding(ctx, start, end, f"整改时限{found}年早于本次{year}年度的会议，疑为套用往年材料。")


def _years(report: ParsedReport, part: Part | None) -> Iterator[tuple[int, int, int]]:
    if part is None:
        return
    for match in _YEAR_RE.finditer(view_of(report).mtext, part.start, part.end):
        yield match.start(), match.end(), int(match.group(1))


def _dated_event(report: ParsedReport, start: int, end: int) -> bool:
    """A year with a month, quarter or 初/底/以来 after it, and no 到/力争 before it: when something happened."""
    text = view_of(report).mtext
    return bool(_EVENT_AFTER.match(text, end)) and not _TARGET_BEFORE.search(text, max(0, start - 3), start)


def _finding(ctx: RuleContext, start: int, end: int, message: str) -> None:
    ctx.report(
        start,
        end,
        message,
        suggestion="核对年份；如系套用往年材料，应按本年度的实际重写。",
    )

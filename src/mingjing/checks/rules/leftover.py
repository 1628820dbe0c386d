"""Template leftovers: placeholders (XX, **, ×××, ○○, 某某 …) and fill-in instructions left in the text.

Decisions (see docs/rules.md):
- ``X光``, ``X射线``, model numbers and English words are not placeholders: an X run counts only when it is
  not part of a Latin word, and a single X only before a count or date word (X月, X名, X次, X同志).
- ``〇〇`` inside a date written in Chinese numerals (二〇〇八年) is not a placeholder.
- ``**`` is a placeholder in every format except Markdown, where ``**加粗**`` around a short phrase without
  sentence punctuation is emphasis. In .txt/.docx a pair such as ``**工作…，在如何将**`` stays a leftover.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from mingjing.checks.config import CheckConfig
from mingjing.checks.registry import make_finding, rule
from mingjing.checks.view import ReportView, view_of
from mingjing.model import Finding, Report, Severity

_X = "XxＸｘ×"
_COUNT_WORDS = "月日年号名次个人条项件家户天周位处所篇期批组村镇乡"
_CN_NUM = "零〇一二三四五六七八九十"
_PLACEHOLDER_RE = re.compile(
    rf"(?P<xrun>(?<![A-Za-z])[{_X}](?:[ \u3000]?[{_X}])+(?![A-Za-z]))"
    rf"|(?P<xone>(?<![A-Za-z0-9])[XxＸｘ](?=[{_COUNT_WORDS}]|同志)|(?<=\d)[Xx](?=年))"
    r"|(?P<times>(?<![\d\s])×(?![\d\s]))"
    r"|(?P<stars>\*{2,}|＊{2,}|※{2,})"
    r"|(?P<circles>[○〇◯]{2,})"
    r"|(?P<squares>□{2,}|■{2,})"
    r"|(?P<mou>某某+)"
)
_BOLD_RE = re.compile(r"\*\*([^*\n，。；！？,;]{1,30})\*\*")
_INSTRUCTION_WORDS = (
    r"填写|填入|此处|请根据|根据实际|结合实际|自行|待补充|补充完善|具体事例|举例|姓名|单位名称|职务|"
    r"不少于\d+字|字数|示例|范文"
)
_FILL_IN_RE = re.compile(
    rf"(?P<instruction>[（(【\[〔][^（）()【】\[\]〔〕\n]{{0,30}}?(?:{_INSTRUCTION_WORDS})"
    r"[^（）()【】\[\]〔〕\n]{0,30}?[）)】\]〕])"
    r"|(?P<empty>【[ \u3000]*】|\[[ \u3000]*\]|（[ \u3000]*）|\([ \u3000]*\)|“[ \u3000]*”|《[ \u3000]*》)"
    r"|(?P<blank>_{3,}|＿{2,})"
)
_ELLIPSIS_RE = re.compile(
    r"(?<=根据|按照|依据|落实|召开)(?:……|…{1,2}|\.{3,6})(?=关于|的|要求|精神|部署|工作)"
)


@rule(
    "leftover.placeholder",
    Severity.ERROR,
    "模板占位符未替换",
    "文中留有 XX、**、×××、○○、某某 等占位符，说明材料由模板改写而未填全，审阅时会被直接退回。",
)
def placeholder(report: Report, config: CheckConfig) -> Iterator[Finding]:
    view = view_of(report)
    bold = _markdown_bold(view) if report.document.format == "md" else set()
    for match in _placeholders(view.mtext):
        start, end = match.span()
        if start in bold or _is_date_zero(view.mtext, match) or _is_english(view.mtext, start, end):
            continue
        token = report.text[start:end]
        yield make_finding(
            report,
            "leftover.placeholder",
            start,
            end,
            f"模板占位符“{token}”未替换为实际内容。",
            suggestion="替换为具体的单位、地名、人名、数字或工作名称，或删去该处。",
        )


@rule(
    "leftover.fill-in",
    Severity.ERROR,
    "填写说明或空括号残留",
    "文中留有“（此处填写…）”“【】”“____”等模板的填写说明或空位。",
)
def fill_in(report: Report, config: CheckConfig) -> Iterator[Finding]:
    view = view_of(report)
    for match in _FILL_IN_RE.finditer(view.mtext):
        start, end = match.span()
        kind = match.lastgroup
        token = report.text[start:end]
        message = {
            "instruction": f"模板的填写说明“{token}”未删除。",
            "empty": f"空的“{token}”应填入内容或删除。",
            "blank": "留有待填写的空格线。",
        }[kind or "empty"]
        yield make_finding(
            report, "leftover.fill-in", start, end, message, suggestion="按实际情况填写后删去说明。"
        )


@rule(
    "leftover.ellipsis-gap",
    Severity.HINT,
    "省略号代替了文件或单位名称",
    "“根据……关于召开……的通知”之类以省略号代替名称的写法多见于模板，应写出实际的文件或单位名称。",
)
def ellipsis_gap(report: Report, config: CheckConfig) -> Iterator[Finding]:
    view = view_of(report)
    for match in _ELLIPSIS_RE.finditer(view.mtext):
        yield make_finding(
            report,
            "leftover.ellipsis-gap",
            match.start(),
            match.end(),
            "此处省略号疑为模板中待填的名称。",
            suggestion="写出实际的文件、会议或单位名称。",
        )


_TRIGGER_RE = re.compile("[XxＸｘ×*＊※○〇◯□■某]")


def _placeholders(text: str) -> Iterator[re.Match[str]]:
    """Matches of _PLACEHOLDER_RE, tried only where a trigger character stands (a fast pre-scan)."""
    pos = 0
    while (trigger := _TRIGGER_RE.search(text, pos)) is not None:
        match = _PLACEHOLDER_RE.match(text, trigger.start())
        if match is None:
            pos = trigger.start() + 1
            continue
        yield match
        pos = max(match.end(), trigger.start() + 1)


def _markdown_bold(view: ReportView) -> set[int]:
    """Start offsets of both ``**`` of each Markdown emphasis pair."""
    starts: set[int] = set()
    for match in _BOLD_RE.finditer(view.mtext):
        starts.update({match.start(), match.end() - 2})
    return starts


def _is_date_zero(text: str, match: re.Match[str]) -> bool:
    """〇〇 inside 二〇〇八年 is a date, not a placeholder."""
    if match.lastgroup != "circles" or "〇" not in match.group():
        return False
    before = text[match.start() - 1] if match.start() > 0 else ""
    after = text[match.end()] if match.end() < len(text) else ""
    return before in _CN_NUM or after in _CN_NUM + "年"


def _is_english(text: str, start: int, end: int) -> bool:
    """×× between Latin letters or an X run glued to other capitals (XXL, XXXX-2000 model numbers)."""
    after = text[end : end + 1]
    return after == "-" and text[end + 1 : end + 2].isdigit()

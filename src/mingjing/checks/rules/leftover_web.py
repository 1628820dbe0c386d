"""Web-page leftovers: lines the normaliser dropped (site names, bylines, navigation, download invitations)
and the marks of a web collection left inside kept lines ("……整改措施3篇", "（可编辑）").

Where a dropped line's finding points: the normaliser leaves such a line out of ``ParsedReport.text`` so that the
parser never mistakes "来源：第一范文网" for a heading or an item, and keeping it in the text would undo that.
So the finding's span is the empty range where the line stood in the normalised text (``RemovedText.at``)
and the finding itself carries the words: ``original`` is the line as written and ``source`` its paragraph
and offset (line and column in a text file); every renderer quotes ``original`` and shows that location.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import cache

from mingjing.checks.context import RuleContext
from mingjing.checks.data import load_data
from mingjing.checks.locate import SourceMap
from mingjing.checks.registry import rule
from mingjing.model import RemovedText, Severity, Span

RULE_ID = "leftover.web-page"
MAX_PARAM = "leftover.web-page-max"
_EDITOR_NOTE_RE = re.compile("(?:材料|发言|提纲)范文")


@cache
def _patterns(key: str) -> re.Pattern[str]:
    values = load_data("web_leftovers")[key]
    return re.compile("|".join(f"(?:{v})" for v in values))


@rule(
    RULE_ID,
    Severity.ERROR,
    "网页残留",
    "从网页复制材料时带进来的网站名、来源作者、浏览次数、更新时间、导航（首页 > 范文 > …、上一篇/下一篇）、"
    "“喜欢就复制下载吧”等下载提示、版权声明，以及标题里的“3篇”“范文”“（可编辑）”等范文网站标记。"
    "解析时这些行已被略去，此处逐条列出原文和位置：它们说明材料照搬自网络范文。",
    params={MAX_PARAM: 20},
)
def web_page(ctx: RuleContext) -> None:
    budget = int(ctx.param(MAX_PARAM))
    removed = [r for r in ctx.parsed.removed if r.reason == "web-page"]
    source_map = SourceMap(ctx.parsed)
    for item in removed[:budget]:
        _removed_finding(ctx, source_map, item)
    budget -= min(budget, len(removed))
    for start, end in _inline_marks(ctx)[:budget]:
        token = ctx.parsed.text[start:end]
        ctx.report(
            start,
            end,
            f"“{token}”是范文网站给文章加的标记，不属于对照检查材料。",
            suggestion=f"删去“{token}”，并检查材料是否照搬了网络范文。",
        )


def _removed_finding(ctx: RuleContext, source_map: SourceMap, item: RemovedText) -> None:
    finding = ctx.report(
        item.at,
        item.at,
        f"网页残留（{item.label}）：“{item.text}”，解析时已略去此行。",
        suggestion="删去这一行，并检查材料是否照搬了网络范文。",
    )
    location = source_map.location(item.paragraph, item.offset, item.paragraph, item.offset + len(item.text))
    # the finding's span is empty (the line is not in ParsedReport.text): it carries its own words and place
    ctx.findings[-1] = replace(finding, original=item.text, source=location if source_map.usable else None)


def _inline_marks(ctx: RuleContext) -> list[tuple[int, int]]:
    """Spans of web-collection marks still in the text: title tails in the header, bracketed marks."""
    report = ctx.parsed
    mtext = ctx.view.mtext
    spans: list[tuple[int, int]] = []
    tail = _patterns("title_tail")
    for line in _title_lines(ctx):
        match = tail.search(mtext, line.start, line.end)
        if match is None or match.end() != line.end:
            continue
        note = _EDITOR_NOTE_RE.search(mtext, line.start, line.end)
        if note is not None and note.end() > match.start():
            continue  # "……材料范文精选": leftover.editor-note reports these words once
        spans.append(match.span())
    spans += [m.span() for m in _patterns("bracketed").finditer(mtext)]
    return sorted({s for s in spans if s[1] <= len(report.text)})


def _title_lines(ctx: RuleContext) -> list[Span]:
    """The header lines; without a header block, the first line when it is short and unpunctuated."""
    header = list(ctx.parsed.header)
    if header:
        return header
    first = ctx.view.first_line()
    text = ctx.parsed.text[first.start : first.end]
    return [first] if 0 < len(text) <= 60 and not re.search("[，。；！？]", text) else []

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

from mingjing.checks.context import RuleContext
from mingjing.checks.registry import rule
from mingjing.checks.view import ReportView, view_of
from mingjing.model import Severity

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
    r"不少于\d+字|字数|示例|范文|素材|模板|通用|适用"
)
_FILL_IN_RE = re.compile(
    rf"(?P<instruction>[（(【\[〔][^（）()【】\[\]〔〕\n]{{0,30}}?(?:{_INSTRUCTION_WORDS})"
    r"[^（）()【】\[\]〔〕\n]{0,30}?[）)】\]〕])"
    r"|(?P<empty>【[ \u3000]*】|\[[ \u3000]*\]|（[ \u3000]*）|\([ \u3000]*\)|“[ \u3000]*”|《[ \u3000]*》)"
    r"|(?P<blank>_{3,}|＿{2,})"
)
# What a web page puts around an article: navigation, source and view counts, copyright notes.
_WEB_RE = re.compile(
    r"[上下]一篇[：:]|相关(?:推荐|阅读|文章)[：:]?|热门(?:文章|推荐)|本站(?:文章|内容|资料|所有)|如有侵权|版权所有"
    r"|当前位置[：:]|首页\s*[>＞›»]|来源[：:][^\n，。]{0,12}(?:网|投稿|公众号)|发布时间[：:]|(?:阅读|浏览)(?:次数|量)?[：:]\s*\d+"
    r"|【(?:字体|打印本页|关闭窗口|收藏本页)|(?:微信)?扫(?:一扫|码)(?:关注|分享)|点击(?:下载|查看全文)|免费下载"
    r"|[\u4e00-\u9fff]{0,6}(?:范文|素材|文库|公文)网"
)
# An editor's note of a template or collection: 编者按、【说明】、（注：…仅供参考）、使用提示.
_NOTE_RE = re.compile(
    r"编者按[：:]|【(?:说明|注|提示|备注)】|[（(](?:说明|注|备注|提示)[：:]|(?:使用|写作|温馨)提示[：:]"
    r"|仅供(?:参考|学习参考)|请勿(?:照搬|照抄)|使用时请|替换为实际内容|(?:材料|发言|提纲)范文"
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
def placeholder(ctx: RuleContext) -> None:
    report = ctx.parsed
    view = view_of(report)
    bold = _markdown_bold(view) if report.document.format == "md" else set()
    for match in _placeholders(view.mtext):
        start, end = match.span()
        if start in bold or _is_date_zero(view.mtext, match) or _is_english(view.mtext, start, end):
            continue
        token = report.text[start:end]
        ctx.report(
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
def fill_in(ctx: RuleContext) -> None:
    report = ctx.parsed
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
        ctx.report(start, end, message, suggestion="按实际情况填写后删去说明。")


@rule(
    "leftover.ellipsis-gap",
    Severity.HINT,
    "省略号代替了文件或单位名称",
    "“根据……关于召开……的通知”之类以省略号代替名称的写法多见于模板，应写出实际的文件或单位名称。",
)
def ellipsis_gap(ctx: RuleContext) -> None:
    report = ctx.parsed
    view = view_of(report)
    for match in _ELLIPSIS_RE.finditer(view.mtext):
        ctx.report(
            match.start(),
            match.end(),
            "此处省略号疑为模板中待填的名称。",
            suggestion="写出实际的文件、会议或单位名称。",
        )


@rule(
    "leftover.web-residue",
    Severity.ERROR,
    "网页内容残留",
    "从网页复制材料时带进来的导航、来源、阅读次数、“上一篇/下一篇”“相关推荐”“本站文章…如有侵权”等文字，"
    "说明材料照搬自网络范文。",
)
def web_residue(ctx: RuleContext) -> None:
    report = ctx.parsed
    for start, end in _per_paragraph(view_of(report), _WEB_RE):
        ctx.report(
            start,
            end,
            f"“{report.text[start:end]}”是网页上的文字，不属于对照检查材料。",
            suggestion="删去网页残留内容，并检查材料是否照搬了网络范文。",
        )


@rule(
    "leftover.editor-note",
    Severity.ERROR,
    "范文的编者说明残留",
    "范文或素材汇编里写给使用者的话（“编者按”“【说明】”“（注：素材仅供参考……）”“使用时请结合实际修改”）"
    "被留在了材料里。",
)
def editor_note(ctx: RuleContext) -> None:
    report = ctx.parsed
    view = view_of(report)
    notes = list(_per_paragraph(view, _NOTE_RE))
    if not notes:
        return
    # a note already reported whole, as a web page's copyright line or a bracketed fill-in instruction
    taken = list(_per_paragraph(view, _WEB_RE))
    taken += [m.span() for m in _FILL_IN_RE.finditer(view.mtext) if m.lastgroup == "instruction"]
    for start, end in notes:
        if any(s <= start < e or start <= s < end for s, e in taken if _same_paragraph(view, s, start)):
            continue
        ctx.report(
            start,
            end,
            f"“{report.text[start:end]}”是范文写给使用者的说明，应删除。",
            suggestion="删去范文的说明文字，按本人实际撰写。",
        )


def _same_paragraph(view: ReportView, a: int, b: int) -> bool:
    para = view.paragraph_at(a)
    return para is not None and para.start <= b < para.end


def _per_paragraph(view: ReportView, pattern: re.Pattern[str]) -> Iterator[tuple[int, int]]:
    """One span per paragraph, from the first match to the end of the last: a note is one leftover."""
    spans: dict[int, tuple[int, int]] = {}
    for match in pattern.finditer(view.mtext):  # one scan; matches are rare
        para = view.paragraph_at(match.start())
        key = para.start if para is not None else match.start()
        first = spans.get(key, match.span())
        spans[key] = (first[0], match.end())
    yield from spans.values()


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


# The writer named in the title lines: a unit or post, a blank, then a name of two to four characters
# ("市燃气集团客户服务中心党支部　李娜"), or "姓名：李娜".
_WRITER_RE = re.compile(r"(?:^.{2,40}?[ \u3000\t]+|姓名[：:]\s*)([\u4e00-\u9fff]{2,4})$")
# A signature among the last lines: "发言人：张建华", "汇报人：张建华".
_SIGNATURE_RE = re.compile(
    r"^(?:发言人|汇报人|报告人|检查人|对照检查人|署名|撰写人)[：:][ \u3000]*([\u4e00-\u9fff]{2,4})$"
)
_SIGNATURE_LINES = 4


@rule(
    "leftover.other-person",
    Severity.HINT,
    "署名是另一个人",
    "标题下写明的撰写人与文末“发言人：”“汇报人：”等署名不是同一个人，多为套用别人的材料后没有改署名。",
)
def other_person(ctx: RuleContext) -> None:
    view = ctx.view
    header = ctx.parsed.header
    writers = [m for s in header if (m := _WRITER_RE.search(view.mtext[s.start : s.end].strip())) is not None]
    if not writers or not view.paragraphs:
        return
    writer = writers[0].group(1)
    for para in view.paragraphs[-_SIGNATURE_LINES:]:
        match = _SIGNATURE_RE.match(view.mtext[para.start : para.end].strip())
        if match is None or match.group(1) == writer:
            continue
        start = para.start + view.mtext[para.start : para.end].index(match.group(0))
        ctx.report(
            start,
            start + len(match.group(0)),
            f"文末署名是“{match.group(1)}”，标题下写的却是“{writer}”，疑为套用别人的材料后没有改署名。",
            suggestion=f"核对撰写人，统一为“{writer}”。",
        )
        return

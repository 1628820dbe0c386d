"""Slips: words repeated by mistake, a repeated element in a list, doubled or half-width punctuation,
unbalanced quotes and brackets, known miswritten idioms, stray spaces."""

from __future__ import annotations

import re
from functools import lru_cache

from mingjing.checks.context import RuleContext
from mingjing.checks.data import load_data
from mingjing.checks.registry import rule
from mingjing.checks.view import CJK, ReportView, view_of
from mingjing.model import Severity, Span

_REPEAT_RE = re.compile(f"([{CJK}]{{2,4}})\\1")
_DOUBLE_CHAR_RE = re.compile("([的是在与把被])\\1")
# After these, a following 是 starts a new word (但是 是…), so 是是 there is not a slip.
_SHI_PREFIXES = "但还就总于若要可只正便或凡倒老硬真不也都"
_ZAI_PREFIXES = "现所"
# A clause holding a 、-separated list (its elements are checked after splitting).
_CLAUSE_RE = re.compile(r"[^，。；：！？“”‘’（）()《》\s,;:]*、[^，。；：！？“”‘’（）()《》\s,;:]*")
_MAX_ELEMENT = 12
_QUOTED_LIST_RE = re.compile(r"(?:“[^“”\n]{1,12}”、?){2,}")
_DOUBLE_PUNCT_RE = re.compile(r"[，。、；：,]{2,}|！！+|？？+")
# a comma typed the English way may be followed by a blank ("放松, 有时")
_HALF_PUNCT_RE = re.compile(f"(?<=[{CJK}”）])[,;:?!](?=[ \u3000]?[{CJK}“（])|(?<=[{CJK}])[,;:?!.](?=[{CJK}])")
_HALF_PUNCT_SINGLE = 3  # more marks than this are reported as one finding
_FULL = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！", ".": "。"}
_CN_MARKS = "，。、；：！？”）“（"
_STRAY_SPACE_RE = re.compile(f"(?<=[{CJK}{_CN_MARKS}])[ \u3000]+(?=[{CJK}“（])")
_SPACED_RE = re.compile(f"[{CJK}{_CN_MARKS}]")

_OPENERS = {"“": "”", "‘": "’", "（": "）", "(": ")", "《": "》", "【": "】", "「": "」", "〔": "〕"}
_CLOSERS = {v: k for k, v in _OPENERS.items()}
_BRACKET_RE = re.compile("[“”‘’（）()《》【】「」〔〕]")


@lru_cache(maxsize=1)
def _typo_re() -> tuple[re.Pattern[str], dict[str, str]]:
    typos: dict[str, str] = load_data("slips")["typos"]
    return re.compile("|".join(sorted(map(re.escape, typos), key=len, reverse=True))), typos


@rule(
    "slip.repeated-word",
    Severity.ERROR,
    "词语误重复",
    "同一词语紧挨着重复出现（如“面对面对”），多为修改时的残留。可重叠使用的动词（研究研究）不算。",
)
def repeated_word(ctx: RuleContext) -> None:
    report = ctx.parsed
    view = view_of(report)
    data = load_data("slips")
    allowed = set(data["reduplicable"])
    for match in _REPEAT_RE.finditer(view.mtext):
        unit = match.group(1)
        if unit in allowed or len(set(unit)) == 1 or (unit[0] == "一" and len(unit) == 2):
            continue
        if _aba_continuation(view.mtext, match, data["aba"]) or _seam(view.mtext, match, data["seams"]):
            continue
        start = match.start() + len(unit)
        ctx.report(
            start,
            match.end(),
            f"“{unit}”重复出现，疑为笔误。",
            suggestion=f"删去重复的“{report.text[start : match.end()]}”。",
            related=(Span(match.start(), start),),
        )


def _seam(text: str, match: re.Match[str], seams: list[str]) -> bool:
    """党组织组织生活会: the doubled unit is where two words meet (see ``seams`` in slips.toml)."""
    around = text[max(0, match.start() - 8) : match.end() + 8]
    return any(seam in around and match.group(0) in seam for seam in seams)


def _aba_continuation(text: str, match: re.Match[str], aba: dict[str, str]) -> bool:
    """面对面对接: ABA idiom followed by a word starting with its last character."""
    unit = match.group(1)
    if len(unit) != 2 or text[match.start() : match.start() + 3] not in aba:
        return False
    after = text[match.end() : match.end() + 1]
    return bool(after) and after in aba[text[match.start() : match.start() + 3]]


@rule(
    "slip.repeated-char",
    Severity.WARNING,
    "虚词误重复",
    "“的的”“是是”“在在”等虚词紧挨着重复，多为输入笔误（“的的确确”“是是非非”等叠词除外）。",
)
def repeated_char(ctx: RuleContext) -> None:
    report = ctx.parsed
    text = view_of(report).mtext
    for match in _DOUBLE_CHAR_RE.finditer(text):
        if _legit_double(text, match.start(), match.group(1)):
            continue
        ctx.report(
            match.start() + 1,
            match.end(),
            f"“{match.group(1)}”重复。",
            suggestion=f"删去一个“{match.group(1)}”。",
        )


def _legit_double(text: str, i: int, ch: str) -> bool:
    before = text[i - 1] if i > 0 else ""
    after = text[i + 2] if i + 2 < len(text) else ""
    # part of an AABB word (的的确确, 是是非非, 实实在在)
    if (i >= 2 and text[i - 2] == before) or (after and i + 3 < len(text) and text[i + 3] == after):
        return True
    if ch == "是":
        return before in _SHI_PREFIXES or after in "否非"
    if ch == "在":
        return before in _ZAI_PREFIXES
    if ch == "的":
        return before in "目有别端"
    return ch == "把" and before in "一几"


@rule(
    "slip.list-repeat",
    Severity.ERROR,
    "并列成分重复",
    "顿号隔开的并列成分中同一项出现两次（如“真学、真懂、真学、笃用”），多为笔误，原意通常是另一个词。",
)
def list_repeat(ctx: RuleContext) -> None:
    report = ctx.parsed
    view = view_of(report)
    for match in _CLAUSE_RE.finditer(view.mtext):
        parts = match.group().split("、")
        if all(0 < len(p) <= _MAX_ELEMENT for p in parts[1:-1]) and parts[0] and parts[-1]:
            _duplicates(ctx, _list_elements(match.start(), parts))
    for match in _QUOTED_LIST_RE.finditer(view.mtext):
        quoted = re.finditer(r"“[^“”\n]{1,12}”", view.mtext[match.start() : match.end()])
        _duplicates(ctx, [(match.start() + q.start(), q.group()) for q in quoted])


def _list_elements(offset: int, parts: list[str]) -> list[tuple[int, str]]:
    """(start, element) pairs; the first and last elements are trimmed to their core (see _cores)."""
    elements: list[tuple[int, str]] = []
    pos = offset
    for index, (part, core) in enumerate(zip(parts, _cores(parts), strict=True)):
        elements.append((pos + len(part) - len(core) if index == 0 else pos, core))
        pos += len(part) + 1
    return elements


def _duplicates(ctx: RuleContext, elements: list[tuple[int, str]]) -> None:
    seen: dict[str, int] = {}
    for start, core in elements:
        if len(core) < 2:
            continue
        if core not in seen:
            seen[core] = start
            continue
        ctx.report(
            start,
            start + len(core),
            f"并列成分“{core}”重复出现，疑为笔误。",
            suggestion="检查该处原本要写的词语。",
            related=(Span(seen[core], seen[core] + len(core)),),
        )


def _cores(parts: list[str]) -> list[str]:
    """Trim the first element's lead-in and the last element's tail to the length of their neighbours."""
    cores = list(parts)
    if len(parts) >= 2:
        cores[0] = parts[0][-len(parts[1]) :]
        cores[-1] = parts[-1][: len(parts[-2])]
    return cores


@rule(
    "slip.double-punct",
    Severity.ERROR,
    "标点重复",
    "“。。”“，，”“，。”等标点连用（省略号“……”和破折号“——”除外）。",
)
def double_punct(ctx: RuleContext) -> None:
    report = ctx.parsed
    for match in _DOUBLE_PUNCT_RE.finditer(view_of(report).mtext):
        ctx.report(
            match.start(),
            match.end(),
            f"标点“{match.group()}”重复或连用。",
            suggestion=f"只保留一个：“{match.group()[-1] if match.group()[-1] in '。；' else match.group()[0]}”。",
        )


@rule(
    "slip.halfwidth-punct",
    Severity.WARNING,
    "中文里夹用半角标点",
    "汉字之间用了英文半角的逗号、分号、冒号、问号、叹号或句点，应改为全角标点。全文多处时合并为一条，列出各处位置。",
)
def halfwidth_punct(ctx: RuleContext) -> None:
    report = ctx.parsed
    # the parser makes such marks full-width in ParsedReport.text; the source shadow still has them
    marks = list(_HALF_PUNCT_RE.finditer(view_of(report).source_text))
    if len(marks) > _HALF_PUNCT_SINGLE:
        # a text typed with half-width punctuation throughout is one slip, not dozens
        first = marks[0]
        ctx.report(
            first.start(),
            first.end(),
            f"中文句中使用了半角标点，全文共{len(marks)}处（此为第一处）。",
            suggestion="全文查找替换为全角标点（，；：？！。）。",
            related=tuple(Span(m.start(), m.end()) for m in marks[1:]),
        )
        return
    for match in marks:
        mark = match.group()
        ctx.report(
            match.start(),
            match.end(),
            f"中文句中使用了半角标点“{mark}”。",
            suggestion=f"改为全角“{_FULL[mark]}”。",
        )


@rule(
    "slip.unbalanced",
    Severity.ERROR,
    "引号或括号不成对",
    "段落中的引号“”、括号（）、书名号《》等缺少另一半，或左右方向用反。",
)
def unbalanced(ctx: RuleContext) -> None:
    report = ctx.parsed
    view = view_of(report)
    open_at_end: list[tuple[int, str]] = []
    previous_end = ""
    for para in view.paragraphs:
        unopened, unclosed = _match_brackets(view.mtext, para)
        # a quotation broken over two lines (PDF) or continued in the next paragraph is not a slip
        if previous_end and previous_end not in "。！？；!?;":
            unopened = _drop_continued(unopened, open_at_end, view.mtext)
        previous_end = view.mtext[para.end - 1]
        _unbalanced_findings(ctx, unopened, closing=True)
        if open_at_end and not _continues_quote(view.mtext, para):
            _unbalanced_findings(ctx, open_at_end, closing=False)
        open_at_end = unclosed
    _unbalanced_findings(ctx, open_at_end, closing=False)


def _fam(ch: str) -> str:
    if ch in "（()）":
        return "paren"
    return ch if ch in _OPENERS else _CLOSERS[ch]


def _match_brackets(text: str, para: Span) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    """Closers without an opener, and openers left open at the end of the paragraph."""
    stack: list[tuple[int, str]] = []
    unopened: list[tuple[int, str]] = []
    dropped: list[tuple[int, str]] = []
    for match in _BRACKET_RE.finditer(text, para.start, para.end):
        ch = match.group()
        if ch in "‘’" and _latin_apostrophe(text, match.start()):
            continue
        if ch in _OPENERS:
            stack.append((match.start(), ch))
            continue
        depth = next((i for i in range(len(stack) - 1, -1, -1) if _fam(stack[i][1]) == _fam(ch)), None)
        if depth is None:
            unopened.append((match.start(), ch))
        else:
            dropped.extend(stack[depth + 1 :])
            del stack[depth:]
    return unopened, sorted(dropped + stack)


def _latin_apostrophe(text: str, i: int) -> bool:
    before = text[i - 1 : i]
    after = text[i + 1 : i + 2]
    return (before.isascii() and before.isalpha()) or (after.isascii() and after.isalpha())


def _drop_continued(
    unopened: list[tuple[int, str]], open_at_end: list[tuple[int, str]], text: str
) -> list[tuple[int, str]]:
    """Pair closers at the start of a paragraph with openers left open at the end of the previous one."""
    kept = []
    for pos, ch in unopened:
        partner = next((o for o in open_at_end if _fam(o[1]) == _fam(ch)), None)
        if partner is not None:
            open_at_end.remove(partner)
        else:
            kept.append((pos, ch))
    return kept


def _continues_quote(text: str, para: Span) -> bool:
    """Multi-paragraph quotations open every paragraph with “ and close only the last one."""
    return text[para.start : para.start + 1] == "“"


def _unbalanced_findings(ctx: RuleContext, marks: list[tuple[int, str]], *, closing: bool) -> None:
    for pos, ch in marks:
        if closing:
            message = f"“{ch}”没有对应的左半边（或左右方向用反）。"
            fix = f"补上“{_CLOSERS[ch]}”或删去多余的“{ch}”。"
        else:
            message = f"“{ch}”没有对应的右半边（或左右方向用反）。"
            fix = f"在适当位置补上“{_OPENERS[ch]}”。"
        ctx.report(pos, pos + 1, message, suggestion=fix)


@rule(
    "slip.mixed-bracket",
    Severity.WARNING,
    "括号全半角混用",
    "同一对括号一半全角一半半角，如“(具体）”（编号中的此类问题见 structure.bracket-mixed）。",
)
def mixed_bracket(ctx: RuleContext) -> None:
    report = ctx.parsed
    view = view_of(report)
    for match in re.finditer(r"\([^()（）\n]{0,40}）|（[^()（）\n]{0,40}\)", view.source_text):
        para = view.paragraph_at(match.start())
        if para is not None and para.start == match.start() and len(match.group()) <= 6:
            continue  # a numbering label: reported by structure.bracket-mixed
        ctx.report(
            match.start(),
            match.end(),
            f"括号一半全角、一半半角（原文为“{view.source_text[match.start() : match.end()]}”）。",
            suggestion="统一使用全角括号“（）”。",
        )


@rule(
    "slip.typo",
    Severity.ERROR,
    "常见错别字",
    "成语、固定搭配的常见误写（如“贯久弥新”应为“历久弥新”），据数据表 slips.toml 逐条核对。",
)
def typo(ctx: RuleContext) -> None:
    report = ctx.parsed
    pattern, typos = _typo_re()
    for match in pattern.finditer(view_of(report).mtext):
        right = typos[match.group()]
        ctx.report(
            match.start(),
            match.end(),
            f"“{match.group()}”疑为“{right}”之误。",
            suggestion=right,
        )


@rule(
    "slip.stray-space",
    Severity.HINT,
    "句中多余空格",
    "汉字或中文标点之间夹有空格，多为排版残留（PDF 转换的材料不检查）。",
)
def stray_space(ctx: RuleContext) -> None:
    report = ctx.parsed
    if report.document.format == "pdf":
        return
    view = view_of(report)
    # the parser deletes such blanks from ParsedReport.text; the character map shows where they were
    for i in view.removed_blanks():
        para = view.paragraph_at(i)
        if para is None or para.length < 30:
            continue  # headers such as "姓  名" use spaces on purpose
        if not (_SPACED_RE.match(view.mtext, i) and _SPACED_RE.match(view.mtext, i + 1)):
            continue  # "· 2023年…" (a list bullet), "2023 年": not between Chinese words
        ctx.report(i, i + 2, "原文此处两字之间有多余空格。", suggestion="删去空格。")
    for para in view.paragraphs:
        if para.length < 30:
            continue
        for match in _STRAY_SPACE_RE.finditer(view.mtext, para.start + 2, para.end):
            ctx.report(
                match.start(),
                match.end(),
                "句中有多余空格。",
                suggestion="删去空格。",
            )


@rule(
    "slip.mixed-quotes",
    Severity.HINT,
    "引号样式混用",
    '同一篇材料中既用中文引号“”又用英文直引号""。',
)
def mixed_quotes(ctx: RuleContext) -> None:
    report = ctx.parsed
    view: ReportView = view_of(report)
    if "“" not in view.mtext:
        return
    for match in re.finditer(f'"(?=[{CJK}])|(?<=[{CJK}])"', view.mtext):
        ctx.report(
            match.start(),
            match.end(),
            "此处使用了英文直引号，与全文的中文引号不一致。",
            suggestion="改为中文引号“”。",
        )
        return

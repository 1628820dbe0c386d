"""An incomplete document: the text stops in the middle of a sentence (a paste that lost its end).

Such a report used to get a cascade — 缺少原因剖析、缺少整改措施、缺少方面、篇幅不足 — all saying the same
thing: the text is cut off. One finding says it instead, and it suppresses the findings that follow from the
truncation (``suppresses=``). Because suppression is per rule, a part missing *before* the cut (a genuine
omission) is named in this finding's own message so that nothing is lost.

The text is cut off when its last paragraph (not a closing, signature or date line) ends without 。！？…；
and either ends in a character no sentence ends in (``dangling`` in ``data/incomplete.toml``: ，、：的和与在…),
or ends inside a word — its last two characters occur elsewhere in the report at least twice and are always
followed by the same character ("……加强理论学" where the text says 理论学习 everywhere) — or the report stops
before its causes and measures (a problems part only) with an unfinished last sentence — or it is a long
paragraph with commas while the author ends every other such paragraph with a stop (a habit the text itself
shows: an author who leaves stops out throughout is not judged by it). A last paragraph that ends in a word
finished sentences commonly end in (``complete_endings``: 贡献、落到实处、规矩 …) is cut off only in the first case.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from mingjing.checks.context import RuleContext
from mingjing.checks.data import load_data
from mingjing.checks.registry import rule
from mingjing.checks.view import ReportView
from mingjing.model import ParsedReport, Part, Severity, Span

PART_ORDER = ("problems", "causes", "measures")
PART_NAMES = {"problems": "问题查摆", "causes": "原因剖析", "measures": "整改措施"}
_CJK_RE = re.compile("[\u3400-\u9fff]")
_INNER_MARK_RE = re.compile("[，。；：！？]")
MIN_TAIL_REPEATS = 2


@dataclass(frozen=True)
class _Settings:
    dangling: tuple[str, ...]
    complete_endings: tuple[str, ...]
    final: str
    closers: str
    min_sentence: int
    long_paragraph: int
    habit_min: int
    habit_share: float


@cache
def _data() -> _Settings:
    data = load_data("incomplete")
    return _Settings(
        dangling=tuple(sorted(data["dangling"], key=len, reverse=True)),
        complete_endings=tuple(data["complete_endings"]),
        final=str(data["final"]),
        closers=str(data["closers"]),
        min_sentence=int(data["min_sentence"]),
        long_paragraph=int(data["long_paragraph"]),
        habit_min=int(data["habit_min"]),
        habit_share=float(data["habit_share"]),
    )


@rule(
    "structure.incomplete",
    Severity.ERROR,
    "材料不完整（中途截断）",
    "全文最后一句没有写完（停在逗号、“的”“和”之类的字或半个词上），多为复制粘贴时丢了结尾。"
    "此时只报这一条，不再逐条报告因截断而缺少的部分、方面和篇幅。",
    suppresses=(
        "structure.missing-part",
        "structure.missing-aspect",
        "structure.empty-aspect",
        "structure.count-mismatch",
        "proportion.core-share",
        "proportion.min-length",
    ),
)
def incomplete(ctx: RuleContext) -> None:
    report = ctx.parsed
    if not ctx.view.paragraphs or not report.parts():
        return  # nothing of a report at all: structure.not-a-report says so once
    last = ctx.view.paragraphs[-1]
    if report.closing is not None and last.start >= report.closing.start:
        return  # a closing sentence, signature or date: the text reached its end
    reason = _cut_reason(report, ctx.view, last)
    if reason is None:
        return
    sentence = _last_sentence(ctx, last)
    ctx.report(
        sentence.start,
        sentence.end,
        _message(report, reason, ctx.parsed.text[max(sentence.start, sentence.end - 12) : sentence.end]),
        suggestion="补全材料的结尾（未写完的句子及其后的部分），核对是否复制完整后再提交。",
    )


def _cut_reason(report: ParsedReport, view: ReportView, last: Span) -> str | None:
    settings = _data()
    mtext = view.mtext
    line = mtext[last.start : last.end].rstrip()
    core = line.rstrip(settings.closers)
    if not core or core[-1] in settings.final:
        return None
    cjk = len(_CJK_RE.findall(line))
    if cjk < settings.min_sentence:
        return None  # a heading, a name or a date
    if core.endswith(settings.dangling):
        return "dangling"
    if core.endswith(settings.complete_endings):
        return None  # "……作出新的更大贡献": a finished sentence whose full stop was left out
    if _inside_word(mtext, last.start + len(core)):
        return "word"
    if _stops_after_problems(report):
        return "parts"
    if _is_long(line, settings) and _ends_with_stops(view, last, settings):
        return "habit"
    return None


def _is_long(text: str, settings: _Settings) -> bool:
    """A paragraph of sentences, not a headline: long, with a clause or sentence mark inside."""
    return (
        len(_CJK_RE.findall(text)) >= settings.long_paragraph and _INNER_MARK_RE.search(text[:-1]) is not None
    )


def _ends_with_stops(view: ReportView, last: Span, settings: _Settings) -> bool:
    """Whether the author ends long paragraphs with a stop (module docstring)."""
    long = [view.mtext[p.start : p.end].rstrip() for p in view.paragraphs if p.start < last.start]
    long = [text for text in long if _is_long(text, settings)]
    stopped = sum(1 for text in long if text.rstrip(settings.closers)[-1:] in tuple(settings.final))
    return len(long) >= settings.habit_min and stopped >= settings.habit_share * len(long)


def _inside_word(mtext: str, end: int) -> bool:
    """The last two characters before ``end`` recur elsewhere, always followed by one same character."""
    tail = mtext[end - 2 : end]
    if len(_CJK_RE.findall(tail)) < 2:
        return False
    followers = [mtext[m.end() : m.end() + 1] for m in re.finditer(re.escape(tail), mtext[: end - 2])]
    return (
        len(followers) >= MIN_TAIL_REPEATS
        and len(set(followers)) == 1
        and _CJK_RE.match(followers[0]) is not None
    )


def _stops_after_problems(report: ParsedReport) -> bool:
    return report.problems is not None and report.causes is None and report.measures is None


def _last_part(report: ParsedReport) -> Part | None:
    return max(report.parts(), key=lambda p: p.start, default=None)


def _message(report: ParsedReport, reason: str, tail: str) -> str:
    last = _last_part(report)
    where = PART_ORDER.index(last.kind) if last is not None else 0
    present = {p.kind for p in report.parts()}
    after = [PART_NAMES[k] for k in PART_ORDER[where + 1 :] if k not in present]
    before = [PART_NAMES[k] for k in PART_ORDER[:where] if k not in present]
    how = {
        "dangling": "句子停在半截",
        "word": "停在半个词上",
        "parts": "最后一句没有写完",
        "habit": "最后一段没有写完，全文其余段落都以句号结束",
    }[reason]
    message = f"材料在“{tail}”处中断（{how}），疑为复制粘贴时丢失了结尾"
    if after:
        message += f"，其后的“{'”“'.join(after)}”部分因此缺失"
    message += "。"
    if before:
        message += f"此外，截断处之前也没有“{'”“'.join(before)}”部分。"
    return message


def _last_sentence(ctx: RuleContext, last: Span) -> Span:
    sentences = list(ctx.view.sentences(last.start, last.end))
    return sentences[-1] if sentences else last

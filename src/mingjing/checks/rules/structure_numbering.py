"""Numbering labels: gaps, repeats, a missing numeral ("是争创一流…" for "一是"), mixed bracket widths.

The labels are found on the text itself (``mingjing.text.numbering``), independently of how the parser
assigned them to parts and items, so a parser slip does not hide a numbering slip. Families of labels
nest by rank (一、 > （一） > 一是/1. > （1） > ①); a label resets the sequences of every family below it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from mingjing.checks.context import RuleContext
from mingjing.checks.registry import rule
from mingjing.checks.view import ReportView, view_of
from mingjing.model import Severity
from mingjing.text import numbering as nb

_RANK = {
    nb.DUN: 0,
    nb.DI_PART: 0,
    nb.PAREN_CN: 1,
    nb.DI: 2,
    nb.ARABIC: 2,
    nb.QI: 3,
    nb.SHI: 3,
    nb.YAO: 3,
    nb.SEQ: 3,
    nb.ARABIC_PAREN: 4,
    nb.CIRCLED: 5,
}
_CN = "〇一二三四五六七八九十"
_LABEL_BRACKET_RE = re.compile(r"[（(][ \t]*[一二三四五六七八九十\d]{1,3}[ \t]*[）)]")
# Labels the shared marker grammar leaves alone because a digit follows ("1.2026年起……" could be the
# decimal 1.2026; "一、2021年度民主生活会整改落实情况"): at the start of a line, followed by a year, they are
# labels. Without this the next label ("2.", "二、") is reported as a list that starts at 2.
_YEAR_LABEL_RE = re.compile(
    r"(?:(?P<arabic>\d{1,2})[.．]|(?P<dun>[一二三四五六七八九十]{1,3})[、．.])(?=20\d\d\s*年)"
)


@dataclass(frozen=True)
class Label:
    marker: nb.Marker
    key: str  # the sequence it belongs to (family, or family + paragraph for sub-lists)


@dataclass(frozen=True)
class Event:
    """One numbering problem: kind is gap, repeat, order, start or missing."""

    kind: str
    label: Label
    expected: int | None


def labels(view: ReportView) -> list[Label]:
    """Numbering labels in reading order, with the sequence each belongs to."""
    cached = view.cache.get("labels")
    if cached is not None:
        found: list[Label] = cached
        return found
    found = []
    for index, para in enumerate(view.paragraphs):
        start = (
            para.start
            + len(view.text[para.start : para.end])
            - len(view.text[para.start : para.end].lstrip())
        )
        head = nb.line_marker(view.mtext, start) or _year_label(view.mtext, start)
        inline = nb.inline_markers(view.mtext, start, para.end)
        if head is not None:
            found.append(Label(head, head.family if head.family != nb.MISSING_SHI else nb.SHI))
        found.extend(_inline_labels(head, inline, index))
    view.cache["labels"] = found
    return found


def _year_label(text: str, start: int) -> nb.Marker | None:
    """A line-start label directly followed by a year (see ``_YEAR_LABEL_RE``)."""
    match = _YEAR_LABEL_RE.match(text, start)
    if match is None:
        return None
    family = nb.ARABIC if match.group("arabic") is not None else nb.DUN
    ordinal = int(match.group("arabic")) if family == nb.ARABIC else nb.cn_to_int(match.group("dun"))
    if ordinal is None:
        return None
    return nb.Marker(family, ordinal, start, match.end(), match.end())


def _inline_labels(head: nb.Marker | None, inline: list[nb.Marker], index: int) -> list[Label]:
    """Inline 一是… inside a paragraph that itself starts with 一是 form a sub-list when they restart at 一."""
    result = []
    sub = False
    for pos, marker in enumerate(inline):
        if marker.family not in (nb.SHI, nb.MISSING_SHI, nb.YAO, nb.ARABIC_PAREN, nb.CIRCLED):
            continue
        if pos == 0 and head is not None and head.family == nb.SHI and marker.ordinal == 1:
            sub = True
        family = nb.SHI if marker.family == nb.MISSING_SHI else marker.family
        result.append(Label(marker, f"{family}@{index}" if sub and family == nb.SHI else family))
    return result


def events(view: ReportView) -> list[Event]:
    """Numbering problems in reading order (computed once per report)."""
    cached = view.cache.get("numbering-events")
    if cached is not None:
        found: list[Event] = cached
        return found
    found = []
    state: dict[str, int] = {}
    pending: dict[str, Label] = {}  # a "是…" waiting for the next label of its sequence
    for label in labels(view):
        found.extend(_step(label, state, pending))
    found = _one_slip_once(found)
    view.cache["numbering-events"] = found
    return found


def _one_slip_once(found: list[Event]) -> list[Event]:
    """Drop the echoes of a slip already reported, so that one misnumbered label is one finding.

    (二)(二)(四): the repeated (二) stood for (三), so (四) is in order again. (四)(六)(七)(八)(五): the (五)
    that turns up after the gap at (六) is the label the gap was missing, not a second slip.
    """
    kept: list[Event] = []
    for event in found:
        before = kept[-1] if kept else None
        if before is not None and before.label.key == event.label.key and before.expected is not None:
            ordinal = event.label.marker.ordinal
            echo_of_repeat = (
                before.kind == "repeat" and event.kind == "gap" and ordinal == before.expected + 1
            )
            if echo_of_repeat:
                continue
        if event.kind == "order" and any(
            e.kind == "gap"
            and e.label.key == event.label.key
            and e.expected is not None
            and e.label.marker.ordinal is not None
            and e.expected <= (event.label.marker.ordinal or 0) < e.label.marker.ordinal
            for e in kept
        ):
            continue
        kept.append(event)
    return kept


def _step(label: Label, state: dict[str, int], pending: dict[str, Label]) -> Iterator[Event]:
    marker = label.marker
    family = marker.family if marker.family != nb.MISSING_SHI else nb.SHI
    rank = _RANK.get(family, 3)
    for key in [k for k in state if _RANK.get(k.split("@")[0], 3) > rank]:
        del state[key]
    for key in [k for k in pending if _RANK.get(k.split("@")[0], 3) > rank]:
        del pending[key]
    if marker.family == nb.MISSING_SHI:
        pending[label.key] = label
        return
    if marker.ordinal is None:
        return
    previous = state.get(label.key)
    missing = pending.pop(label.key, None)
    state[label.key] = marker.ordinal
    expected = 1 if previous is None else previous + 1
    if missing is not None and marker.ordinal == expected + 1:
        yield Event("missing", missing, expected)
        return
    if marker.ordinal == expected or (marker.ordinal == 1 and previous != 1):
        return  # the next number, or a new list starting again at 一
    if previous is None:
        yield Event("start", label, 1)
    elif marker.ordinal == previous:
        yield Event("repeat", label, expected)
    elif marker.ordinal > expected:
        yield Event("gap", label, expected)
    else:
        yield Event("order", label, expected)


def _label_text(family: str, ordinal: int | None) -> str:
    if ordinal is None:
        return ""
    cn = _to_cn(ordinal)
    return {
        nb.SHI: f"{cn}是",
        nb.DUN: f"{cn}、",
        nb.PAREN_CN: f"（{cn}）",
        nb.DI: f"第{cn}",
        nb.YAO: f"{cn}要",
        nb.QI: f"其{cn}",
        nb.ARABIC: f"{ordinal}.",
        nb.ARABIC_PAREN: f"（{ordinal}）",
        nb.CIRCLED: chr(ord("①") + ordinal - 1) if 1 <= ordinal <= 20 else str(ordinal),
    }.get(family, str(ordinal))


def _to_cn(n: int) -> str:
    if n <= 10:
        return "零一二三四五六七八九十"[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _CN[tens]) + "十" + ("" if ones == 0 else _CN[ones])


@rule(
    "structure.numbering",
    Severity.ERROR,
    "序号跳号、重号或顺序错乱",
    "同一层级的序号应连续：“一是、二是、三是”，“（一）（二）（三）”。跳号、重号多因删改条目后未重排。",
)
def numbering(ctx: RuleContext) -> None:
    report = ctx.parsed
    view = view_of(report)
    for event in events(view):
        if event.kind == "missing":
            continue
        marker = event.label.marker
        written = report.text[marker.start : marker.label_end]
        want = _label_text(marker.family, event.expected)
        message = {
            "gap": f"序号“{written}”跳号，此前应有“{want}”。",
            "repeat": f"序号“{written}”重复。",
            "order": f"序号“{written}”顺序错乱，此处应为“{want}”。",
            "start": f"本层级从“{written}”开始，缺少“{want}”。",
        }[event.kind]
        severity = Severity.WARNING if event.kind == "start" else None
        ctx.report(
            marker.start,
            marker.label_end,
            message,
            severity=severity,
            suggestion=f"改为“{want}”或补上缺少的条目。" if event.kind != "repeat" else "重新排列序号。",
        )


@rule(
    "structure.missing-numeral",
    Severity.ERROR,
    "序号缺少数字",
    "条目开头只剩“是”（如“是争创一流……”），前后分别是“一是”“三是”或后面紧接“二是”，说明漏写了序号数字。",
)
def missing_numeral(ctx: RuleContext) -> None:
    report = ctx.parsed
    view = view_of(report)
    for event in events(view):
        if event.kind != "missing":
            continue
        marker = event.label.marker
        want = _label_text(nb.SHI, event.expected)
        ctx.report(
            marker.start,
            marker.label_end,
            f"此处序号缺少数字，应为“{want}”。",
            suggestion=want,
        )


@rule(
    "structure.bracket-mixed",
    Severity.ERROR,
    "序号括号全半角混用",
    "序号的左右括号一个全角一个半角，如“(三）”。",
)
def bracket_mixed(ctx: RuleContext) -> None:
    report = ctx.parsed
    view = view_of(report)
    for label in _bracket_labels(view):
        written = view.source_text[label[0] : label[1]]
        if ("（" in written) == ("）" in written):
            continue
        fixed = written.replace("(", "（").replace(")", "）")
        ctx.report(
            label[0],
            label[1],
            f"序号“{written}”的括号全角半角混用。",
            suggestion=fixed,
        )


@rule(
    "structure.numbering-style",
    Severity.HINT,
    "同级序号格式不一致",
    "同一层级的序号有的用全角括号“（五）”，有的用半角“(五)”，应统一。",
)
def numbering_style(ctx: RuleContext) -> None:
    report = ctx.parsed
    view = view_of(report)
    found = [(s, e, view.source_text[s:e]) for s, e in _bracket_labels(view)]
    full = [f for f in found if "（" in f[2] and "）" in f[2]]
    half = [f for f in found if "(" in f[2] and ")" in f[2]]
    if not full or not half:
        return
    minority = half if len(half) <= len(full) else full
    style = "全角" if minority is half else "半角"
    for start, end, written in minority:
        fixed = written.replace("(", "（").replace(")", "）") if style == "全角" else written
        ctx.report(
            start,
            end,
            f"序号“{written}”与其他同级序号的括号格式不一致（多数用{style}括号）。",
            suggestion=fixed,
        )


def _bracket_labels(view: ReportView) -> list[tuple[int, int]]:
    """Bracketed numbering labels at the start of a paragraph."""
    result = []
    for para in view.paragraphs:
        start = (
            para.start
            + len(view.text[para.start : para.end])
            - len(view.text[para.start : para.end].lstrip())
        )
        match = _LABEL_BRACKET_RE.match(view.source_text, start)
        if match is not None:
            result.append(match.span())
    return result

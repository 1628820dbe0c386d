"""Split a range of the text into numbered items (一是/二是, （一）, 第一, 首先, 1., （1）, ①).

Markers count at a line start, at the start of the range, or inline at a sentence start (after
。；：！？ and closing quotes). The range's family is the family of its first line-start marker (else
its first inline marker). Then the markers of that family are taken in order:

* the expected ordinal (1, 2, 3 …) is accepted wherever it stands; the first item may also carry on
  the numbering of the previous section ("10." under the second aspect) when it starts a line;
* at a line start a jump, a repeat or a restart is still accepted (the writer's numbering is wrong,
  not the structure) with a ``numbering.*`` warning; inline ones are not, and an inline restart
  ("……。一是……" after 一是/二是 were taken) gets a ``numbering.restart-inline`` warning, so that a
  list is never swallowed silently;
* when two or more items of the family start lines, inline markers after the first of them are
  ignored: they belong to lists inside an item, not to this level;
* "是……" at a line or sentence start, where 一是/二是/… was expected and the next marker confirms the
  sequence, is that item with its numeral missing (``numbering.missing-numeral``);
* an inner enumeration is not this level: an inline marker numbered 1 right after a "：" inside an
  item already taken, on that item's line ("一是学习不深，主要表现在：一是……；二是……。二是……"), opens
  a list that belongs to that item. Its members are the inline markers of the family that follow within the same sentence
  (after "，；" rather than "。！？"); the first marker after a sentence end resumes this level.

Each item's headline is its first sentence (to the first 。；！？ or the line end); children are
searched in the item with the same rules (another family, at least two in sequence); examples are
found by :mod:`mingjing.parse.examples`. A range with text but no markers becomes one unnumbered
item per line, with an ``items.unnumbered`` warning, when ``fallback`` is set.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from mingjing.model import Item, ParseWarning, Span
from mingjing.parse.context import SENTENCE_STOPS, ParseContext
from mingjing.parse.examples import find_examples
from mingjing.text.chars import CLOSERS
from mingjing.text.numbering import MISSING_SHI, SHI, Marker, inline_markers, marker_at

MIN_CHILDREN = 2
_COLONS = "：:"
_CLAUSE_SEPARATORS = "；;，,、"
_SKIPPED_BEFORE = " \t" + CLOSERS
_CN_ORDINALS = "一二三四五六七八九十"


@dataclass(frozen=True)
class ItemsResult:
    preamble: Span | None
    items: tuple[Item, ...]


def _collect(ctx: ParseContext, start: int, end: int, exclude: frozenset[str]) -> list[Marker]:
    """All candidate markers in ``[start, end)``, in text order."""
    found: list[Marker] = []
    first_content, _ = ctx.trim(start, end)
    for index in range(ctx.line_index(start), len(ctx.lines)):
        line = ctx.lines[index]
        if line.start >= end:
            break
        low, high = max(line.start, start), min(line.end, end)
        head: Marker | None = None
        if line.start >= start:
            head = ctx.markers[index]
        elif low <= first_content < high:
            head = marker_at(ctx.match_text, first_content)
            low = first_content
        if head is not None and head.end <= end:
            found.append(head)
        found.extend(
            m for m in inline_markers(ctx.match_text, low, high) if head is None or m.start != head.start
        )
    return [m for m in found if m.family not in exclude]


def _family(markers: list[Marker]) -> str | None:
    real = [m for m in markers if m.family != MISSING_SHI]
    heads = [m for m in real if not m.inline]
    chosen = heads or real
    return chosen[0].family if chosen else None


def _ordinal_name(ordinal: int) -> str:
    if 1 <= ordinal <= 10:
        return _CN_ORDINALS[ordinal - 1]
    return str(ordinal)


class _Sequencer:
    """Accepts the markers of one family in order, with the rules in the module docstring."""

    def __init__(self, ctx: ParseContext, family: str, markers: list[Marker], where: str) -> None:
        self.ctx, self.family, self.where = ctx, family, where
        self.markers = [
            m for m in markers if m.family == family or (family == SHI and m.family == MISSING_SHI)
        ]
        heads = [m.start for m in self.markers if m.family == family and not m.inline]
        self.first_head = heads[0] if len(heads) >= 2 else None
        self.accepted: list[tuple[Marker, int]] = []
        self.expected = 1
        self.warnings: list[ParseWarning] = []  # handed to the context only if the caller keeps the items
        self.inner = False  # inside an enumeration that belongs to the current item (module docstring)

    def run(self) -> list[tuple[Marker, int]]:
        pending_missing: Marker | None = None
        for marker in self.markers:
            if marker.family == MISSING_SHI:
                pending_missing = pending_missing or marker
                continue
            if marker.inline and self.first_head is not None and marker.start > self.first_head:
                continue
            if self._in_inner_list(marker):
                continue
            ordinal = marker.ordinal if marker.ordinal is not None else self.expected
            if ordinal == self.expected + 1 and pending_missing is not None:
                self._missing(pending_missing)
            if self._accept(marker, ordinal):
                pending_missing = None
        return self.accepted

    def _in_inner_list(self, marker: Marker) -> bool:
        """Whether ``marker`` belongs to an enumeration inside the current item (module docstring)."""
        before = self._char_before(marker)
        if not marker.inline or not self.accepted:
            self.inner = False
        elif marker.ordinal == 1 and before in _COLONS and self._same_line_as_item(marker):
            self.inner = True
        elif before not in _CLAUSE_SEPARATORS:
            self.inner = False
        return self.inner

    def _same_line_as_item(self, marker: Marker) -> bool:
        """An inner list is introduced on the line of the item it belongs to."""
        return self.ctx.line_index(marker.start) == self.ctx.line_index(self.accepted[-1][0].start)

    def _char_before(self, marker: Marker) -> str:
        """The punctuation before an inline label (closing quotes and blanks skipped)."""
        pos = marker.start
        text = self.ctx.match_text
        while pos > 0 and text[pos - 1] in _SKIPPED_BEFORE:
            pos -= 1
        return text[pos - 1] if pos > 0 else ""

    def _missing(self, marker: Marker) -> None:
        ordinal = self.expected
        name = _ordinal_name(ordinal)
        message = f"{self.where}第{name}条缺少序号（写成了“是……”），已按“{name}是”处理，请补上序号。"
        self.warnings.append(
            ParseWarning("numbering.missing-numeral", message, marker.start, marker.label_end)
        )
        self.accepted.append((marker, ordinal))
        self.expected = ordinal + 1

    def _accept(self, marker: Marker, ordinal: int) -> bool:
        # A first item numbered on from the previous section ("10." under the second aspect) is fine.
        continues = not self.accepted and not marker.inline and ordinal > 1
        if ordinal != self.expected and not continues:
            if marker.inline:
                self._warn_dropped_restart(marker, ordinal)
                return False
            self._warn_order(marker, ordinal)
        self.accepted.append((marker, ordinal))
        self.expected = ordinal + 1
        return True

    def _warn_dropped_restart(self, marker: Marker, ordinal: int) -> None:
        """An inline restart is not a new item; say so, so that no list disappears silently."""
        if ordinal != 1 or not self.accepted:
            return
        label = self.ctx.text[marker.start : marker.label_end]
        message = (
            f"{self.where}序号“{label}”在句中重新从一开始，未作为新的一条识别，其内容计入上一条；"
            "如是新的一条或新的方面，请另起一行并核对编号。"
        )
        self.warnings.append(
            ParseWarning("numbering.restart-inline", message, marker.start, marker.label_end)
        )

    def _warn_order(self, marker: Marker, ordinal: int) -> None:
        label = self.ctx.text[marker.start : marker.label_end]
        if ordinal > self.expected:
            code, what = "numbering.gap", f"序号从第{self.expected - 1}条跳到了“{label}”"
        elif ordinal == 1:
            code, what = "numbering.restart", f"序号“{label}”重新从一开始"
        else:
            code, what = "numbering.out-of-order", f"序号“{label}”与前一条重复或倒序"
        self.warnings.append(
            ParseWarning(code, f"{self.where}{what}，请核对编号。", marker.start, marker.label_end)
        )


def _headline_end(ctx: ParseContext, content: int, end: int) -> int:
    stop = ctx.stop_after(content, end, SENTENCE_STOPS)
    if stop is not None:
        return stop
    newline = ctx.text.find("\n", content, end)
    return newline if newline >= 0 else end


def _build_item(ctx: ParseContext, marker: Marker, ordinal: int, end: int, family: str, depth: int) -> Item:
    _, end = ctx.trim(marker.start, end)
    content = min(marker.end, end)
    headline_end = max(content, _headline_end(ctx, content, end))
    _, headline_stop = ctx.trim(content, headline_end)
    body_start, body_end = ctx.trim(headline_end, end)
    if body_end <= body_start:
        body_start = body_end = end
    number = None if marker.family == MISSING_SHI else ctx.text[marker.start : marker.label_end]
    children: tuple[Item, ...] = ()
    if depth == 0:
        children = _children(ctx, content, end, family)
    return Item(
        start=marker.start,
        end=end,
        text=ctx.text[marker.start : end],
        headline=ctx.text[content:headline_stop],
        headline_span=Span(content, max(content, headline_stop)),
        body_span=Span(body_start, body_end),
        number=number,
        ordinal=ordinal,
        examples=find_examples(ctx.text, ctx.match_text, content, end),
        children=children,
    )


def _children(ctx: ParseContext, start: int, end: int, family: str) -> tuple[Item, ...]:
    """Sub-items of an item: another family, at least two in sequence from the first."""
    markers = _collect(ctx, start, end, frozenset({family}))
    child_family = _family(markers)
    if child_family is None:
        return ()
    sequencer = _Sequencer(ctx, child_family, markers, "")
    accepted = sequencer.run()
    if len(accepted) < MIN_CHILDREN or accepted[0][1] != 1:
        return ()
    # Only a missing numeral is worth telling about in a sub-list; other irregularities are mostly prose.
    ctx.warnings.extend(w for w in sequencer.warnings if w.code == "numbering.missing-numeral")
    return _items_from(ctx, accepted, end, child_family, depth=1)


def _items_from(
    ctx: ParseContext, accepted: list[tuple[Marker, int]], end: int, family: str, depth: int
) -> tuple[Item, ...]:
    items = []
    for number, (marker, ordinal) in enumerate(accepted):
        stop = accepted[number + 1][0].start if number + 1 < len(accepted) else end
        items.append(_build_item(ctx, marker, ordinal, stop, family, depth))
    return tuple(items)


def _unnumbered(ctx: ParseContext, start: int, end: int, where: str) -> tuple[Item, ...]:
    items: list[Item] = []
    for index in range(ctx.line_index(start), len(ctx.lines)):
        line = ctx.lines[index]
        if line.start >= end:
            break
        low, high = ctx.trim(max(line.start, start), min(line.end, end))
        if high > low:
            fake = Marker(MISSING_SHI, None, low, low, low)
            item = _build_item(ctx, fake, len(items) + 1, high, "", depth=1)
            items.append(replace(item, ordinal=None))
    if items:
        ctx.warn(
            "items.unnumbered", f"{where}的内容没有编号，已按段落逐条识别。", items[0].start, items[-1].end
        )
    return tuple(items)


def split_items(
    ctx: ParseContext,
    start: int,
    end: int,
    *,
    exclude: frozenset[str] = frozenset(),
    where: str = "",
    fallback: bool = True,
) -> ItemsResult:
    """Items of ``[start, end)``; text before the first item is the preamble."""
    markers = _collect(ctx, start, end, exclude)
    family = _family(markers)
    accepted: list[tuple[Marker, int]] = []
    if family is not None:
        sequencer = _Sequencer(ctx, family, markers, where)
        accepted = sequencer.run()
        ctx.warnings.extend(sequencer.warnings)
    if not accepted:
        items = _unnumbered(ctx, start, end, where) if fallback else ()
        return ItemsResult(None, items)
    items = _items_from(ctx, accepted, end, family or "", depth=0)
    return ItemsResult(ctx.span(start, items[0].start), items)

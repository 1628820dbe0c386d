"""The editor's structure of a report, and its conversion to and from the text the core parses.

Pure Python (no Django): a draft is a frozen tree — title, 署名 line, 开头, sections (上年度整改落实情况,
存在问题 by aspect, 原因剖析, 整改措施), 结尾, and what could not be placed. Every item is a headline and a
body; the numbering (一、 for sections, （一） for aspects, 一是/二是 for items) is produced here, never
typed. :func:`render` writes the text the core parser reads back into the same structure (the round
trip is tested); :func:`from_report` turns a parsed upload into a draft without losing a character:
what fits no section stays in a part of its own (``unplaced``).
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from mingjing.facade import Heading, Item, ParsedReport, Part

SECTION_ORDER = ("rectification", "problems", "causes", "measures")
SECTION_TITLES = {
    "rectification": "上年度整改措施落实情况",
    "problems": "存在问题",
    "causes": "原因剖析",
    "measures": "整改措施",
}
SECTION_LABELS = {
    "rectification": "上年度整改落实情况",
    "problems": "存在问题",
    "causes": "原因剖析",
    "measures": "整改措施",
}
UNPLACED_HEADING = "其他内容"
_DIGITS = "零一二三四五六七八九"
_SENTENCE_END = "。！？；!?;：:"
# A section of its own that reports add for last year's rectification ("四、上年度整改措施落实情况").
_RECTIFICATION_RE = re.compile(r"上一?年度|去年|上次.{0,6}(生活会|整改)|整改.{0,10}落实(情况)?")
_LABEL_RE = re.compile(
    r"^\s*(?:[一二三四五六七八九十]{1,3}[、.．]|[（(][一二三四五六七八九十]{1,3}[）)]|\d{1,2}[.．、])\s*"
)


def cn_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十 (up to 99)."""
    if n < 10:
        return _DIGITS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _DIGITS[tens]) + "十" + ("" if ones == 0 else _DIGITS[ones])


def new_id() -> str:
    return uuid.uuid4().hex[:10]


@dataclass(frozen=True)
class EditorItem:
    id: str
    headline: str = ""
    body: str = ""

    @property
    def empty(self) -> bool:
        return not (self.headline.strip() or self.body.strip())


@dataclass(frozen=True)
class EditorGroup:
    """An aspect of the problems part (``name`` is its heading, e.g. "理论学习方面"), or the one group of
    another section (``name`` empty)."""

    id: str
    name: str = ""
    preamble: str = ""
    items: tuple[EditorItem, ...] = ()
    aspect: str = ""  # the framework's canonical aspect, when known (for its requirement text)


@dataclass(frozen=True)
class EditorSection:
    key: str  # one of SECTION_ORDER
    heading: str
    preamble: str = ""
    groups: tuple[EditorGroup, ...] = ()

    @property
    def label(self) -> str:
        return SECTION_LABELS.get(self.key, self.heading)


@dataclass(frozen=True)
class EditorDraft:
    title: str = ""
    byline: str = ""
    opening: str = ""
    sections: tuple[EditorSection, ...] = ()
    closing: str = ""
    unplaced: str = ""

    def section(self, key: str) -> EditorSection | None:
        return next((s for s in self.sections if s.key == key), None)

    def items(self) -> Iterable[tuple[EditorSection, EditorGroup, EditorItem]]:
        for section in self.sections:
            for group in section.groups:
                for item in group.items:
                    yield section, group, item


# -- numbering and labels -------------------------------------------------------------------------------


def item_numbers(draft: EditorDraft) -> dict[str, str]:
    """Item id → its label (一是, 二是 …, restarting in each group); empty items get none."""
    numbers: dict[str, str] = {}
    for section in draft.sections:
        for group in section.groups:
            n = 0
            for item in group.items:
                if not item.empty:
                    n += 1
                    numbers[item.id] = f"{cn_number(n)}是"
    return numbers


def item_labels(draft: EditorDraft) -> dict[str, str]:
    """Item id → where it stands, for choosing an item ("存在问题 · 理论学习方面 · 一是 ……")."""
    numbers = item_numbers(draft)
    labels: dict[str, str] = {}
    for section, group, item in draft.items():
        where = " · ".join(p for p in (section.label, group.name) if p)
        head = (item.headline or item.body).strip()[:16]
        labels[item.id] = f"{where} · {numbers.get(item.id, '（空）')} {head}".strip()
    return labels


# -- text out ---------------------------------------------------------------------------------------------


@dataclass
class Rendered:
    """The text and where each field stands in it (field key → [start, end))."""

    text: str
    spans: dict[str, tuple[int, int]] = field(default_factory=dict)


class _Writer:
    def __init__(self) -> None:
        self.lines: list[str] = []
        self.length = 0
        self.spans: dict[str, tuple[int, int]] = {}

    def line(self, text: str, key: str | None = None, *, prefix: str = "") -> None:
        start = self.length + (1 if self.lines else 0)
        self.lines.append(prefix + text)
        self.length = start + len(prefix) + len(text)
        if key is not None:
            self.spans[key] = (start, self.length)

    def block(self, text: str, key: str) -> None:
        """A multi-line field: blank lines dropped, each line kept as written."""
        lines = [line for line in text.split("\n") if line.strip()]
        if not lines:
            return
        first = self.length + (1 if self.lines else 0)
        for line in lines:
            self.line(line)
        self.spans[key] = (first, self.length)


def headline_text(headline: str, body: str) -> str:
    """The headline as written out: a sentence ending in 。 when a body follows it."""
    headline = headline.strip()
    if headline and body.strip() and headline[-1] not in _SENTENCE_END:
        return headline + "。"
    return headline


def _item_text(item: EditorItem) -> str:
    body = "\n".join(line for line in item.body.strip().split("\n") if line.strip())
    return headline_text(item.headline, body) + body


def render(draft: EditorDraft) -> Rendered:
    """The report as text, numbered, in the order the core parser expects."""
    out = _Writer()
    for key in ("title", "byline", "opening"):
        out.block(getattr(draft, key), key)
    number = 0
    for section in draft.sections:
        number += 1
        out.line(
            section.heading.strip() or SECTION_TITLES[section.key],
            f"sh-{section.key}",
            prefix=f"{cn_number(number)}、",
        )
        out.block(section.preamble, f"sp-{section.key}")
        for index, group in enumerate(section.groups, start=1):
            if group.name.strip():
                out.line(group.name.strip(), f"gn-{group.id}", prefix=f"（{cn_number(index)}）")
            out.block(group.preamble, f"gp-{group.id}")
            n = 0
            for item in group.items:
                if item.empty:
                    continue
                n += 1
                out.block(f"{cn_number(n)}是" + _item_text(item), f"item-{item.id}")
    if draft.unplaced.strip():
        number += 1
        out.line(UNPLACED_HEADING, "unplaced-heading", prefix=f"{cn_number(number)}、")
        out.block(draft.unplaced, "unplaced")
    out.block(draft.closing, "closing")
    return Rendered("\n".join(out.lines), out.spans)


# -- a new draft ------------------------------------------------------------------------------------------


def blank_draft(
    *, title: str, byline: str, aspects: Iterable[str], rectification: bool = False
) -> EditorDraft:
    """An empty draft laid out for the framework's aspects (one empty item in each place to write)."""
    groups = tuple(
        EditorGroup(new_id(), name=_aspect_heading(name), items=(EditorItem(new_id()),), aspect=name)
        for name in aspects
    ) or (EditorGroup(new_id(), items=(EditorItem(new_id()),)),)
    sections = [
        EditorSection("problems", SECTION_TITLES["problems"], groups=groups),
        EditorSection("causes", SECTION_TITLES["causes"], groups=(_one_group(),)),
        EditorSection("measures", SECTION_TITLES["measures"], groups=(_one_group(),)),
    ]
    if rectification:
        sections.insert(
            0, EditorSection("rectification", SECTION_TITLES["rectification"], groups=(_one_group(),))
        )
    return EditorDraft(title=title, byline=byline, sections=tuple(sections))


def _aspect_heading(aspect: str) -> str:
    return aspect if aspect.endswith("方面") else f"{aspect}方面"


def _one_group() -> EditorGroup:
    return EditorGroup(new_id(), items=(EditorItem(new_id()),))


# -- editing ----------------------------------------------------------------------------------------------


def apply_fields(draft: EditorDraft, fields: Mapping[str, str]) -> EditorDraft:
    """The draft with the text of the posted form fields (absent fields keep their text).

    Field names: title, byline, opening, closing, unplaced; sh-/sp-<section> (heading, preamble);
    gn-/gp-<group id>; ih-/ib-<item id> (headline, body).
    """

    def value(name: str, old: str) -> str:
        new = fields.get(name)
        return old if new is None else new.replace("\r\n", "\n").replace("\r", "\n")

    sections = tuple(
        replace(
            section,
            heading=value(f"sh-{section.key}", section.heading),
            preamble=value(f"sp-{section.key}", section.preamble),
            groups=tuple(
                replace(
                    group,
                    name=value(f"gn-{group.id}", group.name),
                    preamble=value(f"gp-{group.id}", group.preamble),
                    items=tuple(
                        replace(
                            item,
                            headline=value(f"ih-{item.id}", item.headline),
                            body=value(f"ib-{item.id}", item.body),
                        )
                        for item in group.items
                    ),
                )
                for group in section.groups
            ),
        )
        for section in draft.sections
    )
    return replace(
        draft,
        title=value("title", draft.title),
        byline=value("byline", draft.byline),
        opening=value("opening", draft.opening),
        closing=value("closing", draft.closing),
        unplaced=value("unplaced", draft.unplaced),
        sections=sections,
    )


def add_item(draft: EditorDraft, *, group_id: str) -> tuple[EditorDraft, str | None]:
    """The draft with an empty item at the end of the group; the new item's id (None: no such group)."""
    added: str | None = None

    def grow(group: EditorGroup) -> EditorGroup:
        nonlocal added
        if group.id != group_id:
            return group
        added = new_id()
        return replace(group, items=(*group.items, EditorItem(added)))

    sections = tuple(replace(s, groups=tuple(grow(g) for g in s.groups)) for s in draft.sections)
    return replace(draft, sections=sections), added


def remove_item(draft: EditorDraft, *, item_id: str) -> EditorDraft:
    sections = tuple(
        replace(
            s, groups=tuple(replace(g, items=tuple(i for i in g.items if i.id != item_id)) for g in s.groups)
        )
        for s in draft.sections
    )
    return replace(draft, sections=sections)


def add_section(draft: EditorDraft, *, key: str) -> EditorDraft:
    """Add a missing section (e.g. 上年度整改落实情况) in its place in SECTION_ORDER."""
    if key not in SECTION_TITLES or draft.section(key) is not None:
        return draft
    new = EditorSection(key, SECTION_TITLES[key], groups=(_one_group(),))
    ordered = sorted((*draft.sections, new), key=lambda s: SECTION_ORDER.index(s.key))
    return replace(draft, sections=tuple(ordered))


# -- JSON -------------------------------------------------------------------------------------------------


def to_data(draft: EditorDraft) -> dict[str, Any]:
    return {
        "title": draft.title,
        "byline": draft.byline,
        "opening": draft.opening,
        "closing": draft.closing,
        "unplaced": draft.unplaced,
        "sections": [
            {
                "key": s.key,
                "heading": s.heading,
                "preamble": s.preamble,
                "groups": [
                    {
                        "id": g.id,
                        "name": g.name,
                        "preamble": g.preamble,
                        "aspect": g.aspect,
                        "items": [{"id": i.id, "headline": i.headline, "body": i.body} for i in g.items],
                    }
                    for g in s.groups
                ],
            }
            for s in draft.sections
        ],
    }


def from_data(data: Mapping[str, Any]) -> EditorDraft:
    def text(obj: Mapping[str, Any], key: str) -> str:
        value = obj.get(key, "")
        return value if isinstance(value, str) else ""

    sections = []
    for s in data.get("sections", []):
        if s.get("key") not in SECTION_TITLES:
            continue
        groups = tuple(
            EditorGroup(
                text(g, "id") or new_id(),
                name=text(g, "name"),
                preamble=text(g, "preamble"),
                aspect=text(g, "aspect"),
                items=tuple(
                    EditorItem(text(i, "id") or new_id(), text(i, "headline"), text(i, "body"))
                    for i in g.get("items", [])
                ),
            )
            for g in s.get("groups", [])
        )
        sections.append(EditorSection(s["key"], text(s, "heading"), text(s, "preamble"), groups))
    return EditorDraft(
        title=text(data, "title"),
        byline=text(data, "byline"),
        opening=text(data, "opening"),
        sections=tuple(sections),
        closing=text(data, "closing"),
        unplaced=text(data, "unplaced"),
    )


# -- text in (an uploaded report) -----------------------------------------------------------------------------


class _Taken:
    """Which characters of the report text went into a field."""

    def __init__(self, size: int) -> None:
        self.used = bytearray(size)

    def take(self, text: str, start: int, end: int) -> str:
        for i in range(max(0, start), min(end, len(self.used))):
            self.used[i] = 1
        return text[start:end].strip()

    def leftovers(self, text: str) -> list[tuple[int, str]]:
        """Runs of untaken characters that hold more than whitespace, line by line: (start, line)."""
        runs: list[tuple[int, str]] = []
        start: int | None = None
        for i in range(len(text) + 1):
            free = i < len(text) and not self.used[i] and text[i] != "\n"
            if free and start is None:
                start = i
            elif not free and start is not None:
                if text[start:i].strip():
                    runs.append((start, text[start:i].strip()))
                start = None
        return runs


def _line_end(text: str, offset: int) -> int:
    end = text.find("\n", offset)
    return len(text) if end < 0 else end


def _strip_label(line: str) -> str:
    return _LABEL_RE.sub("", line, count=1).strip()


def _item(report: ParsedReport, item: Item, taken: _Taken) -> EditorItem:
    text = report.text
    prefix = taken.take(text, item.start, item.headline_span.start)
    if item.number and prefix.startswith(item.number):
        prefix = prefix[len(item.number) :]
    prefix = prefix.lstrip("：:，,、.． \u3000")
    headline = prefix + taken.take(text, item.headline_span.start, item.headline_span.end)
    body = taken.take(text, item.headline_span.end, item.end)
    return EditorItem(new_id(), headline, body)


def _heading_line(report: ParsedReport, heading: Heading, taken: _Taken) -> str:
    """The heading with the punctuation after it; an item on the same line stays the item's."""
    text, end = report.text, heading.end
    while end < len(text) and text[end] in "。：:；;，, \u3000":
        end += 1
    return _strip_label(taken.take(text, heading.start, end))


def _section(report: ParsedReport, part: Part, taken: _Taken) -> EditorSection:
    heading = _heading_line(report, part.heading, taken) if part.heading else SECTION_TITLES[part.kind]
    preamble = taken.take(report.text, part.preamble.start, part.preamble.end) if part.preamble else ""
    groups: list[EditorGroup] = []
    for aspect in part.aspects:
        name = _heading_line(report, aspect.heading, taken) if aspect.heading else ""
        pre = taken.take(report.text, aspect.preamble.start, aspect.preamble.end) if aspect.preamble else ""
        items = tuple(_item(report, item, taken) for item in aspect.items)
        groups.append(EditorGroup(new_id(), name=name, preamble=pre, items=items, aspect=aspect.aspect or ""))
    if part.items or not groups:
        items = tuple(_item(report, item, taken) for item in part.items)
        groups.append(EditorGroup(new_id(), items=items))
    return EditorSection(part.kind, heading, preamble, tuple(groups))


def from_report(report: ParsedReport) -> EditorDraft:
    """The parsed report as a draft; every character not in a field goes to ``unplaced`` (or, for a
    section on last year's rectification, to that section)."""
    text = report.text
    taken = _Taken(len(text))
    header = [taken.take(text, s.start, _line_end(text, s.start)) for s in report.header]
    opening = ""
    if report.preamble is not None:
        # A section on last year's rectification before the problems part is read as opening text by the
        # core; it is left untaken here so that it becomes the section again.
        end = _rectification_start(text, report.preamble.start, report.preamble.end)
        opening = taken.take(text, report.preamble.start, end)
    sections = [_section(report, part, taken) for part in report.parts()]
    closing = taken.take(text, report.closing.start, report.closing.end) if report.closing else ""
    rectification, unplaced = _sort_leftovers(taken.leftovers(text))
    if rectification is not None:
        sections.insert(0, rectification)
    return EditorDraft(
        title=header[0] if header else "",
        byline="\n".join(header[1:]),
        opening=opening,
        sections=tuple(sections),
        closing=closing,
        unplaced="\n".join(unplaced),
    )


def _is_rectification_heading(line: str) -> bool:
    line = line.strip()
    return bool(line) and len(line) <= 40 and line[-1] not in "。；;" and bool(_RECTIFICATION_RE.search(line))


def _rectification_start(text: str, start: int, end: int) -> int:
    """Where a numbered rectification heading starts inside [start, end) (``end`` when there is none)."""
    offset = start
    for line in text[start:end].split("\n"):
        if _LABEL_RE.match(line) and _is_rectification_heading(line):
            return offset
        offset += len(line) + 1
    return end


def normalised(draft: EditorDraft) -> EditorDraft:
    """The draft as the text carries it: headlines end in 。 before a body (for comparisons)."""
    sections = tuple(
        replace(
            s,
            groups=tuple(
                replace(
                    g, items=tuple(replace(i, headline=headline_text(i.headline, i.body)) for i in g.items)
                )
                for g in s.groups
            ),
        )
        for s in draft.sections
    )
    return replace(draft, sections=sections)


def _sort_leftovers(runs: list[tuple[int, str]]) -> tuple[EditorSection | None, list[str]]:
    """A heading on last year's rectification takes the lines after it up to the next heading-like line."""
    unplaced: list[str] = []
    rect_heading: str | None = None
    rect_lines: list[str] = []
    collecting = False
    for _start, line in runs:
        short_heading = len(line) <= 40 and line[-1] not in "。；;"
        if _is_rectification_heading(line) and rect_heading is None:
            rect_heading, collecting = _strip_label(line), True
            continue
        if collecting and short_heading and _LABEL_RE.match(line):
            collecting = False
        if line.strip() == UNPLACED_HEADING or _strip_label(line) == UNPLACED_HEADING:
            collecting = False
            continue  # our own heading for unplaced text, written by render()
        (rect_lines if collecting else unplaced).append(line)
    if rect_heading is None:
        return None, unplaced
    group = EditorGroup(new_id(), preamble="\n".join(rect_lines))
    return EditorSection("rectification", rect_heading, groups=(group,)), unplaced

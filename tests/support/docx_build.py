"""Build .docx test files from plain lines with python-docx (tests only; never ship generated files).

* :func:`build_docx` writes one paragraph per line.
* :func:`build_docx_with_numbering` removes the heading labels from the text and lets Word's
  automatic list numbering draw them, as many real reports do. What it converts (after leading
  whitespace, including the ideographic space, is stripped):

  ====  =============================  =========================  ====================
  lvl   label at the start of a line   Word definition            label Word draws
  ====  =============================  =========================  ====================
  0     一、 … 九十九、                chineseCounting ``%1、``   ``一、``
  1     （一） (一) (一） （一)        chineseCounting ``（%2）`` ``（一）``
  2     1. 1． 1、 (not "1.5")         decimal ``%3.``            ``1.``
  3     （1） (1) (1） （1)            decimal ``（%4）``         ``（1）``
  4     ① … ⑳                          decimalEnclosedCircle      ``①``
  ====  =============================  =========================  ====================

  Everything else stays text, including "一是…", "第一，…" and "首先". All levels belong to one
  multi-level list, so a level restarts after any higher level, exactly as Word numbers a report
  ("（一）" again after "二、"). When a label is not the number Word would draw next (a gap, a
  restart, a list starting at "（三）"), the paragraph switches to a new ``w:num`` with a
  ``w:startOverride`` for that level, which is how Word stores "set numbering value".
  :func:`expected_labels` gives, per line, the label the reader must reconstruct.
* :func:`build_docx_with_table` puts report items into a table whose first column (the aspect) is
  vertically merged across its items.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from docx import Document
from docx.document import Document as DocumentObject
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.table import Table
from docx.text.paragraph import Paragraph

_CN_DIGITS = "〇一二三四五六七八九"
_CN = "[一二三四五六七八九十]+"


@dataclass(frozen=True)
class _LevelSpec:
    pattern: re.Pattern[str]
    num_fmt: str
    template: str

    def render(self, value: int) -> str:
        number = {
            "chineseCounting": _chinese,
            "decimal": str,
            "decimalEnclosedCircle": lambda n: chr(0x2460 + n - 1),
        }[self.num_fmt](value)
        return re.sub(r"%\d", number, self.template)


LEVELS: tuple[_LevelSpec, ...] = (
    _LevelSpec(re.compile(rf"^({_CN})、"), "chineseCounting", "%1、"),
    _LevelSpec(re.compile(rf"^[（(]({_CN})[）)]"), "chineseCounting", "（%2）"),
    _LevelSpec(re.compile(r"^(\d{1,2})[.．、](?![\d])"), "decimal", "%3."),
    _LevelSpec(re.compile(r"^[（(](\d{1,2})[）)]"), "decimal", "（%4）"),
    _LevelSpec(re.compile(r"^([①-⑳])"), "decimalEnclosedCircle", "%5"),
)
_LEADING_SPACE = re.compile(r"^[\s\u3000]+")


def _chinese(n: int) -> str:
    tens, ones = divmod(n, 10)
    if tens == 0:
        return _CN_DIGITS[ones]
    return ("" if tens == 1 else _CN_DIGITS[tens]) + "十" + (_CN_DIGITS[ones] if ones else "")


def _value(token: str) -> int:
    if "\u2460" <= token <= "\u2473":  # checked first: str.isdigit() is also true for ①
        return ord(token) - 0x2460 + 1
    if token.isdigit():
        return int(token)
    if "十" in token:
        tens, _, ones = token.partition("十")
        return (_CN_DIGITS.index(tens) if tens else 1) * 10 + (_CN_DIGITS.index(ones) if ones else 0)
    return _CN_DIGITS.index(token)


@dataclass(frozen=True)
class SplitLine:
    """A line with its leading label taken off: ``level``/``value`` are None when it has none."""

    text: str
    level: int | None = None
    value: int | None = None

    @property
    def label(self) -> str | None:
        return None if self.level is None or self.value is None else LEVELS[self.level].render(self.value)


def split_label(line: str) -> SplitLine:
    """Take a supported label off the start of ``line`` (see the module docstring)."""
    stripped = _LEADING_SPACE.sub("", line)
    for level, spec in enumerate(LEVELS):
        match = spec.pattern.match(stripped)
        if match:
            return SplitLine(_LEADING_SPACE.sub("", stripped[match.end() :]), level, _value(match.group(1)))
    return SplitLine(line)


def expected_labels(lines: Iterable[str]) -> list[str | None]:
    """The label Word draws for each line of :func:`build_docx_with_numbering` (None: no label)."""
    return [split_label(line).label for line in lines]


def docx_bytes(text: str) -> bytes:
    """A .docx held in memory, one plain paragraph per line of ``text`` (for uploads in tests and benches)."""
    document = Document()
    for line in text.split("\n"):
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def build_docx(path: str | Path, paragraphs: Sequence[str], *, bold_headings: bool = False) -> Path:
    """One plain paragraph per line (a line's own "\\n" becomes a manual line break).

    With ``bold_headings``, lines starting with a level-0 or level-1 label ("一、", "（一）") are
    bold: the whole line when it is at most 40 characters, else only up to its first "。".
    """
    document = Document()
    for line in paragraphs:
        paragraph = document.add_paragraph()
        heading = bold_headings and split_label(line).level in (0, 1)
        if heading and len(line) > 40 and "。" in line:
            head, _, tail = line.partition("。")
            _add_text(paragraph, head + "。", bold=True)
            _add_text(paragraph, tail, bold=False)
        else:
            _add_text(paragraph, line, bold=heading)
    return _save(document, path)


def _add_text(paragraph: Paragraph, text: str, *, bold: bool) -> None:
    for i, piece in enumerate(text.split("\n")):
        run = paragraph.add_run(piece)
        run.bold = bold or None
        if i:
            run._r.addprevious(parse_xml(f"<w:r {nsdecls('w')}><w:br/></w:r>"))


def _save(document: DocumentObject, path: str | Path) -> Path:
    target = Path(path)
    document.save(str(target))
    return target


# ---------------------------------------------------------------------------
# Automatic numbering
# ---------------------------------------------------------------------------


@dataclass
class _ListWriter:
    """Adds one multi-level abstract numbering and the ``w:num`` instances that use it."""

    document: DocumentObject
    abstract_id: int = 0
    num_id: int = 0
    counters: list[int | None] = field(default_factory=lambda: [None] * len(LEVELS))
    starts: dict[int, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        numbering = self.document.part.numbering_part.element
        ids = [int(a.get(qn("w:abstractNumId"))) for a in numbering.findall(qn("w:abstractNum"))]
        self.abstract_id = max(ids, default=0) + 1
        abstract = parse_xml(_abstract_xml(self.abstract_id))
        existing = numbering.findall(qn("w:abstractNum"))
        if existing:
            existing[-1].addnext(abstract)
        else:
            numbering.insert(0, abstract)
        self.num_id = self._new_num({})

    def _new_num(self, overrides: dict[int, int]) -> int:
        numbering = self.document.part.numbering_part.element
        num = numbering.add_num(self.abstract_id)
        for level, start in overrides.items():
            num.append(
                parse_xml(
                    f'<w:lvlOverride {nsdecls("w")} w:ilvl="{level}"><w:startOverride w:val="{start}"/></w:lvlOverride>'
                )
            )
        return int(num.numId)

    def number_for(self, level: int, value: int) -> tuple[int, bool]:
        """The numId to use so that Word draws ``value`` at ``level``; True when it is a new instance."""
        if self._advance(level) == value:
            return self.num_id, False
        # Word would draw another number: restart with a new instance that starts at ``value``.
        self.num_id = self._new_num({level: value})
        self.counters = [None] * len(LEVELS)
        self.starts = {level: value}
        self._advance(level)
        return self.num_id, True

    def _advance(self, level: int) -> int:
        current = self.counters[level]
        self.counters[level] = self.starts.get(level, 1) if current is None else current + 1
        for deeper in range(level + 1, len(LEVELS)):
            self.counters[deeper] = None
        value = self.counters[level]
        assert value is not None
        return value


def _abstract_xml(abstract_id: int) -> str:
    levels = "".join(
        f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{spec.num_fmt}"/>'
        f'<w:lvlText w:val="{spec.template}"/><w:lvlJc w:val="left"/><w:suff w:val="nothing"/>'
        f'<w:pPr><w:ind w:left="0" w:firstLine="640"/></w:pPr></w:lvl>'
        for i, spec in enumerate(LEVELS)
    )
    return (
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{abstract_id}">'
        f'<w:multiLevelType w:val="multilevel"/>{levels}</w:abstractNum>'
    )


def build_docx_with_numbering(path: str | Path, lines: Sequence[str], *, via_style: bool = False) -> Path:
    """Like :func:`build_docx`, but heading labels become Word automatic numbering (module docstring).

    With ``via_style`` the numbering sits on paragraph styles ("明镜编号 1" … one per level) that
    the paragraphs use, instead of on the paragraphs themselves; restarts still go on the paragraph.
    """
    document = Document()
    writer = _ListWriter(document)
    base_num = writer.num_id
    styles = _level_styles(document, base_num) if via_style else {}
    for line in lines:
        split = split_label(line)
        paragraph = document.add_paragraph()
        _add_text(paragraph, split.text, bold=False)
        if split.level is None or split.value is None:
            continue
        num_id, _restarted = writer.number_for(split.level, split.value)
        if styles:
            paragraph.style = styles[split.level]
        if not styles or num_id != base_num:
            _set_num(paragraph, num_id, split.level)
    return _save(document, path)


def _level_styles(document: DocumentObject, num_id: int) -> dict[int, str]:
    from docx.enum.style import WD_STYLE_TYPE

    names: dict[int, str] = {}
    for level in range(len(LEVELS)):
        style = document.styles.add_style(f"明镜编号 {level + 1}", WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = document.styles["Normal"]
        num_pr = style.element.get_or_add_pPr().get_or_add_numPr()
        num_pr.get_or_add_numId().val = num_id
        num_pr.get_or_add_ilvl().val = level
        names[level] = style.name
    return names


def _set_num(paragraph: Paragraph, num_id: int, level: int) -> None:
    num_pr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
    num_pr.get_or_add_ilvl().val = level
    num_pr.get_or_add_numId().val = num_id


# ---------------------------------------------------------------------------
# Tables
# ---------------------------------------------------------------------------


def build_docx_with_table(
    path: str | Path,
    rows: Sequence[Sequence[str]],
    *,
    before: Sequence[str] = (),
    after: Sequence[str] = (),
    header: Sequence[str] | None = None,
    merge_first_column: bool = True,
) -> Path:
    """A report whose items sit in a table: ``before`` paragraphs, the table, ``after`` paragraphs.

    ``rows`` are the body rows (e.g. ``("理论学习方面", "一是……", "整改措施……")``); a cell's own
    "\\n" splits it into several paragraphs of that cell. With ``merge_first_column``, runs of equal
    first-column values become one vertically merged cell holding the value once.
    """
    document = Document()
    for line in before:
        _add_text(document.add_paragraph(), line, bold=False)
    width = max(len(row) for row in [*rows, header or ()])
    table = document.add_table(rows=len(rows) + (1 if header else 0), cols=width)
    body_start = 1 if header else 0
    if header:
        _fill(table, 0, header)
    for r, row in enumerate(rows, start=body_start):
        _fill(table, r, row)
    if merge_first_column:
        _merge_runs(table, [row[0] if row else "" for row in rows], body_start)
    for line in after:
        _add_text(document.add_paragraph(), line, bold=False)
    return _save(document, path)


def _fill(table: Table, row_index: int, values: Sequence[str]) -> None:
    for c, value in enumerate(values):
        cell = table.cell(row_index, c)
        lines = value.split("\n")
        cell.text = lines[0]
        for extra in lines[1:]:
            cell.add_paragraph(extra)


def _merge_runs(table: Table, keys: list[str], offset: int) -> None:
    start = 0
    for i in range(1, len(keys) + 1):
        if i == len(keys) or keys[i] != keys[start]:
            if i - 1 > start:
                for r in range(start + 1, i):
                    table.cell(r + offset, 0).text = ""
                table.cell(start + offset, 0).merge(table.cell(i - 1 + offset, 0))
            start = i

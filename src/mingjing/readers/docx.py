"""Word .docx: body paragraphs and table cells in document order, with Word's list numbers.

What a :class:`~mingjing.model.SourceParagraph` from a .docx holds:

* ``text``: the visible text of the paragraph. Tabs stay ``"\\t"``; a manual line break
  (``w:br``, Shift+Enter) or carriage return (``w:cr``) becomes ``"\\n"`` *inside* the paragraph,
  so the parser must treat ``"\\n"`` within a paragraph as a line break. Deleted revisions and
  hidden text (``w:vanish``) are left out, inserted revisions are kept (the text reads as if all
  changes were accepted); field results are kept, field codes are not.
* ``numbering``: the label Word draws from its automatic list numbering but that is not part of
  the text (``"一、"``, ``"（一）"``, ``"1."``, ``"①"`` …), rebuilt from numbering.xml; None for
  bullets and unnumbered paragraphs.
* ``kind``: ``"table-cell"`` with ``table=(table, row, grid column)`` inside tables (Word keeps a
  merged cell's text once, in its first cell; the cells it spans give their own, normally empty,
  paragraphs, so every ``w:p`` of the body appears exactly once); ``"heading"`` for
  paragraphs with an outline level or a heading/title style; otherwise ``"paragraph"``.
* ``bold``: all visible (non-blank) text of the paragraph is bold, whether set on the runs, their
  character style, the paragraph style or the document defaults.

Content controls (``w:sdt``) are read like ordinary content. Text boxes are read "simply": their
paragraphs follow the paragraph that anchors them. Headers, footers, footnotes and comments are
not read.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from dataclasses import dataclass, field

from lxml import etree  # type: ignore[import-untyped]

from mingjing.errors import ReadError
from mingjing.model import SourceParagraph
from mingjing.readers import ooxml
from mingjing.readers.limits import DEFAULT_LIMITS, ReadLimits, chars_error, paragraphs_error
from mingjing.readers.ooxml import Element, Numbering, Package, PackageError, Styles, Tags
from mingjing.readers.package import parse_xml_bytes

MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_MC_FALLBACK = f"{{{MC_NS}}}Fallback"
_HEADING_NAME = re.compile(r"^(heading\s*\d|标题\s*\d?|title)$", re.IGNORECASE)
_READ_ERRORS = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    zlib.error,
    etree.XMLSyntaxError,
    PackageError,
    EOFError,
    OSError,
    KeyError,
    ValueError,
    NotImplementedError,  # unsupported zip compression
    RuntimeError,  # encrypted zip entry
)


def broken_docx_error(name: str) -> ReadError:
    return ReadError(
        f"文件已损坏，无法按 Word 文档读取：{name}。",
        hint="请在 Word 或 WPS 中打开后另存为 .docx 再试。",
    )


@dataclass(frozen=True)
class DocxContent:
    """What the walk found: paragraphs in reading order plus notes for the user."""

    paragraphs: tuple[SourceParagraph, ...]
    warnings: tuple[str, ...]
    has_drawings: bool


def read_docx(data: bytes, *, name: str, limits: ReadLimits = DEFAULT_LIMITS) -> DocxContent:
    """Read a .docx held in memory; any damage becomes a Chinese :class:`ReadError`.

    Past a limit (parts, part size, XML size and nodes, numbering, paragraphs, characters) it raises
    :class:`~mingjing.errors.LimitExceededError` before the work that limit bounds.
    """
    try:
        with Package(data, limits=limits, name=name) as package:
            return _read_package(package)
    except _READ_ERRORS as exc:
        raise broken_docx_error(name) from exc


def _read_package(package: Package) -> DocxContent:
    main = ooxml.main_part_name(package)
    root = package.parse(main)
    namespace = etree.QName(root).namespace or ooxml.W_TRANSITIONAL
    if namespace not in (ooxml.W_TRANSITIONAL, ooxml.W_STRICT):
        raise PackageError(f"unexpected namespace {namespace}")
    tags = Tags(namespace)
    body = root.find(tags.body)
    if body is None:
        raise PackageError("document has no body")
    related = ooxml.relationships(package, main)
    limits, name = package.limits, package.name
    styles_part = ooxml.optional_part(package, related.get("styles"))
    styles = ooxml.load_styles(namespace, styles_part, limits=limits, name=name)
    numbering_part = ooxml.optional_part(package, related.get("numbering"))
    numbering_root = (
        None if numbering_part is None else parse_xml_bytes(numbering_part, limits=limits, name=name)
    )
    numbering = Numbering(tags, numbering_root, styles, limits=limits, name=name)
    walker = _Walker(tags, styles, numbering, limits=limits, name=name)
    walker.blocks(body)
    return DocxContent(tuple(walker.out), walker.warnings(), walker.has_drawings)


@dataclass
class _RunState:
    """Collected while walking one paragraph's runs."""

    parts: list[str] = field(default_factory=list)
    all_bold: bool = True
    any_text: bool = False
    text_boxes: list[Element] = field(default_factory=list)


class _Walker:
    """Walks the body once, in document order (linear in the size of the XML)."""

    def __init__(
        self, tags: Tags, styles: Styles, numbering: Numbering, *, limits: ReadLimits, name: str
    ) -> None:
        self.t = tags
        self.styles = styles
        self.numbering = numbering
        self.limits = limits
        self.name = name
        self.chars = 0
        self.in_text_box = False
        self.out: list[SourceParagraph] = []
        self.tables = 0
        self.has_drawings = False
        self.has_revisions = False
        self.has_alt_chunks = False
        t = tags
        # Block containers whose children are read as if they stood in the body.
        self._block_containers = {t.sdt, t.sdtContent, t.customXml}
        # Inside a paragraph: subtrees that are never visible text.
        self._deleted = f"{{{t.ns}}}del"
        self._skip_inline = {
            t.pPr,
            t.rPr,
            t.sdtPr,
            t.sdtEndPr,
            t.moveFrom,
            t.proofErr,
            t.bookmarkStart,
            _MC_FALLBACK,
        }
        self._run_text = {t.t: None, t.tab: "\t", t.ptab: "\t", t.br: "\n", t.cr: "\n", t.noBreakHyphen: "-"}
        self._embeds = {t.drawing, t.pict, t.object, f"{{{MC_NS}}}AlternateContent"}

    # -- blocks ---------------------------------------------------------------------------------

    def blocks(self, parent: Element, table: tuple[int, int, int] | None = None) -> None:
        t = self.t
        for child in parent:
            tag = child.tag
            if tag == t.p:
                self.paragraph(child, table)
            elif tag == t.tbl:
                self.table(child)
            elif tag in self._block_containers:
                self.blocks(child, table)
            elif tag == t.altChunk:
                self.has_alt_chunks = True

    def table(self, tbl: Element) -> None:
        index = self.tables
        self.tables += 1
        for row_index, row in enumerate(self._children(tbl, self.t.tr)):
            column = _int_val(self.t, row.find(f"{self.t.trPr}/{self.t.gridBefore}")) or 0
            for cell in self._children(row, self.t.tc):
                properties = cell.find(self.t.tcPr)
                # A merged cell's text is stored once, in its first cell; the cells it covers keep
                # their own (normally empty) paragraphs, which are read like any other.
                self.blocks(cell, (index, row_index, column))
                column += (
                    _int_val(self.t, properties.find(self.t.gridSpan) if properties is not None else None)
                    or 1
                )

    def _children(self, parent: Element, tag: str) -> list[Element]:
        """Direct children with ``tag``, looking through content controls and custom XML wrappers."""
        found: list[Element] = []
        for child in parent:
            if child.tag == tag:
                found.append(child)
            elif child.tag in self._block_containers:
                found.extend(self._children(child, tag))
        return found

    # -- paragraphs -----------------------------------------------------------------------------

    def paragraph(self, p: Element, table: tuple[int, int, int] | None) -> None:
        t = self.t
        properties = p.find(t.pPr)
        style_id = t.val(properties.find(t.pStyle)) if properties is not None else None
        style_id = style_id or self.styles.default_paragraph
        state = _RunState()
        self._inline(p, state, style_id)
        text = "".join(state.parts)
        self._charge(text)
        self.out.append(
            SourceParagraph(
                index=len(self.out),
                text=text,
                kind="table-cell" if table is not None else self._kind(properties, style_id),
                style=self.styles.name(style_id),
                bold=state.any_text and state.all_bold,
                numbering=self._label(properties, style_id),
                table=table,
            )
        )
        # Word cannot put a text box inside a text box: boxes found inside one are not read again,
        # which also keeps crafted nesting from re-walking the same subtree at every level.
        if state.text_boxes and not self.in_text_box:
            self.in_text_box = True
            try:
                for box in state.text_boxes:
                    self.blocks(box, table)
            finally:
                self.in_text_box = False

    def _charge(self, text: str) -> None:
        """Count the paragraph and its characters; stop as soon as a limit is passed."""
        self.chars += len(text)
        if len(self.out) >= self.limits.max_paragraphs:
            raise paragraphs_error(self.name, self.limits)
        if self.chars > self.limits.max_chars:
            raise chars_error(self.name, self.limits)

    def _kind(self, properties: Element | None, style_id: str | None) -> str:
        outline = _int_val(self.t, properties.find(self.t.outlineLvl)) if properties is not None else None
        if outline is None:
            outline = self.styles.outline(style_id)
        if outline is not None and 0 <= outline < 9:
            return "heading"
        name = self.styles.name(style_id)
        return "heading" if name and _HEADING_NAME.match(name.strip()) else "paragraph"

    def _label(self, properties: Element | None, style_id: str | None) -> str | None:
        t = self.t
        num_pr = properties.find(t.numPr) if properties is not None else None
        num_id = t.val(num_pr.find(t.numId)) if num_pr is not None else None
        ilvl = _int_val(t, num_pr.find(t.ilvl)) if num_pr is not None else None
        if num_id is None:
            num_id, style_ilvl = self.styles.numbering(style_id)
            ilvl = style_ilvl if ilvl is None else ilvl
        if num_id is None or num_id == "0":  # numId 0 explicitly switches numbering off
            return None
        if ilvl is None:
            ilvl = self.numbering.level_for_style(num_id, style_id)
        return self.numbering.next_label(num_id, ilvl)

    def _inline(self, parent: Element, state: _RunState, style_id: str | None) -> None:
        t = self.t
        for child in parent:
            tag = child.tag
            if tag == t.r:
                self._run(child, state, style_id)
            elif tag == t.ins or tag == t.moveTo:
                self.has_revisions = True
                self._inline(child, state, style_id)
            elif tag == self._deleted:
                self.has_revisions = True
            elif tag not in self._skip_inline and isinstance(tag, str):
                self._inline(child, state, style_id)  # hyperlinks, smart tags, fields, inline controls

    def _run(self, run: Element, state: _RunState, style_id: str | None) -> None:
        t = self.t
        properties = run.find(t.rPr)
        if properties is not None and ooxml.toggle(t, properties.find(t.vanish)):
            return
        pieces: list[str] = []
        for child in run:
            tag = child.tag
            if tag in self._run_text:
                fixed = self._run_text[tag]
                pieces.append(child.text or "" if fixed is None else fixed)
            elif tag == t.sym:
                pieces.append(_symbol(t, child))
            elif tag in self._embeds:
                self.has_drawings = True
                state.text_boxes.extend(self._text_boxes(child))
        text = "".join(pieces)
        state.parts.append(text)
        if text.strip():
            state.any_text = True
            state.all_bold = state.all_bold and self._run_bold(properties, style_id)

    def _text_boxes(self, embed: Element) -> list[Element]:
        """Outermost ``w:txbxContent`` elements, skipping the VML copy in ``mc:Fallback``."""
        boxes: list[Element] = []
        for box in embed.iter(self.t.txbxContent):
            ancestors = {ancestor.tag for ancestor in box.iterancestors()}
            if _MC_FALLBACK not in ancestors and self.t.txbxContent not in ancestors:
                boxes.append(box)
        return boxes

    def _run_bold(self, properties: Element | None, style_id: str | None) -> bool:
        t = self.t
        if properties is not None:
            direct = ooxml.toggle(t, properties.find(t.b))
            if direct is not None:
                return direct
            character = self.styles.bold(t.val(properties.find(t.rStyle)))
            if character is not None:
                return character
        inherited = self.styles.bold(style_id)
        return self.styles.default_bold if inherited is None else inherited

    def warnings(self) -> tuple[str, ...]:
        notes: list[str] = []
        if self.has_revisions:
            notes.append("文档含有修订痕迹，已按“接受全部修订”后的文字读取。")
        if self.has_alt_chunks:
            notes.append(
                "文档中有嵌入的外部内容（altChunk），这部分没有读取；请在 Word 中另存为 .docx 后再试。"
            )
        return tuple(notes)


def _int_val(tags: Tags, element: Element | None) -> int | None:
    value = tags.val(element)
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


def _symbol(tags: Tags, element: Element) -> str:
    """``w:sym``: a character from a symbol font; private-use codes (Wingdings …) are dropped.

    So are controls, surrogates (text holding one cannot be stored or encoded) and numbers past
    U+10FFFF (``chr`` would raise): a crafted code must not cost the document.
    """
    try:
        code = int(tags.val(element, "char") or "", 16)
    except ValueError:
        return ""
    if code <= 0x1F or 0xD800 <= code <= 0xDFFF or 0xE000 <= code <= 0xF8FF or code > 0x10FFFF:
        return ""
    return chr(code)

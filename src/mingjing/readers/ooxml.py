"""The parts of a WordprocessingML package the reader needs: styles and list numbering definitions.

Parsing goes straight through ``zipfile`` and ``lxml`` (python-docx's own XML library) rather than
``docx.Document``: opening a package with python-docx loads and parses every part (themes, fonts,
thumbnails …), which alone costs more than the whole read budget (~10 ms for a 15 000-character
report), and it refuses variants Word opens fine (``.docm``, missing parts).
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import Any

from mingjing.errors import LimitExceededError
from mingjing.readers.limits import DEFAULT_LIMITS, ReadLimits, exceeded
from mingjing.readers.numbering import render_label_bounded
from mingjing.readers.package import Package, PackageError, depth_error, parse_xml_bytes

W_TRANSITIONAL = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W_STRICT = "http://purl.oclc.org/ooxml/wordprocessingml/main"
REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
MAX_LEVELS = 9  # w:ilvl 0–8, as in Word; other levels are ignored (Word ignores them too)
# Only style sheets of ordinary size are cached (Word's ~50 KB, python-docx's template 350 KB): sixteen
# crafted 30 MB sheets must not stay in a server's memory.
_CACHED_STYLES_BYTES = 2 * 1024 * 1024
_TRUE = frozenset({"1", "true", "on"})
_FALSE = frozenset({"0", "false", "off", "none"})

Element = Any  # lxml elements (lxml ships no type information)

__all__ = ["Element", "Numbering", "Package", "PackageError", "Styles", "Tags"]


class Tags:
    """Clark-notation tag names for one WordprocessingML namespace (transitional or strict).

    ``tags.p`` is ``"{namespace}p"``; names are built on first use and then cached as attributes.
    """

    def __init__(self, namespace: str) -> None:
        self.ns = namespace

    def __getattr__(self, local: str) -> str:
        if local.startswith("__"):
            raise AttributeError(local)
        tag = f"{{{self.ns}}}{local}"
        setattr(self, local, tag)
        return tag

    def val(self, element: Element | None, attribute: str = "val") -> str | None:
        """The ``w:val`` (or another ``w:`` attribute) of ``element``; None when either is missing."""
        if element is None:
            return None
        value: str | None = element.get(f"{{{self.ns}}}{attribute}")
        return value


def toggle(tags: Tags, element: Element | None) -> bool | None:
    """A toggle property such as ``<w:b/>``: True, False, or None when not set."""
    if element is None:
        return None
    value = tags.val(element)
    if value is None:
        return True
    return value.lower() not in _FALSE


def relationships(package: Package, source: str) -> dict[str, str]:
    """Relationship type (last path segment, e.g. ``"styles"``) → part name, for one source part."""
    folder, base = posixpath.split(source)
    rels_name = posixpath.join(folder, "_rels", base + ".rels")
    if rels_name not in package:
        return {}
    targets: dict[str, str] = {}
    root: Element = package.parse(rels_name)
    for rel in root:
        kind, target = rel.get("Type", ""), rel.get("Target", "")
        if not target or rel.get("TargetMode") == "External":
            continue
        resolved = (
            target.lstrip("/")
            if target.startswith("/")
            else posixpath.normpath(posixpath.join(folder, target))
        )
        targets.setdefault(kind.rsplit("/", 1)[-1], resolved)
    return targets


def main_part_name(package: Package) -> str:
    """The main document part: the package's officeDocument relationship, else word/document.xml."""
    name = relationships(package, "").get("officeDocument")
    if name and name in package:
        return name
    if "word/document.xml" in package:
        return "word/document.xml"
    raise PackageError("no main document part")


def optional_part(package: Package, name: str | None) -> bytes | None:
    """The bytes of a part that may be absent (styles, numbering), charged to the XML budget."""
    if name is None or name not in package:
        return None
    data = package.read(name)
    package.measure(data, name)
    return data


# ---------------------------------------------------------------------------
# Styles
# ---------------------------------------------------------------------------


@dataclass
class _Style:
    kind: str
    name: str | None
    based_on: str | None
    bold: bool | None
    num_id: str | None
    ilvl: int | None
    outline: int | None


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


def display_style_name(name: str | None) -> str | None:
    """Word stores built-in names in lower case ("heading 1"); show them as Word does ("Heading 1")."""
    if name is None:
        return None
    if name.isascii() and name[:1].islower():
        return name[:1].upper() + name[1:]
    return name


class Styles:
    """The style sheet. Styles are parsed when first asked for; inherited (``w:basedOn``) values
    are resolved on demand and cached, so one sheet can serve many documents (see :func:`styles_from`).
    """

    def __init__(self, tags: Tags, root: Element | None) -> None:
        self.tags = tags
        self.elements: dict[str, Element] = {}
        self.default_paragraph: str | None = None
        self.default_bold = False
        self._parsed: dict[str, _Style | None] = {}
        self._cache: dict[tuple[str, str], object] = {}
        if root is not None:
            self._index(root)

    def _index(self, root: Element) -> None:
        tags = self.tags
        defaults = root.find(f"{tags.docDefaults}/{tags.rPrDefault}/{tags.rPr}")
        self.default_bold = bool(toggle(tags, defaults.find(tags.b))) if defaults is not None else False
        for element in root.iter(tags.style):
            style_id = tags.val(element, "styleId")
            if style_id is None or style_id in self.elements:
                continue
            self.elements[style_id] = element
            is_default = (tags.val(element, "default") or "").lower() in _TRUE
            if (
                is_default
                and self.default_paragraph is None
                and tags.val(element, "type") in (None, "paragraph")
            ):
                self.default_paragraph = style_id

    def style(self, style_id: str) -> _Style | None:
        if style_id not in self._parsed:
            element = self.elements.get(style_id)
            self._parsed[style_id] = None if element is None else _parse_style(self.tags, element)
        return self._parsed[style_id]

    def name(self, style_id: str | None) -> str | None:
        style = self.style(style_id) if style_id else None
        return display_style_name(style.name if style and style.name else style_id)

    def bold(self, style_id: str | None) -> bool | None:
        value = self._inherited(style_id, "bold")
        return value if isinstance(value, bool) else None

    def numbering(self, style_id: str | None) -> tuple[str | None, int | None]:
        num_id, ilvl = self._inherited(style_id, "num_id"), self._inherited(style_id, "ilvl")
        return (num_id if isinstance(num_id, str) else None, ilvl if isinstance(ilvl, int) else None)

    def outline(self, style_id: str | None) -> int | None:
        value = self._inherited(style_id, "outline")
        return value if isinstance(value, int) else None

    def _inherited(self, style_id: str | None, attribute: str) -> object:
        if style_id is None:
            return None
        key = (style_id, attribute)
        if key not in self._cache:
            self._cache[key] = self._walk(style_id, attribute)
        return self._cache[key]

    def _walk(self, style_id: str, attribute: str) -> object:
        seen: set[str] = set()
        current: str | None = style_id
        while current is not None and current not in seen:  # basedOn cycles exist in the wild
            seen.add(current)
            style = self.style(current)
            if style is None:
                return None
            value = getattr(style, attribute)
            if value is not None:
                return value
            current = style.based_on
        return None


@lru_cache(maxsize=16)
def styles_from(namespace: str, data: bytes | None, huge_tree: bool = False) -> Styles:
    """Parse a styles part once per distinct content: reports made from one template share it,
    and a large template style sheet costs more to parse than the rest of the document.

    The caller has already measured ``data`` against the limits (:meth:`Package.measure`).
    """
    if data is None:
        return Styles(Tags(namespace), None)
    return Styles(Tags(namespace), parse_xml_bytes(data, limits=ReadLimits(xml_huge_tree=huge_tree), name=""))


def load_styles(namespace: str, data: bytes | None, *, limits: ReadLimits, name: str) -> Styles:
    """:func:`styles_from` with the file's name in a depth error (the cache must not key on the name)."""
    try:
        if data is not None and len(data) > _CACHED_STYLES_BYTES:  # a long-lived worker keeps the cache
            return styles_from.__wrapped__(namespace, data, limits.xml_huge_tree)
        return styles_from(namespace, data, limits.xml_huge_tree)
    except LimitExceededError as exc:
        raise depth_error(name) from exc


def _parse_style(tags: Tags, element: Element) -> _Style:
    ppr = element.find(tags.pPr)
    rpr = element.find(tags.rPr)
    num_pr = ppr.find(tags.numPr) if ppr is not None else None
    return _Style(
        kind=tags.val(element, "type") or "paragraph",
        name=tags.val(element.find(tags.name)),
        based_on=tags.val(element.find(tags.basedOn)),
        bold=toggle(tags, rpr.find(tags.b)) if rpr is not None else None,
        num_id=tags.val(num_pr.find(tags.numId)) if num_pr is not None else None,
        ilvl=_int(tags.val(num_pr.find(tags.ilvl))) if num_pr is not None else None,
        outline=_int(tags.val(ppr.find(tags.outlineLvl))) if ppr is not None else None,
    )


# ---------------------------------------------------------------------------
# List numbering
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Level:
    """One ``w:lvl`` of an abstract numbering definition."""

    start: int = 1
    fmt: str = "decimal"
    text: str = ""
    restart: int | None = None  # w:lvlRestart: 0 = never; None = after any higher level
    legal: bool = False
    style: str | None = None  # w:pStyle: the paragraph style bound to this level


_LEGAL_FORMATS = ("decimal",) * MAX_LEVELS


@dataclass(frozen=True)
class Instance:
    """A ``w:num``: which levels it uses and where its counters live.

    Instances of one abstract definition share their counters (Word continues such lists); an
    instance with level overrides (a restart, ``w:startOverride``) counts on its own.
    """

    key: str
    levels: dict[int, Level]
    starts: dict[int, int]

    @cached_property
    def formats(self) -> tuple[str, ...]:
        """The ``w:numFmt`` of every level, for filling templates such as ``"%1.%2"``."""
        return tuple(self.levels.get(i, Level()).fmt for i in range(MAX_LEVELS))


def _parse_level(tags: Tags, element: Element) -> Level:
    start = _int(tags.val(element.find(tags.start)))
    return Level(
        start=1 if start is None else start,
        fmt=tags.val(element.find(tags.numFmt)) or "decimal",
        text=tags.val(element.find(tags.lvlText)) or "",
        restart=_int(tags.val(element.find(tags.lvlRestart))),
        legal=bool(toggle(tags, element.find(tags.isLgl))),
        style=tags.val(element.find(tags.pStyle)),
    )


def _parse_levels(tags: Tags, parent: Element) -> dict[int, Level]:
    levels: dict[int, Level] = {}
    for element in parent.findall(tags.lvl):
        ilvl = _int(tags.val(element, "ilvl"))
        if ilvl is not None and 0 <= ilvl < MAX_LEVELS:
            levels[ilvl] = _parse_level(tags, element)
    return levels


class Numbering:
    """Numbering definitions plus the running counters that turn them into labels.

    Definitions are parsed when a paragraph first uses them: converted documents often carry
    dozens of unused lists.
    """

    def __init__(
        self,
        tags: Tags,
        root: Element | None,
        styles: Styles,
        *,
        limits: ReadLimits = DEFAULT_LIMITS,
        name: str = "文件",
    ) -> None:
        self.tags = tags
        self.styles = styles
        self.limits = limits
        self.name = name
        self._abstracts: dict[str | None, Element] = {}
        self._nums: dict[str | None, Element] = {}
        self._instances: dict[str, Instance | None] = {}
        self._levels: dict[str | None, dict[int, Level]] = {}
        self._counters: dict[str, list[int | None]] = {}
        if root is not None:
            self._abstracts = {tags.val(a, "abstractNumId"): a for a in root.findall(tags.abstractNum)}
            self._nums = {tags.val(n, "numId"): n for n in root.findall(tags.num)}

    def instance(self, num_id: str) -> Instance | None:
        if num_id not in self._instances:
            instance = self._build(num_id)
            if instance is not None:
                self._check(instance)
            self._instances[num_id] = instance
        return self._instances[num_id]

    def _check(self, instance: Instance) -> None:
        """Start values and label templates within the limits, before any label is built."""
        limits = self.limits
        starts = [level.start for level in instance.levels.values()] + list(instance.starts.values())
        worst = max(starts, key=abs, default=0)
        if abs(worst) > limits.max_numbering_start:
            raise exceeded(
                f"“{self.name}”中自动编号的起始值 {worst:,} 超出上限 {limits.max_numbering_start:,}。",
                limit="max_numbering_start",
                hint="请在 Word/WPS 中把该列表的编号改为从 1 开始（“设置编号值”），另存后再试。",
            )
        if any(len(level.text) > limits.max_label_chars for level in instance.levels.values()):
            raise self._label_error()

    def _label_error(self) -> Exception:
        return exceeded(
            f"“{self.name}”中自动编号的格式过长（一个编号超过 {self.limits.max_label_chars} 个字符的上限）。",
            limit="max_label_chars",
            hint="请在 Word/WPS 中重新设置该列表的编号格式，另存后再试。",
        )

    def _build(self, num_id: str) -> Instance | None:
        tags = self.tags
        num = self._nums.get(num_id)
        if num is None:
            return None
        abstract_id = self._resolve_abstract(
            tags.val(num.find(tags.abstractNumId)), self._abstracts, self._nums, self.styles
        )
        abstract = self._abstracts.get(abstract_id)
        if abstract is None:
            return None
        if abstract_id not in self._levels:
            self._levels[abstract_id] = _parse_levels(tags, abstract)
        overrides = num.findall(tags.lvlOverride)
        levels = dict(self._levels[abstract_id])
        starts: dict[int, int] = {}
        for override in overrides:
            self._apply_override(override, levels, starts)
        key = f"num:{num_id}" if overrides else f"abstract:{abstract_id}"
        return Instance(key, levels, starts)

    def _resolve_abstract(
        self,
        abstract_id: str | None,
        abstracts: dict[str | None, Element],
        nums: dict[str | None, Element],
        styles: Styles,
    ) -> str | None:
        """Follow ``w:numStyleLink`` (a list style) to the abstract definition that holds the levels."""
        for _ in range(4):
            abstract = abstracts.get(abstract_id)
            link = self.tags.val(abstract.find(self.tags.numStyleLink)) if abstract is not None else None
            if link is None:
                return abstract_id
            num_id, _ilvl = styles.numbering(link)
            num = nums.get(num_id)
            if num is None:
                return abstract_id
            abstract_id = self.tags.val(num.find(self.tags.abstractNumId))
        return abstract_id

    def _apply_override(self, override: Element, levels: dict[int, Level], starts: dict[int, int]) -> None:
        ilvl = _int(self.tags.val(override, "ilvl"))
        if ilvl is None or not 0 <= ilvl < MAX_LEVELS:
            return
        replacement = override.find(self.tags.lvl)
        if replacement is not None:
            levels[ilvl] = _parse_level(self.tags, replacement)
        start = _int(self.tags.val(override.find(self.tags.startOverride)))
        if start is not None:
            starts[ilvl] = start

    def level_for_style(self, num_id: str, style_id: str | None) -> int:
        """The level bound to a paragraph style (``w:lvl/w:pStyle``), else level 0."""
        instance = self.instance(num_id)
        if instance is not None and style_id is not None:
            for ilvl, level in instance.levels.items():
                if level.style == style_id:
                    return ilvl
        return 0

    def next_label(self, num_id: str, ilvl: int) -> str | None:
        """Advance the counter of ``(num_id, ilvl)`` and return the label Word would draw there.

        Bullets and empty labels give None; an unknown ``num_id`` counts nothing and gives None.
        """
        instance = self.instance(num_id)
        if instance is None or not 0 <= ilvl < MAX_LEVELS:
            return None
        level = instance.levels.get(ilvl)
        if level is None:
            return None
        values = self._advance(instance, ilvl)
        if level.fmt == "bullet":
            return None
        formats = _LEGAL_FORMATS if level.legal else instance.formats  # w:isLgl: all decimal
        label = render_label_bounded(level.text, values, formats, max_length=self.limits.max_label_chars)
        if label is None:
            raise self._label_error()
        return label.strip() or None

    def _advance(self, instance: Instance, ilvl: int) -> list[int]:
        counters = self._counters.setdefault(instance.key, [None] * MAX_LEVELS)
        current = counters[ilvl]
        counters[ilvl] = self._start(instance, ilvl) if current is None else current + 1
        for deeper in range(ilvl + 1, MAX_LEVELS):
            level = instance.levels.get(deeper)
            restart_after = level.restart if level is not None and level.restart is not None else deeper
            if ilvl < restart_after:
                counters[deeper] = None
        return [self._start(instance, i) if value is None else value for i, value in enumerate(counters)]

    @staticmethod
    def _start(instance: Instance, ilvl: int) -> int:
        if ilvl in instance.starts:
            return instance.starts[ilvl]
        level = instance.levels.get(ilvl)
        return level.start if level is not None else 1

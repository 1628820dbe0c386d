"""Sample material that ships with 明镜: a demo 班子, a template library and reports of unusual shapes.

All texts are the project's own writing (fictional units and people). Layout under :data:`SAMPLES_DIR`:

- ``demo/``: five member reports of a fictional county bureau (``members.toml``), their expected structure
  (``expected_structure.json``, same format as the seeds' file) and hand-made flaw annotations
  (``annotations.toml``), which are the ground truth for checks and copy detection.
- ``templates/``: "sold online" 范文 and two members' reports of the previous year (``templates.toml``).
- ``shapes/``: reports of other shapes, each with a sibling ``<name>.expected.json``.
"""

from __future__ import annotations

import json
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Final

from mingjing.errors import MingjingError

SAMPLES_DIR: Final[Path] = Path(__file__).resolve().parent
DEMO_DIR: Final[Path] = SAMPLES_DIR / "demo"
TEMPLATES_DIR: Final[Path] = SAMPLES_DIR / "templates"
SHAPES_DIR: Final[Path] = SAMPLES_DIR / "shapes"

FLAW_KINDS: Final[tuple[str, ...]] = (
    "placeholder",
    "doubled-word",
    "wrong-formulation",
    "level-mismatch",
    "missing-aspect",
    "count-mismatch",
    "excuse-cause",
    "slogan-measure",
    "vague-problem",
    "template-copy",
    "past-report-reuse",
    "shared-paragraph",
)
TEMPLATE_KINDS: Final[tuple[str, ...]] = ("template", "past-report")

__all__ = [
    "DEMO_DIR",
    "FLAW_KINDS",
    "SAMPLES_DIR",
    "SHAPES_DIR",
    "TEMPLATES_DIR",
    "TEMPLATE_KINDS",
    "DemoMember",
    "DemoOrganisation",
    "Flaw",
    "ReportAnnotations",
    "SampleDataError",
    "TemplateEntry",
    "demo_annotations",
    "demo_expectations",
    "demo_members",
    "demo_organisation",
    "shape_reports",
    "template_entries",
]


class SampleDataError(MingjingError):
    """A sample data file is missing or malformed (a broken installation, not a user mistake)."""

    code = "samples"


@dataclass(frozen=True)
class DemoOrganisation:
    """The fictional unit whose 班子 wrote the demo reports."""

    unit: str
    level: str
    region: str
    meeting: str
    meeting_kind: str
    framework: str
    meeting_date: str


@dataclass(frozen=True)
class DemoMember:
    """One member of the demo 班子 and the path of their report."""

    name: str
    role: str  # 主要负责人 or 班子成员
    title: str
    path: Path
    portfolio: str = ""


@dataclass(frozen=True)
class Flaw:
    """One annotated flaw: ``quote`` occurs ``count`` times verbatim in the report."""

    kind: str
    quote: str
    note: str = ""
    count: int = 1
    source: Path | None = None  # the copied file (template or last year's report)
    source_quote: str | None = None  # the corresponding text in ``source``, verbatim
    peer: Path | None = None  # another demo report holding the same paragraph
    aspect: str | None = None  # for missing-aspect
    claimed: int | None = None  # for count-mismatch: the number the text announces
    actual: int | None = None  # for count-mismatch: the number actually written


@dataclass(frozen=True)
class ReportAnnotations:
    """All flaws annotated in one demo report; ``clean`` reports should pass review."""

    path: Path
    member: str
    clean: bool
    summary: str
    flaws: tuple[Flaw, ...]


@dataclass(frozen=True)
class TemplateEntry:
    """One entry of the template library; ``owner`` is set for last year's reports."""

    path: Path
    title: str
    kind: str  # template or past-report
    year: int
    source: str
    owner: str | None = None


# ---------------------------------------------------------------------------
# Reading the data files
# ---------------------------------------------------------------------------


def _fail(path: Path, detail: str) -> SampleDataError:
    return SampleDataError(
        f"示例数据文件 {path.name} 有误：{detail}。", hint="请重新安装明镜，或从代码仓库恢复 samples 目录。"
    )


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise _fail(path, f"无法读取（{err.__class__.__name__}）") from err


def _load_toml(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(_read_text(path))
    except tomllib.TOMLDecodeError as err:
        raise _fail(path, f"TOML 格式错误（{err}）") from err


def _load_json(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(_read_text(path))
    except json.JSONDecodeError as err:
        raise _fail(path, f"JSON 格式错误（{err}）") from err
    if not isinstance(data, dict):
        raise _fail(path, "顶层应为对象")
    return data


def _field(table: dict[str, Any], key: str, kind: type, path: Path) -> Any:
    """A required field of the given type; a clear error instead of a KeyError."""
    value = table.get(key)
    # bool is a subclass of int: an int field must not accept true/false.
    if not isinstance(value, kind) or (kind is not bool and isinstance(value, bool)):
        raise _fail(path, f"字段 {key} 缺失或类型不对")
    return value


def _optional(table: dict[str, Any], key: str, kind: type, path: Path) -> Any:
    return None if key not in table else _field(table, key, kind, path)


def _existing(base: Path, name: str, path: Path) -> Path:
    target = base / name
    if not target.is_file():
        raise _fail(path, f"引用的文件 {name} 不存在")
    return target


def _tables(data: dict[str, Any], key: str, path: Path) -> list[dict[str, Any]]:
    tables = data.get(key)
    if not isinstance(tables, list) or not all(isinstance(t, dict) for t in tables):
        raise _fail(path, f"缺少 [[{key}]] 表")
    return tables


# ---------------------------------------------------------------------------
# Demo 班子
# ---------------------------------------------------------------------------


def demo_organisation() -> DemoOrganisation:
    """The demo unit and meeting (from ``demo/members.toml``)."""
    path = DEMO_DIR / "members.toml"
    table = _load_toml(path).get("organisation")
    if not isinstance(table, dict):
        raise _fail(path, "缺少 [organisation] 表")
    fields = ("unit", "level", "region", "meeting", "meeting_kind", "framework", "meeting_date")
    return DemoOrganisation(**{name: _field(table, name, str, path) for name in fields})


@cache
def _members() -> tuple[DemoMember, ...]:
    path = DEMO_DIR / "members.toml"
    return tuple(_member(t, path) for t in _tables(_load_toml(path), "member", path))


def _member(table: dict[str, Any], path: Path) -> DemoMember:
    return DemoMember(
        name=_field(table, "name", str, path),
        role=_field(table, "role", str, path),
        title=_field(table, "title", str, path),
        path=_existing(DEMO_DIR, _field(table, "file", str, path), path),
        portfolio=_optional(table, "portfolio", str, path) or "",
    )


def demo_members() -> list[DemoMember]:
    """The five demo members in speaking order (主要负责人 first)."""
    return list(_members())


def demo_expectations() -> dict[str, dict[str, Any]]:
    """Expected structure of each demo report, keyed by file name (the seeds' format)."""
    return _load_json(DEMO_DIR / "expected_structure.json")


@cache
def _annotations() -> tuple[ReportAnnotations, ...]:
    path = DEMO_DIR / "annotations.toml"
    return tuple(_report_annotations(t, path) for t in _tables(_load_toml(path), "report", path))


def _report_annotations(table: dict[str, Any], path: Path) -> ReportAnnotations:
    flaws = table.get("flaw", [])
    if not isinstance(flaws, list):
        raise _fail(path, "[[report.flaw]] 格式不对")
    return ReportAnnotations(
        path=_existing(DEMO_DIR, _field(table, "file", str, path), path),
        member=_field(table, "member", str, path),
        clean=_field(table, "clean", bool, path),
        summary=_field(table, "summary", str, path),
        flaws=tuple(_flaw(f, path) for f in flaws),
    )


def _flaw(table: dict[str, Any], path: Path) -> Flaw:
    kind = _field(table, "kind", str, path)
    if kind not in FLAW_KINDS:
        raise _fail(path, f"未知的瑕疵类别 {kind}")
    source = _optional(table, "source", str, path)
    peer = _optional(table, "peer", str, path)
    return Flaw(
        kind=kind,
        quote=_field(table, "quote", str, path),
        note=_optional(table, "note", str, path) or "",
        count=_optional(table, "count", int, path) or 1,
        source=None if source is None else _existing(SAMPLES_DIR, source, path),
        source_quote=_optional(table, "source_quote", str, path),
        peer=None if peer is None else _existing(DEMO_DIR, peer, path),
        aspect=_optional(table, "aspect", str, path),
        claimed=_optional(table, "claimed", int, path),
        actual=_optional(table, "actual", int, path),
    )


def demo_annotations() -> list[ReportAnnotations]:
    """The hand-made flaw annotations of every demo report, in file order."""
    return list(_annotations())


# ---------------------------------------------------------------------------
# Template library and shapes
# ---------------------------------------------------------------------------


@cache
def _templates() -> tuple[TemplateEntry, ...]:
    path = TEMPLATES_DIR / "templates.toml"
    return tuple(_template(t, path) for t in _tables(_load_toml(path), "template", path))


def _template(table: dict[str, Any], path: Path) -> TemplateEntry:
    kind = _field(table, "kind", str, path)
    if kind not in TEMPLATE_KINDS:
        raise _fail(path, f"未知的范文类别 {kind}")
    return TemplateEntry(
        path=_existing(TEMPLATES_DIR, _field(table, "file", str, path), path),
        title=_field(table, "title", str, path),
        kind=kind,
        year=_field(table, "year", int, path),
        source=_field(table, "source", str, path),
        owner=_optional(table, "owner", str, path),
    )


def template_entries() -> list[TemplateEntry]:
    """The template library: online 范文 (kind ``template``) and last year's reports (``past-report``)."""
    return list(_templates())


def shape_reports() -> list[tuple[Path, dict[str, Any]]]:
    """Each report of ``shapes/`` with its expected structure (the per-file object of its JSON)."""
    pairs: list[tuple[Path, dict[str, Any]]] = []
    for report in sorted(SHAPES_DIR.glob("*.txt")):
        expected_path = report.with_name(report.stem + ".expected.json")
        if not expected_path.is_file():
            raise _fail(expected_path, "缺少对应的 .expected.json 文件")
        expected = _load_json(expected_path).get(report.name)
        if not isinstance(expected, dict):
            raise _fail(expected_path, f"没有 {report.name} 的期望结构")
        pairs.append((report, expected))
    return pairs

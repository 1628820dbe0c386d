"""Load the framework data files (``data/*.toml``): one checking framework per file."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from mingjing.errors import FrameworkError

GENERIC_ID = "generic"


@dataclass(frozen=True)
class FrameworkAspect:
    """One aspect of a framework: its canonical name, aliases and the requirements it answers to."""

    name: str
    aliases: tuple[str, ...] = ()
    requirements: tuple[str, ...] = ()


@dataclass(frozen=True)
class Requirement:
    name: str
    text: str


@dataclass(frozen=True)
class Framework:
    """A checking framework as data: which aspects a report must cover, and how to recognise it."""

    id: str  # the data file's stem
    name: str
    year: int
    meeting_kinds: tuple[str, ...]
    aspect_defs: tuple[FrameworkAspect, ...]
    keywords: tuple[str, ...] = ()
    short_names: tuple[str, ...] = ()
    requirements: tuple[Requirement, ...] = ()
    generic: bool = False
    aspects_verbatim: bool = True
    requirements_known: bool = False
    source: str = ""
    # Considered by detection only when one of its keywords occurs in the headings or the opening
    # text: its aspects overlap everyday wording ("联系服务群众方面") that other reports use too.
    requires_keyword: bool = False
    # The last meeting year the aspects were current (default: ``year``); a report that names a meeting
    # year outside ``year``–``last_year`` fits the framework less (see matching.detect_framework).
    last_year: int | None = None

    @property
    def years(self) -> tuple[int, int]:
        """First and last meeting year the framework was current."""
        return self.year, self.last_year or self.year

    @property
    def aspects(self) -> tuple[str, ...]:
        """The canonical aspect names, in the framework's order."""
        return tuple(aspect.name for aspect in self.aspect_defs)

    def aspect(self, name: str) -> FrameworkAspect | None:
        return next((aspect for aspect in self.aspect_defs if aspect.name == name), None)

    def requirement(self, name: str) -> Requirement | None:
        return next((req for req in self.requirements if req.name == name), None)


def _strings(data: dict[str, Any], key: str, where: str) -> tuple[str, ...]:
    value = data.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise FrameworkError(f"框架数据文件 {where} 中的“{key}”应为字符串列表。", hint="请修正该文件后重试。")
    return tuple(value)


def _required(data: dict[str, Any], key: str, kind: type, where: str) -> Any:
    value = data.get(key)
    if not isinstance(value, kind):
        raise FrameworkError(f"框架数据文件 {where} 缺少或写错了字段“{key}”。", hint="请修正该文件后重试。")
    return value


def _aspect(data: dict[str, Any], where: str) -> FrameworkAspect:
    name = _required(data, "name", str, where)
    return FrameworkAspect(name, _strings(data, "aliases", where), _strings(data, "requirements", where))


def _requirement(data: dict[str, Any], where: str) -> Requirement:
    return Requirement(_required(data, "name", str, where), _required(data, "text", str, where))


def framework_from_dict(data: dict[str, Any], *, stem: str) -> Framework:
    """Validate one parsed data file; the ``id`` must equal the file stem."""
    where = f"{stem}.toml"
    if data.get("id") != stem:
        raise FrameworkError(f"框架数据文件 {where} 的 id 应为“{stem}”。", hint="请修正该文件后重试。")
    detect = data.get("detect", {})
    return Framework(
        id=stem,
        name=_required(data, "name", str, where),
        year=_required(data, "year", int, where),
        meeting_kinds=_strings(data, "meeting_kinds", where),
        aspect_defs=tuple(_aspect(a, where) for a in data.get("aspects", [])),
        keywords=_strings(detect if isinstance(detect, dict) else {}, "keywords", where),
        short_names=_strings(data, "short_names", where),
        requirements=tuple(_requirement(r, where) for r in data.get("requirements", [])),
        generic=bool(data.get("generic", False)),
        aspects_verbatim=bool(data.get("aspects_verbatim", True)),
        requirements_known=bool(data.get("requirements_known", False)),
        source=str(data.get("source", "")),
        requires_keyword=bool(detect.get("requires_keyword", False)) if isinstance(detect, dict) else False,
        last_year=_optional_int(data, "last_year", where),
    )


def _optional_int(data: dict[str, Any], key: str, where: str) -> int | None:
    value = data.get(key)
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool):
        raise FrameworkError(f"框架数据文件 {where} 中的“{key}”应为整数年份。", hint="请修正该文件后重试。")
    return value


@lru_cache(maxsize=1)
def _all_frameworks() -> tuple[Framework, ...]:
    folder = resources.files("mingjing.frameworks").joinpath("data")
    frameworks = []
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".toml"):
            continue
        try:
            data = tomllib.loads(entry.read_text("utf-8"))
        except tomllib.TOMLDecodeError as err:
            raise FrameworkError(
                f"框架数据文件 {entry.name} 格式错误：{err}", hint="请修正该文件后重试。"
            ) from err
        frameworks.append(framework_from_dict(data, stem=entry.name.removesuffix(".toml")))
    # Specific frameworks first (newest year first), the generic one last.
    return tuple(sorted(frameworks, key=lambda f: (f.generic, -f.year, f.id)))


# Frameworks that live outside the data folder (e.g. in the web app's database), by id. Registered
# under an id that names one immutable version, so a registration never changes what an id means.
_REGISTERED: dict[str, Framework] = {}


def framework_from_mapping(data: dict[str, Any] | str, *, id: str | None = None) -> Framework:
    """A framework from a parsed mapping or TOML text in the data-file format (same validation).

    ``id`` overrides the mapping's own ``id`` (a database version passes its versioned key).
    Raises :class:`FrameworkError` in Chinese when the data is malformed.
    """
    if isinstance(data, str):
        try:
            data = tomllib.loads(data)
        except tomllib.TOMLDecodeError as err:
            raise FrameworkError(f"框架数据格式错误：{err}", hint="请修正后重试。") from err
    key = id if id is not None else data.get("id")
    if not isinstance(key, str) or not key.strip():
        raise FrameworkError("框架数据缺少 id。", hint="请填写框架标识后重试。")
    return framework_from_dict({**data, "id": key}, stem=key)


def register_framework(framework: Framework) -> Framework:
    """Make ``load_framework(framework.id)`` find a framework given as data (not detected automatically)."""
    _REGISTERED[framework.id] = framework
    return framework


def list_frameworks() -> tuple[Framework, ...]:
    """All shipped frameworks: specific ones newest first, then the generic one."""
    return _all_frameworks()


def _key(name: str) -> str:
    return "".join(name.split()).casefold()


def load_framework(id_or_name: str) -> Framework:
    """A framework by id, name or short name (e.g. "2023-theme-education", "主题教育", "generic").

    Raises :class:`FrameworkError` (in Chinese, listing the available frameworks) when none matches.
    """
    if id_or_name in _REGISTERED:
        return _REGISTERED[id_or_name]
    wanted = _key(id_or_name)
    for framework in _all_frameworks():
        names = (framework.id, framework.name, *framework.short_names)
        if any(_key(name) == wanted for name in names):
            return framework
    available = "；".join(f"{f.id}（{f.name}）" for f in _all_frameworks())
    raise FrameworkError(f"未知的检查框架“{id_or_name}”。", hint=f"可用的框架：{available}。")

"""Framework data: validation, the shipped files as mappings, and TOML text for export.

Nothing here touches the database. The data shape is the core's data-file format
(``src/mingjing/frameworks/data/*.toml``) with three additions the core ignores:
``aspects[].examples``, ``required_parts`` and ``length_norms``.
"""

from __future__ import annotations

import json
import tomllib
from collections.abc import Iterator
from importlib import resources
from typing import Any

from mingjing_web.errors import ServiceError

PART_NAMES = ("存在问题", "原因剖析", "整改措施")
NORM_LABELS = {"problems": "问题查摆不少于", "causes": "原因剖析不少于", "measures": "整改措施不少于"}
DEFAULT_NORMS = {"problems": 500, "causes": 300, "measures": 200}  # the core's default thresholds
MIN_YEAR, MAX_YEAR = 2000, 2100


class FrameworkDataError(ServiceError):
    """Framework data that cannot be saved; the message says which field and what to do."""


def _text(value: Any, field: str, *, limit: int = 500, required: bool = True) -> str:
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise FrameworkDataError(f"“{field}”应为文字。")
    text = value.strip()
    if required and not text:
        raise FrameworkDataError(f"请填写“{field}”。")
    if len(text) > limit:
        raise FrameworkDataError(f"“{field}”不能超过 {limit} 个字。")
    return text


def _texts(value: Any, field: str) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise FrameworkDataError(f"“{field}”应为一组文字。")
    seen: list[str] = []
    for item in (v.strip() for v in value):
        if item and item not in seen:
            seen.append(item[:500])
    return seen


def _year(value: Any) -> int:
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if not isinstance(value, int) or isinstance(value, bool) or not MIN_YEAR <= value <= MAX_YEAR:
        raise FrameworkDataError(f"年度应为四位数字（{MIN_YEAR}—{MAX_YEAR}），如 2026。")
    return value


def _aspect(raw: Any, index: int) -> dict[str, Any]:
    if not isinstance(raw, dict):
        raise FrameworkDataError(f"第 {index} 个方面的格式不对。")
    name = _text(raw.get("name"), f"第 {index} 个方面的名称", limit=200)
    aspect: dict[str, Any] = {"name": name, "aliases": _texts(raw.get("aliases"), f"“{name}”的别名")}
    for key, label in (("requirements", "对应要求"), ("examples", "问题示例")):
        values = _texts(raw.get(key), f"“{name}”的{label}")
        if values:
            aspect[key] = values
    return aspect


def _requirement(raw: Any, index: int) -> dict[str, str]:
    if not isinstance(raw, dict):
        raise FrameworkDataError(f"第 {index} 条要求的格式不对。")
    return {
        "name": _text(raw.get("name"), f"第 {index} 条要求的名称", limit=100),
        "text": _text(raw.get("text"), f"第 {index} 条要求的内容", limit=2000),
    }


def _norms(raw: Any) -> dict[str, int]:
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise FrameworkDataError("篇幅要求的格式不对。")
    norms = {}
    for key, value in raw.items():
        if key not in NORM_LABELS:
            raise FrameworkDataError(f"未知的篇幅要求“{key}”，可用：{'、'.join(NORM_LABELS)}。")
        if value in (None, ""):
            continue
        if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 100000:
            raise FrameworkDataError(f"“{NORM_LABELS[key]}”应为 0—100000 之间的字数。")
        norms[key] = value
    return norms


def _unique_aspects(aspects: list[dict[str, Any]]) -> None:
    names = [a["name"] for a in aspects]
    for name in names:
        if names.count(name) > 1:
            raise FrameworkDataError(f"方面“{name}”重复了，请合并或改名。")


def framework_data_clean(raw: dict[str, Any], *, key: str) -> dict[str, Any]:
    """Validated, normalised framework data under ``key``; FrameworkDataError (Chinese) when unusable."""
    if not isinstance(raw, dict):
        raise FrameworkDataError("框架数据的格式不对。")
    name, year = _text(raw.get("name"), "名称", limit=200), _year(raw.get("year"))
    aspects = [_aspect(a, i) for i, a in enumerate(raw.get("aspects") or [], start=1)]
    if not aspects and not raw.get("generic"):
        raise FrameworkDataError("请至少填写一个查摆方面。")
    _unique_aspects(aspects)
    requirements = [_requirement(r, i) for i, r in enumerate(raw.get("requirements") or [], start=1)]
    known = {r["name"] for r in requirements}
    for aspect in aspects:
        for wanted in aspect.get("requirements", []):
            if wanted not in known:
                raise FrameworkDataError(f"方面“{aspect['name']}”引用的要求“{wanted}”没有定义。")
    kinds = _texts(raw.get("meeting_kinds"), "会议类型") or ["民主生活会", "组织生活会"]
    if any(k not in ("民主生活会", "组织生活会") for k in kinds):
        raise FrameworkDataError("会议类型只能是民主生活会或组织生活会。")
    raw_detect = raw.get("detect")
    detect: dict[str, Any] = raw_detect if isinstance(raw_detect, dict) else {}
    parts = _texts(raw.get("required_parts"), "必备部分")
    if any(p not in PART_NAMES for p in parts):
        raise FrameworkDataError(f"必备部分只能是：{'、'.join(PART_NAMES)}。")
    data: dict[str, Any] = {
        "id": key,
        "name": name,
        "short_names": _texts(raw.get("short_names"), "简称"),
        "year": year,
        "meeting_kinds": kinds,
        "aspects_verbatim": bool(raw.get("aspects_verbatim", True)),
        "requirements_known": bool(raw.get("requirements_known", bool(requirements))),
        "source": _text(raw.get("source"), "来源", limit=1000, required=False),
        "detect": {
            "keywords": _texts(detect.get("keywords"), "识别关键词"),
            "requires_keyword": bool(detect.get("requires_keyword", False)),
        },
        "aspects": aspects,
        "requirements": requirements,
        "required_parts": parts or list(PART_NAMES),
        "length_norms": _norms(raw.get("length_norms")),
    }
    if raw.get("generic"):
        data["generic"] = True
    _core_check(data, key)
    return data


def _core_check(data: dict[str, Any], key: str) -> None:
    """The core must accept what we store: it is what a meeting's reports are checked against."""
    from mingjing.facade import MingjingError, framework_from_mapping

    try:
        framework_from_mapping(data, id=key)
    except MingjingError as err:
        raise FrameworkDataError(str(err)) from err


def parse_toml(text: str) -> dict[str, Any]:
    """A framework data file's text as a mapping (FrameworkDataError when it is not TOML)."""
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise FrameworkDataError(f"不是有效的框架数据文件（TOML）：{err}") from err


def shipped_mappings() -> Iterator[tuple[str, dict[str, Any]]]:
    """(id, mapping) of every framework file the core ships, as read now."""
    folder = resources.files("mingjing.frameworks").joinpath("data")
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".toml"):
            yield entry.name.removesuffix(".toml"), tomllib.loads(entry.read_text("utf-8"))


# -- TOML output (no writer library ships with Python; the shape is small and fixed) --------------------


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)  # a JSON string is a valid TOML basic string
    if isinstance(value, list):
        return "[" + ", ".join(_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{_name(k)} = {_value(v)}" for k, v in value.items()) + " }"
    raise TypeError(f"cannot write {type(value).__name__} as TOML")


def _name(key: str) -> str:
    plain = (
        key.replace("_", "").replace("-", "").isascii() and key.replace("_", "").replace("-", "").isalnum()
    )
    return key if plain else json.dumps(key, ensure_ascii=False)


def framework_toml(data: dict[str, Any]) -> str:
    """The data as a framework file the core (and ``mingjing frameworks import``) reads back."""
    tables = {k: v for k, v in data.items() if isinstance(v, dict)}
    arrays = {
        k: v for k, v in data.items() if isinstance(v, list) and v and all(isinstance(i, dict) for i in v)
    }
    lines = [f"{_name(k)} = {_value(v)}" for k, v in data.items() if k not in tables and k not in arrays]
    for key, table in tables.items():
        lines += ["", f"[{_name(key)}]", *(f"{_name(k)} = {_value(v)}" for k, v in table.items())]
    for key, items in arrays.items():
        for item in items:
            lines += ["", f"[[{_name(key)}]]", *(f"{_name(k)} = {_value(v)}" for k, v in item.items())]
    return "\n".join(lines) + "\n"

"""Check configuration: which rules run, at what severity, with which thresholds, for which organisation.

A configuration is a frozen :class:`CheckConfig`. It can be written as TOML (one file per framework or per
organisation; see ``docs/rules.md``)::

    [rules]
    disabled = ["specificity.vague-item"]     # rule ids or whole families
    # enabled = ["leftover", "formulation"]   # optional: run only these

    [severity]
    "context.level-mismatch" = "错误"

    [thresholds]                             # names and defaults: declared with each rule (params=…)
    "proportion.core-share" = 0.5

    [profile]
    unit = "某县某镇党委"
    level = "乡镇"                            # 中央 / 省 / 市 / 县 / 乡镇 / 村
    region = "某省某市某县"

    [opinions]
    items = ["调研走访基层不够经常"]
    file = "opinions.txt"                     # one opinion a line, relative to this file
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from mingjing.errors import MingjingError
from mingjing.model import Severity


class ConfigError(MingjingError):
    """A check configuration file that cannot be used."""

    code = "config"


# Levels of the organisation profile, with the words people write for them.
LEVELS: dict[str, tuple[str, ...]] = {
    "中央": ("中央", "国家", "中央和国家机关", "部委"),
    "省": ("省", "省级", "自治区", "直辖市", "省直"),
    "市": ("市", "地级市", "州", "盟", "市级", "市直"),
    "县": ("县", "区", "县级", "县级市", "旗", "县直", "区直"),
    "乡镇": ("乡镇", "乡", "镇", "街道", "苏木"),
    "村": ("村", "社区", "嘎查", "村级"),
}

# Rules whose findings make a report 不达标 whatever its score.
DEFAULT_BLOCKING = frozenset({"structure.missing-part", "structure.not-a-report", "proportion.core-share"})


def normalise_level(level: str | None) -> str | None:
    """Map 区/镇/街道/省级 … to one of :data:`LEVELS`; unknown words raise a ConfigError."""
    if level is None or not level.strip():
        return None
    word = level.strip()
    for name, synonyms in LEVELS.items():
        if word == name or word in synonyms:
            return name
    raise ConfigError(f"无法识别的单位层级“{level}”。", hint=f"请使用：{'、'.join(LEVELS)}。")


@dataclass(frozen=True)
class OrgProfile:
    """Who wrote the report: unit name, level (see :data:`LEVELS`) and region (e.g. 某省某市某县)."""

    unit: str | None = None
    level: str | None = None
    region: str | None = None

    @property
    def empty(self) -> bool:
        return not (self.unit or self.level or self.region)


@dataclass(frozen=True)
class CheckConfig:
    """Which rules run and how. ``enabled``/``disabled`` hold rule ids or family names."""

    enabled: frozenset[str] | None = None  # None: every rule
    disabled: frozenset[str] = frozenset()
    severity_overrides: tuple[tuple[str, Severity], ...] = ()
    thresholds: tuple[tuple[str, float], ...] = ()
    profile: OrgProfile = field(default_factory=OrgProfile)
    opinions: tuple[str, ...] = ()
    blocking: frozenset[str] = DEFAULT_BLOCKING
    # Last year's unfinished rectification items carried into this meeting (measure.carried-unreported).
    carried: tuple[str, ...] = ()

    def is_enabled(self, rule_id: str) -> bool:
        family = rule_id.partition(".")[0]
        if rule_id in self.disabled or family in self.disabled:
            return False
        return self.enabled is None or rule_id in self.enabled or family in self.enabled

    def severity_for(self, rule_id: str, default: Severity) -> Severity:
        family = rule_id.partition(".")[0]
        overrides = dict(self.severity_overrides)
        return overrides.get(rule_id, overrides.get(family, default))

    def threshold(self, name: str) -> float:
        values = dict(self.thresholds)
        if name in values:
            return values[name]
        return _declared()[name]

    def with_opinions(self, opinions: Iterable[str]) -> CheckConfig:
        cleaned = tuple(o.strip() for o in opinions if o.strip())
        return replace(self, opinions=self.opinions + cleaned)

    def with_carried(self, carried: Iterable[str]) -> CheckConfig:
        cleaned = tuple(c.strip() for c in carried if c.strip())
        return replace(self, carried=self.carried + cleaned)

    def merged(self, other: CheckConfig) -> CheckConfig:
        """``other`` on top of ``self``: other's settings win, sets and lists are combined."""
        enabled = other.enabled if other.enabled is not None else self.enabled
        profile = OrgProfile(
            other.profile.unit or self.profile.unit,
            other.profile.level or self.profile.level,
            other.profile.region or self.profile.region,
        )
        return CheckConfig(
            enabled=enabled,
            disabled=self.disabled | other.disabled,
            severity_overrides=tuple(
                {**dict(self.severity_overrides), **dict(other.severity_overrides)}.items()
            ),
            thresholds=tuple({**dict(self.thresholds), **dict(other.thresholds)}.items()),
            profile=profile,
            opinions=self.opinions + other.opinions,
            carried=self.carried + other.carried,
            blocking=other.blocking if other.blocking != DEFAULT_BLOCKING else self.blocking,
        )

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any], *, base: Path | None = None) -> CheckConfig:
        """Build a config from parsed TOML; ``base`` resolves relative file names."""
        return config_from_mapping(data, base=base)

    @classmethod
    def from_toml(cls, path: str | Path) -> CheckConfig:
        """Read a config TOML file (see the module docstring for its format)."""
        return load_config(path)


def load_config(path: str | Path) -> CheckConfig:
    """Read a config TOML file; problems become a ConfigError with a Chinese message."""
    file = Path(path)
    try:
        data = tomllib.loads(file.read_text("utf-8-sig"))
    except FileNotFoundError as err:
        raise ConfigError(f"找不到配置文件“{file}”。", hint="请检查路径。") from err
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as err:
        raise ConfigError(
            f"配置文件“{file.name}”格式有误：{err}。", hint="请按 TOML 格式修改后重试。"
        ) from err
    return config_from_mapping(data, base=file.parent)


def config_from_mapping(data: Mapping[str, Any], *, base: Path | None = None) -> CheckConfig:
    rules = _table(data, "rules")
    enabled = rules.get("enabled")
    blocking = rules.get("blocking")
    return CheckConfig(
        enabled=None if enabled is None else frozenset(_strings(enabled, "rules.enabled")),
        disabled=frozenset(_strings(rules.get("disabled", []), "rules.disabled")),
        severity_overrides=_severities(_table(data, "severity")),
        thresholds=_thresholds(_table(data, "thresholds")),
        profile=_profile(_table(data, "profile")),
        opinions=_opinions(_table(data, "opinions"), base),
        blocking=DEFAULT_BLOCKING if blocking is None else frozenset(_strings(blocking, "rules.blocking")),
    )


def _table(data: Mapping[str, Any], key: str) -> Mapping[str, Any]:
    value = data.get(key, {})
    if not isinstance(value, Mapping):
        raise ConfigError(f"配置项“{key}”应为一个表（[{key}]）。")
    return value


def _strings(value: Any, key: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"配置项“{key}”应为字符串列表。")
    return [v.strip() for v in value if v.strip()]


def _severities(table: Mapping[str, Any]) -> tuple[tuple[str, Severity], ...]:
    by_word = {s.value: s for s in Severity} | {s.name.lower(): s for s in Severity}
    result = []
    for rule_id, word in table.items():
        severity = by_word.get(str(word).strip().lower())
        if severity is None:
            raise ConfigError(
                f"规则“{rule_id}”的严重程度“{word}”无法识别。", hint="请使用：错误、警告、提示。"
            )
        result.append((rule_id, severity))
    return tuple(result)


def _thresholds(table: Mapping[str, Any]) -> tuple[tuple[str, float], ...]:
    result = []
    for name, value in table.items():
        declared = _declared()
        if name not in declared:
            raise ConfigError(f"未知的阈值“{name}”。", hint=f"可用的阈值：{'、'.join(declared)}。")
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ConfigError(f"阈值“{name}”应为数字。")
        result.append((name, float(value)))
    return tuple(result)


def _declared() -> dict[str, float]:
    """The thresholds the rules declare (``params`` of :func:`mingjing.checks.registry.rule`)."""
    from mingjing.checks.registry import declared_params

    return declared_params()


def _profile(table: Mapping[str, Any]) -> OrgProfile:
    def text(key: str) -> str | None:
        value = table.get(key)
        if value is not None and not isinstance(value, str):
            raise ConfigError(f"配置项“profile.{key}”应为文字。")
        return value.strip() or None if value else None

    return OrgProfile(unit=text("unit"), level=normalise_level(text("level")), region=text("region"))


def _opinions(table: Mapping[str, Any], base: Path | None) -> tuple[str, ...]:
    items = _strings(table.get("items", []), "opinions.items")
    file = table.get("file")
    if file:
        path = Path(file) if base is None else base / file
        items += list(read_opinions(path))
    return tuple(items)


def read_opinions(path: str | Path) -> tuple[str, ...]:
    """Opinions from a text file, one a line (UTF-8 or GB18030); blank lines and # comments skipped."""
    file = Path(path)
    try:
        raw = file.read_bytes()
    except OSError as err:
        raise ConfigError(f"无法读取意见文件“{file}”。", hint="请检查路径。") from err
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ConfigError(f"无法识别意见文件“{file.name}”的编码。", hint="请另存为 UTF-8 文本后重试。")
    lines = (line.strip() for line in text.splitlines())
    return tuple(line for line in lines if line and not line.startswith("#"))

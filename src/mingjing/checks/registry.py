"""The rule catalogue: every rule is a small function registered with its id, severity and parameters.

A rule is ``(ctx: RuleContext) -> None`` (see :mod:`mingjing.checks.context`); it reports findings with
``ctx.report(start, end, message, ...)``. Rule modules are *discovered*: every module of the package
:mod:`mingjing.checks.rules` is imported, and a module must be named after the family of the rules it holds
(``era.py``, or ``slip_proofread.py`` for a second module of the ``slip`` family) — registration refuses a
rule whose family does not match its module, so the catalogue cannot drift from its files.

A rule declares its thresholds with it (``params={"proportion.min-problems": 500}``): the defaults live
beside the code that uses them, a configuration's ``[thresholds]`` table overrides them by name, and
``ctx.param(name)`` reads the effective value.
"""

from __future__ import annotations

import importlib
import pkgutil
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from mingjing.model import Severity

if TYPE_CHECKING:
    from mingjing.checks.context import RuleContext

RuleFunc = Callable[["RuleContext"], None]

# Families in the order reviewers read them, with their Chinese names (for tables and reports).
FAMILIES: dict[str, str] = {
    "structure": "结构",
    "proportion": "篇幅比例",
    "specificity": "见人见事见思想",
    "self": "自我批评",
    "era": "时效",
    "leftover": "模板残留",
    "slip": "笔误",
    "formulation": "提法",
    "context": "语境错位",
    "cause": "原因剖析",
    "measure": "整改措施",
    "opinion": "意见回应",
}

RULES_PACKAGE = "mingjing.checks.rules"


@dataclass(frozen=True)
class RuleInfo:
    """What ``mingjing rules`` shows about one rule."""

    id: str
    family: str
    severity: Severity
    title: str  # short Chinese name
    explanation: str  # Chinese: what it catches and why a reviewer cares
    params: Mapping[str, float] = field(default_factory=dict)  # declared thresholds and their defaults
    suppresses: tuple[str, ...] = ()  # rule ids whose findings this rule's finding makes redundant
    module: str = ""

    @property
    def family_name(self) -> str:
        return FAMILIES.get(self.family, self.family)


@dataclass(frozen=True)
class Rule:
    info: RuleInfo
    func: RuleFunc


_RULES: dict[str, Rule] = {}
_ORDERED: tuple[Rule, ...] | None = None  # all_rules(), recomputed after a registration
_PARAMS: dict[str, float] | None = None  # declared_params(), likewise
_LOADED = False
_LOCK = threading.Lock()


def rule(
    rule_id: str,
    severity: Severity,
    title: str,
    explanation: str,
    *,
    params: Mapping[str, float] | None = None,
    suppresses: tuple[str, ...] = (),
) -> Callable[[RuleFunc], RuleFunc]:
    """Register ``func`` as rule ``rule_id`` (``family.name``), defined in a module named after the family."""
    family, _, name = rule_id.partition(".")
    if family not in FAMILIES or not name:
        raise ValueError(f"bad rule id {rule_id!r}: expected family.name with a known family")

    def register(func: RuleFunc) -> RuleFunc:
        module = func.__module__
        stem = module.rpartition(".")[2]
        if module.startswith(RULES_PACKAGE + ".") and stem.split("_")[0] != family:
            raise ValueError(
                f"rule {rule_id!r} of family {family!r} belongs in a module named {family}[_…].py"
            )
        if rule_id in _RULES and _RULES[rule_id].func.__qualname__ != func.__qualname__:
            raise ValueError(f"rule {rule_id!r} registered twice")
        info = RuleInfo(rule_id, family, severity, title, explanation, dict(params or {}), suppresses, module)
        global _ORDERED, _PARAMS
        _RULES[rule_id] = Rule(info, func)
        _ORDERED = _PARAMS = None
        return func

    return register


def rule_modules() -> list[str]:
    """The names of the modules of :data:`RULES_PACKAGE` (discovered, in file-name order)."""
    package = importlib.import_module(RULES_PACKAGE)
    return sorted(m.name for m in pkgutil.iter_modules(package.__path__) if not m.name.startswith("_"))


def _load() -> None:
    global _LOADED
    if _LOADED:
        return
    with _LOCK:
        if not _LOADED:
            for module in rule_modules():
                importlib.import_module(f"{RULES_PACKAGE}.{module}")
            _LOADED = True


def reload_rules() -> None:
    """Discover the rule modules again (after a module was added to the package path, e.g. in a test)."""
    global _LOADED, _ORDERED, _PARAMS
    with _LOCK:
        _LOADED = False
        _ORDERED = _PARAMS = None
    _load()


def all_rules() -> tuple[Rule, ...]:
    """Every registered rule, grouped by family in :data:`FAMILIES` order."""
    global _ORDERED
    _load()
    ordered = _ORDERED
    if ordered is None:
        order = list(FAMILIES)
        ordered = tuple(sorted(_RULES.values(), key=lambda r: (order.index(r.info.family), r.info.id)))
        _ORDERED = ordered
    return ordered


def list_rules() -> list[RuleInfo]:
    """The rule catalogue: id, family, default severity, Chinese title and explanation."""
    return [r.info for r in all_rules()]


def get_rule(rule_id: str) -> Rule:
    _load()
    return _RULES[rule_id]


def declared_params() -> dict[str, float]:
    """Every parameter any rule declares, with its default (the names a ``[thresholds]`` table may use)."""
    global _PARAMS
    params = _PARAMS
    if params is None:
        params = {}
        for r in all_rules():
            for name, value in r.info.params.items():
                if params.setdefault(name, value) != value:
                    raise ValueError(f"parameter {name!r} declared twice with different defaults")
        _PARAMS = params
    return params

"""CONTRIBUTING's walk-through for adding a rule works exactly as written: one module, discovered, documented."""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from checkkit import CLEAN, run_rule

import mingjing.checks.rules as rules_package
from mingjing.api import parse_text
from mingjing.checks import check_report
from mingjing.checks.catalogue_docs import rules_markdown
from mingjing.checks.registry import _RULES, list_rules, reload_rules, rule_modules

ROOT = Path(__file__).resolve().parents[2]


def _example() -> tuple[str, str]:
    text = (ROOT / "CONTRIBUTING.md").read_text("utf-8")
    section = text.split("## Add a check rule", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```python\n(.*?)```", section, re.S)
    assert block is not None, "the walk-through has a python example"
    lines = block.group(1).splitlines()
    indent = min(len(line) - len(line.lstrip()) for line in lines if line.strip())
    code = "\n".join(line[indent:] for line in lines)
    name = re.search(r"rules/(\w+)\.py", code)
    assert name is not None, "the example names its module"
    return name.group(1), code


@pytest.fixture
def example_rule(tmp_path: Path) -> Iterator[str]:
    module, code = _example()
    (tmp_path / f"{module}.py").write_text(code, "utf-8")
    rules_package.__path__.append(str(tmp_path))
    try:
        reload_rules()
        yield module
    finally:
        rules_package.__path__.remove(str(tmp_path))
        for rule_id in [r for r, v in _RULES.items() if v.info.module.endswith("." + module)]:
            del _RULES[rule_id]
        sys.modules.pop(f"mingjing.checks.rules.{module}", None)
        reload_rules()


def test_the_walk_through_adds_a_rule_with_one_module(example_rule: str) -> None:
    assert example_rule in rule_modules()
    info = next(r for r in list_rules() if r.module.endswith("." + example_rule))
    assert info.params == {"slip.example-max": 20}
    assert f"`{info.id}`" in rules_markdown(list_rules())
    doubled = CLEAN.replace("今年我参加中心组学习9次，", "今年我参加中心组学习9次，，", 1)
    assert [f.text for f in run_rule(info.id, doubled)] == ["，，"]
    assert run_rule(info.id, CLEAN) == []
    assert any(f.rule == info.id for f in check_report(parse_text(doubled)).findings)


def test_the_example_is_gone_after_the_test() -> None:
    module, _ = _example()
    assert module not in rule_modules()

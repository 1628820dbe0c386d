"""A framework given as data (a mapping or TOML text) rather than a shipped file."""

from __future__ import annotations

import pytest

from mingjing.api import parse_text
from mingjing.errors import FrameworkError
from mingjing.frameworks import framework_from_mapping, load_framework, register_framework

TOML = """
name = "2026年度民主生活会（测试）"
year = 2026
meeting_kinds = ["民主生活会"]
[[aspects]]
name = "带头学深悟透创新理论"
aliases = ["理论学习"]
[[aspects]]
name = "带头担当作为"
aliases = ["担当作为"]
"""


def test_a_mapping_or_toml_text_becomes_a_framework() -> None:
    framework = framework_from_mapping(TOML, id="test-2026@1")
    assert framework.id == "test-2026@1" and framework.aspects == ("带头学深悟透创新理论", "带头担当作为")


def test_bad_data_raises_a_chinese_framework_error() -> None:
    with pytest.raises(FrameworkError):
        framework_from_mapping("name = ", id="x")
    with pytest.raises(FrameworkError):
        framework_from_mapping({"name": "x", "year": 2026})  # no id


def test_a_registered_framework_is_used_by_the_parser() -> None:
    register_framework(framework_from_mapping(TOML, id="test-2026@1"))
    assert load_framework("test-2026@1").year == 2026
    text = "对照检查材料\n一、存在问题\n（一）理论学习方面\n一是学习不深。\n二、原因剖析\n一是不够坚定。\n三、整改措施\n一是加强学习。"
    report = parse_text(text, framework="test-2026@1")
    assert report.framework is not None and report.framework.id == "test-2026@1"
    assert report.problems is not None and report.problems.aspects[0].aspect == "带头学深悟透创新理论"

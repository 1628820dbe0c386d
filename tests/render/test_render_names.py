"""The author's name from the header lines."""

from __future__ import annotations

import pytest
from render_helpers import report_from_text

from mingjing.render.names import person_name


@pytest.mark.parametrize(
    ("head", "name"),
    [
        ("姓名：王小明\n一、存在问题", "王小明"),
        ("县委书记张三同志在2023年度民主生活会上的对照检查材料\n一、存在问题", "张三"),
        ("个人对照检查材料\n李  四\n一、存在问题", "李四"),
        ("个人对照检查材料\n（欧阳修文）\n一、存在问题", "欧阳修文"),
        ("个人对照检查材料\n一、存在问题", None),
        ("XX同志对照检查材料\n一、存在问题", None),
        ("对照检查材料\n学习不够\n一、存在问题", None),
    ],
)
def test_name_found_only_when_plausible(head: str, name: str | None) -> None:
    assert person_name(report_from_text(head)) == name

"""Framework data: validation in Chinese, TOML out and back in, the core accepting what is stored."""

from __future__ import annotations

import tomllib
from typing import Any

import pytest

from mingjing_web.frameworks.data import (
    FrameworkDataError,
    framework_data_clean,
    framework_toml,
    parse_toml,
    shipped_mappings,
)


def _valid() -> dict[str, Any]:
    return {
        "name": "2026年度民主生活会",
        "year": 2026,
        "meeting_kinds": ["民主生活会"],
        "aspects": [
            {"name": "带头强化政治忠诚", "aliases": ["政治忠诚", " 政治忠诚 "], "examples": ["学习走过场"]},
            {"name": "带头担当作为", "aliases": [], "requirements": ["担当"]},
        ],
        "requirements": [{"name": "担当", "text": "敢于担当、善于作为。"}],
        "length_norms": {"problems": 800},
    }


def test_valid_data_is_normalised() -> None:
    data = framework_data_clean(_valid(), key="k-1")
    assert data["id"] == "k-1" and data["year"] == 2026
    assert data["aspects"][0]["aliases"] == ["政治忠诚"]  # trimmed, duplicates dropped
    assert data["aspects"][0]["examples"] == ["学习走过场"]
    assert data["required_parts"] == ["存在问题", "原因剖析", "整改措施"]
    assert data["length_norms"] == {"problems": 800}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"year": 26}, "四位数字"),
        ({"year": "二〇二六"}, "四位数字"),
        ({"name": "  "}, "名称"),
        ({"aspects": []}, "至少填写一个"),
        ({"aspects": [{"name": "甲"}, {"name": "甲"}]}, "重复"),
        ({"aspects": [{"name": "甲", "requirements": ["没有"]}]}, "没有定义"),
        ({"meeting_kinds": ["座谈会"]}, "会议类型"),
        ({"length_norms": {"problems": -1}}, "字数"),
        ({"length_norms": {"pages": 3}}, "未知的篇幅要求"),
        ({"required_parts": ["前言"]}, "必备部分"),
    ],
)
def test_bad_data_gets_one_chinese_sentence(change: dict[str, Any], message: str) -> None:
    with pytest.raises(FrameworkDataError) as caught:
        framework_data_clean({**_valid(), **change}, key="k-1")
    assert message in caught.value.message


def test_toml_round_trip_keeps_everything() -> None:
    data = framework_data_clean(_valid(), key="k-1")
    assert tomllib.loads(framework_toml(data)) == data
    assert parse_toml(framework_toml(data)) == data


def test_every_shipped_file_round_trips_through_the_writer() -> None:
    shipped = list(shipped_mappings())
    assert len(shipped) >= 5
    for key, raw in shipped:
        assert tomllib.loads(framework_toml(raw)) == raw, key


def test_not_toml_is_refused_in_chinese() -> None:
    with pytest.raises(FrameworkDataError) as caught:
        parse_toml("name = ")
    assert "TOML" in caught.value.message

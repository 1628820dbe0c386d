"""Property tests: no rule raises on any text, and every span is inside the text and quotes it exactly."""

from __future__ import annotations

from checkkit import CLEAN
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mingjing.api import parse_text
from mingjing.checks import CheckConfig, OrgProfile
from mingjing.checks.engine import run_rule
from mingjing.checks.registry import all_rules

# Pieces the rules look for, mixed with arbitrary text, so the rules' branches are exercised.
PIECES = [
    "XX",
    "**",
    "××",
    "○○",
    "某某",
    "【】",
    "（此处填写）",
    "“",
    "”",
    "（",
    "）",
    "(",
    ")",
    "《",
    "》",
    "。。",
    "，，",
    ",",
    "面对面对",
    "真学、真懂、真学",
    "四大危险",
    "四个“自信”",
    "十个明确",
    "十个坚持",
    "习总书记",
    "一是",
    "二是",
    "是",
    "三是",
    "（一）",
    "(二）",
    "一、存在的问题",
    "二、原因剖析",
    "三、整改措施",
    "理论学习方面",
    "廉洁自律方面",
    "从六个方面",
    "工作忙",
    "任务重",
    "每月",
    "我镇",
    "我局",
    "中央和国家机关首先是政治机关",
    "比如",
    "2023年",
    "\n",
    " ",
    "　",
    "的的",
    "X光",
    "〇〇",
]
text_strategy = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=8)), max_size=40).map("".join)
CONFIGS = [
    CheckConfig(),
    CheckConfig(
        profile=OrgProfile(unit="某镇党委", level="乡镇", region="江西省赣州市"), opinions=("调研少", "")
    ),
]


def _check_all(text: str) -> None:
    report = parse_text(text)
    for config in CONFIGS:
        for rule in all_rules():
            for finding in run_rule(rule.info.id, report, config):
                assert 0 <= finding.start <= finding.end <= len(report.text)
                assert finding.text == report.text[finding.start : finding.end]
                assert finding.family == rule.info.family


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text_strategy)
def test_rules_never_raise_and_spans_are_exact(text: str) -> None:
    _check_all(text)


@settings(max_examples=40, deadline=None)
@given(st.integers(0, len(CLEAN)), st.sampled_from(PIECES))
def test_clean_report_with_a_piece_spliced_in(pos: int, piece: str) -> None:
    _check_all(CLEAN[:pos] + piece + CLEAN[pos:])

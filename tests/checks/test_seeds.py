"""The real defects found by reading the five seed reports are reported (seeds are read, never copied)."""

from __future__ import annotations

from functools import cache

import pytest

from mingjing.api import parse_text
from mingjing.checks import check_report
from mingjing.model import Review, Severity
from tests.conftest import SEEDS_DIR

# (seed prefix, rule, the words the finding must cover — as in the normalised text)
DEFECTS = [
    ("000", "formulation.wrong", "四大危险"),
    ("000", "formulation.wrong", "以人为中心的发展思想"),
    ("000", "formulation.informal", "习总书记"),
    ("000", "slip.repeated-word", "面对"),
    ("000", "leftover.placeholder", "XX"),
    ("000", "structure.bracket-mixed", "（三）"),
    ("001", "slip.typo", "贯久弥新"),
    ("001", "slip.halfwidth-punct", "，"),
    ("002", "structure.missing-aspect", "一、查摆出的问题和不足"),
    ("002", "structure.bracket-mixed", "（三）"),
    ("002", "structure.bracket-mixed", "（四）"),
    ("003", "formulation.quoting", "四个“自信”"),
    ("003", "context.level-mismatch", "中央和国家机关首先是政治机关"),
    ("003", "slip.typo", "清政廉政"),
    ("004", "leftover.placeholder", "**"),
    ("004", "formulation.wrong", "十个坚持"),
    ("004", "formulation.wrong", "十三方面成就"),
    ("004", "formulation.wrong", "六个坚持"),
    ("004", "formulation.outdated", "八个明确"),
    ("004", "structure.missing-numeral", "是"),
    ("004", "structure.count-mismatch", "从六个方面"),
    ("004", "slip.list-repeat", "真学"),
    ("004", "formulation.wrong", "功成一定有我"),
    ("004", "formulation.wrong", "防腐拒变"),
]


@cache
def review_of(prefix: str) -> Review:
    path = next(SEEDS_DIR.glob(f"{prefix}_*.txt"))
    return check_report(parse_text(path.read_text("utf-8"), name=path.name))


@pytest.mark.parametrize(("prefix", "rule_id", "words"), DEFECTS)
def test_seed_defect_reported(prefix: str, rule_id: str, words: str) -> None:
    review = review_of(prefix)
    assert any(f.rule == rule_id and f.text == words for f in review.findings), [
        (f.rule, f.text) for f in review.findings
    ]


def test_seed_002_misses_only_ability() -> None:
    messages = [f.message for f in review_of("002").findings if f.rule == "structure.missing-aspect"]
    assert len(messages) == 1 and "能力本领" in messages[0]


def test_seed_004_leftovers_all_found() -> None:
    text = review_of("004").report.text
    found = {f.start for f in review_of("004").findings if f.rule == "leftover.placeholder"}
    assert found == {
        i for i in range(len(text)) if text.startswith("**", i) and (i == 0 or text[i - 1] != "*")
    }


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_seed_errors_are_few_and_rules_do_not_fail(prefix: str) -> None:
    review = review_of(prefix)
    assert dict(review.metrics)["rule_failures"] == 0
    errors = [f for f in review.findings if f.severity is Severity.ERROR]
    # a seed has a handful of real errors (004 has twelve ** leftovers); dozens would be noise
    assert len(errors) <= 25

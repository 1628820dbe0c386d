"""The meeting framework's length norms, as an administrator sets them, are what the length check applies."""

from __future__ import annotations

from mingjing_web import analysis
from tests.web.conftest import sample_text

PROFILE = analysis.org_profile(unit="", level="")


def _min_length(norms: dict[str, int] | None) -> list[str]:
    report = analysis.parse_pasted(sample_text(1), framework=None, name="x")
    review = analysis.check(report, profile=PROFILE, opinions=(), length_norms=norms)
    return [f.message for f in review.findings if f.rule == "proportion.min-length"]


def test_a_stricter_norm_flags_a_report_the_default_accepts() -> None:
    assert _min_length(None) == []
    assert any("少于5000字" in m for m in _min_length({"problems": 5000}))


def test_unknown_parts_and_empty_norms_are_ignored() -> None:
    assert _min_length({"preamble": 9999, "problems": 0}) == []

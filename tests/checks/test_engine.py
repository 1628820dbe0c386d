"""Registry, configuration, scoring and verdicts; the ``rules`` and ``evaluate`` commands."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from checkkit import CLEAN, report_of
from click.testing import CliRunner

from mingjing.checks import (
    FAMILIES,
    CheckConfig,
    ConfigError,
    check_report,
    list_rules,
    load_config,
    score_findings,
    verdict_for,
)
from mingjing.cli import main
from mingjing.model import Finding, Severity

ROOT = Path(__file__).resolve().parents[2]


def test_catalogue_is_complete() -> None:
    rules = list_rules()
    ids = [r.id for r in rules]
    assert len(ids) == len(set(ids))
    assert {r.family for r in rules} == set(FAMILIES)
    for r in rules:
        assert r.id.startswith(r.family + ".") and r.title and len(r.explanation) > 10


def _finding(rule: str, severity: Severity) -> Finding:
    return Finding(rule, severity, "m", 0, 0, "", family=rule.split(".")[0])


@pytest.mark.parametrize(
    ("findings", "score"),
    [
        ([], 100.0),
        ([_finding("a.x", Severity.ERROR)], 92.0),
        ([_finding("a.x", Severity.ERROR)] * 2, 88.0),
        ([_finding("a.x", Severity.ERROR)] * 20, 76.0),  # capped at three times the first
        ([_finding("a.x", Severity.WARNING), _finding("b.y", Severity.HINT)], 96.5),
    ],
)
def test_score(findings: list[Finding], score: float) -> None:
    assert score_findings(findings) == score


def test_verdicts() -> None:
    cfg = CheckConfig()
    assert verdict_for(100, [], cfg) == "基本达标"
    assert verdict_for(92, [_finding("a.x", Severity.ERROR)], cfg) == "需修改"
    assert verdict_for(59, [], cfg) == "不达标"
    assert verdict_for(95, [_finding("structure.missing-part", Severity.ERROR)], cfg) == "不达标"


def test_config_from_toml(tmp_path: Path) -> None:
    (tmp_path / "op.txt").write_text("# 注释\n调研少\n\n会议多\n", "utf-8")
    path = tmp_path / "c.toml"
    path.write_text(
        '[rules]\ndisabled = ["slip"]\n[severity]\n"leftover.placeholder" = "警告"\n'
        '[thresholds]\n"proportion.core-share" = 0.4\n[profile]\nlevel = "镇"\nunit = "某镇党委"\n'
        '[opinions]\nitems = ["学习少"]\nfile = "op.txt"\n',
        "utf-8",
    )
    cfg = load_config(path)
    assert not cfg.is_enabled("slip.typo") and cfg.is_enabled("leftover.placeholder")
    assert cfg.severity_for("leftover.placeholder", Severity.ERROR) is Severity.WARNING
    assert cfg.threshold("proportion.core-share") == 0.4
    assert cfg.profile.level == "乡镇"
    assert cfg.opinions == ("学习少", "调研少", "会议多")
    assert CheckConfig.from_toml(path) == cfg


@pytest.mark.parametrize(
    "body",
    ['[severity]\n"a.b" = "严重"\n', '[thresholds]\n"nope" = 1\n', '[profile]\nlevel = "星球"\n', "[rules\n"],
)
def test_bad_config_is_a_chinese_error(tmp_path: Path, body: str) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(body, "utf-8")
    with pytest.raises(ConfigError) as err:
        load_config(path)
    assert any("\u4e00" <= ch <= "\u9fff" for ch in str(err.value))


def test_disable_and_override_apply_in_check_report() -> None:
    text = CLEAN.replace("研究不够", "研究研究不够").replace("今年我参加", "XX今年我参加")
    default = check_report(report_of(text))
    assert any(f.rule == "leftover.placeholder" and f.severity is Severity.ERROR for f in default.findings)
    cfg = CheckConfig(disabled=frozenset({"leftover"}))
    assert not any(f.family == "leftover" for f in check_report(report_of(text), config=cfg).findings)
    cfg = CheckConfig(severity_overrides=(("leftover.placeholder", Severity.HINT),))
    review = check_report(report_of(text), config=cfg)
    assert {f.severity for f in review.findings if f.rule == "leftover.placeholder"} == {Severity.HINT}


def test_metrics() -> None:
    metrics = dict(check_report(report_of(CLEAN)).metrics)
    assert 0.5 < metrics["core_share"] < 1 and metrics["problem_items"] == 12
    assert metrics["rule_failures"] == 0


def test_rules_command() -> None:
    result = CliRunner().invoke(main, ["rules", "--format", "json"])
    assert result.exit_code == 0
    rows = json.loads(result.output)
    assert {row["id"] for row in rows} == {r.id for r in list_rules()}
    table = CliRunner().invoke(main, ["rules", "--family", "leftover"])
    assert table.exit_code == 0 and "leftover.placeholder" in table.output


def test_evaluate_command_meets_targets() -> None:
    result = CliRunner().invoke(main, ["evaluate", "--eval-dir", str(ROOT / "eval"), "--format", "json"])
    assert result.exit_code == 0, result.output
    outcome = json.loads(result.output)
    assert outcome["cases"] >= 17
    assert outcome["by_severity"]["错误"]["precision"] >= 0.9
    assert outcome["by_severity"]["警告"]["precision"] >= 0.8


def test_one_rule_reports_at_most_the_cap_and_says_how_many_more() -> None:
    from mingjing.api import parse_text
    from mingjing.checks.engine import MAX_FINDINGS_PER_RULE, run_rule

    text = "一、存在的问题\n" + "".join(
        f"第{i}条学习不够深入。。\n" for i in range(MAX_FINDINGS_PER_RULE + 7)
    )
    found = run_rule("slip.double-punct", parse_text(text))
    assert len(found) == MAX_FINDINGS_PER_RULE
    assert found[-1].message.endswith("（此类问题另有7处，未逐一列出）")
    assert not found[0].message.endswith("未逐一列出）")


def test_many_identical_slips_are_one_finding_with_a_count_after_the_cap() -> None:
    from mingjing.api import parse_text
    from mingjing.checks.engine import MAX_FINDINGS_PER_RULE

    text = "一、存在的问题\n" + "".join(
        f"第{i}条学习不够深入。。\n" for i in range(MAX_FINDINGS_PER_RULE + 7)
    )
    doubled = [f for f in check_report(parse_text(text)).findings if f.rule == "slip.double-punct"]
    assert len(doubled) == 1
    assert doubled[0].count == MAX_FINDINGS_PER_RULE + 7

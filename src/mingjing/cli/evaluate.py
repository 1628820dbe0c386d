"""``mingjing evaluate``: precision and recall of the review rules on the labelled evaluation set."""

from __future__ import annotations

import json
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table

from mingjing.checks.evaluation import (
    DEFAULT_SPLITS,
    SPLITS,
    Outcome,
    Tally,
    evaluate,
    load_cases,
    load_sample_cases,
)
from mingjing.checks.registry import FAMILIES


@click.command(name="evaluate")
@click.option(
    "--eval-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("eval"),
    show_default=True,
    help="评测集目录（含 annotations/、reports/、seeds/）。",
)
@click.option(
    "--seeds-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="种子材料目录，默认 $MINGJING_SEEDS 或仓库旁的 shared/seeds。",
)
@click.option(
    "--split",
    "splits",
    type=click.Choice(SPLITS),
    multiple=True,
    help="只评测某一部分（可重复）：dev 开发集、heldout 留出集、seed 种子材料、crosscheck 独立复核集、"
    "dev2 第二开发集、fresh 冻结测试集、samples 演示材料。默认除 fresh 和 samples 外全部。",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "markdown"]),
    default="table",
    show_default=True,
    help="输出格式。",
)
@click.option("--details", is_flag=True, help="列出误报和漏报。")
def command(eval_dir: Path, seeds_dir: Path | None, splits: tuple[str, ...], fmt: str, details: bool) -> None:
    """在标注评测集上计算各类规则、各严重程度的查准率与查全率。"""
    wanted = set(splits or DEFAULT_SPLITS)
    cases = load_cases(eval_dir, seeds_dir, splits=wanted - {"samples"}) if wanted - {"samples"} else []
    if "samples" in wanted:
        cases += load_sample_cases()
    outcome = evaluate(cases)
    if fmt == "json":
        click.echo(json.dumps(outcome_dict(outcome), ensure_ascii=False, indent=2))
    elif fmt == "markdown":
        click.echo(outcome_markdown(outcome))
    else:
        _print_tables(outcome)
    if details:
        _print_details(outcome)


def _fmt(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}"


def _rows(outcome: Outcome) -> list[tuple[str, str, Tally]]:
    """(kind, Chinese name, tally) for each family, then for each severity."""
    families = [("family", FAMILIES[f], outcome.by_family[f]) for f in FAMILIES if f in outcome.by_family]
    severities = [
        ("severity", s, outcome.by_severity[s]) for s in ("错误", "警告", "提示") if s in outcome.by_severity
    ]
    return families + severities


def outcome_dict(outcome: Outcome) -> dict[str, object]:
    def tally(t: Tally) -> dict[str, object]:
        return {
            "findings": t.findings,
            "true_positives": t.true_pos,
            "precision": t.precision,
            "annotations": t.annotations,
            "found": t.found,
            "recall": t.recall,
        }

    return {
        "cases": outcome.cases,
        "by_family": {k: tally(v) for k, v in outcome.by_family.items()},
        "by_severity": {k: tally(v) for k, v in outcome.by_severity.items()},
        "false_positives": len(outcome.false_pos),
        "false_negatives": len(outcome.false_neg),
    }


def outcome_markdown(outcome: Outcome) -> str:
    lines = [
        f"评测材料 {outcome.cases} 篇。",
        "",
        "| 按 | 类别 | 发现 | 正确 | 查准率 | 标注 | 找到 | 查全率 |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for kind, name, t in _rows(outcome):
        by = "类别" if kind == "family" else "严重程度"
        lines.append(
            f"| {by} | {name} | {t.findings} | {t.true_pos} | {_fmt(t.precision)} | {t.annotations} | "
            f"{t.found} | {_fmt(t.recall)} |"
        )
    return "\n".join(lines)


def _print_tables(outcome: Outcome) -> None:
    console = Console()
    for kind, title in (("family", "按规则类别"), ("severity", "按严重程度")):
        table = Table(title=f"{title}（{outcome.cases} 篇）")
        for col in ("类别", "发现", "正确", "查准率", "标注", "找到", "查全率"):
            table.add_column(col, justify="left" if col == "类别" else "right")
        for row_kind, name, t in _rows(outcome):
            if row_kind == kind:
                table.add_row(
                    name,
                    str(t.findings),
                    str(t.true_pos),
                    _fmt(t.precision),
                    str(t.annotations),
                    str(t.found),
                    _fmt(t.recall),
                )
        console.print(table)


def _print_details(outcome: Outcome) -> None:
    click.echo(f"误报 {len(outcome.false_pos)} 条")
    for name, f in outcome.false_pos:
        click.echo(
            f"  {name}  {f.severity.value} {f.rule} [{f.start},{f.end}] “{f.text[:30]}” {f.message[:70]}"
        )
    click.echo(f"漏报 {len(outcome.false_neg)} 条")
    for name, a, text in outcome.false_neg:
        click.echo(f"  {name}  {a.severity.value} {a.rule} [{a.start},{a.end}] “{text[:30]}” {a.note}")

"""``mingjing corpus``: manage the reference corpus for copy detection (add, list, remove)."""

from __future__ import annotations

import json
from contextlib import nullcontext
from pathlib import Path

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from mingjing.errors import MingjingError

DB_HELP = "语料库：SQLite 文件路径或 postgresql:// 地址"
BULK_FROM = 200  # files; above this ``corpus add`` loads in bulk


def progress_bar(console: Console) -> Progress:
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=console,
        transient=False,
    )


@click.group(name="corpus")
def command() -> None:
    """管理复制检测用的参照语料库（模板、往年材料、同事材料）。"""


@command.command(name="add")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--db", required=True, help=DB_HELP)
@click.option(
    "--kind",
    type=click.Choice(["template", "past-report", "peer", "other"]),
    default="other",
    show_default=True,
    help="类别：模板 / 往年材料 / 同事材料 / 其他",
)
@click.option("--owner", help="作者（姓名或编号）")
@click.option("--year", type=int, help="年度")
@click.option("--unit", help="单位")
@click.option("--title", help="标题（只加一个文件时可用；默认用文件名）")
def add(
    paths: tuple[Path, ...],
    db: str,
    kind: str,
    owner: str | None,
    year: int | None,
    unit: str | None,
    title: str | None,
) -> None:
    """把文件或文件夹（递归）中的材料加入语料库。单个文件出错不影响其余文件。"""
    from mingjing.reuse import Corpus
    from mingjing.reuse.inputs import load_document, report_files

    files = list(report_files(paths))
    if not files:
        raise click.UsageError("没有找到可加入的材料文件（.docx/.doc/.wps/.txt/.md/.pdf 等）。")
    console = Console(stderr=True)
    failures: list[tuple[Path, str]] = []
    added = 0
    with Corpus.open(db) as corpus, progress_bar(console) as bar:
        task = bar.add_task("加入语料库", total=len(files))
        # Many files: one bulk load (each index bucket written once; all or nothing).
        with corpus.bulk() if len(files) > BULK_FROM else nullcontext(corpus) as target:
            for file in files:
                try:
                    doc = load_document(
                        file,
                        kind=kind,
                        owner=owner,
                        year=year,
                        unit=unit,
                        title=title if len(files) == 1 else None,
                    )
                    doc_id = target.add(doc)
                    added += 1
                    bar.console.print(f"[green]✓[/green] {file}（编号 {doc_id}）")
                except MingjingError as err:
                    failures.append((file, str(err)))
                bar.advance(task)
        total = corpus.count()
    click.echo(f"已加入 {added} 份，失败 {len(failures)} 份；语料库现有 {total} 份文档。")
    for file, message in failures:
        click.echo(f"  ✗ {file}：{message}", err=True)
    if failures and not added:
        raise SystemExit(2)


@command.command(name="list")
@click.option("--db", required=True, help=DB_HELP)
@click.option("--kind", type=click.Choice(["template", "past-report", "peer", "other"]), help="只列出这一类")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def list_documents(db: str, kind: str | None, fmt: str) -> None:
    """列出语料库中的文档。"""
    from dataclasses import asdict

    from mingjing.reuse import Corpus
    from mingjing.reuse.corpus import KIND_LABELS

    with Corpus.open(db) as corpus:
        docs = corpus.list(kind=kind)
    if fmt == "json":
        click.echo(json.dumps([asdict(d) for d in docs], ensure_ascii=False, indent=2))
        return
    table = Table(title=f"语料库（{len(docs)} 份）")
    for column in ("编号", "标题", "类别", "作者", "年度", "单位", "字数", "加入时间"):
        table.add_column(column)
    for d in docs:
        table.add_row(
            str(d.id),
            d.title,
            KIND_LABELS.get(d.kind, d.kind),
            d.owner or "",
            str(d.year or ""),
            d.unit or "",
            str(d.chars),
            d.added_at,
        )
    Console().print(table)


@command.command(name="remove")
@click.argument("ids", nargs=-1, required=True, type=int)
@click.option("--db", required=True, help=DB_HELP)
def remove(ids: tuple[int, ...], db: str) -> None:
    """按编号从语料库中删除文档。"""
    from mingjing.reuse import Corpus

    with Corpus.open(db) as corpus:
        for doc_id in ids:
            corpus.remove(doc_id)
            click.echo(f"已删除编号 {doc_id}。")
        click.echo(f"语料库现有 {corpus.count()} 份文档。")

"""``mingjing reuse`` (one report against the corpus) and ``mingjing reuse-matrix`` (all pairs of a folder)."""

from __future__ import annotations

import json
from pathlib import Path

import click
from rich.console import Console

from mingjing.cli.corpus import DB_HELP, progress_bar
from mingjing.errors import MingjingError


def _write(output: Path | None, content: str) -> None:
    if output is None:
        click.echo(content)
    else:
        output.write_text(content, encoding="utf-8")
        click.echo(f"已写入 {output}", err=True)


@click.command(name="reuse")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--db", required=True, help=DB_HELP)
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json", "html"]), default="text", show_default=True
)
@click.option("-o", "--output", type=click.Path(path_type=Path), help="写入文件（默认打印）")
@click.option("--exclude-owner", help="不与此作者自己的材料比对")
def command(file: Path, db: str, fmt: str, output: Path | None, exclude_owner: str | None) -> None:
    """检查一份材料与语料库的重复：每处复制段落及其来源、相似度，复制比（全文、各部分、各方面）。"""
    from mingjing.reuse import Corpus, find_reuse
    from mingjing.reuse.inputs import load_query
    from mingjing.reuse.render import to_html, to_json, to_text

    query = load_query(file)
    with Corpus.open(db) as corpus:
        result = find_reuse(query, corpus, exclude_owner=exclude_owner)
    content = (
        {"text": to_text, "json": to_json}[fmt](result) if fmt != "html" else to_html(result, query.text)
    )
    _write(output, content)


@click.command(name="reuse-matrix")
@click.argument("folder", type=click.Path(path_type=Path, exists=True, file_okay=False))
@click.option(
    "--xlsx", type=click.Path(path_type=Path), help="相似度矩阵、成对相同段落和代写嫌疑组写入 Excel"
)
@click.option("--png", type=click.Path(path_type=Path), help="相似度热力图")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def matrix_command(folder: Path, xlsx: Path | None, png: Path | None, fmt: str) -> None:
    """一次会议的全部材料两两比对：相似度矩阵、成对相同段落、疑似同一人代写的材料组。"""
    from mingjing.reuse.inputs import load_query, report_files
    from mingjing.reuse.matrix import reuse_matrix, write_heatmap, write_xlsx

    console = Console(stderr=True)
    files = list(report_files([folder]))
    if len(files) < 2:
        raise click.UsageError("文件夹中至少要有两份材料。")
    queries = []
    with progress_bar(console) as bar:
        task = bar.add_task("读取材料", total=len(files))
        for file in files:
            try:
                queries.append(load_query(file))
            except MingjingError as err:
                console.print(f"[red]✗[/red] {file}：{err}")
            bar.advance(task)
    names = [Path(q.name or "").name for q in queries]
    matrix = reuse_matrix(queries, names=names, workers=2 if len(queries) > 200 else 1)
    if xlsx:
        write_xlsx(matrix, xlsx)
        console.print(f"已写入 {xlsx}")
    if png:
        write_heatmap(matrix, png)
        console.print(f"已写入 {png}")
    if fmt == "json":
        click.echo(json.dumps(_matrix_json(matrix), ensure_ascii=False, indent=2))
        return
    _print_matrix(matrix)


def _matrix_json(matrix: object) -> dict[str, object]:
    from dataclasses import asdict

    from mingjing.reuse.matrix import Matrix

    assert isinstance(matrix, Matrix)
    return {
        "schema_version": 1,
        "names": list(matrix.names),
        "chars": list(matrix.chars),
        "pairs": [asdict(p) for p in matrix.pairs],
        "clusters": [list(c) for c in matrix.clusters],
    }


def _print_matrix(matrix: object) -> None:
    from mingjing.reuse.matrix import Matrix
    from mingjing.reuse.render import percent

    assert isinstance(matrix, Matrix)
    pairs = sorted(matrix.pairs, key=lambda p: -p.similarity)
    copying = [p for p in pairs if p.a_copied or p.b_copied]
    click.echo(f"共 {len(matrix.names)} 份材料，{len(copying)} 对存在相同段落（套话不计）。")
    for p in copying:
        click.echo(f"  {matrix.names[p.a]} ↔ {matrix.names[p.b]}：相似度 {percent(p.similarity)}")
        for s in p.passages:
            if s.kind == "copy":
                click.echo(f"    [{s.a_start}–{s.a_end} ↔ {s.b_start}–{s.b_end}] {s.text[:60]}")
    for i, group in enumerate(matrix.clusters, 1):
        click.echo(f"疑似同一人代写（第 {i} 组）：{'、'.join(matrix.names[j] for j in group)}")


def _register() -> None:
    """This module holds two commands; the second is added to the group here (one module per entry)."""
    from mingjing.cli import main

    if "reuse-matrix" not in main.commands:
        main.add_command(matrix_command)


_register()

"""``mingjing reuse-matrix``: all pairs of a meeting's reports (one folder)."""

from __future__ import annotations

import json
from pathlib import Path

import click
from rich.console import Console

from mingjing.cli.corpus import progress_bar
from mingjing.errors import MingjingError


@click.command(name="reuse-matrix")
@click.argument("folder", type=click.Path(path_type=Path, exists=True, file_okay=False))
@click.option(
    "--xlsx", type=click.Path(path_type=Path), help="相似度矩阵、成对相同段落和代写嫌疑组写入 Excel"
)
@click.option("--png", type=click.Path(path_type=Path), help="相似度热力图")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def command(folder: Path, xlsx: Path | None, png: Path | None, fmt: str) -> None:
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

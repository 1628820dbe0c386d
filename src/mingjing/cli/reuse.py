"""``mingjing reuse``: one report against the corpus (``reuse-matrix`` lives in cli/reuse_matrix.py)."""

from __future__ import annotations

from pathlib import Path

import click

from mingjing.cli.corpus import DB_HELP


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

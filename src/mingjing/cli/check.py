"""``mingjing check``: review reports and print or write the findings (text, JSON, HTML, annotated .docx)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import click
from rich.console import Console

from mingjing.errors import MingjingError, ReadError
from mingjing.model import Review

if TYPE_CHECKING:
    from mingjing.checks import CheckConfig

FORMATS = ("text", "json", "html", "docx")


@dataclass(frozen=True)
class ReviewSettings:
    """What every file of one run is reviewed with."""

    framework: str | None = None
    config: CheckConfig | None = None  # None: the framework's packaged defaults
    opinions: tuple[str, ...] = ()


# ---------------------------------------------------------------------------
# Reviewing (shared with ``mingjing audit``)
# ---------------------------------------------------------------------------


def load_settings(framework: str | None, config: Path | None, opinions: Path | None) -> ReviewSettings:
    """Read the config TOML and the opinions file (one opinion a line) once for the whole run."""
    from mingjing.checks import load_config, read_opinions

    loaded = load_config(config) if config is not None else None
    return ReviewSettings(framework, loaded, read_opinions(opinions) if opinions is not None else ())


def review_file(path: Path, settings: ReviewSettings) -> Review:
    """Read, parse and check one file; bad input raises a MingjingError with a Chinese message."""
    from mingjing.api import parse_file
    from mingjing.checks import check_report

    if not path.is_file():
        raise ReadError(f"找不到文件“{path}”。", hint="请检查路径是否正确。")
    report = parse_file(path, framework=settings.framework)
    return check_report(report, config=settings.config, opinions=settings.opinions)


# ---------------------------------------------------------------------------
# Writing each format
# ---------------------------------------------------------------------------


def _as_directory(output: Path | None, count: int) -> bool:
    if output is None:
        return False
    return output.is_dir() or count > 1


def _target(output: Path | None, source: Path, name: str, count: int) -> Path:
    """Where one file's output goes: beside the input by default, inside ``output`` if it is a directory."""
    if output is None:
        return source.parent / name
    if _as_directory(output, count):
        output.mkdir(parents=True, exist_ok=True)
        return output / name
    return output


def _write_text(reviews: Sequence[tuple[Path, Review]], output: Path | None) -> None:
    from mingjing.render.terminal import print_review

    if output is None:
        console = Console()
        for path, review in reviews:
            print_review(review, console, str(path))
        return
    if output.is_dir():
        output = output / "审阅结果.txt"
    with output.open("w", encoding="utf-8") as handle:
        console = Console(file=handle, width=160, no_color=True)
        for path, review in reviews:
            print_review(review, console, str(path))
    click.echo(f"已写入 {output}", err=True)


def _write_json(reviews: Sequence[tuple[Path, Review]], output: Path | None, include_text: bool) -> None:
    from mingjing.render.json_out import dumps, review_to_dict

    data = [review_to_dict(r, file=str(p), include_text=include_text) for p, r in reviews]
    if output is not None and _as_directory(output, len(reviews)):
        for (path, _), item in zip(reviews, data, strict=True):
            target = _target(output, path, f"{path.stem}.check.json", len(reviews))
            target.write_text(dumps(item) + "\n", encoding="utf-8")
            click.echo(f"已写入 {target}", err=True)
        return
    text = dumps(data[0] if len(data) == 1 else data) + "\n"
    if output is None:
        click.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")
        click.echo(f"已写入 {output}", err=True)


def _write_html(reviews: Sequence[tuple[Path, Review]], output: Path | None) -> None:
    from mingjing.render.html import render_html

    for path, review in reviews:
        target = _target(output, path, f"{path.stem}.审阅.html", len(reviews))
        target.write_text(render_html(review, name=path.name), encoding="utf-8")
        click.echo(f"已写入 {target}")


def _write_docx(reviews: Sequence[tuple[Path, Review]], output: Path | None) -> None:
    from mingjing.render.docx_annotate import annotated_name, write_annotated_docx

    for path, review in reviews:
        target = _target(output, path, annotated_name(str(path)), len(reviews))
        written = write_annotated_docx(review, target)
        click.echo(f"已写入 {written.path}（{written.comments} 条批注）")
        if written.rebuilt:
            click.echo(f"注意：无法在原文件“{path.name}”上直接加批注，已按其文字新建文档。", err=True)


def write_outputs(
    fmt: str, reviews: Sequence[tuple[Path, Review]], output: Path | None, include_text: bool
) -> None:
    """Render all reviews in one format."""
    if fmt == "json":
        _write_json(reviews, output, include_text)
    elif fmt == "html":
        _write_html(reviews, output)
    elif fmt == "docx":
        _write_docx(reviews, output)
    else:
        _write_text(reviews, output)


def _output_path(output: str | None) -> Path | None:
    """``--output``: a path ending in a separator names a directory, created if need be."""
    if output is None:
        return None
    path = Path(output)
    if output.endswith(("/", "\\")):
        path.mkdir(parents=True, exist_ok=True)
    return path


def _review_all(files: Sequence[Path], settings: ReviewSettings) -> tuple[list[tuple[Path, Review]], int]:
    reviews: list[tuple[Path, Review]] = []
    failed = 0
    for path in files:
        try:
            reviews.append((path, review_file(path, settings)))
        except MingjingError as err:
            failed += 1
            click.echo(f"错误：{path}：{err}", err=True)
    return reviews, failed


@click.command(name="check")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--framework", "-f", help="按指定的框架审阅（默认自动识别），如 2023-theme-education。")
@click.option(
    "--config", "-c", type=click.Path(exists=True, dir_okay=False, path_type=Path), help="规则配置（TOML）。"
)
@click.option(
    "--opinions",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="征求到的意见，一行一条；检查哪些意见没有得到回应。",
)
@click.option(
    "--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True, help="输出格式。"
)
@click.option(
    "--output",
    "-o",
    type=click.Path(),
    help="输出文件或目录。text/json 默认打印到屏幕；html/docx 默认写在原文件旁。",
)
@click.option("--include-text", is_flag=True, help="JSON 中附带整篇规范化后的正文（text 字段）。")
def command(
    files: tuple[Path, ...],
    framework: str | None,
    config: Path | None,
    opinions: Path | None,
    fmt: str,
    output: str | None,
    include_text: bool,
) -> None:
    """审阅对照检查材料，逐条指出问题（严重程度、规则、说明、原文、建议）。

    \b
    输出格式：
      text  终端表格，按“标题/前言、存在问题（分方面）、原因剖析、整改措施、其他”分组；
      json  机器可读结果（docs/schema/check-v2.json），偏移量与 mingjing parse 的正文一致；
      html  可打印的网页，问题处在原文中高亮，悬停或点击查看说明；
      docx  在原 Word 文件的问题原文上加批注，另存为“<文件名>.批注.docx”，不改动原文件。
    """
    settings = load_settings(framework, config, opinions)
    reviews, failed = _review_all(files, settings)
    if reviews:
        write_outputs(fmt, reviews, _output_path(output), include_text)
    if failed:
        raise SystemExit(2)

"""``mingjing audit``: review every report in a folder and write a summary workbook (xlsx)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table
from rich.text import Text

from mingjing.cli.check import ReviewSettings, load_settings, review_file
from mingjing.errors import MingjingError

if TYPE_CHECKING:
    from mingjing.render.xlsx import AuditEntry

DEFAULT_OUTPUT = "审阅汇总.xlsx"
# Files that are never reports: our own outputs, Office lock files, hidden files.
_OWN_SUFFIXES = (".批注.docx", ".审阅.html", ".check.json")


def _skipped(path: Path, root: Path, exclude: Sequence[Path]) -> bool:
    rel = path.relative_to(root)
    if any(part.startswith((".", "~$")) for part in rel.parts) or path.name.endswith(_OWN_SUFFIXES):
        return True
    resolved = path.resolve()
    return any(resolved == e or e in resolved.parents for e in exclude)


def report_files(root: Path, exclude: Sequence[Path] = ()) -> Iterator[Path]:
    """Every file under ``root`` (recursive, sorted) that is not hidden, a lock file or our own output.

    Files of other kinds are kept: the reader rejects them with a Chinese reason, which the audit lists.
    """
    excluded = [e.resolve() for e in exclude]
    for path in sorted(root.rglob("*")):
        if path.is_file() and not _skipped(path, root, excluded):
            yield path


def _audit_one(path: Path, root: Path, settings: ReviewSettings) -> AuditEntry:
    from mingjing.render.xlsx import AuditEntry

    name = path.relative_to(root).as_posix()
    try:
        return AuditEntry(name, review=review_file(path, settings))
    except MingjingError as err:
        return AuditEntry(name, error=str(err))
    except Exception as err:  # a bug must not lose the rest of the batch; report it instead
        return AuditEntry(
            name, error=f"审阅时发生内部错误（{type(err).__name__}: {err}），请将此文件反馈给开发者。"
        )


def _progress(console: Console) -> Progress:
    return Progress(
        TextColumn("[bold]审阅中"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        TextColumn("{task.description}", style="dim"),
        console=console,
        transient=True,
    )


def run_audit(
    root: Path, settings: ReviewSettings, files: Sequence[Path], console: Console
) -> list[AuditEntry]:
    """Review ``files`` one by one with a progress bar; failures become entries with an error."""
    entries: list[AuditEntry] = []
    with _progress(console) as progress:
        task = progress.add_task("", total=len(files))
        for path in files:
            progress.update(task, description=path.name)
            entries.append(_audit_one(path, root, settings))
            progress.advance(task)
    return entries


def _write_html(entries: Sequence[AuditEntry], html_dir: Path) -> None:
    from mingjing.render.html import render_html

    for entry in entries:
        if entry.review is not None:
            target = html_dir / f"{entry.file}.html"  # keeps 张三.txt and 张三.docx apart
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(render_html(entry.review, name=entry.file), encoding="utf-8")


def summary_table(entries: Sequence[AuditEntry]) -> Table:
    """One line per report: 文件, 姓名, 判定, 得分, 错误/警告/提示 counts."""
    from mingjing.render.names import person_name
    from mingjing.render.sections import SEVERITIES, severity_counts
    from mingjing.render.terminal import VERDICT_STYLES

    table = Table(title="审阅汇总", header_style="bold")
    for column in ("文件", "姓名", "判定", "得分", *(s.value for s in SEVERITIES)):
        table.add_column(column, justify="right" if column in ("得分", "错误", "警告", "提示") else "left")
    for entry in entries:
        if entry.review is None:
            continue
        review = entry.review
        counts = severity_counts(review.findings)
        table.add_row(
            Text(entry.file),
            Text(person_name(review.report) or "—"),
            Text(review.verdict, style=VERDICT_STYLES.get(review.verdict, "")),
            f"{review.score:.1f}",
            *(str(counts[s]) for s in SEVERITIES),
        )
    return table


def errors_table(entries: Sequence[AuditEntry]) -> Table:
    """The files that could not be read or checked, with the reason."""
    table = Table(title="无法审阅的文件", header_style="bold red")
    table.add_column("文件")
    table.add_column("原因")
    for entry in entries:
        if entry.error is not None:
            table.add_row(Text(entry.file), Text(entry.error))
    return table


def _print_summary(console: Console, entries: Sequence[AuditEntry], output: Path) -> None:
    reviewed = sum(e.review is not None for e in entries)
    failed = len(entries) - reviewed
    if reviewed:
        console.print(summary_table(entries))
    if failed:
        console.print(errors_table(entries))
    console.print(
        f"共 {len(entries)} 个文件：已审阅 {reviewed} 份，无法审阅 {failed} 个。汇总表已写入 {output}"
    )


@click.command(name="audit")
@click.argument("directory", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--framework", "-f", help="按指定的框架审阅（默认逐份自动识别）。")
@click.option(
    "--config", "-c", type=click.Path(exists=True, dir_okay=False, path_type=Path), help="规则配置（TOML）。"
)
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    default=DEFAULT_OUTPUT,
    show_default=True,
    help="汇总表（xlsx）的保存位置。",
)
@click.option(
    "--html-dir", type=click.Path(file_okay=False, path_type=Path), help="同时为每份材料生成 HTML 审阅页。"
)
def command(
    directory: Path, framework: str | None, config: Path | None, output: Path, html_dir: Path | None
) -> None:
    """批量审阅文件夹（含子文件夹）中的全部对照检查材料，生成汇总表。

    支持 .txt .md .docx .doc .wps .pdf；无法读取的文件会连同原因列出，不影响其他文件。
    汇总表（xlsx）第一页每份材料一行：文件、姓名、判定（不达标/需修改/基本达标）、得分、各类问题数、
    错误/警告/提示数和最主要的三条问题；第二页是全部问题明细；第三页是无法读取的文件。
    """
    from mingjing.checks.registry import FAMILIES
    from mingjing.render.xlsx import write_audit_xlsx

    settings = load_settings(framework, config, None)
    excluded = [output] + ([html_dir] if html_dir is not None else [])
    files = list(report_files(directory, excluded))
    if not files:
        raise MingjingError(f"文件夹“{directory}”中没有找到任何文件。", hint="请确认路径是否正确。")
    console = Console()
    entries = run_audit(directory, settings, files, Console(stderr=True))
    write_audit_xlsx(entries, output, families=list(FAMILIES))
    if html_dir is not None:
        _write_html(entries, html_dir)
    _print_summary(console, entries, output)
    if all(entry.review is None for entry in entries):  # nothing could be reviewed: the run failed
        raise SystemExit(2)

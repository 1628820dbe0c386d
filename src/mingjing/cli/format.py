"""``mingjing format``: a report as an official document (.docx in GB/T 9704-2012 format).

The blocks come from the parsed report, line by line, so nothing the author wrote is lost: the title
line becomes the document title (方正小标宋简体 二号), the part headings first-level headings (黑体), the
aspect headings second-level headings (楷体_GB2312), and every other line a body paragraph (仿宋_GB2312
三号). The generator is :mod:`mingjing.render.official_docx` (fallback fonts named in the font table).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import click

from mingjing.model import ParsedReport
from mingjing.render.official_docx import OfficialHeading, OfficialParagraph, official_docx_bytes

DEFAULT_TITLE = "对照检查材料"

__all__ = ["DEFAULT_TITLE", "OfficialLayout", "command", "official_layout", "report_docx_bytes"]


@dataclass(frozen=True)
class OfficialLayout:
    """What the generator needs: the title, the lines under it (署名) and the body blocks."""

    title: str
    subtitle: str
    blocks: tuple[OfficialHeading | OfficialParagraph, ...]


def _lines(text: str) -> list[tuple[int, str]]:
    """(start offset, line) for every line of ``text``."""
    found, start = [], 0
    for line in text.split("\n"):
        found.append((start, line))
        start += len(line) + 1
    return found


def _heading_levels(report: ParsedReport) -> dict[int, int]:
    """Start offset of a heading line → 1 (part heading) or 2 (aspect heading)."""
    levels: dict[int, int] = {}
    for part in report.parts():
        if part.heading is not None:
            levels[part.heading.start] = 1
        for section in part.aspects:
            if section.heading is not None:
                levels[section.heading.start] = 2
    return levels


def _line_start(text: str, offset: int) -> int:
    return text.rfind("\n", 0, offset) + 1


def official_layout(report: ParsedReport, *, title: str | None = None) -> OfficialLayout:
    """The report's lines as official-document blocks; ``title`` overrides the report's own title line."""
    text = report.text
    header_starts = [_line_start(text, span.start) for span in report.header]
    levels = {_line_start(text, start): level for start, level in _heading_levels(report).items()}
    own_title = ""
    subtitle: list[str] = []
    blocks: list[OfficialHeading | OfficialParagraph] = []
    for start, line in _lines(text):
        content = line.strip()
        if not content:
            continue
        if start in header_starts:
            if not own_title:
                own_title = content
            else:
                subtitle.append(content)
        elif start in levels:
            blocks.append(OfficialHeading(content, level=1 if levels[start] == 1 else 2))
        else:
            blocks.append(OfficialParagraph(content))
    return OfficialLayout(title or own_title or DEFAULT_TITLE, "　".join(subtitle), tuple(blocks))


def report_docx_bytes(report: ParsedReport, *, title: str | None = None) -> bytes:
    """The report as a GB/T 9704 .docx (bytes)."""
    layout = official_layout(report, title=title)
    return official_docx_bytes(layout.title, layout.blocks, subtitle=layout.subtitle)


@click.command(name="format")
@click.argument("report", type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "-o",
    "--output",
    "output",
    type=click.Path(path_type=Path, dir_okay=False),
    required=True,
    help="输出的 .docx 文件。",
)
@click.option("--title", default=None, help="文档标题；默认取材料的标题行，没有标题行时为“对照检查材料”。")
@click.option("--framework", default=None, metavar="NAME", help="检查框架的 id 或名称；默认自动识别。")
def command(report: Path, output: Path, title: str | None, framework: str | None) -> None:
    """把一份对照检查材料排成党政机关公文格式（GB/T 9704-2012）的 .docx。

    A4, margins 37/35/28/26 mm, 方正小标宋简体 二号 title, 仿宋_GB2312 三号 body, 黑体/楷体_GB2312
    headings, 22 lines × 28 characters a page, page numbers; fallback fonts (宋体, 仿宋, 楷体 …) are named
    for machines without the GB2312 fonts. Every line of the report is kept.
    """
    from mingjing.api import parse_file

    if output.suffix.lower() != ".docx":
        raise click.BadParameter("输出文件应以 .docx 结尾。", param_hint="-o/--output")
    parsed = parse_file(report, framework=framework)
    if not parsed.text.strip():
        raise click.ClickException("材料没有正文，请检查文件内容后重试。")
    try:
        output.write_bytes(report_docx_bytes(parsed, title=title))
    except OSError as err:
        raise click.ClickException(f"无法写入 {output}：请确认文件夹存在且有写入权限。") from err
    click.echo(f"已生成 {output}")

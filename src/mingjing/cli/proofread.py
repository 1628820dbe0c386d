"""``mingjing proofread``: proofread any Chinese text file (not only reports) and print the suspected slips."""

from __future__ import annotations

import json
from bisect import bisect_right
from pathlib import Path

import click

from mingjing.errors import ReadError


def document_text(path: Path) -> str:
    """The file's text as read: its paragraphs (Word paragraphs or text lines) joined with "\\n"."""
    from mingjing.readers import read_document

    document = read_document(path)
    return "\n".join(p.text for p in document.paragraphs)


def read_whitelist(path: Path) -> tuple[str, ...]:
    """One term a line (blank lines and lines starting with # ignored)."""
    try:
        raw = path.read_text("utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ReadError(
            f"无法读取白名单文件“{path}”。", hint="请提供 UTF-8 编码、每行一个词的文本文件。"
        ) from exc
    return tuple(line.strip() for line in raw.splitlines() if line.strip() and not line.startswith("#"))


def _line_col(line_starts: list[int], pos: int) -> tuple[int, int]:
    line = bisect_right(line_starts, pos) - 1
    return line + 1, pos - line_starts[line] + 1


@click.command(name="proofread")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help='text：逐条列出（行:列）；json：{"findings": [{rule, severity, message, start, end, text, suggestion}]}。',
)
@click.option(
    "--whitelist",
    "whitelist",
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    default=None,
    help="不报错的词语（人名、地名、单位名等），UTF-8 文本，每行一个。",
)
@click.option(
    "--level",
    type=click.Choice(["strict", "sensitive"]),
    default="strict",
    show_default=True,
    help="strict：只报把握大的（适合正式材料）；sensitive：多报疑似音近形近字（误报也更多）。",
)
def command(file: Path, fmt: str, whitelist: Path | None, level: str) -> None:
    """校对任意中文文本（.docx/.txt 等，任何编码）：错别字、字序颠倒、重复、漏字、的地得、成语和理论名称误写。

    Proofread any Chinese text file. Offsets (start, end) count Unicode characters of the file's text as
    read, before any normalisation: the document's paragraphs (Word paragraphs, or the lines of a text
    file) joined with "\\n". ``suggestion`` replaces ``text`` (empty: delete it). Needs jieba and the data of
    the pycorrector wheel (./scripts/setup.sh installs both); nothing is downloaded.
    """
    from mingjing.proofread import proofread_text

    text = document_text(file)
    terms = read_whitelist(whitelist) if whitelist is not None else ()
    findings = proofread_text(text, whitelist=terms, level=level)
    if fmt == "json":
        payload = {"findings": [f.to_dict() for f in findings]}
        click.echo(json.dumps(payload, ensure_ascii=False, indent=2))
        return
    if not findings:
        click.echo("未发现疑似错误。")
        return
    starts = [0] + [i + 1 for i, ch in enumerate(text) if ch == "\n"]
    for f in findings:
        line, col = _line_col(starts, f.start)
        fix = f"删去“{f.text}”" if not f.suggestion else f"“{f.text}”→“{f.suggestion}”"
        click.echo(f"{line}:{col} [{f.severity.value}] {f.message} 建议：{fix}（{f.rule}）")
    click.echo(f"共 {len(findings)} 处疑似错误。")

"""Reuse results as text, JSON and a self-contained HTML page (Chinese UI)."""

from __future__ import annotations

import html
import json

from mingjing.reuse.corpus import KIND_LABELS
from mingjing.reuse.result import PART_LABELS, Passage, ReuseResult

_CSS = """
body{font-family:"Noto Sans CJK SC","Microsoft YaHei",sans-serif;margin:2em auto;max-width:60em;line-height:1.8;color:#222}
h1{font-size:1.4em} .ratio{font-size:1.2em} table{border-collapse:collapse;margin:1em 0}
td,th{border:1px solid #ccc;padding:.2em .6em;text-align:left}
.text{white-space:pre-wrap;border:1px solid #ddd;padding:1em;background:#fcfcfc}
mark.copy{background:#ffc9c9} mark.boilerplate{background:#e4e4e4;color:#555}
.p{border-left:4px solid #e03131;padding:.2em .8em;margin:.8em 0} .p.boilerplate{border-color:#aaa}
.src{color:#555;font-size:.9em}
"""


def percent(value: float) -> str:
    return f"{value * 100:.1f}%"


def _source_line(p: Passage) -> str:
    if p.source_id is None:
        return f"语料库常见表述（见于 {p.documents or '多'} 份文档）"
    kind = KIND_LABELS.get(p.source_kind or "", p.source_kind or "")
    return f"《{p.source_title}》（{kind}，编号 {p.source_id}，第 {p.source_start}–{p.source_end} 字）"


def to_text(result: ReuseResult) -> str:
    """A plain Chinese summary: ratio, per part and aspect, then every passage."""
    lines = [
        f"文件：{result.file or '（粘贴文本）'}",
        f"复制比：{percent(result.copy_ratio)}"
        f"（复制 {result.copied_chars} 字 / 共 {result.chars} 字；套话 {result.boilerplate_chars} 字不计入）",
    ]
    for part, data in result.parts().items():
        lines.append(f"  {PART_LABELS.get(part, part)}：{percent(data['ratio'])}")
        for aspect, sub in data["aspects"].items():
            lines.append(f"    {aspect}：{percent(sub['ratio'])}")
    for title, passages in (("复制段落", result.copies()), ("套话（不计入复制比）", result.boilerplate())):
        lines.append(f"{title}：{len(passages)} 处")
        for p in passages:
            lines.append(f"  [{p.start}–{p.end}] 相似度 {percent(p.similarity)} 来源：{_source_line(p)}")
            lines.append(f"    {p.text}")
    return "\n".join(lines)


def to_json(result: ReuseResult) -> str:
    return json.dumps(result.to_json(), ensure_ascii=False, indent=2)


def _marked(text: str, passages: tuple[Passage, ...]) -> str:
    """The text with non-overlapping <mark>s (copies win over boilerplate)."""
    label = [""] * len(text)
    for kind in ("boilerplate", "copy"):
        for p in passages:
            if p.kind == kind:
                for i in range(p.start, min(p.end, len(text))):
                    label[i] = kind
    out: list[str] = []
    i = 0
    while i < len(text):
        j = i
        while j < len(text) and label[j] == label[i]:
            j += 1
        chunk = html.escape(text[i:j])
        out.append(f'<mark class="{label[i]}">{chunk}</mark>' if label[i] else chunk)
        i = j
    return "".join(out)


def to_html(result: ReuseResult, text: str) -> str:
    """A standalone page: summary table, the text with copies marked, each passage beside its source."""
    rows = "".join(
        f"<tr><td>{html.escape(PART_LABELS.get(part, part))}</td><td>{percent(d['ratio'])}</td></tr>"
        + "".join(
            f"<tr><td>　{html.escape(a)}</td><td>{percent(s['ratio'])}</td></tr>"
            for a, s in d["aspects"].items()
        )
        for part, d in result.parts().items()
    )
    items = "".join(
        f'<div class="p {p.kind}"><div>{"复制" if p.kind == "copy" else "套话"} · 第 {p.start}–{p.end} 字 · '
        f"相似度 {percent(p.similarity)}</div><div>{html.escape(p.text)}</div>"
        f'<div class="src">来源：{html.escape(_source_line(p))}'
        + (f"<br>{html.escape(p.source_text)}" if p.source_text and p.source_text != p.text else "")
        + "</div></div>"
        for p in result.passages
    )
    name = html.escape(result.file or "粘贴文本")
    return (
        f'<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>复制检测：{name}</title>'
        f"<style>{_CSS}</style></head><body><h1>复制检测报告：{name}</h1>"
        f'<p class="ratio">复制比 <b>{percent(result.copy_ratio)}</b>（复制 {result.copied_chars} 字 / 共 '
        f"{result.chars} 字；套话 {result.boilerplate_chars} 字不计入）</p>"
        f"<table><tr><th>部分</th><th>复制比</th></tr>{rows}</table>"
        f'<h2>全文</h2><div class="text">{_marked(text, result.passages)}</div>'
        f"<h2>段落明细（{len(result.passages)} 处）</h2>{items}</body></html>"
    )

"""Build Word files with python-docx and read comment ranges back from their XML (for tests)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import docx
from docx.oxml.ns import qn
from docx.oxml.parser import OxmlElement
from docx.shared import Pt

from mingjing.model import Finding, ParsedReport
from tests.support.render_probes import comment_anchors

__all__ = ["add_hyperlink", "build_word_file", "comment_anchors", "visible_text"]


def add_hyperlink(paragraph: Any, text: str) -> None:
    """An internal hyperlink (to a bookmark) holding one run of ``text``."""
    link = OxmlElement("w:hyperlink", attrs={qn("w:anchor"): "_top"})
    run = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.text = text
    run.append(t)
    link.append(run)
    paragraph._p.append(link)


def build_word_file(path: Path) -> Path:
    """A small report with formatted runs, a list paragraph, a tab, a hyperlink, a line break and a table."""
    document = docx.Document()
    title = document.add_paragraph()
    title.add_run("张三").bold = True
    title.add_run("同志对照检查材料")
    document.add_paragraph("理论学习方面存在差距", style="List Number")
    body = document.add_paragraph()
    body.add_run("一是学习")
    body.add_run("不够深入").italic = True
    tail = body.add_run("，面对面对\t群众。")
    tail.font.size = Pt(14)
    link = document.add_paragraph("详见")
    add_hyperlink(link, "链接文字")
    link.add_run("说明。")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "表格内容XX"
    cell = table.cell(0, 1)
    cell.text = "第一段"
    cell.add_paragraph("第二段××")
    broken = document.add_paragraph("换行前")
    broken.runs[0].add_break()
    broken.add_run("换行后")
    document.add_paragraph("最后一段。")
    document.save(str(path))
    return path


def visible_text(report: ParsedReport, finding: Finding) -> str:
    """The finding's characters that exist in the source (numbering labels and paragraph joins dropped)."""
    return "".join(report.text[i] for i in range(finding.start, finding.end) if report.char_offset[i] >= 0)

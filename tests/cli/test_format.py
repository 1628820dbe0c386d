"""``mingjing format``: a report as a GB/T 9704 .docx — page setup, fonts with fallbacks, every line kept."""

from __future__ import annotations

import zipfile
from pathlib import Path

from click.testing import CliRunner, Result
from docx import Document

from mingjing.api import parse_text
from mingjing.cli import main
from mingjing.cli.format import DEFAULT_TITLE, official_layout
from mingjing.render.official_docx import OfficialHeading
from tests.support.docx_build import build_docx

TEXT = (
    "2025年度民主生活会个人对照检查材料\n"
    "根据局党组的统一部署，我认真查摆了问题。\n"
    "一、存在问题\n（一）理论学习方面\n一是学习不够系统。2025年3月缺席两次集中学习，会后没有补学。\n"
    "二、原因剖析\n一是理想信念有所松懈。我把学习当成任务。\n"
    "三、整改措施\n一是坚持系统学习。2026年6月前补齐缺学内容。\n"
    "以上对照检查，不妥之处请批评指正。"
)


def run(*args: str) -> Result:
    return CliRunner().invoke(main, ["format", *args])


def test_writes_an_official_docx_keeping_every_line(tmp_path: Path) -> None:
    source = build_docx(tmp_path / "材料.docx", TEXT.split("\n"))
    out = tmp_path / "公文.docx"
    result = run(str(source), "-o", str(out))
    assert result.exit_code == 0, result.output
    document = Document(str(out))
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert (round(section.top_margin.mm), round(section.bottom_margin.mm)) == (37, 35)
    assert (round(section.left_margin.mm), round(section.right_margin.mm)) == (28, 26)
    paragraphs = [p for p in document.paragraphs if p.text.strip()]
    assert paragraphs[0].text == "2025年度民主生活会个人对照检查材料"
    assert paragraphs[0].runs[0].font.name == "方正小标宋简体"
    assert round(paragraphs[0].runs[0].font.size.pt) == 22
    by_text = {p.text: p for p in paragraphs}
    assert by_text["一、存在问题"].runs[0].font.name == "黑体"
    assert by_text["（一）理论学习方面"].runs[0].font.name == "楷体_GB2312"
    body = by_text["一是学习不够系统。2025年3月缺席两次集中学习，会后没有补学。"].runs[0]
    assert body.font.name == "仿宋_GB2312" and round(body.font.size.pt) == 16
    for line in TEXT.split("\n"):
        assert line in by_text
    with zipfile.ZipFile(out) as package:
        fonts = package.read("word/fontTable.xml").decode("utf-8")
    assert 'w:name="仿宋_GB2312"' in fonts and 'w:altName w:val="仿宋"' in fonts


def test_title_defaults_when_the_report_has_none() -> None:
    layout = official_layout(parse_text(TEXT.split("\n", 1)[1]))
    assert layout.title == DEFAULT_TITLE
    headings = [b.text for b in layout.blocks if isinstance(b, OfficialHeading)]
    assert headings == ["一、存在问题", "（一）理论学习方面", "二、原因剖析", "三、整改措施"]


def test_bad_output_and_missing_input_are_one_chinese_sentence(tmp_path: Path) -> None:
    source = tmp_path / "材料.txt"
    source.write_text(TEXT, "utf-8")
    wrong = run(str(source), "-o", str(tmp_path / "out.pdf"))
    assert wrong.exit_code != 0 and ".docx" in wrong.output and "Traceback" not in wrong.output
    missing = run(str(tmp_path / "无此文件.txt"), "-o", str(tmp_path / "out.docx"))
    assert missing.exit_code != 0 and "Traceback" not in missing.output
    assert any("\u4e00" <= ch <= "\u9fff" for ch in missing.output)

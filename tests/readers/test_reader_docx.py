"""Reading .docx: text, order, tables, bold, and Word's automatic numbering rebuilt as labels."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

from mingjing.readers import read_document
from tests.conftest import seed_files
from tests.support.docx_build import (
    build_docx,
    build_docx_with_numbering,
    build_docx_with_table,
    expected_labels,
    split_label,
)

SEEDS = [pytest.param(path, id=path.stem[:3]) for path in seed_files()]
_NS = " ".join(
    [
        nsdecls("w", "wp", "a"),
        'xmlns:v="urn:schemas-microsoft-com:vml"',
        'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"',
        'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"',
    ]
)


def _lines(path: Path) -> list[str]:
    return path.read_text("utf-8").split("\n")


def docx_from_xml(path: Path, body: str, *, numbering: str | None = None, styles: str = "") -> Path:
    """A .docx whose body (and optionally numbering definitions) is exactly the given XML."""
    document = Document()
    element = document.element.body
    section = element.find(qn("w:sectPr"))
    for child in list(element):
        if child is not section:
            element.remove(child)
    for child in parse_xml(f"<w:body {_NS}>{body}</w:body>"):
        section.addprevious(child)
    if numbering is not None:
        part = document.part.numbering_part.element
        for child in list(part):
            part.remove(child)
        for child in parse_xml(f"<w:numbering {_NS}>{numbering}</w:numbering>"):
            part.append(child)
    for child in parse_xml(f"<w:styles {_NS}>{styles}</w:styles>") if styles else []:
        document.styles.element.append(child)
    document.save(str(path))
    return path


def _p(text: str, ppr: str = "", rpr: str = "") -> str:
    return f"<w:p><w:pPr>{ppr}</w:pPr><w:r><w:rPr>{rpr}</w:rPr><w:t xml:space='preserve'>{text}</w:t></w:r></w:p>"


def _numbered(text: str, num_id: int, ilvl: int = 0) -> str:
    return _p(text, f"<w:numPr><w:ilvl w:val='{ilvl}'/><w:numId w:val='{num_id}'/></w:numPr>")


def _level(ilvl: int, fmt: str, template: str, start: int = 1, extra: str = "") -> str:
    return (
        f"<w:lvl w:ilvl='{ilvl}'><w:start w:val='{start}'/><w:numFmt w:val='{fmt}'/>"
        f"<w:lvlText w:val='{template}'/>{extra}</w:lvl>"
    )


def _abstract(abstract_id: int, *levels: str) -> str:
    return f"<w:abstractNum w:abstractNumId='{abstract_id}'>{''.join(levels)}</w:abstractNum>"


def _num(num_id: int, abstract_id: int, overrides: str = "") -> str:
    return f"<w:num w:numId='{num_id}'><w:abstractNumId w:val='{abstract_id}'/>{overrides}</w:num>"


# ---------------------------------------------------------------------------
# Plain paragraphs and numbering round trips over the seeds
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("seed", SEEDS)
def test_plain_docx_gives_back_every_line(tmp_path: Path, seed: Path) -> None:
    lines = _lines(seed)
    document = read_document(build_docx(tmp_path / "plain.docx", lines))
    assert [p.text for p in document.paragraphs] == lines
    assert document.format == "docx"
    assert all(p.numbering is None and p.kind == "paragraph" for p in document.paragraphs)


@pytest.mark.parametrize("via_style", [False, True], ids=["direct", "style"])
@pytest.mark.parametrize("seed", SEEDS)
def test_numbering_labels_reappear_on_every_seed(tmp_path: Path, seed: Path, via_style: bool) -> None:
    lines = _lines(seed)
    document = read_document(build_docx_with_numbering(tmp_path / "n.docx", lines, via_style=via_style))
    labels = [p.numbering for p in document.paragraphs]
    assert labels == expected_labels(lines)
    assert [p.text for p in document.paragraphs] == [split_label(line).text for line in lines]
    # The labels really are gone from the text, and the parts come back as 一、二、三、 in order.
    assert not any(p.text.startswith(("一、", "（一）")) for p in document.paragraphs)
    assert [label for label in labels if label and label.endswith("、")] == ["一、", "二、", "三、"]
    first_aspects = [label for label in labels if label and label.startswith("（")][:2]
    assert first_aspects == ["（一）", "（二）"]


def test_numbering_restarts_and_gaps_follow_word(tmp_path: Path) -> None:
    lines = [
        "一、甲",
        "（一）a",
        "（三）c",
        "（四）d",
        "二、乙",
        "（一）x",
        "1.p",
        "2．q",
        "（1）r",
        "①s",
        "②t",
        "3、u",
    ]
    lines += ["三、丙", "一是不编号", "五、戊", "（二）y"]
    document = read_document(build_docx_with_numbering(tmp_path / "gaps.docx", lines))
    assert [p.numbering for p in document.paragraphs] == expected_labels(lines)
    assert document.paragraphs[13].numbering is None and document.paragraphs[13].text == "一是不编号"


# ---------------------------------------------------------------------------
# Numbering definitions written by hand
# ---------------------------------------------------------------------------

FORMATS = [
    ("chineseCounting", "%1、", ["一、", "二、", "三、"], "十一、"),
    ("chineseCountingThousand", "（%1）", ["（一）", "（二）", "（三）"], "（十一）"),
    ("chineseLegalSimplified", "%1、", ["壹、", "贰、", "叁、"], "壹拾壹、"),
    ("ideographTraditional", "%1.", ["甲.", "乙.", "丙."], "甲."),
    ("decimal", "%1.", ["1.", "2.", "3."], "11."),
    ("decimalZero", "%1)", ["01)", "02)", "03)"], "11)"),
    ("decimalEnclosedCircle", "%1", ["①", "②", "③"], "⑪"),
    ("decimalEnclosedParen", "%1", ["⑴", "⑵", "⑶"], "⑾"),
    ("lowerLetter", "%1)", ["a)", "b)", "c)"], "k)"),
    ("upperLetter", "%1.", ["A.", "B.", "C."], "K."),
    ("lowerRoman", "(%1)", ["(i)", "(ii)", "(iii)"], "(xi)"),
    ("upperRoman", "%1、", ["I、", "II、", "III、"], "XI、"),
    ("bullet", "\uf0b7", [None, None, None], None),
    ("none", "", [None, None, None], None),
]


@pytest.mark.parametrize(("fmt", "template", "first", "eleventh"), FORMATS, ids=[f[0] for f in FORMATS])
def test_number_formats(
    tmp_path: Path, fmt: str, template: str, first: list[str | None], eleventh: str | None
) -> None:
    body = "".join(_numbered(f"第{i}项", 1) for i in range(11))
    numbering = _abstract(0, _level(0, fmt, template)) + _num(1, 0)
    labels = [
        p.numbering
        for p in read_document(docx_from_xml(tmp_path / "f.docx", body, numbering=numbering)).paragraphs
    ]
    assert labels[:3] == first and labels[10] == eleventh


def test_start_value_and_multilevel_template(tmp_path: Path) -> None:
    numbering = _abstract(0, _level(0, "decimal", "%1.", start=3), _level(1, "decimal", "%1.%2")) + _num(1, 0)
    body = (
        _numbered("a", 1)
        + _numbered("b", 1, 1)
        + _numbered("c", 1, 1)
        + _numbered("d", 1)
        + _numbered("e", 1, 1)
    )
    labels = [
        p.numbering
        for p in read_document(docx_from_xml(tmp_path / "m.docx", body, numbering=numbering)).paragraphs
    ]
    assert labels == ["3.", "3.1", "3.2", "4.", "4.1"]


def test_legal_numbering_shows_every_level_in_decimal(tmp_path: Path) -> None:
    numbering = _abstract(
        0, _level(0, "chineseCounting", "%1、"), _level(1, "decimal", "%1.%2", extra="<w:isLgl/>")
    ) + _num(1, 0)
    body = _numbered("a", 1) + _numbered("b", 1) + _numbered("c", 1, 1)
    document = read_document(docx_from_xml(tmp_path / "lgl.docx", body, numbering=numbering))
    assert [p.numbering for p in document.paragraphs] == ["一、", "二、", "2.1"]


def test_level_restart_zero_never_restarts(tmp_path: Path) -> None:
    numbering = _abstract(
        0,
        _level(0, "chineseCounting", "%1、"),
        _level(1, "decimal", "%2.", extra="<w:lvlRestart w:val='0'/>"),
    ) + _num(1, 0)
    body = _numbered("a", 1) + _numbered("b", 1, 1) + _numbered("c", 1) + _numbered("d", 1, 1)
    labels = [
        p.numbering
        for p in read_document(docx_from_xml(tmp_path / "r.docx", body, numbering=numbering)).paragraphs
    ]
    assert labels == ["一、", "1.", "二、", "2."]


def test_instances_share_counters_unless_they_override(tmp_path: Path) -> None:
    numbering = (
        _abstract(0, _level(0, "chineseCounting", "%1、"))
        + _num(1, 0)
        + _num(2, 0)
        + _num(3, 0, "<w:lvlOverride w:ilvl='0'><w:startOverride w:val='1'/></w:lvlOverride>")
    )
    body = _numbered("a", 1) + _numbered("b", 2) + _numbered("c", 3) + _numbered("d", 3) + _numbered("e", 1)
    labels = [
        p.numbering
        for p in read_document(docx_from_xml(tmp_path / "s.docx", body, numbering=numbering)).paragraphs
    ]
    assert labels == ["一、", "二、", "一、", "二、", "三、"]


def test_level_override_with_its_own_definition(tmp_path: Path) -> None:
    override = (
        f"<w:lvlOverride w:ilvl='0'>{_level(0, 'decimalEnclosedCircle', '%1', start=5)}</w:lvlOverride>"
    )
    numbering = _abstract(0, _level(0, "decimal", "%1.")) + _num(1, 0, override)
    body = _numbered("a", 1) + _numbered("b", 1)
    labels = [
        p.numbering
        for p in read_document(docx_from_xml(tmp_path / "o.docx", body, numbering=numbering)).paragraphs
    ]
    assert labels == ["⑤", "⑥"]


STYLES = (
    "<w:style w:type='paragraph' w:styleId='Lvl1'><w:name w:val='报告一级'/>"
    "<w:pPr><w:numPr><w:numId w:val='1'/></w:numPr></w:pPr></w:style>"
    "<w:style w:type='paragraph' w:styleId='Lvl2'><w:name w:val='报告二级'/><w:basedOn w:val='Lvl1'/>"
    "<w:rPr><w:b/></w:rPr></w:style>"
    "<w:style w:type='numbering' w:styleId='ReportList'><w:name w:val='报告列表'/>"
    "<w:pPr><w:numPr><w:numId w:val='2'/></w:numPr></w:pPr></w:style>"
)


def test_numbering_inherited_from_styles_and_level_bound_by_pstyle(tmp_path: Path) -> None:
    numbering = _abstract(
        0,
        _level(0, "chineseCounting", "%1、", extra="<w:pStyle w:val='Lvl1'/>"),
        _level(1, "chineseCounting", "（%2）", extra="<w:pStyle w:val='Lvl2'/>"),
    ) + _num(1, 0)
    body = (
        _p("存在问题", "<w:pStyle w:val='Lvl1'/>")
        + _p("理论学习方面", "<w:pStyle w:val='Lvl2'/><w:numPr><w:ilvl w:val='1'/></w:numPr>")
        + _p("政治素质方面", "<w:pStyle w:val='Lvl2'/><w:numPr><w:ilvl w:val='1'/></w:numPr>")
        + _p("不编号", "<w:pStyle w:val='Lvl1'/><w:numPr><w:numId w:val='0'/></w:numPr>")
        + _p("原因分析", "<w:pStyle w:val='Lvl1'/>")
    )
    document = read_document(docx_from_xml(tmp_path / "st.docx", body, numbering=numbering, styles=STYLES))
    assert [p.numbering for p in document.paragraphs] == ["一、", "（一）", "（二）", None, "二、"]
    assert [p.style for p in document.paragraphs[:2]] == ["报告一级", "报告二级"]
    assert [p.bold for p in document.paragraphs[:2]] == [False, True]


def test_list_style_link_is_followed(tmp_path: Path) -> None:
    numbering = (
        "<w:abstractNum w:abstractNumId='0'><w:numStyleLink w:val='ReportList'/></w:abstractNum>"
        + _abstract(1, _level(0, "chineseCounting", "%1、")).replace(
            "<w:lvl ", "<w:styleLink w:val='ReportList'/><w:lvl ", 1
        )
        + _num(1, 0)
        + _num(2, 1)
    )
    body = _numbered("甲", 1) + _numbered("乙", 1)
    document = read_document(docx_from_xml(tmp_path / "link.docx", body, numbering=numbering, styles=STYLES))
    assert [p.numbering for p in document.paragraphs] == ["一、", "二、"]


# ---------------------------------------------------------------------------
# Text, order, tables, bold
# ---------------------------------------------------------------------------


def test_breaks_tabs_hidden_text_and_revisions(tmp_path: Path) -> None:
    body = (
        "<w:p><w:r><w:t>一是学习</w:t><w:br/><w:t>不够</w:t><w:tab/><w:t>系统</w:t></w:r>"
        "<w:r><w:rPr><w:vanish/></w:rPr><w:t>隐藏</w:t></w:r>"
        "<w:del w:id='1' w:author='a'><w:r><w:delText>删除的字</w:delText></w:r></w:del>"
        "<w:ins w:id='2' w:author='a'><w:r><w:t>。</w:t></w:r></w:ins>"
        "<w:r><w:fldChar w:fldCharType='begin'/></w:r><w:r><w:instrText>PAGE</w:instrText></w:r>"
        "<w:r><w:fldChar w:fldCharType='separate'/></w:r><w:r><w:t>3</w:t></w:r>"
        "<w:r><w:fldChar w:fldCharType='end'/></w:r></w:p>"
    )
    document = read_document(docx_from_xml(tmp_path / "t.docx", body))
    assert document.paragraphs[0].text == "一是学习\n不够\t系统。3"
    assert any("修订" in warning for warning in document.warnings)


def test_hyperlinks_content_controls_and_smart_tags_keep_order(tmp_path: Path) -> None:
    body = (
        _p("标题")
        + "<w:sdt><w:sdtPr><w:alias w:val='单位'/></w:sdtPr><w:sdtContent>"
        + _p("某某支部")
        + "</w:sdtContent></w:sdt>"
        + "<w:p><w:hyperlink><w:r><w:t>链接</w:t></w:r></w:hyperlink><w:sdt><w:sdtContent>"
        "<w:r><w:t>文字</w:t></w:r></w:sdtContent></w:sdt></w:p>"
    )
    document = read_document(docx_from_xml(tmp_path / "c.docx", body))
    assert [p.text for p in document.paragraphs] == ["标题", "某某支部", "链接文字"]


def test_text_box_is_read_once_after_its_anchor(tmp_path: Path) -> None:
    box = f"<w:txbxContent>{_p('框内文字')}</w:txbxContent>"
    body = (
        "<w:p><w:r><w:t>锚点段落</w:t></w:r><w:r><mc:AlternateContent>"
        f"<mc:Choice Requires='wps'><w:drawing><wps:wsp><wps:txbx>{box}</wps:txbx></wps:wsp></w:drawing></mc:Choice>"
        f"<mc:Fallback><w:pict><v:shape><v:textbox>{box}</v:textbox></v:shape></w:pict></mc:Fallback>"
        "</mc:AlternateContent></w:r></w:p>" + _p("后一段")
    )
    document = read_document(docx_from_xml(tmp_path / "box.docx", body))
    assert [p.text for p in document.paragraphs] == ["锚点段落", "框内文字", "后一段"]


def test_tables_in_document_order_with_merged_cells_once(tmp_path: Path) -> None:
    rows = [
        ("理论学习方面", "一是学习不够系统。", "每周集中学习。"),
        ("理论学习方面", "二是联系实际不紧。\n表现为学用脱节。", "结合工作调研。"),
        ("工作作风方面", "一是调查研究不深。", "每月下基层。"),
    ]
    path = build_docx_with_table(
        tmp_path / "table.docx",
        rows,
        before=["一、存在问题"],
        after=["二、原因分析"],
        header=("方面", "问题", "措施"),
    )
    document = read_document(path)
    paragraphs = document.paragraphs
    assert paragraphs[0].text == "一、存在问题" and paragraphs[-1].text == "二、原因分析"
    cells = [p for p in paragraphs if p.kind == "table-cell"]
    assert [p.text for p in cells].count("理论学习方面") == 1
    # The merged cell's text sits in row 1 only; row 2's covered cell gives one empty paragraph.
    assert [(p.table, p.text) for p in cells if p.table and p.table[1] == 2] == [
        ((0, 2, 0), ""),
        ((0, 2, 1), "二是联系实际不紧。"),
        ((0, 2, 1), "表现为学用脱节。"),
        ((0, 2, 2), "结合工作调研。"),
    ]
    assert [p.index for p in paragraphs] == list(range(len(paragraphs)))
    # Row-major order: every cell of row 1 comes before any cell of row 2.
    rows_seen = [p.table[1] for p in cells if p.table]
    assert rows_seen == sorted(rows_seen)


def test_nested_table_and_grid_span(tmp_path: Path) -> None:
    inner = "<w:tbl><w:tr><w:tc>" + _p("内层") + "</w:tc></w:tr></w:tbl>"
    body = (
        "<w:tbl><w:tr><w:tc><w:tcPr><w:gridSpan w:val='2'/></w:tcPr>"
        + _p("跨两列")
        + "</w:tc><w:tc>"
        + _p("第三列")
        + inner
        + _p("外层续")
        + "</w:tc></w:tr></w:tbl>"
    )
    document = read_document(docx_from_xml(tmp_path / "nest.docx", body))
    assert [(p.text, p.table) for p in document.paragraphs] == [
        ("跨两列", (0, 0, 0)),
        ("第三列", (0, 0, 2)),
        ("内层", (1, 0, 0)),
        ("外层续", (0, 0, 2)),
    ]


def test_bold_headings_from_runs(tmp_path: Path) -> None:
    lines = ["关于某某的对照检查材料", "一、存在问题", "（一）理论学习方面。", "一是学习不够。"]
    lines.append("（二）政治素质方面。一是政治敏锐性不强，对一些苗头性问题的警惕性不高，处置不够及时。")
    document = read_document(build_docx(tmp_path / "bold.docx", lines, bold_headings=True))
    assert [p.bold for p in document.paragraphs] == [False, True, True, False, False]


def test_heading_styles_give_kind_style_and_bold(tmp_path: Path) -> None:
    document = Document()
    document.add_heading("一、存在问题", level=1)
    document.add_paragraph("一是学习不够。")
    document.add_paragraph("正文", style="Title")
    path = tmp_path / "h.docx"
    document.save(str(path))
    paragraphs = read_document(path).paragraphs
    assert (paragraphs[0].kind, paragraphs[0].style, paragraphs[0].bold) == ("heading", "Heading 1", True)
    assert (paragraphs[1].kind, paragraphs[1].style, paragraphs[1].bold) == ("paragraph", "Normal", False)
    assert paragraphs[2].kind == "heading"


def test_outline_level_makes_a_heading(tmp_path: Path) -> None:
    body = _p("一、存在问题", "<w:outlineLvl w:val='0'/>") + _p("正文", "<w:outlineLvl w:val='9'/>")
    assert [p.kind for p in read_document(docx_from_xml(tmp_path / "o.docx", body)).paragraphs] == [
        "heading",
        "paragraph",
    ]


def test_docx_content_under_another_extension(tmp_path: Path) -> None:
    path = tmp_path / "报告.wps"
    path.write_bytes(build_docx(tmp_path / "x.docx", ["一、存在问题"]).read_bytes())
    document = read_document(path)
    assert document.format == "docx" and document.paragraphs[0].text == "一、存在问题"
    assert document.warnings

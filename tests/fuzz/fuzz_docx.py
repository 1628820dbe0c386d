"""Fuzz target: the XML inside a .docx → the .docx reader (walker, styles, list numbering).

Mutating a zip's bytes mostly breaks its checksums, so this target mutates the parts instead and zips
them itself: the input is ``document.xml``, ``numbering.xml`` and ``styles.xml`` joined by ``SEPARATOR``
(a missing part is left out of the package). Seeds come from python-docx (``tests/support/docx_build.py``)
and from hand-written XML using the elements the walker reads. Run by ``test_atheris.py``.
"""

from __future__ import annotations

import io
import sys
import tempfile
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # run as a script: make `tests` importable

from tests.fuzz.harness import check_document, instrumented, main, result_or_error

with instrumented():
    from mingjing.readers import NATIVE_FORMATS, document_from_bytes

from tests.support.docx_build import build_docx_with_numbering, build_docx_with_table

SEPARATOR = b"\x00PART\x00"  # NUL never occurs in XML, so a mutation cannot fake it by accident
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_CONTENT_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
    b'content-types"><Default Extension="xml" ContentType="application/xml"/></Types>'
)
_PARTS = ("word/document.xml", "word/numbering.xml", "word/styles.xml")


def _rels(kinds: list[str]) -> bytes:
    entries = "".join(
        f'<Relationship Id="rId{i}" Type="{_REL}/{kind}" Target="{kind}.xml"/>'
        for i, kind in enumerate(kinds)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{entries}'
        "</Relationships>"
    ).encode()


def package(data: bytes) -> bytes:
    """The .docx for one input: its parts, stored (not deflated: the reader's inflating is not the target)."""
    parts = data.split(SEPARATOR)[: len(_PARTS)]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("word/_rels/document.xml.rels", _rels(["numbering", "styles"][: len(parts) - 1]))
        for name, body in zip(_PARTS, parts, strict=False):
            archive.writestr(name, body)
    return buffer.getvalue()


def target(data: bytes) -> None:
    """Read the package built from ``data``; a document that comes back must be clean text."""
    document = result_or_error(
        lambda: document_from_bytes(package(data), filename="报告.docx", accept=NATIVE_FORMATS)
    )
    if document is not None:
        check_document(document)


def _parts_of(path: Path, *, styles: bool = False) -> bytes:
    with zipfile.ZipFile(path) as archive:
        parts = [archive.read("word/document.xml")]
        names = archive.namelist()
        if "word/numbering.xml" in names:
            parts.append(archive.read("word/numbering.xml"))
        if styles:  # python-docx's styles.xml is 350 KB: too large to mutate, so only the hand-written one
            parts.append(_STYLES)
    return SEPARATOR.join(parts)


_STYLES = (
    f'<w:styles xmlns:w="{W_NS}"><w:docDefaults><w:rPrDefault><w:rPr><w:b w:val="0"/></w:rPr></w:rPrDefault>'
    "</w:docDefaults>"
    '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>'
    '<w:style w:type="paragraph" w:styleId="H1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/>'
    '<w:pPr><w:outlineLvl w:val="0"/><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr>'
    "<w:rPr><w:b/></w:rPr></w:style>"
    '<w:style w:type="paragraph" w:styleId="H2"><w:name w:val="标题 2"/><w:basedOn w:val="H1"/>'
    '<w:pPr><w:numPr><w:ilvl w:val="1"/></w:numPr></w:pPr></w:style>'
    '<w:style w:type="character" w:styleId="Strong"><w:name w:val="Strong"/><w:rPr><w:b/></w:rPr></w:style>'
    "</w:styles>"
).encode()

_NUMBERING = (
    f'<w:numbering xmlns:w="{W_NS}"><w:abstractNum w:abstractNumId="0">'
    '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>'
    '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/>'
    '<w:lvlRestart w:val="1"/></w:lvl>'
    '<w:lvl w:ilvl="2"><w:start w:val="3"/><w:numFmt w:val="decimalEnclosedCircle"/><w:lvlText w:val="%3"/>'
    "</w:lvl></w:abstractNum>"
    '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>'
    '<w:num w:numId="2"><w:abstractNumId w:val="0"/><w:lvlOverride w:ilvl="1"><w:startOverride w:val="3"/>'
    "</w:lvlOverride></w:num></w:numbering>"
).encode()

# The elements the walker treats specially: styles with outline levels and numbering, direct numbering,
# revisions, hidden text, symbols, breaks, fields, content controls, hyperlinks, a text box and a table.
_DOCUMENT = (
    f'<w:document xmlns:w="{W_NS}" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006">'
    "<w:body>"
    '<w:p><w:pPr><w:pStyle w:val="H1"/></w:pPr><w:r><w:t>存在问题</w:t></w:r></w:p>'
    '<w:p><w:pPr><w:pStyle w:val="H2"/></w:pPr><w:r><w:rPr><w:rStyle w:val="Strong"/></w:rPr>'
    "<w:t>理论学习方面</w:t></w:r></w:p>"
    '<w:p><w:pPr><w:numPr><w:ilvl w:val="2"/><w:numId w:val="2"/></w:numPr></w:pPr>'
    '<w:r><w:t xml:space="preserve">一是学习</w:t><w:tab/><w:t>不深</w:t><w:br/><w:cr/></w:r>'
    "<w:ins><w:r><w:t>（新增）</w:t></w:r></w:ins><w:del><w:r><w:delText>删去</w:delText></w:r></w:del>"
    '<w:r><w:rPr><w:vanish/></w:rPr><w:t>隐藏</w:t></w:r><w:r><w:sym w:font="Symbol" w:char="2022"/></w:r>'
    '<w:hyperlink><w:r><w:t>链接</w:t></w:r></w:hyperlink><w:fldSimple w:instr="PAGE"><w:r><w:t>3</w:t>'
    "</w:r></w:fldSimple></w:p>"
    '<w:sdt><w:sdtContent><w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>DATE'
    '</w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>2024年</w:t></w:r>'
    '<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p></w:sdtContent></w:sdt>'
    "<w:p><w:r><w:t>例如：</w:t></w:r><w:r><w:drawing><w:txbxContent><w:p><w:r><w:t>文本框</w:t></w:r>"
    "</w:p></w:txbxContent></w:drawing></w:r></w:p>"
    '<w:tbl><w:tr><w:tc><w:tcPr><w:gridSpan w:val="2"/><w:vMerge w:val="restart"/></w:tcPr>'
    '<w:p><w:r><w:t>方面</w:t></w:r></w:p></w:tc><w:tc><w:p><w:pPr><w:outlineLvl w:val="3"/></w:pPr>'
    "<w:r><w:t>问题</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"
    '<w:p><w:pPr><w:numPr><w:numId w:val="0"/></w:numPr></w:pPr><w:r><w:t>张三</w:t></w:r></w:p>'
    "</w:body></w:document>"
).encode()


def seeds() -> list[bytes]:
    """Hand-written parts, and the parts of .docx files python-docx builds, in this target's input form."""
    lines = [
        "对照检查材料",
        "一、存在问题",
        "（一）学习方面",
        "1.学习不深",
        "（1）例如",
        "①一是",
        "（三）作风方面",
        "二、原因",
    ]
    with tempfile.TemporaryDirectory() as folder:
        numbered = build_docx_with_numbering(Path(folder, "a.docx"), lines)
        table = build_docx_with_table(
            Path(folder, "b.docx"),
            [["理论学习", "一是学习不深"], ["理论学习", "二是不够系统"]],
            before=lines[:2],
        )
        made = [_parts_of(numbered), _parts_of(table)]
    made.append(SEPARATOR.join([_DOCUMENT, _NUMBERING, _STYLES]))
    made.append(_DOCUMENT)
    return made


if __name__ == "__main__":
    main(target, seeds)

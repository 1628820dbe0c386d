"""Read an opinion list (.xlsx: one per row; .docx: one per paragraph or table row) into texts.

An .xlsx may have a header row with a column named 针对/对象/意见对象 holding a member's name;
the opinion itself is the longest text cell of the row. Leading list numbers ("1.", "（一）") go.
"""

from __future__ import annotations

import copy
import io
import re
import zipfile
from collections.abc import Iterator

from mingjing_web.consult.services import ConsultError, limits

_NUMBER = re.compile(r"^\s*(?:[（(]?[0-9一二三四五六七八九十]+[）)．.、，,]|[①-⑳])\s*")
_SUBJECT_HEADERS = ("针对", "对象", "意见对象", "针对对象", "被提意见人")
_SKIP = ("序号", "意见内容", "意见建议", "征求意见汇总", "意见汇总")

Row = tuple[str, str | None]  # (opinion text, subject name or None)


def _clean(text: str) -> str:
    return _NUMBER.sub("", text.strip(), count=1).strip()


def _xlsx_rows(data: bytes) -> Iterator[Row]:
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        for sheet in book.worksheets:
            subject_col: int | None = None
            for index, row in enumerate(sheet.iter_rows(values_only=True)):
                cells = ["" if v is None else str(v).strip() for v in row]
                if index == 0:
                    found = [i for i, c in enumerate(cells) if c in _SUBJECT_HEADERS]
                    if found:
                        subject_col = found[0]
                        continue
                texts = [(len(c), i) for i, c in enumerate(cells) if i != subject_col and not c.isdigit()]
                if not texts:
                    continue
                _length, best = max(texts)
                subject = cells[subject_col] if subject_col is not None and subject_col < len(cells) else None
                yield _clean(cells[best]), subject or None
    finally:
        book.close()


def _docx_rows(data: bytes) -> Iterator[Row]:
    import docx

    document = docx.Document(io.BytesIO(data))
    for paragraph in document.paragraphs:
        yield _clean(paragraph.text), None
    for table in document.tables:
        for row in table.rows:
            cells = [cell.text.strip() for cell in row.cells]
            texts = [c for c in cells if c and not c.isdigit()]
            if texts:
                yield _clean(max(texts, key=len)), None


def _check_package(data: bytes) -> None:
    """Inflate every part in chunks and stop at the limit, whatever the zip directory claims (zip bombs)."""
    config = limits()["import"]
    if data.count(b"PK\x01\x02") > int(config["max_parts"]):
        raise ConsultError("文件中的部件过多，不像正常的 Excel 或 Word 文件，请另存后重试。")
    budget = int(config["max_unpacked_mb"]) * 1024 * 1024
    total = 0
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for info in archive.infolist():
            probe = copy.copy(info)
            probe.file_size = budget + 1  # let the stream run past the declared size: measure the real one
            with archive.open(probe) as stream:
                while chunk := stream.read(1 << 16):
                    total += len(chunk)
                    if total > budget:
                        raise ConsultError(
                            f"文件解压后超过 {config['max_unpacked_mb']} MB，不像一份意见清单，请检查后重试。"
                        )


def read_opinion_list(data: bytes, filename: str) -> list[Row]:
    """The opinions in an uploaded list; one Chinese sentence when the file cannot be read."""
    config = limits()["import"]
    if len(data) > int(config["max_mb"]) * 1024 * 1024:
        raise ConsultError(f"文件超过 {config['max_mb']} MB，请拆分后分别导入。")
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise ConsultError("只能导入 .xlsx 或 .docx 文件，请另存为这两种格式后重试。")
    try:
        _check_package(data)
        names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
        if "xl/workbook.xml" in names:
            rows = _xlsx_rows(data)
        elif "word/document.xml" in names:
            rows = _docx_rows(data)
        else:
            raise ConsultError("只能导入 .xlsx 或 .docx 文件，请另存为这两种格式后重试。")
        found: list[Row] = []
        for text, subject in rows:
            if text and text not in _SKIP:
                found.append((text, subject))
            if len(found) > int(config["max_rows"]):
                raise ConsultError(f"一次最多导入 {config['max_rows']} 条意见，请拆分文件。")
        return found
    except ConsultError:
        raise
    except Exception as err:  # a damaged file: say so in one sentence, never a traceback
        raise ConsultError(f"文件“{filename}”无法读取，请确认它能用 Excel 或 Word 正常打开。") from err

"""The upload page classifies content before reading it: a large .docx is judged by its whole zip directory."""

from __future__ import annotations

import io
import zipfile

import pytest

from mingjing_web.errors import UploadError
from mingjing_web.reports.uploads import upload_kind_check


def _docx_with_large_picture(picture_bytes: int) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        archive.writestr("word/media/image1.png", b"\x89PNG" + bytes(picture_bytes))
        archive.writestr("word/document.xml", '<?xml version="1.0"?><w:document/>')
    return buffer.getvalue()


def test_a_docx_larger_than_the_sniffing_window_is_accepted() -> None:
    data = _docx_with_large_picture(6 * 1024 * 1024)  # the zip directory lies past the first 4 MB
    upload_kind_check(data=data, filename="材料.docx")


def test_a_pdf_is_refused_in_chinese() -> None:
    with pytest.raises(UploadError, match="本页只接受"):
        upload_kind_check(data=b"%PDF-1.7\n" + bytes(100), filename="材料.pdf")

"""Format detection from content."""

from __future__ import annotations

from pathlib import Path

import pytest

from mingjing.readers.sniff import sniff
from tests.readers import badfiles
from tests.readers.pdfbuild import make_pdf
from tests.support.docx_build import build_docx


@pytest.mark.parametrize("kind", sorted(badfiles.IMAGES))
def test_images(kind: str) -> None:
    assert (sniff(badfiles.IMAGES[kind]).kind, sniff(badfiles.IMAGES[kind]).detail) == ("image", kind)


def test_docx_and_broken_zips(tmp_path: Path) -> None:
    assert sniff(badfiles.good_docx(tmp_path)).kind == "docx"
    assert sniff(badfiles.truncated_docx(tmp_path)).kind == "zip-broken"
    assert sniff(badfiles.docx_without_document(tmp_path)).kind == "docx-broken"
    assert sniff(badfiles.zip_bytes({"a.txt": b"x"})).kind == "zip"


@pytest.mark.parametrize(
    ("stream", "kind"),
    [("WordDocument", "doc"), ("EncryptedPackage", "ole-encrypted"), ("Workbook", "excel"), ("Other", "ole")],
)
def test_ole_containers(stream: str, kind: str) -> None:
    assert sniff(badfiles.ole_with_stream(stream)).kind == kind


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (make_pdf(["一"]), "pdf"),
        (b"{\\rtf1\\ansi hello}", "rtf"),
        (b"\xef\xbb\xbf{\\rtf1 x}", "rtf"),
        (b"<html><body>\xe4\xb8\x80</body></html>", "html"),
        (b"MIME-Version: 1.0\r\nContent-Type: multipart/related", "html"),
        (b"Rar!\x1a\x07\x00xxxx", "binary"),
        ("一、存在问题".encode(), "text"),
        (b"BM is how this text file starts", "text"),
    ],
)
def test_other_magic_numbers(data: bytes, kind: str) -> None:
    assert sniff(data).kind == kind


def test_odt_is_recognised_by_its_mimetype() -> None:
    data = badfiles.zip_bytes(
        {"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<x/>"}
    )
    assert sniff(data).kind == "odt"


def test_plain_docx_built_for_tests_is_docx(tmp_path: Path) -> None:
    assert sniff(build_docx(tmp_path / "a.docx", ["x"]).read_bytes()).kind == "docx"

"""Every bad input gives a MingjingError with a Chinese message that says what to do."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest

from mingjing.errors import MingjingError, ReadError, UnsupportedFormatError
from mingjing.readers import document_from_bytes, read_document
from tests.readers import badfiles

_HAN = re.compile(r"[\u4e00-\u9fff]")


def _read_error(path: Path, **kwargs: int) -> MingjingError:
    with pytest.raises(MingjingError) as caught:
        read_document(path, **kwargs)
    assert _HAN.search(str(caught.value)), "the message must be Chinese"
    return caught.value


def test_missing_file(tmp_path: Path) -> None:
    error = _read_error(tmp_path / "没有这个文件.docx")
    assert isinstance(error, ReadError) and "找不到文件" in str(error)


def test_directory(tmp_path: Path) -> None:
    assert "文件夹" in str(_read_error(tmp_path))


@pytest.mark.parametrize("content", [b"", b"   \r\n\t\n", "\u3000\u3000\n \n".encode(), b"\xef\xbb\xbf\n"])
@pytest.mark.parametrize("suffix", [".txt", ".md", ""])
def test_empty_files(tmp_path: Path, content: bytes, suffix: str) -> None:
    path = tmp_path / f"empty{suffix}"
    path.write_bytes(content)
    assert "文件是空的" in str(_read_error(path))


def test_docx_without_any_text_is_empty(tmp_path: Path) -> None:
    from tests.support.docx_build import build_docx

    assert "文件是空的" in str(_read_error(build_docx(tmp_path / "blank.docx", ["", "  "])))


def test_over_the_size_limit(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_text("一是学习不够。\n" * 200, encoding="utf-8")
    message = str(_read_error(path, max_bytes=1024))
    assert "文件过大" in message and "上限" in message and "MB" in message


def test_size_limit_also_guards_uploads() -> None:
    with pytest.raises(ReadError, match="文件过大"):
        document_from_bytes(b"x" * 2048, filename="a.txt", max_bytes=1024)


@pytest.mark.parametrize("kind", sorted(badfiles.IMAGES))
@pytest.mark.parametrize("suffix", [".docx", ".txt", ".png"])
def test_images_are_rejected_whatever_their_name(tmp_path: Path, kind: str, suffix: str) -> None:
    path = tmp_path / f"scan{suffix}"
    path.write_bytes(badfiles.IMAGES[kind])
    error = _read_error(path)
    assert isinstance(error, UnsupportedFormatError)
    assert "图片" in str(error) and kind in str(error)


def test_plain_zip_is_an_archive(tmp_path: Path) -> None:
    path = tmp_path / "材料.zip"
    path.write_bytes(badfiles.zip_bytes({"a.txt": "内容".encode()}))
    error = _read_error(path)
    assert isinstance(error, UnsupportedFormatError) and "压缩包" in str(error)


BROKEN_DOCX: dict[str, Callable[[Path], bytes]] = {
    "truncated": badfiles.truncated_docx,
    "no-document-part": badfiles.docx_without_document,
    "bad-xml": badfiles.docx_with_bad_xml,
    "zip-not-docx": lambda _tmp: badfiles.zip_bytes({"a.txt": b"hello"}),
    "random-bytes": lambda _tmp: bytes(range(256)) * 4,
}


@pytest.mark.parametrize("make", list(BROKEN_DOCX.values()), ids=list(BROKEN_DOCX))
def test_broken_docx_says_damaged_and_how_to_fix(tmp_path: Path, make: Callable[[Path], bytes]) -> None:
    path = tmp_path / "报告.docx"
    path.write_bytes(make(tmp_path))
    message = str(_read_error(path))
    assert "损坏" in message and "另存为 .docx" in message


def test_password_protected_docx(tmp_path: Path) -> None:
    path = tmp_path / "加密.docx"
    path.write_bytes(badfiles.ole_with_stream("EncryptedPackage"))
    message = str(_read_error(path))
    assert "密码" in message and "另存为" in message


def test_excel_workbook_is_not_a_report(tmp_path: Path) -> None:
    path = tmp_path / "台账.xlsx"
    workbook = openpyxl.Workbook()
    workbook.active["A1"] = "问题清单"
    workbook.save(path)
    error = _read_error(path)
    assert isinstance(error, UnsupportedFormatError) and "Excel" in str(error)


def test_binary_with_text_extension(tmp_path: Path) -> None:
    path = tmp_path / "data.txt"
    path.write_bytes(b"\x00\x01\x02\x03binary\x00\xff" * 50)
    assert isinstance(_read_error(path), UnsupportedFormatError)


@pytest.mark.parametrize("suffix", [".docx", ".doc", ".pdf"])
def test_text_saved_under_a_document_extension_still_reads(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"其实是文本{suffix}"
    path.write_text("一、存在问题\n一是学习不够。", encoding="gbk")
    document = read_document(path)
    assert [p.text for p in document.paragraphs] == ["一、存在问题", "一是学习不够。"]
    assert document.warnings and "纯文本" in document.warnings[0]


def test_uploads_raise_the_same_errors(tmp_path: Path) -> None:
    with pytest.raises(ReadError, match="损坏"):
        document_from_bytes(badfiles.truncated_docx(tmp_path), filename="上传.docx")
    with pytest.raises(UnsupportedFormatError, match="图片"):
        document_from_bytes(badfiles.IMAGES["PNG"], filename="上传.docx")
    with pytest.raises(ReadError, match="文件是空的"):
        document_from_bytes(b"", filename="上传.txt")


def test_upload_name_from_a_windows_path() -> None:
    document = document_from_bytes("一、存在问题".encode(), filename="C:\\fakepath\\报告.txt")
    assert document.format == "txt" and document.path == "C:\\fakepath\\报告.txt"
    with pytest.raises(ReadError, match=r"“报告\.docx”"):
        document_from_bytes(badfiles.IMAGES["PNG"], filename="C:\\fakepath\\报告.docx")

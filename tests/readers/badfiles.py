"""Bad inputs generated on the fly (images, archives, broken and encrypted Word files)."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from pathlib import Path

from tests.support.docx_build import build_docx

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def png_1x1() -> bytes:
    """A valid 1×1 white PNG."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\xff\xff")
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


def bmp_1x1() -> bytes:
    pixel = b"\xff\xff\xff\x00"
    info = struct.pack("<IiiHHIIiiII", 40, 1, 1, 1, 24, 0, len(pixel), 2835, 2835, 0, 0)
    return b"BM" + struct.pack("<IHHI", 14 + len(info) + len(pixel), 0, 0, 54) + info + pixel


IMAGES: dict[str, bytes] = {
    "PNG": png_1x1(),
    "JPEG": b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01" + b"\x00" * 64,
    "GIF": b"GIF89a\x01\x00\x01\x00\x80\x00\x00" + b"\x00" * 32,
    "BMP": bmp_1x1(),
    "TIFF": b"II*\x00\x08\x00\x00\x00" + b"\x00" * 32,
}


def zip_bytes(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, body in files.items():
            archive.writestr(name, body)
    return buffer.getvalue()


def good_docx(tmp_path: Path) -> bytes:
    return build_docx(tmp_path / "good.docx", ["一、存在问题", "一是学习不够。"] * 20).read_bytes()


def truncated_docx(tmp_path: Path) -> bytes:
    data = good_docx(tmp_path)
    return data[: len(data) // 2]


def docx_without_document(tmp_path: Path) -> bytes:
    with zipfile.ZipFile(io.BytesIO(good_docx(tmp_path))) as archive:
        kept = {n: archive.read(n) for n in archive.namelist() if n != "word/document.xml"}
    return zip_bytes(kept)


def docx_with_bad_xml(tmp_path: Path) -> bytes:
    with zipfile.ZipFile(io.BytesIO(good_docx(tmp_path))) as archive:
        files = {n: archive.read(n) for n in archive.namelist()}
    files["word/document.xml"] = files["word/document.xml"][:-40] + "<w:p><w:r><w:t>未闭合".encode()
    return zip_bytes(files)


def ole_with_stream(stream: str) -> bytes:
    """An OLE compound file header plus a directory entry naming ``stream`` (enough to sniff)."""
    name = stream.encode("utf-16-le") + b"\x00\x00"
    entry = name.ljust(64, b"\x00") + struct.pack("<H", len(name)) + b"\x02" + b"\x00" * 61
    return OLE_MAGIC + b"\x00" * 504 + entry + b"\x00" * 512

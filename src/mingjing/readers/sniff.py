"""Tell what a file really is from its first bytes (and, for zip and OLE files, their directory).

The extension is only a hint: users rename files, OA systems export HTML as ``.doc``, and a
password-protected ``.docx`` is not a zip at all. The reader combines :func:`sniff` with the
extension in :mod:`mingjing.readers`.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
IMAGE_MAGICS: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "PNG"),
    (b"\xff\xd8\xff", "JPEG"),
    (b"GIF87a", "GIF"),
    (b"GIF89a", "GIF"),
    (b"II*\x00", "TIFF"),
    (b"MM\x00*", "TIFF"),
)
# Other binary formats people upload by mistake; named so the message can say what it is.
OTHER_MAGICS: tuple[tuple[bytes, str], ...] = (
    (b"Rar!\x1a\x07", "RAR 压缩包"),
    (b"7z\xbc\xaf\x27\x1c", "7z 压缩包"),
    (b"\x1f\x8b", "gzip 压缩包"),
    (b"%!PS", "PostScript"),
    (b"\x7fELF", "可执行程序"),
)
# Names of OLE directory entries (UTF-16LE) that identify the application.
_OLE_STREAMS: tuple[tuple[str, str], ...] = (
    ("EncryptedPackage", "ole-encrypted"),
    ("WordDocument", "doc"),
    ("Workbook", "excel"),
    ("Book", "excel"),
    ("PowerPoint Document", "powerpoint"),
)
_ODF_TEXT = b"application/vnd.oasis.opendocument.text"


@dataclass(frozen=True)
class Sniffed:
    """What the content is.

    ``kind`` is one of: ``docx``, ``docx-broken`` (a zip with Word parts that cannot be read),
    ``zip-broken``, ``odt``, ``excel``, ``powerpoint``, ``zip``, ``doc`` (Word 97–2003 / WPS OLE),
    ``ole-encrypted`` (a password-protected .docx), ``ole``, ``rtf``, ``pdf``, ``html``, ``image``,
    ``binary`` (a known non-document format) or ``text`` (anything else: the decoder decides).
    ``detail`` names the concrete format for messages (``"PNG"``, ``"RAR 压缩包"`` …).
    """

    kind: str
    detail: str | None = None


def sniff(data: bytes) -> Sniffed:
    """Classify ``data`` by magic numbers; zip and OLE containers are opened to look inside."""
    head = data[:16]
    if head.startswith(ZIP_MAGICS):
        return _sniff_zip(data)
    if head.startswith(OLE_MAGIC):
        return _sniff_ole(data)
    if head.startswith(b"%PDF-"):
        return Sniffed("pdf")
    if head.lstrip(b"\xef\xbb\xbf").startswith(b"{\\rtf"):
        return Sniffed("rtf")
    image = _image_kind(data)
    if image is not None:
        return Sniffed("image", image)
    for magic, name in OTHER_MAGICS:
        if head.startswith(magic):
            return Sniffed("binary", name)
    if _looks_like_html(data):
        return Sniffed("html")
    return Sniffed("text")


def _image_kind(data: bytes) -> str | None:
    for magic, name in IMAGE_MAGICS:
        if data.startswith(magic):
            return name
    if data.startswith(b"RIFF") and data[8:12] == b"WEBP":
        return "WEBP"
    # "BM" alone is too weak (a text file may start with it): also require the reserved zero bytes.
    if data.startswith(b"BM") and len(data) >= 26 and data[6:10] == b"\x00\x00\x00\x00":
        return "BMP"
    if data[4:12] in (b"ftypheic", b"ftypheix", b"ftypmif1"):
        return "HEIC"
    return None


def _sniff_zip(data: bytes) -> Sniffed:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            mimetype = _head(archive, "mimetype", 80) if "mimetype" in names else b""
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError, KeyError):
        return Sniffed("zip-broken")
    except (NotImplementedError, RuntimeError):  # exotic compression or an encrypted entry
        return Sniffed("zip-broken")
    return _classify_zip(names, mimetype)


def _head(archive: zipfile.ZipFile, name: str, size: int) -> bytes:
    """The first bytes of an entry, never inflating more (the entry may be a zip bomb).

    Only stored and deflated entries are opened: bzip2 and LZMA inflate a whole small input at once.
    """
    if archive.getinfo(name).compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        return b""
    with archive.open(name) as stream:
        data: bytes = stream.read(size)
    return data


def _classify_zip(names: set[str], mimetype: bytes) -> Sniffed:
    if mimetype.startswith(_ODF_TEXT):
        return Sniffed("odt")
    if any(name.startswith("xl/") for name in names):
        return Sniffed("excel")
    if any(name.startswith("ppt/") for name in names):
        return Sniffed("powerpoint")
    if "word/document.xml" in names or any(name.startswith("word/document") for name in names):
        return Sniffed("docx")
    if "[Content_Types].xml" in names and any(name.startswith("word/") for name in names):
        return Sniffed("docx-broken")
    return Sniffed("zip")


def _sniff_ole(data: bytes) -> Sniffed:
    for stream, kind in _OLE_STREAMS:
        # A directory entry holds the NUL-terminated UTF-16LE name; the terminator avoids matching body text.
        if stream.encode("utf-16-le") + b"\x00\x00" in data:
            return Sniffed(kind)
    return Sniffed("ole")


def _looks_like_html(data: bytes) -> bool:
    # Word/OA systems save HTML or MHT ("单个文件网页") under a .doc name.
    head = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith((b"<html", b"<!doctype html", b"mime-version:")) or (
        head.startswith(b"<?xml") and b'<?mso-application progid="word.document"?>' in data[:2048].lower()
    )

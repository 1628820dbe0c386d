"""Bounded access to a zip package (.docx): the directory is never trusted.

* The number of entries is counted in the raw bytes (central-directory signatures) *before*
  ``zipfile`` builds its directory, so a zip of a million tiny entries costs nothing.
* A part is inflated in chunks and measured as it grows: a part whose directory understates its
  size, or a zip bomb, is stopped at ``max_part_bytes`` whatever the directory says, and a part
  whose real size differs from the directory's is a damaged file.
* XML is measured before it is parsed: elements and attributes are counted in the bytes (every
  element starts with ``<``, every attribute has ``=``), which bounds the tree lxml would build.
"""

from __future__ import annotations

import copy
import io
import zipfile
from types import TracebackType
from typing import Any

from lxml import etree  # type: ignore[import-untyped]

from mingjing.errors import LimitExceededError
from mingjing.readers.limits import XML_MAX_DEPTH, ReadLimits, exceeded, megabytes

_CENTRAL_ENTRY = b"PK\x01\x02"
_CHUNK = 1 << 16
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, remove_comments=True, remove_pis=True)
_HUGE_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, remove_comments=True, remove_pis=True, huge_tree=True
)
_RESOURCE_MESSAGES = ("resource limit exceeded", "huge text node", "xml_parse_huge", "huge input lookup")


# The only methods an Office Open XML package may use (ECMA-376 part 2); zipfile also does bzip2/LZMA.
OOXML_COMPRESSION = frozenset({zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED})


class PackageError(Exception):
    """The package is not a readable Word document; the caller turns this into a ReadError."""


def check_entry_count(data: bytes, limits: ReadLimits, name: str) -> None:
    """Refuse a zip with more entries than ``max_parts`` before ``zipfile`` reads its directory."""
    count = data.count(_CENTRAL_ENTRY)  # an upper bound: every directory entry starts with it
    if count > limits.max_parts:
        raise exceeded(
            f"“{name}”中包含的部件过多（{count:,} 个，上限 {limits.max_parts:,} 个），不像一份正常的 Word 文档。",
            limit="max_parts",
        )


class Package:
    """A zip package opened for bounded reading; XML parts share one byte and node budget."""

    def __init__(self, data: bytes, *, limits: ReadLimits, name: str) -> None:
        check_entry_count(data, limits, name)
        self.limits = limits
        self.name = name
        self.archive = zipfile.ZipFile(io.BytesIO(data))
        self.xml_bytes = 0
        self.xml_nodes = 0
        self._uncounted: list[bytes] = []
        if len(self.archive.infolist()) > limits.max_parts:
            raise exceeded(
                f"“{name}”中包含的部件过多（上限 {limits.max_parts:,} 个），不像一份正常的 Word 文档。",
                limit="max_parts",
            )

    def __enter__(self) -> Package:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, value: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.archive.close()

    def __contains__(self, part: str) -> bool:
        return part in self.archive.NameToInfo

    def read(self, part: str) -> bytes:
        """The bytes of one part, inflated in chunks and stopped at ``max_part_bytes``."""
        try:
            info = self.archive.getinfo(part)
        except KeyError as exc:
            raise PackageError(f"missing part {part}") from exc
        limit = self.limits.max_part_bytes
        if info.compress_type not in OOXML_COMPRESSION:
            # bzip2/LZMA inflate a whole small input in one call (200 MB from 506 bytes): never open them.
            raise PackageError(f"part {part} uses compression method {info.compress_type}")
        if info.compress_size > self.limits.max_file_bytes:
            raise PackageError(f"part {part} claims {info.compress_size} compressed bytes")
        # zipfile stops a part at its declared size; let it run up to our own limit instead, so the
        # real size is what is measured (the CRC check at the end still applies).
        probe = copy.copy(info)
        probe.file_size = max(info.file_size, limit + 2 * _CHUNK)
        chunks: list[bytes] = []
        total = 0
        with self.archive.open(probe) as stream:
            while chunk := stream.read(_CHUNK):
                total += len(chunk)
                if total > limit:
                    raise self._too_large(part)
                chunks.append(chunk)
        if total != info.file_size:
            raise PackageError(f"part {part} is {total} bytes, the directory says {info.file_size}")
        return b"".join(chunks)

    def parse(self, part: str) -> Any:
        """Read and parse one XML part within the package's byte and node budget."""
        return self.parse_bytes(self.read(part), part)

    def parse_bytes(self, data: bytes, part: str) -> Any:
        self.measure(data, part)
        return parse_xml_bytes(data, limits=self.limits, name=self.name)

    def measure(self, data: bytes, part: str) -> None:
        """Charge ``data`` to the XML budget; raise before parsing when it would be exceeded."""
        self.xml_bytes += len(data)
        if self.xml_bytes > self.limits.max_xml_bytes:
            raise exceeded(
                f"“{self.name}”的文档内容解压后超过 {megabytes(self.limits.max_xml_bytes)} MB 上限"
                "（可能是恶意构造的压缩文件）。",
                limit="max_xml_bytes",
            )
        # Every element has a "<" and every attribute an "=", so while the XML read so far has fewer
        # bytes than the node limit it cannot have more nodes: only then are the bytes counted.
        self._uncounted.append(data)
        if self.xml_bytes <= self.limits.max_xml_nodes:
            return
        self.xml_nodes += sum(chunk.count(b"<") + chunk.count(b"=") for chunk in self._uncounted)
        self._uncounted.clear()
        if self.xml_nodes > self.limits.max_xml_nodes:
            raise exceeded(
                f"“{self.name}”的文档结构过于复杂（XML 元素和属性超过 {self.limits.max_xml_nodes:,} 个上限）。",
                limit="max_xml_nodes",
            )

    def _too_large(self, part: str) -> Exception:
        return exceeded(
            f"“{self.name}”中的部件 {part} 解压后超过 {megabytes(self.limits.max_part_bytes)} MB 上限"
            "（可能是恶意构造的压缩文件）。",
            limit="max_part_bytes",
        )


def parse_xml_bytes(data: bytes, *, limits: ReadLimits, name: str) -> Any:
    """Parse XML without entities or network; libxml2's depth limit becomes a LimitExceededError."""
    parser = _HUGE_PARSER if limits.xml_huge_tree else _PARSER
    try:
        return etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        message = str(exc).lower()
        if "excessive depth" in message:
            raise depth_error(name) from exc
        if any(marker in message for marker in _RESOURCE_MESSAGES):  # libxml2's 10 MB text node and kin
            raise exceeded(
                f"“{name}”中有一段内容过长（单个文字块超过 10 MB 的上限），超出读取上限。",
                limit="xml_text_node",
            ) from exc
        raise


def depth_error(name: str) -> LimitExceededError:
    return exceeded(
        f"“{name}”的文档结构嵌套过深（超过 {XML_MAX_DEPTH} 层，如层层嵌套的表格），超出读取上限。",
        limit="xml_depth",
    )

"""How the corpus stores texts: compact, lossless, and readable for every format it ever wrote.

Texts are about half of a corpus on disk (issue 12.4), so each is stored as small as plain Python
allows, with no extra dependency. A blob's first byte says how it was written:

``R`` (written since issue 12.4)
    The text as UTF-16 code units, each renumbered by a fixed permutation of the 65,536 code units that
    puts the characters of official Party writing first, in order of frequency (so the high byte of
    the common characters is 0 and deflate's byte-wise Huffman coding sees far fewer distinct byte
    pairs), then raw deflate with a preset dictionary of typical 对照检查材料 text, twice: with string
    matching (level 4) and Huffman coding only; the smaller is kept (real reports repeat phrases and
    gain from matching, text with few repeats codes smaller without it; both passes together cost
    about what one level-9 pass does). The permutation and dictionary come from
    ``data/textcodec-1.json``, made once from the shipped sample templates and the boilerplate list;
    that file must never change (stored blobs need it to be read back): a better table is a new file
    and a new first byte. Against ``G``: 19 % smaller on the seed reports, 12 % on the synthetic
    benchmark reports (drawn character by character, so nearly without repeats).
``G`` / ``U`` (before issue 12.4, still read)
    GB18030 (or UTF-8 with surrogates passed through) under zlib.

A match text (the same-length simplified shadow matching works on) is usually not stored at all:
``None`` means it equals the text, ``T``/``S`` + CRC-32 mean it is ``to_simplified(text)`` /
``simplified_shadow(text)``, recomputed when read and checked against the CRC (should a new OpenCC ever
convert differently, reading fails loudly instead of aligning on a different text).
"""

from __future__ import annotations

import json
import zlib
from functools import lru_cache
from importlib import resources
from typing import Any

import numpy as np
import numpy.typing as npt

from mingjing.reuse.canon import simplified_shadow
from mingjing.reuse.store import CorpusError
from mingjing.text.chars import to_simplified

_LEVEL = 4  # level 4 finds nearly all that 9 does in such short texts, at half the time
_WBITS = -15  # raw deflate: no zlib header and checksum (6 bytes a text); the database keeps pages sound


@lru_cache(maxsize=1)
def _codec() -> tuple[npt.NDArray[np.uint16], npt.NDArray[np.uint16], bytes]:
    """The permutation, its inverse and the coded preset dictionary (from the frozen data file)."""
    raw = resources.files("mingjing.reuse").joinpath("data/textcodec-1.json").read_text("utf-8")
    data = json.loads(raw)
    first = [ord(c) for c in data["chars"]]
    taken = np.zeros(1 << 16, dtype=np.bool_)
    taken[first] = True
    order = np.concatenate((np.array(first, dtype=np.int64), np.flatnonzero(~taken)))
    forward = np.zeros(1 << 16, dtype=np.uint16)
    forward[order] = np.arange(1 << 16, dtype=np.uint16)
    backward = order.astype(np.uint16)
    units = np.frombuffer(str(data["dictionary"]).encode("utf-16-le", "surrogatepass"), dtype=np.uint16)
    return forward, backward, forward[units].tobytes()[-32768:]


@lru_cache(maxsize=1)
def _primed() -> Any:
    """A compressor with the dictionary loaded: copying it is far cheaper than loading it per text."""
    return zlib.compressobj(_LEVEL, zlib.DEFLATED, _WBITS, 8, zlib.Z_DEFAULT_STRATEGY, _codec()[2])


def pack(text: str) -> bytes:
    """Compress a text (format ``R``, see the module docstring)."""
    forward = _codec()[0]
    units = np.frombuffer(text.encode("utf-16-le", "surrogatepass"), dtype=np.uint16)
    coded = forward[units].tobytes()
    matching = _primed().copy()
    best = matching.compress(coded) + matching.flush()
    plain = zlib.compressobj(_LEVEL, zlib.DEFLATED, _WBITS, 8, zlib.Z_HUFFMAN_ONLY)
    huffman = plain.compress(coded) + plain.flush()
    return b"R" + (huffman if len(huffman) < len(best) else best)


def unpack(blob: bytes | memoryview) -> str:
    """The text of a blob written by :func:`pack` or by the corpus before issue 12.4."""
    raw = bytes(blob)
    tag = raw[:1]
    if tag == b"R":
        _, backward, zdict = _codec()
        inflate = zlib.decompressobj(_WBITS, zdict)
        coded = np.frombuffer(inflate.decompress(raw[1:]) + inflate.flush(), dtype=np.uint16)
        return backward[coded].tobytes().decode("utf-16-le", "surrogatepass")
    data = zlib.decompress(raw[1:])
    return data.decode("gb18030") if tag == b"G" else data.decode("utf-8", "surrogatepass")


_SHADOWS = {b"T": to_simplified, b"S": simplified_shadow}


def _crc(text: str) -> bytes:
    return zlib.crc32(text.encode("utf-8", "surrogatepass")).to_bytes(4, "little")


def pack_match(match_text: str, text: str) -> bytes | None:
    """Store a match text: nothing when it is the text, a 5-byte marker when it is recomputable."""
    if match_text == text:
        return None
    for tag, shadow in _SHADOWS.items():
        if shadow(text) == match_text:
            return tag + _crc(match_text)
    return pack(match_text)


def unpack_match(blob: bytes | memoryview | None, text: str) -> str:
    """The match text stored by :func:`pack_match` (or by the corpus before issue 12.4)."""
    if blob is None:
        return text
    raw = bytes(blob)
    shadow = _SHADOWS.get(raw[:1])
    if shadow is None:
        return unpack(raw)
    match_text = shadow(text)
    if _crc(match_text) != raw[1:5]:
        raise CorpusError(
            "语料库中一份文档的简体匹配文本无法按原样复现（繁简转换表可能已变）。",
            hint="请用当前版本重新建库。",
        )
    return match_text

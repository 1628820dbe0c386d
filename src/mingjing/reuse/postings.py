"""The inverted index layout: fingerprint → documents, packed per hash bucket.

A fingerprint's 64-bit hash keeps its top 36 bits in the index (or more: *check bits*, below): the top
``BUCKET_BITS`` pick a bucket (one database row), the next ``KEY_BITS`` are stored beside the document
id in that row's blob as a packed record. One row per bucket keeps the index small (no per-row
overhead) and a query reads about one small row per fingerprint.

Two record layouts: *wide* (6 bytes: 16-bit key, 32-bit document id), what corpora created before
issue 12.4 hold, and *narrow* (5 bytes: 16-bit key, 24-bit id), what new corpora use while every id is
below 2**24 (16.7 million documents; the corpus widens its rows once when it gets there). A corpus says
which in its meta table; the narrow layout is a sixth smaller for a province's 900 million postings.

*Spread keys.* Winnowing keeps the smallest hash of each window, so fingerprint hashes lean to small
values: taken as they are, the low buckets hold most postings (at 100,000 reports the first tenth of the
buckets averaged 1,800 bytes a row, the last tenth 5). At a province's size such rows are 20–30 KB and
fill a 32 KiB page one each (1.39 bytes of file per byte stored), and a query reads the fattest rows.
Corpora created since 2026-12-03 (meta ``keys`` = ``spread``) store :func:`spread` keys instead: a
multiplication by an odd constant modulo 2**36, a bijection that carries the uniform low bits into the
bucket bits. The corpus converts the keys at its boundary (:meth:`~mingjing.reuse.corpus.Corpus.index_space`);
fingerprinting and everything in memory keep the plain keys.

*Check bits.* A record's 16-bit field holds the ``INDEX_BITS - bits`` key bits below the bucket; with
``2**24`` buckets that is 12 bits, and 36-bit keys leave 4 bits of every record unused. An index whose
rows are all written at that size (an archive loaded in bulk into a new corpus: the bucket count is
settled before the first row) keeps the next hash bits there, ``key_bits`` = ``bits + 16`` up to
``MAX_KEY_BITS`` (meta ``key_bits``): at a province's 900 million postings about 35 strangers'
documents share a query's 36-bit key by chance, and each cost the query a read of its text; with 40
bits, one in sixteen of them does. A key of ``key_bits`` bits is the spread 36-bit key followed by the
plain hash bits below it (:func:`spread`), so its bucket is the same at any precision. Keys come out of
fingerprinting and queries at ``MAX_KEY_BITS`` and the corpus cuts them to its own precision
(:meth:`~mingjing.reuse.corpus.Corpus.index_space`).

Positions are not stored: once a candidate is known, its text is fingerprinted again for the
alignment, which needs every k-gram anyway. 36 bits are enough for candidate lookup; every match is
verified on the texts afterwards.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from mingjing.reuse.fingerprint import HashArray

BUCKET_BITS = 20
KEY_BITS = 16  # the record's key field
INDEX_BITS = BUCKET_BITS + KEY_BITS  # key bits of an index (the spread part of every key)
MAX_KEY_BITS = 40  # key bits fingerprints and queries are cut to; an index keeps 36 up to this
POSTING = np.dtype([("key", "<u2"), ("doc", "<u4")])
NARROW = np.dtype([("key", "<u2"), ("lo", "<u2"), ("hi", "u1")])
NARROW_LIMIT = 1 << 24  # document ids a narrow record can hold

U64 = npt.NDArray[np.uint64]
U32 = npt.NDArray[np.uint32]


def index_keys(hashes: HashArray, bits: int = MAX_KEY_BITS) -> U64:
    """The sorted, distinct ``bits``-bit keys (the top bits) of a document's fingerprints."""
    return distinct(np.sort(hashes >> np.uint64(64 - bits)))


def distinct(keys: U64) -> U64:
    """Sorted keys without repeats."""
    # Sort and drop repeats rather than np.unique: for a report's ~1,000 keys numpy 2's hash-based
    # unique took a sixth of the time of preparing a document for the index.
    fresh = np.ones(len(keys), dtype=np.bool_)
    fresh[1:] = keys[1:] != keys[:-1]
    return np.asarray(keys[fresh], dtype=np.uint64)


_KEY_MASK = np.uint64((1 << INDEX_BITS) - 1)
_SPREAD = np.uint64(0x9E3779B97 | 1)  # odd (the golden-ratio constant's top 36 bits): invertible mod 2**36


def spread(keys: U64, bits: int = INDEX_BITS) -> U64:
    """``bits``-bit keys spread evenly over the buckets (elementwise; order is not kept): their top 36
    bits multiplied as above, the check bits below them kept as they are."""
    check = np.uint64(bits - INDEX_BITS)
    with np.errstate(over="ignore"):
        top = ((keys >> check) * _SPREAD) & _KEY_MASK
    return np.asarray((top << check) | (keys & np.uint64((1 << int(check)) - 1)), dtype=np.uint64)


MAX_BUCKET_BITS = 24  # the record keeps the other 12 bits or more (16-bit field)


def bucket_of(keys: U64, bits: int = BUCKET_BITS, key_bits: int = INDEX_BITS) -> U64:
    """The bucket (database row) of each ``key_bits``-bit key when the index has ``2**bits`` buckets."""
    return np.asarray(keys >> np.uint64(key_bits - bits), dtype=np.uint64)


def key_bits_for(bits: int) -> int:
    """Key bits an index of ``2**bits`` buckets can keep in its 16-bit record field."""
    return min(MAX_KEY_BITS, bits + KEY_BITS)


def bucket_bits_for(documents: int, *, base: int = 100_000) -> int:
    """Buckets an index of ``documents`` reports should have: ``2**20`` up to ``base`` reports, then
    twice as many each time the reports double (up to ``2**24``), so a bucket row stays about as long
    as at ``base`` reports (~600 bytes): a query reads one row per fingerprint, and a longer row is
    bytes read for nothing (at 1,000,000 reports with 2**20 rows each was ~4,300 bytes)."""
    extra = 0
    while documents > base << extra and BUCKET_BITS + extra < MAX_BUCKET_BITS:
        extra += 1
    return BUCKET_BITS + extra


@dataclass(frozen=True)
class Postings:
    """Postings sorted by (key, doc): ``keys[i]`` (the index's key bits) is in document ``docs[i]``."""

    keys: U64
    docs: U32

    @classmethod
    def empty(cls) -> Postings:
        return cls(np.zeros(0, dtype=np.uint64), np.zeros(0, dtype=np.uint32))

    @classmethod
    def decode(
        cls,
        rows: Sequence[tuple[Any, ...]],
        *,
        narrow: bool = False,
        bits: int = BUCKET_BITS,
        key_bits: int = INDEX_BITS,
    ) -> Postings:
        """Decode bucket rows ``(bucket, blob)`` as the database gives them; rows must come in bucket
        order for sorted output. ``narrow``: 5-byte records (see the module docstring), else 6-byte;
        ``bits``: the index has ``2**bits`` buckets; ``key_bits``: its keys' precision."""
        if not rows:
            return cls.empty()
        layout = NARROW if narrow else POSTING
        # No Python work per posting, and as little as possible per row: a scan decodes a million rows.
        blobs = [row[1] for row in rows]
        records = np.frombuffer(b"".join(blobs), dtype=layout)
        lengths = np.fromiter(map(len, blobs), dtype=np.int64, count=len(blobs)) // layout.itemsize
        bucket_ids = np.fromiter((row[0] for row in rows), dtype=np.uint64, count=len(rows))
        buckets = np.repeat(bucket_ids, lengths)
        keys = (buckets << np.uint64(key_bits - bits)) | records["key"].astype(np.uint64)
        if narrow:
            docs = records["lo"].astype(np.uint32) | (records["hi"].astype(np.uint32) << np.uint32(16))
        else:
            docs = records["doc"].astype(np.uint32)
        return cls(keys, docs)

    @classmethod
    def concat(cls, parts: Sequence[Postings]) -> Postings:
        """Merge postings into one sorted, duplicate-free set."""
        keys = np.concatenate([p.keys for p in parts]) if parts else np.zeros(0, np.uint64)
        docs = np.concatenate([p.docs for p in parts]) if parts else np.zeros(0, np.uint32)
        if not len(keys):
            return cls.empty()
        low = keys.min()
        doc_bits = max(1, int(docs.max()).bit_length())
        if int(keys.max() - low).bit_length() + doc_bits <= 64:
            # One sort of (key offset, doc) packed in 64 bits, several times faster than lexsort: a
            # batch or a merge range spans few enough keys (a bulk load's main cost).
            shift = np.uint64(doc_bits)
            codes = np.sort(((keys - low) << shift) | docs.astype(np.uint64))
            fresh = np.ones(len(codes), dtype=np.bool_)
            fresh[1:] = codes[1:] != codes[:-1]
            codes = codes[fresh]
            mask = np.uint64((1 << doc_bits) - 1)
            return cls((codes >> shift) + low, (codes & mask).astype(np.uint32))
        order = np.lexsort((docs, keys))
        keys, docs = keys[order], docs[order]
        fresh = np.ones(len(keys), dtype=np.bool_)
        fresh[1:] = (keys[1:] != keys[:-1]) | (docs[1:] != docs[:-1])
        return cls(keys[fresh], docs[fresh])

    def __len__(self) -> int:
        return len(self.keys)

    def without(self, mask: npt.NDArray[np.bool_]) -> Postings:
        return Postings(self.keys[~mask], self.docs[~mask])

    def key_counts(self) -> tuple[U64, npt.NDArray[np.int64], npt.NDArray[np.int64]]:
        """Distinct keys, where each starts, and how many postings each has."""
        if not len(self.keys):
            empty = np.zeros(0, dtype=np.int64)
            return self.keys, empty, empty
        starts = np.flatnonzero(np.concatenate(([True], self.keys[1:] != self.keys[:-1])))
        counts = np.diff(np.concatenate((starts, [len(self.keys)])))
        return self.keys[starts], starts, counts

    def cap(self, limit: int) -> tuple[Postings, dict[int, int]]:
        """Keep at most ``limit`` postings per key (the oldest documents); report keys over the cap."""
        distinct, starts, counts = self.key_counts()
        over = counts > limit
        if not over.any():
            return self, {}
        rank = np.arange(len(self.keys)) - np.repeat(starts, counts)
        keep = rank < limit
        common = {int(k): int(c) for k, c in zip(distinct[over].tolist(), counts[over].tolist(), strict=True)}
        return Postings(self.keys[keep], self.docs[keep]), common

    def encode(
        self, *, narrow: bool = False, bits: int = BUCKET_BITS, key_bits: int = INDEX_BITS
    ) -> list[tuple[int, bytes]]:
        """Split into bucket rows ``(bucket, blob)`` of an index of ``2**bits`` buckets and
        ``key_bits``-bit keys; ``narrow`` needs every id below ``NARROW_LIMIT``."""
        if not len(self.keys):
            return []
        if key_bits - bits > KEY_BITS:
            raise ValueError(f"{key_bits}-bit keys do not fit 2**{bits} buckets")
        layout = NARROW if narrow else POSTING
        records = np.empty(len(self.keys), dtype=layout)
        records["key"] = (self.keys & np.uint64((1 << (key_bits - bits)) - 1)).astype(np.uint16)
        if narrow:
            if int(self.docs.max()) >= NARROW_LIMIT:
                raise ValueError("document id too large for narrow postings")
            records["lo"] = (self.docs & np.uint32(0xFFFF)).astype(np.uint16)
            records["hi"] = (self.docs >> np.uint32(16)).astype(np.uint8)
        else:
            records["doc"] = self.docs
        buckets = bucket_of(self.keys, bits, key_bits)
        starts = np.flatnonzero(np.concatenate(([True], buckets[1:] != buckets[:-1])))
        ends = np.concatenate((starts[1:], [len(buckets)]))
        raw = records.tobytes()
        size = layout.itemsize
        return [
            (int(buckets[a]), raw[a * size : b * size])
            for a, b in zip(starts.tolist(), ends.tolist(), strict=True)
        ]

    def lookup(self, keys: U64) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
        """For each query key: index range ``[left, right)`` of its postings."""
        left = np.searchsorted(self.keys, keys, side="left").astype(np.int64)
        right = np.searchsorted(self.keys, keys, side="right").astype(np.int64)
        return left, right

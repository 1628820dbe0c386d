"""The inverted index layout: fingerprint → documents, packed per hash bucket.

A fingerprint's 64-bit hash keeps its top 36 bits in the index: the top ``BUCKET_BITS`` pick a bucket
(one database row), the next ``KEY_BITS`` are stored beside the document id in that row's blob as a
packed 6-byte record. One row per bucket keeps the index small (6 bytes a posting, no per-row
overhead) and a query reads about one small row per fingerprint. Positions are not stored: once a
candidate is known, its text is fingerprinted again for the alignment, which needs every k-gram anyway.
36 bits are enough for candidate lookup; every match is verified on the texts afterwards.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from mingjing.reuse.fingerprint import HashArray

BUCKET_BITS = 20
KEY_BITS = 16
INDEX_BITS = BUCKET_BITS + KEY_BITS
POSTING = np.dtype([("key", "<u2"), ("doc", "<u4")])

U64 = npt.NDArray[np.uint64]
U32 = npt.NDArray[np.uint32]


def index_keys(hashes: HashArray) -> U64:
    """The sorted, distinct 36-bit index keys of a document's fingerprints."""
    return np.unique(hashes >> np.uint64(64 - INDEX_BITS))


def bucket_of(keys: U64) -> U64:
    return np.asarray(keys >> np.uint64(KEY_BITS), dtype=np.uint64)


@dataclass(frozen=True)
class Postings:
    """Postings sorted by (key, doc): ``keys[i]`` (36-bit) is in document ``docs[i]``."""

    keys: U64
    docs: U32

    @classmethod
    def empty(cls) -> Postings:
        return cls(np.zeros(0, dtype=np.uint64), np.zeros(0, dtype=np.uint32))

    @classmethod
    def decode(cls, rows: Sequence[tuple[int, bytes]]) -> Postings:
        """Decode bucket rows ``(bucket, blob)``; rows must come in bucket order for sorted output."""
        if not rows:
            return cls.empty()
        blobs = [bytes(blob) for _, blob in rows]
        records = np.frombuffer(b"".join(blobs), dtype=POSTING)
        lengths = np.array([len(b) // POSTING.itemsize for b in blobs], dtype=np.int64)
        buckets = np.repeat(np.array([b for b, _ in rows], dtype=np.uint64), lengths)
        keys = (buckets << np.uint64(KEY_BITS)) | records["key"].astype(np.uint64)
        return cls(keys, records["doc"].astype(np.uint32))

    @classmethod
    def concat(cls, parts: Sequence[Postings]) -> Postings:
        """Merge postings into one sorted, duplicate-free set."""
        keys = np.concatenate([p.keys for p in parts]) if parts else np.zeros(0, np.uint64)
        docs = np.concatenate([p.docs for p in parts]) if parts else np.zeros(0, np.uint32)
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

    def encode(self) -> list[tuple[int, bytes]]:
        """Split into bucket rows ``(bucket, blob)``."""
        if not len(self.keys):
            return []
        records = np.empty(len(self.keys), dtype=POSTING)
        records["key"] = (self.keys & np.uint64((1 << KEY_BITS) - 1)).astype(np.uint16)
        records["doc"] = self.docs
        buckets = bucket_of(self.keys)
        starts = np.flatnonzero(np.concatenate(([True], buckets[1:] != buckets[:-1])))
        ends = np.concatenate((starts[1:], [len(buckets)]))
        raw = records.tobytes()
        size = POSTING.itemsize
        return [
            (int(buckets[a]), raw[a * size : b * size])
            for a, b in zip(starts.tolist(), ends.tolist(), strict=True)
        ]

    def lookup(self, keys: U64) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
        """For each query key: index range ``[left, right)`` of its postings."""
        left = np.searchsorted(self.keys, keys, side="left").astype(np.int64)
        right = np.searchsorted(self.keys, keys, side="right").astype(np.int64)
        return left, right

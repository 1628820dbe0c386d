"""The persistent corpus: reference documents plus the fingerprint index, in SQLite or PostgreSQL.

Tables (prefix ``mj_reuse_``): ``meta`` (settings, counters), ``documents`` (metadata, small rows so
listing is fast), ``texts`` (compressed text and, only when it cannot be recomputed, match text: see
:mod:`mingjing.reuse.textcodec`), ``postings`` (one row per hash bucket, see
:mod:`mingjing.reuse.postings`), ``common`` (fingerprints found in more documents than the cap, with
their document frequency) and ``digests`` (content digests, so an addition is idempotent). Adding and
removing are incremental: only the buckets a document touches are rewritten.

Storage formats are per corpus and per blob, so corpora written before issue 12.4 are read as they
are: meta ``postings`` = ``narrow`` (5-byte records; absent: 6-byte), and each text blob's first byte.
"""

from __future__ import annotations

import hashlib
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Any

import numpy as np
import numpy.typing as npt

from mingjing.model import ParsedReport
from mingjing.reuse.canon import canonicalize, simplified_shadow
from mingjing.reuse.fingerprint import DEFAULT, Params, fingerprints
from mingjing.reuse.postings import (
    BUCKET_BITS,
    INDEX_BITS,
    MAX_KEY_BITS,
    NARROW_LIMIT,
    U64,
    Postings,
    bucket_bits_for,
    bucket_of,
    distinct,
    index_keys,
    key_bits_for,
    spread,
)
from mingjing.reuse.store import CorpusError, Database
from mingjing.reuse.textcodec import pack, pack_match, unpack, unpack_match

SCHEMA_VERSION = 1
_RANGE = 1 << 14  # buckets (of 2**20) merged together when adding a batch
_MERGE_POSTINGS = 1 << 18  # new postings merged in one read and one write at most (memory: a few MB)
KINDS = ("template", "past-report", "peer", "other")
KIND_LABELS = {"template": "模板", "past-report": "往年材料", "peer": "同事材料", "other": "其他"}

# The posting rows' table, also made under another name when the bucket count grows (Corpus._grow_buckets).
_POSTINGS_TABLE = "CREATE TABLE IF NOT EXISTS {name} (bucket INTEGER PRIMARY KEY, data {blob} NOT NULL)"
_BLOB = {"sqlite": "BLOB", "postgresql": "BYTEA"}

_DDL = {
    "sqlite": [
        "CREATE TABLE IF NOT EXISTS mj_reuse_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
        "CREATE TABLE IF NOT EXISTS mj_reuse_documents (id INTEGER PRIMARY KEY, title TEXT NOT NULL, "
        "source TEXT, kind TEXT NOT NULL, owner TEXT, year INTEGER, unit TEXT, chars INTEGER NOT NULL, "
        "fingerprints INTEGER NOT NULL, added_at TEXT NOT NULL)",
        "CREATE TABLE IF NOT EXISTS mj_reuse_texts (id INTEGER PRIMARY KEY, text BLOB NOT NULL, match_text BLOB)",
        _POSTINGS_TABLE.format(name="mj_reuse_postings", blob=_BLOB["sqlite"]),
        "CREATE TABLE IF NOT EXISTS mj_reuse_common (key INTEGER PRIMARY KEY, df INTEGER NOT NULL)",
        "CREATE INDEX IF NOT EXISTS mj_reuse_documents_owner ON mj_reuse_documents (owner)",
        # WITHOUT ROWID: the digest is the key, not a second copy of it in an index (80 bytes a report)
        "CREATE TABLE IF NOT EXISTS mj_reuse_digests (digest TEXT PRIMARY KEY, id INTEGER NOT NULL) WITHOUT ROWID",
        "CREATE INDEX IF NOT EXISTS mj_reuse_digests_id ON mj_reuse_digests (id)",
    ],
    "postgresql": [
        "CREATE TABLE IF NOT EXISTS mj_reuse_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
        "CREATE SEQUENCE IF NOT EXISTS mj_reuse_doc_id_seq",
        "CREATE TABLE IF NOT EXISTS mj_reuse_documents (id BIGINT PRIMARY KEY, title TEXT NOT NULL, "
        "source TEXT, kind TEXT NOT NULL, owner TEXT, year INTEGER, unit TEXT, chars INTEGER NOT NULL, "
        "fingerprints INTEGER NOT NULL, added_at TEXT NOT NULL)",
        "CREATE TABLE IF NOT EXISTS mj_reuse_texts (id BIGINT PRIMARY KEY, text BYTEA NOT NULL, match_text BYTEA)",
        _POSTINGS_TABLE.format(name="mj_reuse_postings", blob=_BLOB["postgresql"]),
        "CREATE TABLE IF NOT EXISTS mj_reuse_common (key BIGINT PRIMARY KEY, df INTEGER NOT NULL)",
        "CREATE INDEX IF NOT EXISTS mj_reuse_documents_owner ON mj_reuse_documents (owner)",
        "CREATE TABLE IF NOT EXISTS mj_reuse_digests (digest TEXT PRIMARY KEY, id BIGINT NOT NULL)",
        "CREATE INDEX IF NOT EXISTS mj_reuse_digests_id ON mj_reuse_digests (id)",
    ],
}


@dataclass(frozen=True)
class Settings:
    """Index settings, fixed when a corpus is created (stored in its meta table).

    ``cap``: postings kept per fingerprint; beyond it the fingerprint is only counted (``common``).
    A fingerprint is *common* when its document frequency reaches
    ``min(cap, max(min_df, common_fraction × documents))``.

    The remaining fields only concern :func:`~mingjing.reuse.matrix.reuse_matrix` (never stored):
    ``meeting_share``/``meeting_min_reports``: text found in at least that share of a meeting's reports
    (and in at least that many) is meeting boilerplate (title, set opening), never copying.
    ``pair_min_shared``: distinct fingerprints two reports must share to be aligned at all.
    ``cluster_min_passage``/``cluster_min_share``: two reports are tied in a cluster ("one hand wrote
    both") only when they share one copy passage of at least that many content characters, or copy
    passages covering at least that share of the shorter report. Shared facts of one 班子 (a short
    sentence like 局党组理论学习中心组专题研讨4次) are listed per pair but tie nobody.
    """

    k: int = DEFAULT.k
    t: int = DEFAULT.t
    cap: int = 64
    min_df: int = 10
    common_fraction: float = 0.05
    meeting_share: float = 0.5
    meeting_min_reports: int = 3
    pair_min_shared: int = 1
    cluster_min_passage: int = 50
    cluster_min_share: float = 0.03

    @property
    def params(self) -> Params:
        return Params(self.k, self.t)

    def common_threshold(self, documents: int) -> int:
        return min(self.cap, max(self.min_df, int(np.ceil(self.common_fraction * documents))))

    def meeting_threshold(self, reports: int) -> int:
        """Reports a text must be in to be meeting boilerplate (more than ``reports``: never)."""
        return max(self.meeting_min_reports, int(np.ceil(self.meeting_share * reports)))


@dataclass(frozen=True)
class Layout:
    """How the bucket rows are written: 5-byte records or 6-byte, ``2**bits`` buckets, and keys of
    ``key_bits`` bits (36, or more in an index loaded in bulk at its full size: see
    :mod:`mingjing.reuse.postings`, *check bits*)."""

    narrow: bool
    bits: int
    key_bits: int = INDEX_BITS

    @property
    def buckets(self) -> int:
        return 1 << self.bits

    @property
    def range(self) -> int:
        """Buckets read or merged together: the same share of the key space whatever ``bits``."""
        return _RANGE << (self.bits - BUCKET_BITS)

    def bucket_of(self, keys: U64) -> U64:
        return bucket_of(keys, self.bits, self.key_bits)

    def encode(self, postings: Postings) -> list[tuple[int, bytes]]:
        return postings.encode(narrow=self.narrow, bits=self.bits, key_bits=self.key_bits)

    def decode(self, rows: Sequence[tuple[Any, ...]]) -> Postings:
        return Postings.decode(rows, narrow=self.narrow, bits=self.bits, key_bits=self.key_bits)


@dataclass(frozen=True)
class CorpusDocument:
    """A document to add. ``match_text`` is the same-length simplified shadow (computed when None)."""

    text: str
    match_text: str | None = None
    title: str = ""
    source: str | None = None
    kind: str = "other"
    owner: str | None = None
    year: int | None = None
    unit: str | None = None

    @classmethod
    def from_report(cls, report: ParsedReport, **meta: Any) -> CorpusDocument:
        """A parsed report, with offsets as ``mingjing parse`` gives them."""
        title = meta.pop("title", None) or Path(report.document.path or "").name
        return cls(report.text, report.match_text, title=title, source=report.document.path, **meta)


@dataclass(frozen=True)
class DocumentInfo:
    """A stored document's metadata."""

    id: int
    title: str
    source: str | None
    kind: str
    owner: str | None
    year: int | None
    unit: str | None
    chars: int
    fingerprints: int
    added_at: str


@dataclass(frozen=True)
class StoredDocument:
    info: DocumentInfo
    text: str
    match_text: str


@dataclass(frozen=True)
class PreparedDocument:
    """A document fingerprinted and compressed, ready to store (can be built in a worker process)."""

    doc: CorpusDocument
    keys: U64  # sorted distinct fingerprint keys of ``MAX_KEY_BITS`` bits, plain (as hashed)
    text_blob: bytes
    match_blob: bytes | None
    chars: int
    # What makes two additions the same document: the same text under the same owner (computed here,
    # in the worker that prepares, not twice in the process that stores).
    digest: str


def content_digest(text: str, owner: str | None = None) -> str:
    """SHA-256 of the owner and the text (a colleague's identical copy is a document of its own)."""
    return hashlib.sha256(f"{owner or ''}\0{text}".encode("utf-8", "surrogatepass")).hexdigest()


def prepare(doc: CorpusDocument, params: Params = DEFAULT) -> PreparedDocument:
    """Fingerprint and compress one document."""
    if doc.kind not in KINDS:
        raise CorpusError(f"文档类别“{doc.kind}”无效。", hint=f"可选：{'、'.join(KINDS)}。")
    match_text = doc.match_text if doc.match_text is not None else simplified_shadow(doc.text)
    if len(match_text) != len(doc.text):
        raise CorpusError(
            "match_text 与 text 长度不一致。", hint="请传入解析器给出的 ParsedReport.match_text。"
        )
    canon = canonicalize(match_text)
    hashes, _ = fingerprints(canon.codes, params)
    text_blob = pack(doc.text)
    match_blob = pack_match(match_text, doc.text)
    digest = content_digest(doc.text, doc.owner)
    return PreparedDocument(doc, index_keys(hashes), text_blob, match_blob, len(canon), digest)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class Corpus:
    """Reference documents and their fingerprint index. Open with :meth:`Corpus.open`."""

    def __init__(self, db: Database, settings: Settings) -> None:
        self.db = db
        self.settings = settings
        self._common: dict[int, int] | None = None
        self._common_keys: U64 = np.zeros(0, dtype=np.uint64)
        self._common_df: npt.NDArray[np.int64] = np.zeros(0, dtype=np.int64)
        self._generation = -1
        # ids at or over this widen the postings to 6-byte records (a parameter so tests can reach it)
        self.narrow_limit = NARROW_LIMIT
        # reports served well by 2**20 buckets; twice as many buckets each time they double (a parameter
        # so tests can reach it; see postings.bucket_bits_for)
        self.bucket_base = 100_000
        # fixed when the corpus is created: absent in corpora made before keys were spread
        found = db.execute("SELECT value FROM mj_reuse_meta WHERE key = 'keys'")
        self.spread_keys = bool(found) and found[0][0] == "spread"

    # -- opening ---------------------------------------------------------------------------------

    @classmethod
    def open(cls, url_or_path: str | Path, *, settings: Settings | None = None) -> Corpus:
        """Open (creating if needed) a corpus: an SQLite file path or a ``postgresql://`` URL."""
        db = Database.open(url_or_path)
        try:
            for statement in _DDL[db.dialect]:
                db.execute(statement)
            stored = cls._read_settings(db)
            if stored is None:
                stored = settings or Settings()
                cls._write_settings(db, stored)
        except Exception:
            db.close()
            raise
        return cls(db, stored)

    @staticmethod
    def _read_settings(db: Database) -> Settings | None:
        meta: dict[str, str] = {str(k): str(v) for k, v in db.execute("SELECT key, value FROM mj_reuse_meta")}
        if "schema_version" not in meta:
            return None
        if int(meta["schema_version"]) != SCHEMA_VERSION:
            raise CorpusError(
                f"语料库版本为 {meta['schema_version']}，本程序需要 {SCHEMA_VERSION}。", hint="请重新建库。"
            )
        return Settings(
            int(meta["k"]),
            int(meta["t"]),
            int(meta["cap"]),
            int(meta["min_df"]),
            float(meta["common_fraction"]),
        )

    @staticmethod
    def _write_settings(db: Database, s: Settings) -> None:
        rows = [
            ("schema_version", str(SCHEMA_VERSION)),
            ("k", str(s.k)),
            ("t", str(s.t)),
            ("cap", str(s.cap)),
            ("min_df", str(s.min_df)),
            ("common_fraction", str(s.common_fraction)),
            ("documents", "0"),
            ("generation", "0"),
            ("next_id", "1"),
            ("postings", "narrow"),
            ("keys", "spread"),
            ("bucket_bits", str(BUCKET_BITS)),
        ]
        db.executemany(
            "INSERT INTO mj_reuse_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING", rows
        )

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Corpus:
        return self

    def __exit__(
        self, exc: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    # -- meta ------------------------------------------------------------------------------------

    def _meta_int(self, key: str) -> int:
        rows = self.db.execute("SELECT value FROM mj_reuse_meta WHERE key = ?", (key,))
        return int(rows[0][0]) if rows else 0

    def _bump(self, key: str, delta: int) -> None:
        value = self._meta_int(key) + delta
        self.db.execute("UPDATE mj_reuse_meta SET value = ? WHERE key = ?", (str(value), key))

    def count(self) -> int:
        """Number of documents."""
        return self._meta_int("documents")

    def size_bytes(self) -> int:
        return self.db.size_bytes()

    # -- adding ----------------------------------------------------------------------------------

    def add(self, doc: CorpusDocument) -> int:
        """Add one document; returns its id. Incremental: only the buckets it touches are rewritten."""
        return self.add_prepared([prepare(doc, self.settings.params)])[0]

    def add_many(
        self,
        docs: Iterable[CorpusDocument],
        *,
        batch_size: int = 1000,
        progress: Callable[[int], None] | None = None,
    ) -> list[int]:
        """Add documents in batches (one transaction and one index merge per batch)."""
        ids: list[int] = []
        for batch in _chunks(docs, batch_size):
            ids.extend(self.add_prepared([prepare(d, self.settings.params) for d in batch]))
            if progress is not None:
                progress(len(batch))
        return ids

    @contextmanager
    def bulk(self) -> Iterator[BulkLoader]:
        """A bulk load: one transaction; postings are spilled to temporary files by bucket range and
        merged into the index once at the end (each bucket written once). Documents become findable
        when the block ends; on an error nothing is kept."""
        with (
            tempfile.TemporaryDirectory(prefix="mingjing-bulk-") as spill,
            self.db.lock(),
            self.db.transaction(),
        ):
            loader = BulkLoader(self, Path(spill))
            yield loader
            loader.finish()

    def add_prepared(self, prepared: Sequence[PreparedDocument]) -> list[int]:
        """Store documents already fingerprinted by :func:`prepare` (e.g. in worker processes).

        Idempotent by content: a document whose owner and text are stored already is not stored
        again, its existing id is returned."""
        if not prepared:
            return []
        with self.db.lock(), self.db.transaction():
            fresh, slots = self._dedupe(prepared)
            if not fresh:
                return [int(i) for i in slots]
            new_ids = self._allocate_ids(len(fresh))
            self._insert_documents(new_ids, fresh)
            layout = self._grow_buckets(self.count() + len(new_ids))
            parts = [
                _postings_of(self._stored_keys(p.keys, layout.key_bits), i)
                for i, p in zip(new_ids, fresh, strict=True)
            ]
            self._merge(Postings.concat(parts), layout)
            self._bump("documents", len(new_ids))
            self._bump("generation", 1)
            return _fill(slots, new_ids)

    def _dedupe(self, prepared: Sequence[PreparedDocument]) -> tuple[list[PreparedDocument], list[int | str]]:
        """The documents not stored yet (first of each digest), and per input its id or its digest."""
        digests = [p.digest for p in prepared]
        known = {
            str(d): int(i)
            for d, i in self.db.select_in(
                "SELECT digest, id FROM mj_reuse_digests WHERE digest {in}", digests
            )
        }
        fresh: list[PreparedDocument] = []
        seen: set[str] = set()
        for p, d in zip(prepared, digests, strict=True):
            if d not in known and d not in seen:
                seen.add(d)
                fresh.append(p)
        return fresh, [known.get(d, d) for d in digests]

    def find(self, text: str, owner: str | None = None) -> int | None:
        """The id of the stored document with this text and owner, if any."""
        rows = self.db.execute(
            "SELECT id FROM mj_reuse_digests WHERE digest = ?", (content_digest(text, owner),)
        )
        return int(rows[0][0]) if rows else None

    def lock(self) -> AbstractContextManager[None]:
        """The write lock (see :meth:`Database.lock`): hold it across a look-up and the change it decides."""
        return self.db.lock()

    def replace(self, doc: CorpusDocument) -> int:
        """Make ``doc`` the only document of its owner (a report's new version replaces the old)."""
        if doc.owner is None:
            raise CorpusError("替换文档时必须指明作者（owner）。", hint="请为文档设置 owner。")
        prepared = prepare(doc, self.settings.params)
        with self.lock():
            current = self.find(doc.text, doc.owner)
            for info in self.list(owner=doc.owner):
                if info.id != current:
                    self.remove(info.id)
            return current if current is not None else self.add_prepared([prepared])[0]

    def remove_owner(self, owner: str) -> int:
        """Remove every document of ``owner``; returns how many."""
        with self.lock():
            infos = self.list(owner=owner)
            for info in infos:
                self.remove(info.id)
        return len(infos)

    def _allocate_ids(self, n: int) -> list[int]:
        if self.db.dialect == "postgresql":
            rows = self.db.execute("SELECT nextval('mj_reuse_doc_id_seq') FROM generate_series(1, ?)", (n,))
            ids = [int(r[0]) for r in rows]
        else:
            first = self._meta_int("next_id")
            self._bump("next_id", n)
            ids = list(range(first, first + n))
        if ids and ids[-1] >= self.narrow_limit and self.narrow():
            self._widen()
        return ids

    def index_space(self, keys: U64, *, layout: Layout | None = None) -> U64:
        """Plain keys of ``MAX_KEY_BITS`` bits (as :func:`prepare` and queries make them) as this corpus
        stores them, elementwise: cut to its key bits, then spread (see :mod:`mingjing.reuse.postings`),
        or left plain in a corpus created before the keys were spread. Postings, buckets and common
        keys are all in this space."""
        return self._in_space(keys, (layout or self.layout()).key_bits)

    def _in_space(self, keys: U64, key_bits: int) -> U64:
        cut = keys >> np.uint64(MAX_KEY_BITS - key_bits)
        return spread(cut, key_bits) if self.spread_keys else cut

    def _stored_keys(self, keys: U64, key_bits: int) -> U64:
        """A document's sorted plain keys in the stored space of ``key_bits`` bits, sorted, distinct."""
        return distinct(np.sort(self._in_space(keys, key_bits)))

    def narrow(self) -> bool:
        """Whether the postings are 5-byte records (read each time: another writer may have widened)."""
        return self.layout().narrow

    def layout(self) -> Layout:
        """The bucket rows' layout, read each time: another writer may have widened or rebucketed."""
        meta: dict[str, str] = dict(
            self.db.execute(
                "SELECT key, value FROM mj_reuse_meta WHERE key IN ('postings', 'bucket_bits', 'key_bits')"
            )
        )
        return Layout(
            meta.get("postings") == "narrow",
            int(meta.get("bucket_bits", BUCKET_BITS)),
            int(meta.get("key_bits", INDEX_BITS)),
        )

    def _widen(self) -> None:
        """Rewrite every bucket row as 6-byte records, once, when ids outgrow 24 bits (in the caller's
        transaction, range by range so memory stays one range's postings)."""
        layout = self.layout()
        self._copy_rows("mj_reuse_postings", layout, Layout(False, layout.bits, layout.key_bits))
        self.db.execute("UPDATE mj_reuse_meta SET value = 'wide' WHERE key = 'postings'")

    def _grow_buckets(self, documents: int) -> Layout:
        """The layout for ``documents`` reports, rebucketing first when they need more buckets.

        Every row is rewritten into a new table for ``2**bits`` buckets (range by range, in the
        caller's transaction), which then replaces the old one: once each time the reports double past
        ``bucket_base``, so the cost is amortised like a hash table's growth."""
        layout = self.layout()
        bits = bucket_bits_for(documents, base=self.bucket_base)
        if bits <= layout.bits:
            return layout
        grown = Layout(layout.narrow, bits, layout.key_bits)
        self.db.execute("DROP TABLE IF EXISTS mj_reuse_postings_next")
        self.db.execute(_POSTINGS_TABLE.format(name="mj_reuse_postings_next", blob=_BLOB[self.db.dialect]))
        self._copy_rows("mj_reuse_postings_next", layout, grown)
        self.db.execute("DROP TABLE mj_reuse_postings")
        self.db.execute("ALTER TABLE mj_reuse_postings_next RENAME TO mj_reuse_postings")
        self.db.upsert("mj_reuse_meta", "key", ("key", "value"), [("bucket_bits", str(bits))])
        return grown

    def _copy_rows(self, table: str, source: Layout, target: Layout) -> None:
        """Every posting row rewritten from ``source``'s layout into ``table`` in ``target``'s, range by
        range (memory: one range's postings)."""
        for lo in range(0, source.buckets, source.range):
            found = self.bucket_range(lo, lo + source.range, layout=source)
            self.db.upsert(table, "bucket", ("bucket", "data"), target.encode(found))

    def _sharpen_keys(self, layout: Layout) -> Layout:
        """``layout`` with as many key bits as its buckets' records can hold, when nothing is stored
        yet (no posting row, no common key): an index loaded in bulk at its full size keeps check bits
        in every record. A corpus with rows keeps its key bits (the rows cannot gain bits they never
        had), and so does one made before the keys were spread."""
        bits = key_bits_for(layout.bits)
        if bits <= layout.key_bits or not self.spread_keys:
            return layout
        if self.db.execute("SELECT 1 FROM mj_reuse_postings LIMIT 1") or self.db.execute(
            "SELECT 1 FROM mj_reuse_common LIMIT 1"
        ):
            return layout
        self.db.upsert("mj_reuse_meta", "key", ("key", "value"), [("key_bits", str(bits))])
        return Layout(layout.narrow, layout.bits, bits)

    def bucket_range(self, lo: int, hi: int, *, layout: Layout | None = None) -> Postings:
        """Postings of buckets ``[lo, hi)`` (one range scan; ``layout``: read when None)."""
        rows = self.db.execute(
            "SELECT bucket, data FROM mj_reuse_postings WHERE bucket >= ? AND bucket < ? ORDER BY bucket",
            (lo, hi),
        )
        return (layout or self.layout()).decode(rows)

    def _insert_documents(self, ids: list[int], prepared: Sequence[PreparedDocument]) -> None:
        now = _now()
        meta_rows = []
        text_rows = []
        digest_rows = []
        for doc_id, p in zip(ids, prepared, strict=True):
            digest_rows.append((p.digest, doc_id))
            d = p.doc
            title = d.title or (Path(d.source).name if d.source else f"文档{doc_id}")
            meta_rows.append(
                (doc_id, title, d.source, d.kind, d.owner, d.year, d.unit, p.chars, len(p.keys), now)
            )
            text_rows.append((doc_id, p.text_blob, p.match_blob))
        self.db.executemany(
            "INSERT INTO mj_reuse_documents (id, title, source, kind, owner, year, unit, chars, fingerprints, added_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            meta_rows,
        )
        self.db.upsert("mj_reuse_texts", "id", ("id", "text", "match_text"), text_rows)
        self.db.upsert("mj_reuse_digests", "digest", ("digest", "id"), digest_rows)

    def _merge(self, new: Postings, layout: Layout) -> None:
        """Merge new postings into the buckets they touch; fingerprints over the cap become common.

        Works through the bucket space in ranges so memory stays bounded by the batch, not the index;
        neighbouring ranges are merged together up to ``_MERGE_POSTINGS`` new postings, so a small batch
        (one upload: its ~1,000 keys spread over every range) is one read and one write, not one per
        range. Buckets touched densely are read with one range scan, sparsely touched ones by their ids.
        """
        common_keys, _ = self.common()
        in_common = np.isin(new.keys, common_keys)
        if in_common.any():
            keys, counts = np.unique(new.keys[in_common], return_counts=True)
            self._add_common(dict(zip(keys.tolist(), counts.tolist(), strict=True)), absolute=False)
            new = new.without(in_common)
        buckets = layout.bucket_of(new.keys)
        edges = np.searchsorted(buckets, np.arange(0, layout.buckets + 1, layout.range, dtype=np.uint64))
        lo = 0
        for i, hi in enumerate(edges[1:].tolist(), start=1):
            if hi - lo >= _MERGE_POSTINGS or (i == len(edges) - 1 and hi > lo):
                self._merge_range(Postings(new.keys[lo:hi], new.docs[lo:hi]), layout)
                lo = hi

    def _merge_range(self, new: Postings, layout: Layout) -> None:
        buckets = layout.bucket_of(new.keys)  # sorted: ``new`` is
        touched = buckets[np.concatenate(([True], buckets[1:] != buckets[:-1]))]
        first, last = int(touched[0]), int(touched[-1])
        if len(touched) > (last - first + 1) // 8:  # dense: one range scan beats an id list
            current = self.bucket_range(first, last + 1, layout=layout)
            current = current.without(~np.isin(layout.bucket_of(current.keys), touched))
        else:
            current = self._read_buckets(touched.tolist(), layout=layout)
        # ``new`` is sorted and distinct already; only a merge with stored postings needs sorting again
        merged, over = (Postings.concat([current, new]) if len(current) else new).cap(self.settings.cap)
        self.db.upsert("mj_reuse_postings", "bucket", ("bucket", "data"), layout.encode(merged))
        if over:
            self._add_common(over, absolute=True)

    def _add_common(self, counts: dict[int, int], *, absolute: bool) -> None:
        current = self._common_map()
        rows = [(k, c if absolute else current.get(k, 0) + c) for k, c in counts.items()]
        self.db.upsert("mj_reuse_common", "key", ("key", "df"), rows)
        self._common = None

    def _read_buckets(self, buckets: Sequence[int], *, layout: Layout | None = None) -> Postings:
        rows = self.db.select_in(
            "SELECT bucket, data FROM mj_reuse_postings WHERE bucket {in}", list(buckets)
        )
        rows.sort(key=lambda r: r[0])
        return (layout or self.layout()).decode(rows)

    # -- removing --------------------------------------------------------------------------------

    def remove(self, doc_id: int) -> None:
        """Remove a document and its postings."""
        stored = self.get(doc_id)
        plain = prepare(CorpusDocument(stored.text, stored.match_text), self.settings.params).keys
        with self.db.lock(), self.db.transaction():
            layout = self.layout()
            keys = self._stored_keys(plain, layout.key_bits)
            buckets = np.unique(layout.bucket_of(keys)).tolist()
            current = self._read_buckets(buckets, layout=layout)
            kept = current.without(current.docs == doc_id)
            rows = layout.encode(kept)
            emptied = sorted(set(buckets) - {b for b, _ in rows})
            self.db.delete_in("mj_reuse_postings", "bucket", emptied)
            self.db.upsert("mj_reuse_postings", "bucket", ("bucket", "data"), rows)
            self._forget_common(keys)
            self.db.execute("DELETE FROM mj_reuse_documents WHERE id = ?", (doc_id,))
            self.db.execute("DELETE FROM mj_reuse_texts WHERE id = ?", (doc_id,))
            self.db.execute("DELETE FROM mj_reuse_digests WHERE id = ?", (doc_id,))
            self._bump("documents", -1)
            self._bump("generation", 1)

    def _forget_common(self, keys: U64) -> None:
        current = self._common_map()
        hit = [int(k) for k in keys.tolist() if int(k) in current]
        if not hit:
            return
        self.db.upsert(
            "mj_reuse_common", "key", ("key", "df"), [(k, current[k] - 1) for k in hit if current[k] > 1]
        )
        self.db.delete_in("mj_reuse_common", "key", [k for k in hit if current[k] <= 1])
        self._common = None

    # -- reading ---------------------------------------------------------------------------------

    def list(self, *, kind: str | None = None, owner: str | None = None) -> list[DocumentInfo]:
        """Stored documents (metadata only), oldest first."""
        sql = "SELECT id, title, source, kind, owner, year, unit, chars, fingerprints, added_at FROM mj_reuse_documents"
        clauses, params = [], []
        for column, value in (("kind", kind), ("owner", owner)):
            if value is not None:
                clauses.append(f"{column} = ?")
                params.append(value)
        where = f" WHERE {' AND '.join(clauses)}" if clauses else ""
        return [_info(row) for row in self.db.execute(f"{sql}{where} ORDER BY id", params)]

    def infos(self, ids: Sequence[int]) -> dict[int, DocumentInfo]:
        rows = self.db.select_in(
            "SELECT id, title, source, kind, owner, year, unit, chars, fingerprints, added_at "
            "FROM mj_reuse_documents WHERE id {in}",
            list(ids),
        )
        return {int(r[0]): _info(r) for r in rows}

    def get(self, doc_id: int) -> StoredDocument:
        """One document with its text; CorpusError when there is none with this id."""
        found = self.documents([doc_id])
        if doc_id not in found:
            raise CorpusError(
                f"语料库中没有编号为 {doc_id} 的文档。", hint="可用 mingjing corpus list 查看编号。"
            )
        return found[doc_id]

    def documents(self, ids: Sequence[int]) -> dict[int, StoredDocument]:
        """Documents with their texts, by id (missing ids are left out)."""
        infos = self.infos(ids)
        rows = self.db.select_in("SELECT id, text, match_text FROM mj_reuse_texts WHERE id {in}", list(infos))
        out: dict[int, StoredDocument] = {}
        for doc_id, text_blob, match_blob in rows:
            text = unpack(text_blob)
            out[int(doc_id)] = StoredDocument(infos[int(doc_id)], text, unpack_match(match_blob, text))
        return out

    def postings(self, keys: U64, *, layout: Layout | None = None) -> Postings:
        """Postings of the given index keys, in the stored space (:meth:`index_space`), sorted by key,
        then document (``layout``: read when None)."""
        layout = layout or self.layout()
        return self._read_buckets(np.unique(layout.bucket_of(keys)).tolist(), layout=layout)

    def common(self) -> tuple[U64, npt.NDArray[np.int64]]:
        """Common fingerprints (sorted keys) and their document frequencies."""
        self._refresh_common()
        return self._common_keys, self._common_df

    def _common_map(self) -> dict[int, int]:
        self._refresh_common()
        assert self._common is not None
        return self._common

    def _refresh_common(self) -> None:
        generation = self._meta_int("generation")
        if self._common is not None and generation == self._generation:
            return
        rows = self.db.execute("SELECT key, df FROM mj_reuse_common ORDER BY key")
        self._common = {int(k): int(df) for k, df in rows}
        self._common_keys = np.array([k for k, _ in rows], dtype=np.uint64)
        self._common_df = np.array([df for _, df in rows], dtype=np.int64)
        self._generation = generation


class BulkLoader:
    """Adds documents inside :meth:`Corpus.bulk`; see there."""

    def __init__(self, corpus: Corpus, spill: Path) -> None:
        self.corpus = corpus
        self.spill = spill
        self.edges = np.arange(0, (1 << BUCKET_BITS) + 1, _RANGE, dtype=np.uint64)
        self.count = 0

    def add_prepared(self, prepared: Sequence[PreparedDocument]) -> list[int]:
        """Store the documents now; keep their postings for the final merge."""
        if not prepared:
            return []
        c = self.corpus
        fresh, known = c._dedupe(prepared)
        if not fresh:
            return [int(i) for i in known]
        ids = c._allocate_ids(len(fresh))
        c._insert_documents(ids, fresh)
        # Spilled at the most key bits: the corpus is cut to its own at the end (``finish``), when the
        # bucket count is known.
        parts = [
            _postings_of(c._stored_keys(p.keys, MAX_KEY_BITS), i) for i, p in zip(ids, fresh, strict=True)
        ]
        keys = np.concatenate([part.keys for part in parts])
        docs = np.concatenate([part.docs for part in parts])
        ranges = np.searchsorted(self.edges, bucket_of(keys, BUCKET_BITS, MAX_KEY_BITS), side="right") - 1
        order = np.argsort(ranges, kind="stable")
        keys, docs, ranges = keys[order], docs[order], ranges[order]
        cuts = np.searchsorted(ranges, np.arange(len(self.edges)))
        for r in np.unique(ranges).tolist():
            lo, hi = int(cuts[r]), int(cuts[r + 1])
            with (self.spill / f"{r}.keys").open("ab") as f:
                keys[lo:hi].tofile(f)
            with (self.spill / f"{r}.docs").open("ab") as f:
                docs[lo:hi].tofile(f)
        self.count += len(ids)
        return _fill(known, ids)

    def add(self, doc: CorpusDocument) -> int:
        return self.add_prepared([prepare(doc, self.corpus.settings.params)])[0]

    def add_many(self, docs: Iterable[CorpusDocument], *, batch_size: int = 1000) -> list[int]:
        params = self.corpus.settings.params
        return [
            i
            for batch in _chunks(docs, batch_size)
            for i in self.add_prepared([prepare(d, params) for d in batch])
        ]

    def finish(self) -> None:
        """Merge every spilled range into the index (range by range: memory is one range's postings)."""
        layout = self.corpus._grow_buckets(self.corpus.count() + self.count)  # before writing: rows once
        layout = self.corpus._sharpen_keys(layout)
        cut = np.uint64(MAX_KEY_BITS - layout.key_bits)
        for part in sorted(self.spill.glob("*.keys"), key=lambda p: int(p.stem)):
            keys = np.fromfile(part, dtype=np.uint64) >> cut
            docs = np.fromfile(part.with_suffix(".docs"), dtype=np.uint32)
            self.corpus._merge(Postings.concat([Postings(keys, docs)]), layout)
        self.corpus._bump("documents", self.count)
        self.corpus._bump("generation", 1)


def _postings_of(keys: U64, doc_id: int) -> Postings:
    return Postings(keys, np.full(len(keys), doc_id, dtype=np.uint32))


def _info(row: Sequence[Any]) -> DocumentInfo:
    return DocumentInfo(
        int(row[0]),
        row[1],
        row[2],
        row[3],
        row[4],
        None if row[5] is None else int(row[5]),
        row[6],
        int(row[7]),
        int(row[8]),
        row[9],
    )


def _fill(slots: list[int | str], new_ids: list[int]) -> list[int]:
    """Resolve the digests left in ``slots`` to the ids just allocated (in order of first use)."""
    by_digest: dict[str, int] = {}
    fresh = iter(new_ids)
    for slot in slots:
        if isinstance(slot, str) and slot not in by_digest:
            by_digest[slot] = next(fresh)
    return [by_digest[s] if isinstance(s, str) else s for s in slots]


def _chunks(items: Iterable[CorpusDocument], size: int) -> Iterator[list[CorpusDocument]]:
    batch: list[CorpusDocument] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


__all__ = [
    "KINDS",
    "KIND_LABELS",
    "Corpus",
    "CorpusDocument",
    "DocumentInfo",
    "Settings",
    "StoredDocument",
    "prepare",
]

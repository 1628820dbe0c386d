"""PAN text-alignment measures (Potthast et al. 2010): precision, recall, granularity, plagdet.

A case or detection is a pair of character ranges: one in the suspicious document, one in the
source. A detection *detects* a case when the two overlap in both documents; then their common
characters (counted in both documents) are what precision and recall measure.
"""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Span2:
    """``this`` range in the suspicious document, ``src`` range in source document ``source``."""

    this_start: int
    this_end: int
    source: str
    src_start: int
    src_end: int
    kind: str = ""

    @property
    def size(self) -> int:
        return (self.this_end - self.this_start) + (self.src_end - self.src_start)


def _overlap(a0: int, a1: int, b0: int, b1: int) -> tuple[int, int] | None:
    lo, hi = max(a0, b0), min(a1, b1)
    return (lo, hi) if lo < hi else None


def _detects(r: Span2, s: Span2) -> bool:
    return (
        r.source == s.source
        and _overlap(r.this_start, r.this_end, s.this_start, s.this_end) is not None
        and _overlap(r.src_start, r.src_end, s.src_start, s.src_end) is not None
    )


def _union_size(ranges: list[tuple[int, int]]) -> int:
    total, reach = 0, -1
    for a, b in sorted(ranges):
        start = max(a, reach)
        if b > start:
            total += b - start
        reach = max(reach, b)
    return total


def _covered(target: Span2, others: list[Span2]) -> int:
    """Characters of ``target`` (both documents) inside the union of ``others`` that detect it."""
    this, src = [], []
    for o in others:
        if _detects(o, target):
            if (x := _overlap(o.this_start, o.this_end, target.this_start, target.this_end)) is not None:
                this.append(x)
            if (y := _overlap(o.src_start, o.src_end, target.src_start, target.src_end)) is not None:
                src.append(y)
    return _union_size(this) + _union_size(src)


@dataclass(frozen=True)
class Scores:
    precision: float
    recall: float
    granularity: float
    cases: int
    detections: int

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 0.0 if p + r == 0 else 2 * p * r / (p + r)

    @property
    def plagdet(self) -> float:
        return self.f1 / math.log2(1 + self.granularity)


def score(cases: dict[str, list[Span2]], detections: dict[str, list[Span2]]) -> Scores:
    """Macro-averaged PAN measures; both dicts are keyed by suspicious document."""
    recalls, precisions, grans = [], [], []
    for doc, doc_cases in cases.items():
        dets = detections.get(doc, [])
        for s in doc_cases:
            recalls.append(_covered(s, dets) / s.size)
            hits = sum(1 for r in dets if _detects(r, s))
            if hits:
                grans.append(hits)
    for doc, dets in detections.items():
        for r in dets:
            precisions.append(_covered(r, cases.get(doc, [])) / r.size if r.size else 0.0)
    n_det = len(precisions)
    precision = sum(precisions) / n_det if n_det else 1.0
    recall = sum(recalls) / len(recalls) if recalls else 1.0
    granularity = sum(grans) / len(grans) if grans else 1.0
    return Scores(precision, recall, granularity, len(recalls), n_det)


def write_truth(path: Path, suspicious: str, cases: list[Span2]) -> None:
    """One PAN truth file: ``<document reference=…><feature name="plagiarism" …/></document>``."""
    root = ET.Element("document", reference=suspicious)
    for c in cases:
        ET.SubElement(
            root,
            "feature",
            name="plagiarism",
            type=c.kind,
            this_offset=str(c.this_start),
            this_length=str(c.this_end - c.this_start),
            source_reference=c.source,
            source_offset=str(c.src_start),
            source_length=str(c.src_end - c.src_start),
        )
    ET.ElementTree(root).write(path, encoding="utf-8", xml_declaration=True)


def read_truth(path: Path) -> list[Span2]:
    out = []
    for f in ET.parse(path).getroot().iter("feature"):
        a, b = int(f.get("this_offset", 0)), int(f.get("source_offset", 0))
        out.append(
            Span2(
                a,
                a + int(f.get("this_length", 0)),
                f.get("source_reference", ""),
                b,
                b + int(f.get("source_length", 0)),
                f.get("type", ""),
            )
        )
    return out

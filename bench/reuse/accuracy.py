"""Accuracy of copy detection in PAN terms, per edit type.

For each edit type: suspicious documents of own writing (filler with stock phrases) into which three
passages of ONE real source document are planted with that edit. The corpus holds all real sources.
Detections are the ``copy`` passages found against the pair's source (PAN evaluates per pair).
Extra checks: verbatim runs of 20–40 characters (recall must be 1.0), runs of 8–12 characters (must
never be reported), runs of 13–19 (between k and t: reported when winnowing catches them), and
documents sharing only stock phrases with the sources (no copy may be reported).
"""

from __future__ import annotations

import random
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from bench.reuse import pan, synth
from mingjing.reuse import Corpus, CorpusDocument, QueryText, find_reuse
from mingjing.reuse.boilerplate import default_boilerplate
from mingjing.reuse.canon import canonicalize, simplified_shadow


@dataclass
class Suspicious:
    name: str
    text: str
    source: str
    cases: list[pan.Span2] = field(default_factory=list)


def _plant(parts: list[str], offset: int, piece: str, inline: bool) -> tuple[int, int]:
    """Append ``piece`` to the document being built; returns its span."""
    joiner = "" if inline else "\n"
    parts.append(joiner)
    start = offset + len(joiner)
    parts.append(piece)
    return start, start + len(piece)


def make_pair(
    i: int, kind: str, source: synth.Source, rng: random.Random, nrng: np.random.Generator, cases: int = 3
) -> Suspicious:
    """One suspicious document with ``cases`` passages of ``source`` planted under edit ``kind``."""
    edit = synth.EDITS[kind]
    paras = [p for p in synth.paragraphs(source) if not mostly_stock(source.text[p[0] : p[1]])]
    chosen = rng.sample(paras, min(cases, len(paras)))
    parts: list[str] = [synth.own_paragraph(nrng, int(nrng.integers(150, 400)))]
    doc = Suspicious(f"susp-{kind}-{i:03d}.txt", "", source.name)
    for start, end in sorted(chosen):
        original = source.text[start:end]
        if end - start > 400:  # long paragraphs: a whole-sentence prefix
            sentences = synth._SENTENCE.findall(original)
            original = "".join(sentences[: max(2, len(sentences) // 2)])
            end = start + len(original)
        piece = edit(original, rng)
        a, b = _plant(parts, len("".join(parts)), piece, inline=rng.random() < 0.3)
        doc.cases.append(pan.Span2(a, b, source.name, start, end, kind))
        parts.append("\n" + synth.own_paragraph(nrng, int(nrng.integers(150, 400))))
    doc.text = "".join(parts)
    return doc


def mostly_stock(text: str) -> bool:
    """Paragraphs that are mostly stock phrases are boilerplate by design, never planted as copies."""
    chars = canonicalize(simplified_shadow(text)).chars
    return bool(default_boilerplate().mask(chars).mean() >= 0.5)


def make_runs(
    i: int, lo: int, hi: int, source: synth.Source, rng: random.Random, nrng: np.random.Generator
) -> Suspicious:
    """Own writing with three verbatim runs of ``lo``–``hi`` content characters of ``source`` inside.

    A run is a slice of the source (punctuation kept) whose canonical form has exactly that many
    characters and is not mostly stock phrases (those are boilerplate by design, not copies).
    """
    kind = f"run{lo}-{hi}"
    doc = Suspicious(f"susp-{kind}-{i:03d}.txt", "", source.name)
    canon = canonicalize(simplified_shadow(source.text))
    mask = default_boilerplate().mask(canon.chars)
    parts = [synth.own_paragraph(nrng, 200, phrases=0)]
    while len(doc.cases) < 3:
        length = rng.randint(lo, hi)
        c0 = rng.randrange(0, len(canon) - length)
        at, end = canon.text_span(c0, c0 + length)
        piece = source.text[at:end]
        if "\n" in piece or mask[c0 : c0 + length].mean() >= 0.5 or len(canonicalize(piece)) != length:
            continue
        a, b = _plant(parts, len("".join(parts)), piece, inline=True)
        doc.cases.append(pan.Span2(a, b, source.name, at, end, kind))
        parts.append("，" + synth.own_paragraph(nrng, 200, phrases=0))
    doc.text = "".join(parts)
    return doc


def make_stock_only(i: int, nrng: np.random.Generator) -> Suspicious:
    """Own writing dense with stock phrases and nothing copied."""
    return Suspicious(f"susp-stock-{i:03d}.txt", own_paragraph_dense(nrng), "")


def own_paragraph_dense(nrng: np.random.Generator) -> str:
    return "\n".join(synth.own_paragraph(nrng, 250, phrases=6) for _ in range(6))


@dataclass(frozen=True)
class Outcome:
    kind: str
    scores: pan.Scores
    short_reported: int  # copy passages shorter than 13 content characters (must be 0)


def detect(doc: Suspicious, corpus: Corpus, names: dict[int, str]) -> tuple[list[pan.Span2], list[int]]:
    """Copy passages against the pair's source (all sources when the document has none)."""
    result = find_reuse(QueryText.from_text(doc.text, name=doc.name), corpus)
    dets, lengths = [], []
    for p in result.copies():
        src = names.get(p.source_id or -1, "")
        if doc.source and src != doc.source:
            continue
        dets.append(pan.Span2(p.start, p.end, src, p.source_start or 0, p.source_end or 0))
        lengths.append(p.chars)
    return dets, lengths


def build_corpus(path: str) -> tuple[Corpus, dict[int, str]]:
    corpus = Corpus.open(path)
    sources = synth.real_sources()
    ids = corpus.add_many(CorpusDocument(s.text, title=s.name, kind="template") for s in sources)
    return corpus, dict(zip(ids, (s.name for s in sources), strict=True))


def evaluate(docs: list[Suspicious], corpus: Corpus, names: dict[int, str], kind: str) -> Outcome:
    cases = {d.name: d.cases for d in docs}
    detections, short = {}, 0
    for d in docs:
        dets, lengths = detect(d, corpus, names)
        detections[d.name] = dets
        short += sum(1 for n in lengths if n < 13)
    return Outcome(kind, pan.score(cases, detections), short)


def run(
    per_type: int = 20, seed: int = 7, out_dir: Path | None = None, log: Callable[[str], None] = print
) -> list[Outcome]:
    """Generate, detect and score every edit type; optionally write the PAN corpus to ``out_dir``."""
    rng = random.Random(seed)
    nrng = np.random.default_rng(seed)
    sources = [
        s
        for s in synth.real_sources()
        if sum(not mostly_stock(s.text[a:b]) for a, b in synth.paragraphs(s)) >= 3
    ]
    outcomes = []
    with tempfile.TemporaryDirectory() as tmp:
        corpus, names = build_corpus(str(Path(tmp) / "acc.sqlite"))
        groups: dict[str, list[Suspicious]] = {}
        for kind in synth.EDITS:
            groups[kind] = [make_pair(i, kind, rng.choice(sources), rng, nrng) for i in range(per_type)]
        for lo, hi in ((20, 40), (13, 19), (8, 12)):
            groups[f"run{lo}-{hi}"] = [
                make_runs(i, lo, hi, rng.choice(sources), rng, nrng) for i in range(per_type)
            ]
        groups["stock-only"] = [make_stock_only(i, nrng) for i in range(per_type)]
        for kind, docs in groups.items():
            outcomes.append(evaluate(docs, corpus, names, kind))
            log(_line(outcomes[-1]))
            if out_dir is not None:
                write_pan(out_dir, docs)
        corpus.close()
    return outcomes


def write_pan(out_dir: Path, docs: list[Suspicious]) -> None:
    """PAN layout: susp/ texts, src/ texts, truth/ XML per pair, and a pairs file."""
    for sub in ("susp", "src", "truth"):
        (out_dir / sub).mkdir(parents=True, exist_ok=True)
    for s in synth.real_sources():
        (out_dir / "src" / s.name).write_text(s.text, "utf-8")
    with (out_dir / "pairs").open("a", encoding="utf-8") as pairs:
        for d in docs:
            (out_dir / "susp" / d.name).write_text(d.text, "utf-8")
            if d.source:
                pan.write_truth(out_dir / "truth" / f"{d.name[:-4]}-{d.source[:-4]}.xml", d.name, d.cases)
                pairs.write(f"{d.name} {d.source}\n")


def _line(o: Outcome) -> str:
    s = o.scores
    return (
        f"{o.kind:12s} cases={s.cases:3d} dets={s.detections:3d} P={s.precision:.3f} R={s.recall:.3f} "
        f"gran={s.granularity:.3f} plagdet={s.plagdet:.3f} short={o.short_reported}"
    )

"""Where "疑似同一人代写" starts: pair scores of honest pairs vs pairs where one copies the other.

Honest pairs: every pair of independently written real reports — the five seeds (read from
../shared/seeds, never copied in), tests/data/holdout and eval/dev2 (their annotators wrote each report
on their own). Copy pairs: for a sample of ordered pairs (A, B), B' is B with a share f of its
paragraphs replaced by A's paragraphs (f = 10 %, 20 %, 30 %, 50 %; the copied paragraphs lightly edited
as people do: punctuation, a few characters, reordered clauses), and (A, A') where A' is A fully
copied with light edits. Each pair is scored by :func:`mingjing.reuse.matrix.reuse_matrix` the way
the dashboard scores it, as ``pair_share`` = the larger share of either report inside copy passages
with the other.

The threshold is the smallest score above every honest pair's score (plus a margin of 2 points):
precision comes first (docs/reuse.md). Run: ``python -m bench.reuse.ghostwriting`` (writes the table
into docs/reuse.md between its markers).
"""

from __future__ import annotations

import itertools
import random
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from bench.benchdoc import write_section
from bench.reuse import synth
from mingjing.reuse.matrix import Pair, reuse_matrix

ROOT = Path(__file__).resolve().parents[2]
REUSE_MD = ROOT / "docs" / "reuse.md"
FRACTIONS = (0.1, 0.2, 0.3, 0.5, 1.0)
MARGIN = 0.02
COPY_PAIRS_PER_FRACTION = 60


def real_reports() -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    for folder in (synth.SEEDS, ROOT / "tests" / "data" / "holdout", ROOT / "eval" / "dev2" / "reports"):
        for path in sorted(folder.glob("*.txt")):
            found.append((path.name, path.read_text("utf-8")))
    return found


def pair_share(pair: Pair | None, chars: Sequence[int]) -> float:
    """The larger share of either report inside copy passages shared with the other."""
    if pair is None:
        return 0.0
    return max(pair.a_copied / max(chars[pair.a], 1), pair.b_copied / max(chars[pair.b], 1))


def _paragraphs(text: str) -> list[str]:
    return [p for p in text.split("\n") if p.strip()]


def copied_version(a: str, b: str, fraction: float, rng: random.Random) -> str:
    """B with ``fraction`` of its body paragraphs replaced by A's (edited lightly); 1.0: A edited."""
    source = _paragraphs(a)
    if fraction >= 1.0:
        return "\n".join(synth.edit_mixed(p, rng) if len(p) > 30 else p for p in source)
    target = _paragraphs(b)
    body = [i for i, p in enumerate(target) if len(p) > 40]
    donors = [p for p in source if len(p) > 40]
    if not body or not donors:
        return b
    chosen = rng.sample(body, max(1, round(fraction * len(body))))
    for i in chosen:
        target[i] = synth.edit_mixed(rng.choice(donors), rng)
    return "\n".join(target)


def measure(seed: int = 20261202) -> dict[str, object]:
    reports = real_reports()
    names = [n for n, _ in reports]
    texts = [t for _, t in reports]
    start = time.perf_counter()
    honest = reuse_matrix(texts, names=names)
    honest_scores = np.array(
        [pair_share(honest.pair(i, j), honest.chars) for i, j in itertools.combinations(range(len(texts)), 2)]
    )
    rng = random.Random(seed)
    copy_scores: dict[float, list[float]] = {f: [] for f in FRACTIONS}
    ordered = list(itertools.permutations(range(len(texts)), 2))
    for f in FRACTIONS:
        for i, j in rng.sample(ordered, COPY_PAIRS_PER_FRACTION):
            copied = copied_version(texts[i], texts[j], f, rng)
            m = reuse_matrix([texts[i], copied])
            copy_scores[f].append(pair_share(m.pair(0, 1), m.chars))
    threshold = round(float(honest_scores.max()) + MARGIN, 3)
    return {
        "reports": len(texts),
        "honest": honest_scores,
        "copies": {f: np.array(v) for f, v in copy_scores.items()},
        "threshold": threshold,
        "seconds": time.perf_counter() - start,
    }


def table(result: dict[str, object]) -> str:
    honest = result["honest"]
    copies = result["copies"]
    threshold = float(result["threshold"])  # type: ignore[arg-type]
    assert isinstance(honest, np.ndarray) and isinstance(copies, dict)
    all_copies = np.concatenate(list(copies.values()))
    tp = int((all_copies >= threshold).sum())
    fp = int((honest >= threshold).sum())
    old_fp = int((honest >= 0.05).sum())
    old_tp = int((all_copies >= 0.05).sum())
    lines = [
        f"Measured {time.strftime('%Y-%m-%d')} on {result['reports']} real reports "
        f"(5 seeds, tests/data/holdout, eval/dev2): {len(honest)} honest pairs, {len(all_copies)} copy pairs "
        f"({COPY_PAIRS_PER_FRACTION} per copied share); {float(result['seconds']):.0f} s.",  # type: ignore[arg-type]
        "",
        "| pairs | n | median score | max score | flagged at 5 % | flagged at threshold |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
        f"| honest (independent writers) | {len(honest)} | {np.median(honest):.1%} | {honest.max():.1%} | "
        f"{old_fp} | {fp} |",
    ]
    for f, scores in copies.items():
        label = "whole report copied, lightly edited" if f >= 1.0 else f"{f:.0%} of paragraphs copied"
        lines.append(
            f"| {label} | {len(scores)} | {np.median(scores):.1%} | {scores.max():.1%} | "
            f"{int((scores >= 0.05).sum())} | {int((scores >= threshold).sum())} |"
        )
    precision = tp / (tp + fp) if tp + fp else 1.0
    old_precision = old_tp / (old_tp + old_fp) if old_tp + old_fp else 1.0
    lines += [
        "",
        f"Threshold chosen: **{threshold:.1%}** (highest honest pair + {MARGIN:.0%}). "
        f"At it: precision {precision:.3f}, recall {tp / len(all_copies):.3f} over all copy pairs. "
        f"The old 5 % line: precision {old_precision:.3f}, recall {old_tp / len(all_copies):.3f}.",
    ]
    return "\n".join(lines)


def main() -> None:
    result = measure()
    body = table(result)
    print(body)
    if "--no-write" not in sys.argv:
        write_section("ghostwriting-threshold", body, path=REUSE_MD)


if __name__ == "__main__":
    main()
